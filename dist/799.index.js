export const id = 799;
export const ids = [799];
export const modules = {

/***/ 293:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IE: () => (/* binding */ startEndpoint),
/* harmony export */   ik: () => (/* binding */ stopEndpoint)
/* harmony export */ });
/* unused harmony exports serverEntry, commandLine, summarizeLogFile, summarizeLog */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var _engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9660);
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7679);
/* harmony import */ var _engine_printable_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(8433);










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
    return (0,node_path__WEBPACK_IMPORTED_MODULE_6__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_6__.dirname)(actionEntry), 'server', 'index.js');
}
/**
 * Starts the server with the handoff on its standard input, its output to a 0600 log file, and
 * none of the step's streams (the runner waits for those to close before it ends the step).
 * Resolves once it listens; the token is masked before anything could print it.
 */
async function startEndpoint(handoff, mask, entry = serverEntry()) {
    const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(32).toString('base64url'); // 256 bits
    mask(token);
    const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_6__.join)(process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_5__.tmpdir)(), 'aws-assume-role-mfa-'));
    const logFile = (0,node_path__WEBPACK_IMPORTED_MODULE_6__.join)(dir, 'server.log');
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
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .ActionError */ .lZ(`The credentials endpoint did not start (${error.message}; its log: ${log || 'empty'}). ` +
            'Nothing was exported. Set refresh-credentials: false to get keys that last one hour.');
    }
    child.unref();
    const tokenFile = (0,node_path__WEBPACK_IMPORTED_MODULE_6__.join)(dir, 'token');
    (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.writeFileSync)(tokenFile, token, { mode: 0o600, flag: 'wx' });
    const uri = (index) => `http://127.0.0.1:${ready.port}${(0,_engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_7__/* .credentialsPath */ ._x)(index)}`;
    return {
        pid: ready.pid,
        port: ready.port,
        dir,
        uri,
        token,
        tokenFile,
        credentialProcess: index => commandLine([process.execPath, entry, 'credential-process', uri(index), tokenFile])
    };
}
/**
 * A `credential_process` value that botocore (AWS CLI v1 and v2: shell-like splitting), the
 * JavaScript SDK v3 and the Go SDK v2 (which run it with `sh -c`) all read as the same words.
 * Go v2 1.17 takes a value that begins with `"` as one quoted string and drops the rest
 * (../shared/AWS-MFA-FACTS.md), so words go unquoted where they can, and a word that needs
 * quoting (a space in a runner's path) in single quotes, which all three read literally. A word
 * with a single quote or a line break cannot be written so that all three agree: refused.
 */
function commandLine(words) {
    return words
        .map(word => {
        if (/^[\w@%+=:,./-]+$/.test(word))
            return word;
        if (/['\r\n]/.test(word) || word === '') {
            throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .ActionError */ .lZ(`The credentials endpoint's command for aws-profile cannot be written safely: the path ` +
                `'${word}' contains a quote or a line break. Move the runner's work or temporary ` +
                'folder (RUNNER_TEMP) to a path without, or leave aws-profile out.');
        }
        return `'${word}'`;
    })
        .join(' ');
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
    const token = readToken(state.dir);
    const answeringPid = token === undefined ? undefined : await probe(state.port, token);
    if (answeringPid === state.pid) {
        signal(state.pid, 'SIGTERM');
        if (!(await gone(state))) {
            signal(state.pid, 'SIGKILL');
            if (!(await gone(state))) {
                lines.push(`The credentials endpoint (pid ${state.pid}) is still running after SIGKILL.`);
            }
        }
    }
    else if (alive(state.pid)) {
        lines.push(`The credentials endpoint does not answer on port ${state.port} with its token's proof; ` +
            `pid ${state.pid} was left alone (it may be another process now). The runner ends ` +
            'leftover processes with the job.');
    }
    const summary = await summarizeLogFile((0,node_path__WEBPACK_IMPORTED_MODULE_6__.join)(state.dir, 'server.log'), hideAccounts);
    lines.unshift(summary.line, ...summary.warnings);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.rmSync)(state.dir, { recursive: true, force: true });
    return lines;
}
function readToken(dir) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_6__.join)(dir, 'token'), 'utf8').trim() || undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The pid of the server that answers on the port, if it proves it holds the token (an HMAC of a
 * fresh nonce: the token never goes over the wire); undefined for anything else that listens.
 */
function probe(port, token) {
    const nonce = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(16).toString('hex');
    return new Promise(resolve => {
        const req = (0,node_http__WEBPACK_IMPORTED_MODULE_3__.request)({
            host: '127.0.0.1',
            port,
            path: _engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_7__/* .PROBE_PATH */ .VA,
            headers: { [_engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_7__/* .PROBE_NONCE_HEADER */ .jU]: nonce },
            timeout: 2_000
        }, res => {
            res.resume();
            const pid = Number(res.headers[_engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_7__/* .PID_HEADER */ .w2]);
            const proof = String(res.headers[_engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_7__/* .PROBE_PROOF_HEADER */ .Ix] ?? '');
            const expected = Number.isInteger(pid) ? (0,_engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_7__/* .probeProof */ .p)(token, nonce, pid) : '';
            const proven = expected !== '' &&
                proof.length === expected.length &&
                (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.timingSafeEqual)(Buffer.from(proof), Buffer.from(expected));
            resolve(proven ? pid : undefined);
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
        if (!alive(state.pid) && !(await listening(state.port)))
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
/** Whether anything accepts connections on the port. */
function listening(port) {
    return new Promise(resolve => {
        const socket = (0,node_net__WEBPACK_IMPORTED_MODULE_4__.connect)({ host: '127.0.0.1', port, timeout: 1_000 });
        socket.once('connect', () => {
            socket.destroy();
            resolve(true);
        });
        socket.once('timeout', () => {
            socket.destroy();
            resolve(false);
        });
        socket.once('error', () => resolve(false));
    });
}
/** Longer lines are cut: the post step's memory stays bounded whatever the file holds. */
const MAX_LINE = 4096;
/**
 * The post step's summary of the server's log, read as a stream (memory bounded by MAX_LINE
 * whatever the file's size): one line of what the server did, and warnings a person must see.
 */
async function summarizeLogFile(path, hideAccounts = false) {
    const summary = new LogSummary();
    let rest = '';
    try {
        for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.createReadStream)(path, {
            encoding: 'utf8',
            highWaterMark: 64 * 1024
        })) {
            const parts = (rest + chunk).split('\n');
            rest = parts.pop() ?? '';
            if (rest.length > MAX_LINE)
                rest = rest.slice(0, MAX_LINE);
            for (const part of parts)
                summary.add(part.slice(0, MAX_LINE));
        }
    }
    catch {
        // No log (the server never started): an empty summary.
    }
    if (rest)
        summary.add(rest);
    return summary.result(hideAccounts);
}
/** The same summary from the log's text (tests, small logs). */
function summarizeLog(log, hideAccounts = false) {
    const summary = new LogSummary();
    for (const line of log.split('\n'))
        summary.add(line);
    return summary.result(hideAccounts).line;
}
/** What the summary keeps of the log: counts and the last of each event that matters. */
class LogSummary {
    counts = {};
    lines = { served: 0, renewed: 0, 'renewal-failed': 0, refused: 0 };
    last = {};
    add(line) {
        const [, event = '', ...rest] = line.split(' ');
        const detail = rest.join(' ');
        if (event === 'counts') {
            this.counts = Object.fromEntries(detail.split(' ').map(pair => {
                const [name, value] = pair.split('=');
                return [name, Number(value) || 0];
            }));
        }
        else if (event in this.lines)
            this.lines[event]++;
        if (['renewal-failed', 'failed', 'session-ended', 'stopped'].includes(event)) {
            this.last[event] = detail;
        }
    }
    result(hideAccounts) {
        // The counts line when the server wrote one (it counts what it stopped logging), else lines.
        const count = (name, event) => this.counts[name] ?? this.lines[event];
        const failure = this.last['renewal-failed'] ?? this.last.failed;
        const end = this.last['session-ended'] ?? this.last.stopped;
        const hide = (text) => {
            const line = (0,_engine_printable_js__WEBPACK_IMPORTED_MODULE_9__/* .printable */ .g)(text, 2000).replace(/\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g, '***');
            return hideAccounts ? line.replace(/\b\d{12}\b/g, '***') : line;
        };
        const line = [
            `Credentials endpoint: ${count('served', 'served')} answers, ${count('renewed', 'renewed')} ` +
                `renewals, ${count('failed', 'renewal-failed')} failed renewals, ` +
                `${count('refused', 'refused')} refused requests`,
            end ? `; it ended: ${end}` : '',
            failure ? `; last failure: ${failure}` : '',
            '.'
        ].join('');
        const warnings = [];
        const age = /mfa-session-age=(\d+)s/.exec(failure ?? '')?.[1];
        if (failure && / AccessDenied /.test(failure) && age) {
            const role = failure.split(':').slice(0, 6).join(':');
            warnings.push(`STS refused to renew ${role} from the MFA session (AccessDenied) when the session was ` +
                `${age} s old. AWS names no condition in this refusal; the likely cause is a trust ` +
                'policy condition on aws:MultiFactorAuthAge lower than that: raise the bound to at ' +
                'least mfa-session-duration-seconds, or shorten mfa-session-duration-seconds to the ' +
                'bound. Later steps lose the role when the session it last got ends.');
        }
        return { line: hide(line), warnings: warnings.map(hide) };
    }
}


/***/ }),

/***/ 5619:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  U$: () => (/* binding */ checkProfile),
  xc: () => (/* binding */ profileFiles),
  Ce: () => (/* binding */ restoreFiles),
  fF: () => (/* binding */ restoreSavedSnapshots),
  D$: () => (/* binding */ saveSnapshots),
  A5: () => (/* binding */ shadowingProfile),
  Oq: () => (/* binding */ snapshotFiles),
  H1: () => (/* binding */ snapshotFolder),
  Z8: () => (/* binding */ writeProfile)
});

// UNUSED EXPORTS: ProfileExistsError

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/engine/errors.ts
var errors = __webpack_require__(7679);
;// CONCATENATED MODULE: ./src/engine/private-files.ts



/**
 * Files that hold secrets (the CLI's cache, the shared credentials and config files), written so
 * that nobody else on the machine can read them or redirect the write: a folder another user owns
 * or can write is refused; a temporary file is created exclusively, never through a symbolic link
 * (O_CREAT | O_EXCL | O_NOFOLLOW, mode 600), then renamed over the target, which replaces a link
 * planted there instead of following it.
 *
 * Owners and modes are POSIX: on Windows, files have ACLs instead, a new file under the user's
 * profile is private to the user by inheritance, and Node reports no owner and a fake mode. There
 * the owner and mode checks are skipped, on purpose, and the exclusive create and rename remain.
 */
const POSIX_PERMISSIONS = process.platform !== 'win32';
// Undefined on Windows, where symbolic links need a privilege to create.
const O_NOFOLLOW = external_node_fs_.constants.O_NOFOLLOW ?? 0;
/** A folder that another user could use to swap or plant files. */
class UnsafeFolderError extends errors/* ActionError */.lZ {
    folder;
    constructor(folder, reason, fix) {
        super(`Refusing to use the folder ${folder}: ${reason}. ${fix}`);
        this.folder = folder;
        this.name = 'UnsafeFolderError';
    }
}
/** The user this process runs as: the owner every private folder and file must have. */
function ownUid() {
    return POSIX_PERMISSIONS ? process.geteuid?.() : undefined;
}
const octal = (mode) => (mode & 0o7777).toString(8).padStart(3, '0');
/**
 * Throws UnsafeFolderError unless `folder` is a directory owned by this user that neither its
 * group nor others can write. A folder that is itself a symbolic link must be this user's (or
 * root's) link: a link another user planted there is refused even if it points somewhere safe.
 */
function checkPrivateFolder(folder) {
    const uid = ownUid();
    if (uid === undefined)
        return;
    const link = (0,external_node_fs_.lstatSync)(folder);
    if (link.isSymbolicLink() && link.uid !== uid && link.uid !== 0) {
        throw new UnsafeFolderError(folder, `it is a symbolic link owned by another user (uid ${link.uid})`, 'Remove the link, or choose a folder of your own.');
    }
    const stats = (0,external_node_fs_.statSync)(folder);
    if (!stats.isDirectory()) {
        throw new UnsafeFolderError(folder, 'it is not a folder', 'Choose a folder of your own.');
    }
    if (stats.uid !== uid) {
        throw new UnsafeFolderError(folder, `it belongs to another user (uid ${stats.uid}; this process runs as uid ${uid})`, 'Choose a folder of your own.');
    }
    if ((stats.mode & 0o022) !== 0) {
        throw new UnsafeFolderError(folder, `its group or other users can write it (mode ${octal(stats.mode)}), and could plant files or ` +
            'links in it', `Run chmod go-w '${folder}', or choose a folder of your own.`);
    }
}
/**
 * Creates `folder` (mode 700) and its missing parents, then checks it (checkPrivateFolder).
 * Returns the folders it created, outermost first, for whoever wants to remove them again.
 */
function makePrivateFolder(folder) {
    const missing = missingFolders(folder);
    // mkdir with recursive: true succeeds on an existing folder, whoever made it: so check after.
    (0,external_node_fs_.mkdirSync)(folder, { recursive: true, mode: 0o700 });
    checkPrivateFolder(folder);
    return missing;
}
/** The folders of `folder`'s path that do not exist yet, outermost first. */
function missingFolders(folder) {
    const missing = [];
    for (let path = (0,external_node_path_.resolve)(folder); !exists(path); path = (0,external_node_path_.dirname)(path)) {
        missing.unshift(path);
        if ((0,external_node_path_.dirname)(path) === path)
            break;
    }
    return missing;
}
function exists(path) {
    try {
        (0,external_node_fs_.lstatSync)(path);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Reads a file without following a symbolic link at its own name (O_NOFOLLOW: ELOOP for a link),
 * and returns undefined if it does not exist. The stats are those of the file read, not of a
 * name that may have changed in the meantime.
 */
function readNoFollow(path) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_RDONLY | O_NOFOLLOW);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
    try {
        const stats = (0,external_node_fs_.fstatSync)(fd);
        if (!stats.isFile())
            throw new Error(`${path} is not a regular file`);
        const content = (0,external_node_fs_.readFileSync)(fd, 'utf8');
        return { content, mode: POSIX_PERMISSIONS ? stats.mode & 0o7777 : null, stats };
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/** True if this user owns the file and nobody else may read or write it (always true on Windows). */
function isPrivateFile(stats, platform = process.platform) {
    const uid = ownUid();
    if (platform === 'win32' || uid === undefined)
        return true;
    return stats.uid === uid && (stats.mode & 0o077) === 0;
}
/**
 * Replaces `path` with `content`: a temporary file with a random name next to it, created
 * exclusively and without following links, given `mode` (not subject to the umask), flushed, then
 * renamed over `path`. A reader sees the old file or the new one, never half of one; a symbolic
 * link at `path` is replaced, not followed. The caller checks the folder first.
 */
function writeFileReplacing(path, content, mode = 0o600) {
    // Web Crypto's generator, which node:crypto's randomBytes also draws from: node:crypto is not
    // loaded for it, which a cache hit of the CLI would pay for (cache.ts).
    const random = Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex');
    const temporary = (0,external_node_path_.join)((0,external_node_path_.dirname)(path), `.${(0,external_node_path_.basename)(path)}.${random}.tmp`);
    const flags = external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | O_NOFOLLOW;
    const fd = (0,external_node_fs_.openSync)(temporary, flags, mode);
    try {
        try {
            if (POSIX_PERMISSIONS)
                (0,external_node_fs_.fchmodSync)(fd, mode);
            const bytes = Buffer.from(content, 'utf8');
            for (let written = 0; written < bytes.length;) {
                written += (0,external_node_fs_.writeSync)(fd, bytes, written, bytes.length - written);
            }
            (0,external_node_fs_.fsyncSync)(fd);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
        (0,external_node_fs_.renameSync)(temporary, path);
    }
    catch (error) {
        (0,external_node_fs_.rmSync)(temporary, { force: true });
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/settings/profile-ini.ts
/**
 * The shared credentials and config files read as the AWS CLI reads them, so that the profile the
 * action finds, replaces or adds is the one `aws --profile NAME` will use, and a file the AWS CLI
 * can read stays one it can read.
 *
 * The AWS CLI (botocore's configloader, "Configuration and credential file settings" in the AWS
 * CLI User Guide) reads both files with Python's configparser.RawConfigParser, defaults kept:
 * - a line whose first non-blank character is `#` or `;` is a comment; there are no comments after
 *   a value, but a section header ends at its last `]`, so `[deploy]   # production keys` is the
 *   section `deploy` (the header pattern is `\[(.+)\]`, matched from the start of the stripped line);
 * - the name between the brackets is taken as it is: `[ deploy ]` is the section ` deploy `;
 * - `key = value` or `key: value`, names without case; a line indented deeper than the option above
 *   it continues that option's value (even one that looks like a header), blank lines included;
 * - a section or an option given twice, a line before any section, or a line that is none of the
 *   above makes the whole file unreadable ("Unable to parse config file");
 * - in the config file, a profile is `[default]`, or a section whose name starts with `profile` and
 *   splits, as a shell would (Python's shlex), into two words: `[profile x]`, `[profile  "x"]`
 *   (and, botocore's own quirk, `[profiles x]`); in the credentials file, the section name is the
 *   profile name.
 * Lines end with LF, CRLF or CR (Python's universal newlines).
 */
function splitIni(text) {
    const lines = [];
    const ends = [];
    const pattern = /\r\n|\r|\n/g;
    let from = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        lines.push(text.slice(from, match.index));
        ends.push(match[0]);
        from = match.index + match[0].length;
    }
    if (from < text.length) {
        lines.push(text.slice(from));
        ends.push('');
    }
    return { lines, ends };
}
function joinIni({ lines, ends }) {
    return lines.map((line, i) => line + ends[i]).join('');
}
const HEADER = /^\[(.+)\]/;
const OPTION = /^(.*?)\s*[=:]\s*(.*)$/;
function parseIni(lines) {
    const sections = [];
    const problems = [];
    const seen = new Set();
    let current;
    let option;
    let indentOfOption = 0;
    let defaults;
    for (const [i, line] of lines.entries()) {
        const value = line.trim();
        if (value === '' || value.startsWith('#') || value.startsWith(';'))
            continue;
        const indent = line.search(/\S/);
        if (current && option !== undefined && indent > indentOfOption) {
            current.last = i + 1;
            continue;
        }
        indentOfOption = indent;
        const header = HEADER.exec(value);
        if (header) {
            const name = header[1];
            if (seen.has(name))
                problems.push(`line ${i + 1}: section [${name}] a second time`);
            seen.add(name);
            current = { name, header: i, last: i + 1, options: new Set() };
            // configparser's DEFAULT section holds defaults for the others: no profile.
            if (name !== 'DEFAULT')
                sections.push(current);
            else
                defaults = current;
            option = undefined;
        }
        else if (!current) {
            problems.push(`line ${i + 1}: a value before any [section]`);
        }
        else {
            const match = OPTION.exec(value);
            const name = match?.[1].trimEnd().toLowerCase();
            if (!name) {
                problems.push(`line ${i + 1}: neither a [section], a comment nor a key = value`);
                continue;
            }
            if (current.options.has(name)) {
                problems.push(`line ${i + 1}: ${name} a second time in [${current.name}]`);
            }
            current.options.add(name);
            option = name;
            current.last = i + 1;
        }
    }
    const plain = ({ name, header, last }) => ({ name, header, last });
    return {
        sections: sections.map(plain),
        problems,
        ...(defaults && { defaults: plain(defaults) })
    };
}
/**
 * A section's values by lower-case key, as configparser gives them: the value after `=` or `:`
 * stripped, continuation lines (indented deeper) joined with line breaks, and the [DEFAULT]
 * section's values for the keys the section does not set.
 */
function sectionValues(lines, section, defaults) {
    const own = (from) => {
        const values = {};
        let option;
        let indentOfOption = 0;
        for (let i = from.header + 1; i < from.last; i++) {
            const line = lines[i];
            const value = line.trim();
            const indent = line.search(/\S/);
            if (value.startsWith('#') || value.startsWith(';'))
                continue;
            if (value === '') {
                if (option !== undefined)
                    values[option].push('');
                continue;
            }
            if (option !== undefined && indent > indentOfOption) {
                values[option].push(value);
                continue;
            }
            const match = OPTION.exec(value);
            if (!match)
                continue;
            option = match[1].trimEnd().toLowerCase();
            indentOfOption = indent;
            values[option] = [match[2]];
        }
        // Blank lines after a value are not part of it.
        return Object.fromEntries(Object.entries(values).map(([key, parts]) => [key, parts.join('\n').trimEnd()]));
    };
    return { ...(defaults && own(defaults)), ...own(section) };
}
/** Whether a section of the credentials file is this profile. */
const credentialsProfile = (profile) => (section) => section === profile;
/** Whether a section of the config file is this profile (botocore's build_profile_map). */
const configProfile = (profile) => (section) => {
    if (profile === 'default' && section === 'default')
        return true;
    if (!section.startsWith('profile'))
        return false;
    const words = shellWords(section);
    return words?.length === 2 && words[1] === profile;
};
/**
 * Python's shlex.split (POSIX mode, no comments): words split at blanks, quotes and backslashes
 * as a shell reads them. Undefined for an unclosed quote, which botocore skips.
 */
function shellWords(text) {
    const words = [];
    let word;
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (/\s/.test(char)) {
            if (word !== undefined)
                words.push(word);
            word = undefined;
        }
        else if (char === "'") {
            const end = text.indexOf("'", i + 1);
            if (end < 0)
                return undefined;
            word = (word ?? '') + text.slice(i + 1, end);
            i = end;
        }
        else if (char === '"') {
            let quoted = '';
            for (i++; i < text.length && text[i] !== '"'; i++) {
                const escaped = text[i] === '\\' && '\\"$`\n'.includes(text[i + 1] ?? '');
                quoted += escaped ? text[++i] : text[i];
            }
            if (i >= text.length)
                return undefined;
            word = (word ?? '') + quoted;
        }
        else if (char === '\\') {
            if (i + 1 >= text.length)
                return undefined;
            word = (word ?? '') + text[++i];
        }
        else
            word = (word ?? '') + char;
    }
    if (word !== undefined)
        words.push(word);
    return words;
}
/**
 * The text with the profile's section(s) replaced by `block` (header and lines): the first in
 * place, any further one that is the same profile removed, or the block appended after a blank
 * line. Comments and blank lines around sections stay; the file's line ends are kept.
 */
function replaceProfile(text, isProfile, block) {
    const ini = splitIni(text);
    const eol = ini.ends.find(end => end !== '') ?? '\n';
    const found = parseIni(ini.lines).sections.filter(section => isProfile(section.name));
    if (found.length === 0) {
        if (ini.lines.length > 0 && ini.ends[ini.lines.length - 1] === '') {
            ini.ends[ini.lines.length - 1] = eol;
        }
        const lastLine = ini.lines[ini.lines.length - 1];
        const separator = ini.lines.length > 0 && lastLine.trim() !== '' ? [''] : [];
        const added = [...separator, ...block];
        return joinIni({
            lines: [...ini.lines, ...added],
            ends: [...ini.ends, ...added.map(() => eol)]
        });
    }
    // From the last section up, so that the line numbers of the ones above stay right.
    for (const [k, section] of [...found].reverse().entries()) {
        const first = k === found.length - 1;
        const count = section.last - section.header;
        const ends = ini.ends.slice(section.header, section.last);
        const lastEnd = ends[ends.length - 1];
        const replacement = first ? block : [];
        ini.lines.splice(section.header, count, ...replacement);
        ini.ends.splice(section.header, count, ...replacement.map((_, j) => (j === replacement.length - 1 ? lastEnd || eol : eol)));
    }
    return joinIni(ini);
}

;// CONCATENATED MODULE: ./src/action/profile.ts






/** The files the SDKs read, honouring AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE. */
function profileFiles(env = process.env) {
    const aws = (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.aws');
    return {
        credentials: env.AWS_SHARED_CREDENTIALS_FILE || (0,external_node_path_.join)(aws, 'credentials'),
        config: env.AWS_CONFIG_FILE || (0,external_node_path_.join)(aws, 'config')
    };
}
/** Where the snapshot of the profile files goes: RUNNER_TEMP, on the runner. */
function snapshotFolder(env = process.env) {
    return env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
}
/** Raised when the profile exists and overwriting it was not asked for. */
class ProfileExistsError extends errors/* ActionError */.lZ {
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
 * The edits per file. The config file names profiles `[profile NAME]`, except `[default]`. When
 * AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE are the same file, it gets both sections (the
 * AWS CLI reads the keys from `[NAME]` and the region from `[profile NAME]`), or for the default
 * profile one `[default]` section with both.
 */
function editsOf(files, profile, values) {
    // credential_process goes to the config file (botocore reads only keys from the other).
    const keys = !values
        ? []
        : 'credentialProcess' in values
            ? ['# written by aws-assume-role-mfa: credential_process in the config file']
            : [
                `# written by aws-assume-role-mfa, expires ${values.expiration.toISOString()}`,
                `aws_access_key_id = ${values.accessKeyId}`,
                `aws_secret_access_key = ${values.secretAccessKey}`,
                `aws_session_token = ${values.sessionToken}`
            ];
    const region = !values
        ? []
        : [
            `region = ${values.region}`,
            ...('credentialProcess' in values
                ? [`credential_process = ${values.credentialProcess}`]
                : [])
        ];
    const configHeader = profile === 'default' ? '[default]' : `[profile ${profile}]`;
    const credentials = {
        isProfile: credentialsProfile(profile),
        block: [`[${profile}]`, ...keys]
    };
    const config = { isProfile: configProfile(profile), block: [configHeader, ...region] };
    if (!sameFile(files.credentials, files.config)) {
        return [
            { path: files.credentials, edits: [credentials] },
            { path: files.config, edits: [config] }
        ];
    }
    const both = profile === 'default'
        ? [{ isProfile: config.isProfile, block: ['[default]', ...keys, ...region] }]
        : [credentials, config];
    return [{ path: files.credentials, edits: both }];
}
/**
 * Writes the profile into both files and returns what they held before, for the post step.
 * Sections of other profiles, comments and layout are kept as they are.
 */
function writeProfile(files, profile, values, overwrite) {
    const snapshot = snapshotFiles(files);
    checkProfile(files, profile, overwrite, snapshot);
    try {
        for (const { path, edits } of editsOf(files, profile, values)) {
            const before = snapshot.files.find(file => sameFile(file.path, path))?.content ?? '';
            const after = edits.reduce((text, edit) => replaceProfile(text, edit.isProfile, edit.block), before);
            writePrivate(writeTarget(path), after, 0o600);
        }
    }
    catch (error) {
        // One file written and not the other would leave a half profile: put both back.
        restoreFiles(snapshot);
        throw error;
    }
    return snapshot;
}
/**
 * Checked before STS is called, so that a refusal costs no one-time code, and again when writing:
 * the folders of both files are private (UnsafeFolderError otherwise), the AWS CLI can read both
 * files, and unless `overwrite`, neither has the profile (ProfileExistsError).
 */
function checkProfile(files, profile, overwrite, snapshot = snapshotFiles(files)) {
    const byPath = new Map(editsOf(files, profile).map(({ path, edits }) => [path, edits]));
    for (const { path, content } of snapshot.files) {
        const edits = [...byPath.entries()].find(([p]) => sameFile(p, path))?.[1] ?? [];
        const { sections, problems } = parseIni(splitIni(content ?? '').lines);
        if (problems.length > 0) {
            throw new errors/* ActionError */.lZ(`The AWS CLI cannot read ${path} as it is (${problems.slice(0, 3).join('; ')}), so a ` +
                'profile written there would not work: fix the file first ("Configuration and ' +
                'credential file settings" in the AWS CLI User Guide gives its format).');
        }
        const taken = sections.some(section => edits.some(edit => edit.isProfile(section.name)));
        if (taken && !overwrite)
            throw new ProfileExistsError(profile, path);
    }
}
/**
 * What the two files hold now (one entry when both are the same file), credentials file first,
 * and which of their folders do not exist yet. A folder that exists must be private.
 */
function snapshotFiles(files) {
    const paths = sameFile(files.credentials, files.config)
        ? [files.credentials]
        : [files.credentials, files.config];
    const createdFolders = new Set();
    const snapshots = paths.map(path => {
        const target = writeTarget(path);
        const missing = missingFolders((0,external_node_path_.dirname)(target));
        for (const folder of missing)
            createdFolders.add(folder);
        const read = missing.length > 0 ? undefined : readNoFollow(target);
        return { path, content: read?.content ?? null, mode: read?.mode ?? null };
    });
    return { files: snapshots, createdFolders: [...createdFolders] };
}
/**
 * Keeps the snapshot for the post step in an owner-only file under `dir` (RUNNER_TEMP) and
 * returns its path. It may hold the user's own keys, so it never goes into the action's state,
 * which the runner keeps in plain text: only this path does.
 */
function saveSnapshots(snapshot, dir) {
    const folder = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(dir, 'aws-assume-role-mfa-'));
    const path = (0,external_node_path_.join)(folder, 'profile-files.json');
    writeFileReplacing(path, JSON.stringify(snapshot), 0o600);
    return path;
}
/** The post step: puts the files back from a saved snapshot, then deletes the snapshot. */
function restoreSavedSnapshots(path) {
    const snapshot = JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    restoreFiles(snapshot);
    (0,external_node_fs_.rmSync)((0,external_node_path_.dirname)(path), { recursive: true, force: true });
}
/**
 * Puts the files back as they were: the old content with its old mode, or no file where there
 * was none; then removes the folders the action created, if nothing else was put in them.
 */
function restoreFiles(snapshot) {
    for (const { path, content, mode } of snapshot.files) {
        const target = writeTarget(path);
        if (content !== null)
            writePrivate(target, content, mode ?? 0o600);
        else if ((0,external_node_fs_.existsSync)(target)) {
            checkPrivateFolder((0,external_node_path_.dirname)(target));
            (0,external_node_fs_.rmSync)(target);
        }
    }
    for (const folder of [...snapshot.createdFolders].reverse()) {
        try {
            (0,external_node_fs_.rmdirSync)(folder);
        }
        catch {
            // Not empty (something else was written there during the job), or already gone.
        }
    }
}
/**
 * Where a write to `path` goes. The folder holding `path` must be private: then a symbolic link at
 * `path` was put there by this user (a credentials file kept in a dotfiles repository, say), and
 * the write goes to the file it points to, in a folder that must be private too. A write never
 * follows a link planted by someone else: it is refused with the folder, before the link is read.
 */
function writeTarget(path, links = 0) {
    if (links > MAX_LINKS)
        throw new errors/* ActionError */.lZ(`${path}: too many levels of symbolic links.`);
    const folder = (0,external_node_path_.dirname)((0,external_node_path_.resolve)(path));
    if (!(0,external_node_fs_.existsSync)(folder))
        return (0,external_node_path_.resolve)(path);
    checkPrivateFolder(folder);
    let stats;
    try {
        stats = (0,external_node_fs_.lstatSync)(path);
    }
    catch {
        return (0,external_node_path_.resolve)(path);
    }
    if (!stats.isSymbolicLink())
        return (0,external_node_path_.resolve)(path);
    const target = (0,external_node_path_.resolve)(folder, (0,external_node_fs_.readlinkSync)(path));
    return writeTarget(target, links + 1);
}
/** As Linux's ELOOP limit. */
const MAX_LINKS = 40;
/** Credentials files hold secrets: owner-only files, in private folders (created 700). */
function writePrivate(path, content, mode) {
    makePrivateFolder((0,external_node_path_.dirname)(path));
    writeFileReplacing(path, content, mode);
}
/** The same file, named twice (AWS_SHARED_CREDENTIALS_FILE = AWS_CONFIG_FILE), maybe by a link. */
function sameFile(a, b) {
    if ((0,external_node_path_.resolve)(a) === (0,external_node_path_.resolve)(b))
        return true;
    try {
        const [x, y] = [(0,external_node_fs_.statSync)(a), (0,external_node_fs_.statSync)(b)];
        return x.dev === y.dev && x.ino === y.ino;
    }
    catch {
        return false;
    }
}
/**
 * Settings of a profile that the SDKs' default chains use before the container provider: keys in
 * either file, and in the config file an assume-role, SSO, web identity or process profile
 * (AWS SDKs and Tools reference guide; botocore credentials.py; ../shared/AWS-MFA-FACTS.md).
 */
const CREDENTIAL_SETTINGS = [
    'aws_access_key_id',
    'role_arn',
    'sso_start_url',
    'sso_session',
    'web_identity_token_file',
    'credential_process'
];
/**
 * refresh-credentials: the profile the later steps' SDKs select (AWS_PROFILE, else `default`; the
 * AWS CLI also AWS_DEFAULT_PROFILE), if the shared files give it credentials, which would then
 * silently win over AWS_CONTAINER_CREDENTIALS_FULL_URI. Profiles that aws-profile writes are the
 * endpoint's own and do not count. Undefined when the endpoint wins.
 */
function shadowingProfile(env, ownProfiles = []) {
    const files = profileFiles(env);
    // The SDKs select AWS_PROFILE, else default; the AWS CLI also reads AWS_DEFAULT_PROFILE.
    const sdk = env.AWS_PROFILE || 'default';
    const cli = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
    const selected = cli === sdk ? [sdk] : [sdk, cli];
    for (const profile of selected) {
        if (ownProfiles.includes(profile))
            continue;
        const lookIn = [
            [files.credentials, credentialsProfile(profile)],
            [files.config, configProfile(profile)]
        ];
        for (const [path, isProfile] of lookIn) {
            let content;
            try {
                content = readNoFollow(path)?.content;
            }
            catch {
                continue; // unreadable: the SDKs cannot use it either
            }
            if (!content)
                continue;
            const ini = splitIni(content);
            for (const section of parseIni(ini.lines).sections.filter(s => isProfile(s.name))) {
                const settings = ini.lines
                    .slice(section.header + 1, section.last)
                    .map(line => /^\s*([^=:#;\s][^=:]*?)\s*[=:]/.exec(line)?.[1].toLowerCase());
                const setting = CREDENTIAL_SETTINGS.find(name => settings.includes(name));
                if (setting)
                    return { profile, path, setting };
            }
        }
    }
    return undefined;
}


/***/ }),

/***/ 9660:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ix: () => (/* binding */ PROBE_PROOF_HEADER),
/* harmony export */   VA: () => (/* binding */ PROBE_PATH),
/* harmony export */   _x: () => (/* binding */ credentialsPath),
/* harmony export */   jU: () => (/* binding */ PROBE_NONCE_HEADER),
/* harmony export */   p: () => (/* binding */ probeProof),
/* harmony export */   w2: () => (/* binding */ PID_HEADER),
/* harmony export */   zC: () => (/* binding */ ENDPOINT_ROLE_SECONDS)
/* harmony export */ });
/* unused harmony exports renewAtMs, parseHandoff, containerCredentials, processCredentials */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

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
/**
 * The post step's probe: `GET /probe` with a random nonce in this header is answered with
 * HMAC-SHA256(token, "nonce:pid") in PROBE_PROOF_HEADER and the pid in PID_HEADER, without a token
 * on the wire: only the server that holds the token can answer it, so the post step signals no
 * other process that happens to listen on the port (or hold the pid) later.
 */
const PROBE_PATH = '/probe';
const PROBE_NONCE_HEADER = 'x-probe-nonce';
const PROBE_PROOF_HEADER = 'x-probe-proof';
const PID_HEADER = 'x-credentials-server-pid';
/** The proof a probe expects (both sides compute it). */
function probeProof(token, nonce, pid) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', token).update(`${nonce}:${pid}`).digest('hex');
}
/** The handoff back from JSON, its dates revived; throws on anything that is not one. */
function parseHandoff(text) {
    const handoff = JSON.parse(text, (key, value) => (key === 'expiration' || key === 'issuedAt') && typeof value === 'string'
        ? new Date(value)
        : value);
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
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   lZ: () => (/* binding */ ActionError),
/* harmony export */   w7: () => (/* binding */ failureLines)
/* harmony export */ });
/**
 * Errors are typed where they are raised and rendered in one place (failureLines), for the action's
 * log and the CLI's standard error alike. Every message names what is wrong and how to fix it, and
 * never contains a secret. What STS's refusals mean is sts-errors.ts's: only code that calls STS
 * loads it (a cache hit of the CLI does not).
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


/***/ }),

/***/ 8433:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ printable)
/* harmony export */ });
/* Text from the network or the environment is escaped before it reaches a log line. */
/**
 * Text from outside, safe on one log line: control and format characters (line breaks, escape
 * sequences, bidirectional overrides) shown as \u escapes, and cut to `max` characters.
 */
function printable(text, max = 200) {
    const escaped = text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}


/***/ })

};
