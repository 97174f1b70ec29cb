export const id = 139;
export const ids = [139];
export const modules = {

/***/ 293:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IE: () => (/* binding */ startEndpoint),
/* harmony export */   ik: () => (/* binding */ stopEndpoint)
/* harmony export */ });
/* unused harmony exports serverEntry, summarizeLog */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9660);
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7679);








const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
/** What the server may see of the step's environment: never the inputs, which hold the keys. */
const PASSED_VARIABLES = [
    'PATH',
    'SYSTEMROOT',
    'TMPDIR',
    'NODE_EXTRA_CA_CERTS',
    'RUNNER_TRACKING_ID'
];
/** The server's bundle, next to the action's: dist/server/index.js. */
function serverEntry(actionEntry = process.argv[1]) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_5__.dirname)(actionEntry), 'server', 'index.js');
}
/**
 * Starts the server with the handoff on its standard input, its output to a 0600 log file, and
 * none of the step's streams (the runner waits for those to close before it ends the step).
 * Resolves once it listens; the token is masked before anything could print it.
 */
async function startEndpoint(handoff, mask, entry = serverEntry()) {
    const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(32).toString('base64url'); // 256 bits
    mask(token);
    const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)(process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_4__.tmpdir)(), 'aws-assume-role-mfa-'));
    const logFile = (0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)(dir, 'server.log');
    const logFd = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.openSync)(logFile, 'wx', 0o600);
    const env = Object.fromEntries(PASSED_VARIABLES.filter(name => process.env[name]).map(name => [name, process.env[name]]));
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(process.execPath, [entry], {
        detached: true,
        stdio: ['pipe', logFd, logFd, 'pipe'],
        env,
        cwd: dir,
        windowsHide: true
    });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.closeSync)(logFd);
    // A server that dies at once closes its end: readyLine reports that, not an EPIPE here.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(JSON.stringify({ ...handoff, token }));
    let ready;
    try {
        ready = await readyLine(child);
    }
    catch (error) {
        if (child.pid)
            signal(child.pid, 'SIGKILL');
        const log = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.readFileSync)(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
        (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.rmSync)(dir, { recursive: true, force: true });
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ActionError */ .lZ(`The credentials endpoint did not start (${error.message}; its log: ${log || 'empty'}). ` +
            'Nothing was exported. Set refresh-credentials: false to get keys that last one hour.');
    }
    child.unref();
    const tokenFile = (0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)(dir, 'token');
    (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.writeFileSync)(tokenFile, token, { mode: 0o600, flag: 'wx' });
    const uri = (index) => `http://127.0.0.1:${ready.port}${(0,_engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_7__/* .credentialsPath */ ._x)(index)}`;
    return {
        pid: ready.pid,
        port: ready.port,
        dir,
        uri,
        token,
        tokenFile,
        credentialProcess: index => [process.execPath, entry, 'credential-process', uri(index), tokenFile]
            .map(word => `"${word}"`)
            .join(' ')
    };
}
/** The server's `{port, pid}` line on file descriptor 3, within READY_TIMEOUT_MS. */
function readyLine(child) {
    const channel = child.stdio[3];
    return new Promise((resolve, reject) => {
        let text = '';
        const done = (error) => {
            clearTimeout(timer);
            channel.destroy();
            child.stdin?.destroy();
            child.removeAllListeners('exit');
            if (error)
                return reject(error);
            const ready = JSON.parse(text);
            if (ready.pid !== child.pid || !(ready.port > 0))
                reject(new Error('it answered oddly'));
            else
                resolve(ready);
        };
        const timer = setTimeout(() => done(new Error(`no answer in ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
        channel.setEncoding('utf8');
        channel.on('data', (chunk) => {
            text += chunk;
            if (text.includes('\n'))
                done();
        });
        child.once('exit', code => done(new Error(`it exited with code ${code}`)));
        child.once('error', error => done(error));
    });
}
/**
 * The post step: stops the server, after checking on its port that the pid is still the server's
 * (a pid can be reused), waits until it is gone, and returns a short summary of its log.
 */
async function stopEndpoint(state, hideAccounts) {
    const lines = [];
    const answeringPid = await probe(state.port);
    if (answeringPid === state.pid) {
        signal(state.pid, 'SIGTERM');
        if (!(await gone(state))) {
            signal(state.pid, 'SIGKILL');
            if (!(await gone(state))) {
                lines.push(`The credentials endpoint (pid ${state.pid}) is still running after SIGKILL.`);
            }
        }
    }
    else if (alive(state.pid) && answeringPid === undefined) {
        lines.push(`The credentials endpoint no longer answers on port ${state.port}; pid ${state.pid} was left ` +
            'alone (it may be another process now). The runner ends leftover processes with the job.');
    }
    lines.unshift(summarizeLog(readLog(state.dir), hideAccounts));
    (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.rmSync)(state.dir, { recursive: true, force: true });
    return lines;
}
/** The pid that answers on the port (without a token: a 401 that names it), or undefined. */
function probe(port) {
    return new Promise(resolve => {
        const req = (0,node_http__WEBPACK_IMPORTED_MODULE_3__.request)({ host: '127.0.0.1', port, path: '/', timeout: 2_000 }, res => {
            res.resume();
            const pid = Number(res.headers['x-credentials-server-pid']);
            resolve(Number.isInteger(pid) ? pid : undefined);
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve(undefined));
        req.end();
    });
}
/** Until the process has ended and the port refuses connections, within STOP_TIMEOUT_MS. */
async function gone(state) {
    const until = Date.now() + STOP_TIMEOUT_MS;
    while (Date.now() < until) {
        if (!alive(state.pid) && (await probe(state.port)) === undefined)
            return true;
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    return false;
}
/** A process that has ended but is not yet reaped by its new parent (a zombie) counts as gone. */
function alive(pid) {
    try {
        process.kill(pid, 0);
    }
    catch {
        return false;
    }
    try {
        return !/^\d+ \(.*\) Z/.test((0,node_fs__WEBPACK_IMPORTED_MODULE_2__.readFileSync)(`/proc/${pid}/stat`, 'utf8'));
    }
    catch {
        return true; // no /proc (macOS): kill(0) is all we know
    }
}
function signal(pid, name) {
    try {
        process.kill(pid, name);
    }
    catch {
        // already gone
    }
}
function readLog(dir) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)(dir, 'server.log'), 'utf8');
    }
    catch {
        return '';
    }
}
/**
 * One line for the post step's log: what the server did. The log holds no secret (the server
 * writes events, ARNs and STS's error messages only); key ids are hidden all the same.
 */
function summarizeLog(log, hideAccounts = false) {
    const events = log.split('\n').map(line => line.split(' ').slice(1));
    const count = (event) => events.filter(([name]) => name === event).length;
    const last = (event) => events
        .filter(([name]) => name === event)
        .at(-1)
        ?.slice(1)
        .join(' ');
    const failure = last('renewal-failed') ?? last('failed');
    const end = last('session-ended') ?? last('stopped');
    const line = [
        `Credentials endpoint: ${count('served')} answers, ${count('renewed')} renewals, ` +
            `${count('renewal-failed')} failed renewals, ${count('refused')} refused requests`,
        end ? `; it ended: ${end}` : '',
        failure ? `; last failure: ${failure}` : '',
        '.'
    ]
        .join('')
        .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g, '***');
    return hideAccounts ? line.replace(/\b\d{12}\b/g, '***') : line;
}


/***/ }),

/***/ 1455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ce: () => (/* binding */ restoreFiles),
/* harmony export */   D$: () => (/* binding */ saveSnapshots),
/* harmony export */   Oq: () => (/* binding */ snapshotFiles),
/* harmony export */   Z8: () => (/* binding */ writeProfile),
/* harmony export */   eT: () => (/* binding */ checkProfileFree),
/* harmony export */   fF: () => (/* binding */ restoreSavedSnapshots),
/* harmony export */   xc: () => (/* binding */ profileFiles)
/* harmony export */ });
/* unused harmony export ProfileExistsError */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7679);




/** The files the SDKs read, honouring AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE. */
function profileFiles(env = process.env) {
    const aws = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(env.HOME || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)(), '.aws');
    return {
        credentials: env.AWS_SHARED_CREDENTIALS_FILE || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(aws, 'credentials'),
        config: env.AWS_CONFIG_FILE || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(aws, 'config')
    };
}
/** Raised when the profile exists and overwriting it was not asked for. */
class ProfileExistsError extends _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ {
    profile;
    path;
    constructor(profile, path) {
        super(`Profile '${profile}' already exists in ${path}. Choose another aws-profile, or set ` +
            'overwrite-aws-profile: true to replace it (the post step puts the file back afterwards).');
        this.profile = profile;
        this.path = path;
        this.name = 'ProfileExistsError';
    }
}
/**
 * Writes the profile into both files and returns what they held before, for the post step.
 * Sections of other profiles, comments and layout are kept as they are.
 */
function writeProfile(files, profile, values, overwrite) {
    // The config file names profiles `[profile NAME]`, except `[default]`.
    const configSection = profile === 'default' ? 'default' : `profile ${profile}`;
    // credential_process is read from the config file (botocore reads only keys from the other).
    const fromProcess = 'credentialProcess' in values;
    const edits = [
        {
            path: files.credentials,
            section: profile,
            lines: fromProcess
                ? [`# credential_process in ${files.config}, written by aws-assume-role-mfa`]
                : [
                    `aws_access_key_id = ${values.accessKeyId}`,
                    `aws_secret_access_key = ${values.secretAccessKey}`,
                    `aws_session_token = ${values.sessionToken}`,
                    `# expires ${values.expiration.toISOString()}, written by aws-assume-role-mfa`
                ]
        },
        {
            path: files.config,
            section: configSection,
            lines: [
                `region = ${values.region}`,
                ...(fromProcess ? [`credential_process = ${values.credentialProcess}`] : [])
            ]
        }
    ];
    const snapshots = edits.map(({ path }) => ({ path, content: readIfExists(path) }));
    if (!overwrite)
        checkProfileFree(files, profile, snapshots);
    try {
        for (const [i, { path, section, lines }] of edits.entries()) {
            writePrivate(path, replaceSection(snapshots[i].content ?? '', section, lines));
        }
    }
    catch (error) {
        // One file written and not the other would leave a half profile: put both back.
        restoreFiles(snapshots);
        throw error;
    }
    return snapshots;
}
/**
 * Throws ProfileExistsError if either file has the profile: checked before STS is called, so a
 * refusal costs no one-time code, and again when writing.
 */
function checkProfileFree(files, profile, snapshots = snapshotFiles(files)) {
    const sections = [profile, profile === 'default' ? 'default' : `profile ${profile}`];
    for (const [i, { path, content }] of snapshots.entries()) {
        if (findSection(content ?? '', sections[i]))
            throw new ProfileExistsError(profile, path);
    }
}
/** What the two files hold now, credentials file first. */
function snapshotFiles(files) {
    return [files.credentials, files.config].map(path => ({ path, content: readIfExists(path) }));
}
/**
 * Keeps the snapshots for the post step in an owner-only file under `dir` (RUNNER_TEMP) and
 * returns its path. They may hold the user's own keys, so they never go into the action's state,
 * which the runner keeps in plain text: only this path does.
 */
function saveSnapshots(snapshots, dir) {
    const folder = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'aws-assume-role-mfa-'));
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(folder, 'profile-files.json');
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(path, JSON.stringify(snapshots), { mode: 0o600 });
    return path;
}
/** The post step: puts the files back from a saved snapshot, then deletes the snapshot. */
function restoreSavedSnapshots(path) {
    const snapshots = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    restoreFiles(snapshots);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), { recursive: true, force: true });
}
/** Puts the files back as they were: the old content, or no file where there was none. */
function restoreFiles(snapshots) {
    for (const { path, content } of snapshots) {
        if (content === null) {
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(path);
        }
        else
            writePrivate(path, content);
    }
}
function readIfExists(path) {
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8') : null;
}
/** Credentials files hold secrets: owner-only, in an owner-only folder when we create it. */
function writePrivate(path, content) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), { recursive: true, mode: 0o700 });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(path, content, { mode: 0o600 });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync)(path, 0o600);
}
/** Line range [start, end) of a section, header included, or undefined. */
function findSection(text, section) {
    const lines = text.split('\n');
    const header = (line) => /^\s*\[([^\]]+)\]\s*$/.exec(line)?.[1].trim();
    const start = lines.findIndex(line => header(line) === section);
    if (start < 0)
        return undefined;
    let end = start + 1;
    while (end < lines.length && header(lines[end]) === undefined)
        end++;
    return [start, end];
}
function replaceSection(text, section, body) {
    const block = [`[${section}]`, ...body];
    const found = findSection(text, section);
    if (!found) {
        const prefix = text === '' || text.endsWith('\n\n')
            ? text
            : text.endsWith('\n')
                ? `${text}\n`
                : `${text}\n\n`;
        return `${prefix}${block.join('\n')}\n`;
    }
    const lines = text.split('\n');
    // Keep the blank line that separated this section from the next one.
    const trailing = lines
        .slice(found[0], found[1])
        .reverse()
        .findIndex(line => line.trim() !== '');
    lines.splice(found[0], found[1] - found[0] - trailing, ...block);
    return lines.join('\n');
}


/***/ }),

/***/ 9660:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _x: () => (/* binding */ credentialsPath),
/* harmony export */   zC: () => (/* binding */ ENDPOINT_ROLE_SECONDS)
/* harmony export */ });
/* unused harmony exports renewAtMs, parseHandoff, containerCredentials, processCredentials */
/*
 * refresh-credentials: what the action and the credentials server (src/server/) agree on. The
 * action gets the user's MFA session with one code and hands it, with the roles' first
 * credentials, to the server over its standard input; the server assumes each role again from
 * that session, without a code, before the credentials it serves come near their end.
 */
/**
 * Role sessions assumed from an MFA session are role chaining, which AWS caps at one hour
 * (../shared/AWS-MFA-FACTS.md): every renewed session asks for that much.
 */
const ENDPOINT_ROLE_SECONDS = 3600;
/** The path of role `index` (0 for the first role, the one in the environment). */
function credentialsPath(index) {
    return index === 0 ? '/credentials' : `/credentials/${index}`;
}
/**
 * The server renews a role once less than a third of its session is left: 20 minutes of a
 * one-hour session, before botocore's 15-minute and the JS SDK's 5-minute refresh margins, so no
 * SDK is ever served credentials it would treat as expiring. Short (test) sessions scale alike.
 */
function renewAtMs(issuedAtMs, expiration) {
    const end = expiration.getTime();
    return end - (end - issuedAtMs) / 3;
}
/** The handoff back from JSON, its dates revived; throws on anything that is not one. */
function parseHandoff(text) {
    const handoff = JSON.parse(text, (key, value) => key === 'expiration' && typeof value === 'string' ? new Date(value) : value);
    const valid = (c) => !!c?.accessKeyId && !!c.secretAccessKey && !!c.sessionToken && !isNaN(c.expiration.getTime());
    if (typeof handoff?.token !== 'string' ||
        handoff.token.length < 43 ||
        !valid(handoff.session) ||
        !Array.isArray(handoff.roles) ||
        handoff.roles.length === 0 ||
        !handoff.roles.every(role => role.roleArn && valid(role.credentials)) ||
        !handoff.sts?.region ||
        !handoff.request?.sessionName) {
        throw new Error('The credentials server was not given a complete handoff.');
    }
    return handoff;
}
/**
 * The answer of the container credentials provider, as the AWS SDKs and CLI read it
 * (`AWS_CONTAINER_CREDENTIALS_FULL_URI`; AWS SDKs and Tools reference guide).
 */
function containerCredentials(credentials) {
    return {
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        Token: credentials.sessionToken,
        Expiration: credentials.expiration.toISOString(),
        AccountId: credentials.accountId
    };
}
/** The same credentials as a `credential_process` prints them (Version 1). */
function processCredentials(container) {
    return {
        Version: 1,
        AccessKeyId: container.AccessKeyId,
        SecretAccessKey: container.SecretAccessKey,
        SessionToken: container.Token,
        Expiration: container.Expiration
    };
}


/***/ }),

/***/ 7679:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cd: () => (/* binding */ isCodeRefused),
/* harmony export */   ce: () => (/* binding */ explainStsError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   lZ: () => (/* binding */ ActionError),
/* harmony export */   w7: () => (/* binding */ failureLines)
/* harmony export */ });
/* unused harmony export STS_ADVICE */
/**
 * Errors are typed where they are raised and rendered in one place (failureLines), for the action's
 * log and the CLI's standard error alike. Every message names what is wrong and how to fix it, and
 * never contains a secret.
 */
/** One or more inputs are invalid. Raised before any network call; nothing has been exported. */
class InputError extends Error {
    problems;
    constructor(problems) {
        super(problems.join('\n'));
        this.problems = problems;
        this.name = 'InputError';
    }
}
/** A failure a person can act on: what happened, and what to do about it. */
class ActionError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'ActionError';
    }
}
/**
 * What a failure says to a person: one line per input problem, else the message with its advice.
 * Anything else is a bug of ours, said as such.
 */
function failureLines(error) {
    if (error instanceof InputError)
        return error.problems;
    if (error instanceof ActionError)
        return [error.message];
    return [`Unexpected error: ${error instanceof Error ? error.message : String(error)}`];
}
const CODE_REFUSED = 'invalid MFA one time pass code';
const SERIAL_UNKNOWN = 'unable to validate MFA code';
/** STS refused the one-time code: wrong, or already used in its window (AWS does not say which). */
function isCodeRefused(error) {
    const e = error;
    return e?.name === 'AccessDenied' && (e.message ?? '').includes(CODE_REFUSED);
}
/** Turns an STS or network failure into a message a person can act on, keeping AWS's code and id. */
function explainStsError(error, context) {
    const e = (error ?? {});
    const code = e.name ?? 'Error';
    const message = e.message ?? String(error);
    const requestId = e.$metadata?.requestId;
    const aws = `AWS said: ${code}: ${message}${requestId ? ` (request id ${requestId})` : ''}`;
    return new ActionError(`${advice(code, message, e, context)}\n${aws}`, { cause: error });
}
/** The first that applies explains the failure; the order matters (specific before general). */
const STS_ADVICE = [
    {
        heading: 'STS stopped checking codes for <mfa-serial> after N refused code(s).',
        applies: f => f.message.includes(SERIAL_UNKNOWN) && f.ctx.refusedCodes > 0,
        says: ({ ctx }) => `STS stopped checking codes for ${ctx.mfaSerial} after ${ctx.refusedCodes} refused ` +
            'code(s). AWS allows about nine MFA checks per device in three minutes, so the device is ' +
            'probably locked for a few minutes by this and other jobs using it: wait, then re-run; ' +
            'and check that mfa-seed belongs to this device.'
    },
    {
        heading: 'STS cannot validate codes for mfa-serial <mfa-serial>.',
        applies: f => f.message.includes(SERIAL_UNKNOWN),
        says: ({ ctx }) => `STS cannot validate codes for mfa-serial ${ctx.mfaSerial}. It must be the ARN of a virtual ` +
            'MFA device assigned to the user whose keys call AssumeRole (arn:aws:iam::ACCOUNT:mfa/NAME, ' +
            'not user/NAME), and the device must be activated. If it is right, the device may be locked ' +
            'after too many attempts (about nine per three minutes): wait a few minutes.'
    },
    {
        heading: 'STS refused the one-time code typed for <mfa-serial>:',
        applies: f => f.message.includes(CODE_REFUSED) && f.ctx.mfa?.kind === 'code',
        says: ({ ctx }) => `STS refused the one-time code typed for ${ctx.mfaSerial}: it was wrong, or already used ` +
            '(each code is accepted once). A fresh code is needed: wait for the device to show a new ' +
            'one and give it as mfa-code. Check that the code is from this device.'
    },
    {
        heading: 'STS refused the one-time code for <mfa-serial> in N successive 30-second window(s).',
        applies: f => f.message.includes(CODE_REFUSED),
        says: ({ ctx }) => `STS refused the one-time code for ${ctx.mfaSerial} in ${ctx.refusedCodes} successive ` +
            "30-second window(s). Check that mfa-seed is this device's seed (re-create the device if " +
            "unsure), that the runner's clock is right, and that no other job uses this device at the " +
            'same moment (each code is accepted once; raise mfa-retry-windows or give each job its own device).'
    },
    {
        heading: 'STS refused GetSessionToken,',
        applies: f => f.code === 'AccessDenied' && /GetSessionToken/.test(f.message),
        says: () => 'STS refused GetSessionToken, which the action calls when role-to-assume is empty or lists ' +
            "several roles: it needs the IAM user's long-term keys, not temporary credentials (drop " +
            'aws-session-token, or give a single role).'
    },
    {
        heading: 'STS refused the MFA session (GetSessionToken, as role-to-assume is empty):',
        applies: f => f.code === 'AccessDenied' && !f.ctx.roleArn,
        says: () => 'STS refused the MFA session (GetSessionToken, as role-to-assume is empty): check that the ' +
            'keys are those of the IAM user that owns mfa-serial, and that no policy denies sts:GetSessionToken.'
    },
    {
        heading: 'The role <role> does not allow session tags:',
        applies: f => f.code === 'AccessDenied' && f.message.includes('sts:TagSession'),
        says: ({ ctx }) => `The role ${ctx.roleArn} does not allow session tags: its trust policy must also allow ` +
            'sts:TagSession for the calling user (add it to the Action list of the statement that ' +
            'allows sts:AssumeRole), or keep role-skip-session-tagging: true and drop custom-tags.'
    },
    {
        heading: 'Not authorised to assume <role>.',
        applies: f => f.code === 'AccessDenied',
        says: ({ ctx }) => `Not authorised to assume ${ctx.roleArn}. Check that the role's trust policy names the ` +
            'calling user (or its account) as principal with the condition ' +
            '"aws:MultiFactorAuthPresent": "true", that the user is allowed sts:AssumeRole on the role, ' +
            'and role-external-id if the trust policy requires sts:ExternalId.'
    },
    {
        heading: 'AWS does not know the access key that signed the request:',
        applies: f => f.code === 'InvalidClientTokenId',
        says: () => 'AWS does not know the access key that signed the request: check aws-access-key-id (it may ' +
            'be deleted or inactive) and, for temporary keys, aws-session-token.'
    },
    {
        heading: "The request's signature time is too far from AWS's clock:",
        applies: f => f.code === 'SignatureDoesNotMatch' && /expired|earlier than|later than/i.test(f.message),
        says: () => "The request's signature time is too far from AWS's clock: fix the runner's clock (NTP)."
    },
    {
        heading: 'The signature does not match:',
        applies: f => f.code === 'SignatureDoesNotMatch',
        says: () => 'The signature does not match: aws-secret-access-key is wrong for aws-access-key-id (check the secret for stray characters).'
    },
    {
        heading: 'The base credentials have expired:',
        applies: f => f.code === 'ExpiredToken' || f.code === 'ExpiredTokenException',
        says: () => 'The base credentials have expired: refresh aws-session-token (or drop it and use long-lived keys).'
    },
    {
        heading: 'role-duration-seconds is above the MaxSessionDuration of <role>:',
        applies: f => f.code === 'ValidationError' && f.message.includes('MaxSessionDuration'),
        says: ({ ctx }) => `role-duration-seconds is above the MaxSessionDuration of ${ctx.roleArn}: lower it, or raise ` +
            "the role's limit (aws iam update-role --role-name NAME --max-session-duration SECONDS)."
    },
    {
        heading: 'STS is not activated in aws-region for this account:',
        applies: f => f.code === 'RegionDisabledException',
        says: () => 'STS is not activated in aws-region for this account: activate it under IAM > Account settings, or use another region.'
    },
    {
        heading: 'No base credentials were found:',
        applies: f => f.code === 'CredentialsProviderError',
        says: () => 'No base credentials were found: set aws-access-key-id and aws-secret-access-key (the IAM user that owns the MFA device).'
    },
    {
        heading: 'STS kept failing after retry-max-attempts attempts (throttled or unavailable):',
        applies: f => f.code === 'Throttling' ||
            f.code === 'ThrottlingException' ||
            (f.error.$metadata?.httpStatusCode ?? 0) >= 500,
        says: () => 'STS kept failing after retry-max-attempts attempts (throttled or unavailable): re-run later, or raise retry-max-attempts.'
    },
    {
        heading: 'The proxy did not open a tunnel to STS',
        applies: f => f.message.includes('tunneling socket could not be established'),
        says: () => 'The proxy did not open a tunnel to STS (http-proxy, or HTTPS_PROXY/HTTP_PROXY): check its ' +
            'address, that it allows CONNECT to the STS endpoint, and, for statusCode=407, its user and ' +
            'password (http://user:password@host:port). Hosts in no-proxy bypass it.'
    },
    {
        heading: 'Could not reach STS:',
        applies: f => isNetworkError(f.code, f.error),
        says: () => "Could not reach STS: check aws-region and sts-endpoint, the runner's network and proxy settings."
    }
];
function advice(code, message, error, ctx) {
    const failure = { code, message, error, ctx };
    const known = STS_ADVICE.find(entry => entry.applies(failure));
    if (known)
        return known.says(failure);
    return ctx.roleArn ? `AssumeRole on ${ctx.roleArn} failed.` : 'GetSessionToken failed.';
}
function isNetworkError(code, e) {
    return (code === 'TimeoutError' ||
        [
            'ECONNREFUSED',
            'ECONNRESET',
            'ENOTFOUND',
            'ETIMEDOUT',
            'EAI_AGAIN',
            'EPIPE',
            'EHOSTUNREACH',
            'ENETUNREACH'
        ].includes(e.code ?? ''));
}


/***/ })

};
