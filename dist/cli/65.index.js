"use strict";
exports.id = 65;
exports.ids = [65];
exports.modules = {

/***/ 3065:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SERVE_HELP: () => (/* binding */ SERVE_HELP),
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9660);
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7679);
/* harmony import */ var _formats_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(8726);
/* harmony import */ var _obtain_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6064);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(776);
/* harmony import */ var _role_command_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1872);










/*
 * `serve [PROFILE]`: the role from a credentials endpoint on 127.0.0.1 for the tools of this
 * laptop that run for hours (an IDE, a test watcher, docker compose), as aws-vault's --ecs-server
 * does. It is the server of the action's refresh-credentials (src/server/, dist/server/index.js),
 * started in the foreground: it gets the user's MFA session and the role's first credentials, and
 * assumes the role again from the session before they end, until the session ends. The user's
 * long-term keys stay here. Standard output gets the two variables to set, once; Ctrl-C stops it.
 */
const READY_TIMEOUT_MS = 15_000;
/** What the server may see of our environment: never the user's keys or the seed. */
const PASSED_VARIABLES = ['PATH', 'SYSTEMROOT', 'TMPDIR', 'NODE_EXTRA_CA_CERTS'];
/** serve's MFA session lasts this long unless --mfa-session-duration-seconds says otherwise. */
const SERVE_SESSION_SECONDS = '43200';
/** The command, as main.ts runs it. */
async function run(argv, context) {
    const { io, log } = context;
    const options = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .parseCommandLine */ .Du)(argv, 'serve');
    if (options.help) {
        io.stdout.write(SERVE_HELP);
        return 0;
    }
    if (options.inputs['role-duration-seconds'] !== undefined) {
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .dz([
            'Option --role-duration-seconds does not apply to serve: the role is assumed from the MFA ' +
                `session (role chaining) for ${_engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_4__/* .ENDPOINT_ROLE_SECONDS */ .zC} s, again and again, until the ` +
                'session ends (--mfa-session-duration-seconds).'
        ]);
    }
    const resolved = await (0,_role_command_js__WEBPACK_IMPORTED_MODULE_8__/* .prepareRole */ .Uf)(options, context);
    resolved.inputs = {
        ...resolved.inputs,
        'role-duration-seconds': String(_engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_4__/* .ENDPOINT_ROLE_SECONDS */ .zC),
        'mfa-session-duration-seconds': resolved.inputs['mfa-session-duration-seconds'] ?? SERVE_SESSION_SECONDS
    };
    const { session, role, settings } = await (0,_obtain_js__WEBPACK_IMPORTED_MODULE_6__/* .obtainSession */ .U)(resolved, context);
    if (!settings.roleArn) {
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .dz(['serve needs a role: --role-to-assume, or role_arn in the profile.']);
    }
    const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(32).toString('base64url'); // 256 bits
    log.mask(token);
    // The endpoint this process's requests went to (AWS_ENDPOINT_URL_STS, say), resolved here: the
    // server sees none of our environment. Loaded now, with the SDK: `serve --help` needs neither.
    const { endpointHandoff } = await Promise.all(/* import() */[__webpack_require__.e(695), __webpack_require__.e(346)]).then(__webpack_require__.bind(__webpack_require__, 346));
    const handoff = { token, ...(await endpointHandoff(settings, session, [role])) };
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(process.execPath, [serverEntry()], {
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
        env: Object.fromEntries(PASSED_VARIABLES.filter(n => io.env[n]).map(n => [n, io.env[n]])),
        windowsHide: true
    });
    // The server's log (events, ARNs, STS's messages; no secret) goes to our standard error.
    child.stdout?.on('data', (chunk) => log.info(chunk.toString('utf8').trimEnd()));
    child.stderr?.on('data', (chunk) => log.info(chunk.toString('utf8').trimEnd()));
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(JSON.stringify(handoff));
    const stopped = new Promise(resolve => child.once('exit', code => resolve(code)));
    let port;
    try {
        port = await readyPort(child);
    }
    catch (error) {
        child.kill('SIGKILL');
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`The credentials endpoint did not start: ${error.message}.`);
    }
    const uri = `http://127.0.0.1:${port}${(0,_engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_4__/* .credentialsPath */ ._x)(0)}`;
    io.stdout.write((0,_formats_js__WEBPACK_IMPORTED_MODULE_9__/* .formatVariables */ .f0)(options.format, [
        ['AWS_CONTAINER_CREDENTIALS_FULL_URI', uri],
        ['AWS_CONTAINER_AUTHORIZATION_TOKEN', token]
    ]));
    log.info(`Serving ${role.arn} on ${uri}, renewed from the MFA session until ` +
        `${session.expiration.toISOString()}. Ctrl-C stops it. Where you set these two variables, ` +
        'unset AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_PROFILE: the ' +
        'AWS SDKs and CLI take those, and a [default] profile with keys, before the endpoint.');
    const stop = () => child.kill('SIGTERM');
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals)
        process.on(signal, stop);
    try {
        const code = await stopped;
        log.info('The credentials endpoint stopped.');
        return code === 0 ? 0 : 1;
    }
    finally {
        for (const signal of signals)
            process.removeListener(signal, stop);
    }
}
/**
 * The server's bundle next to ours: dist/server/index.js from dist/cli/. Built at run time so that
 * ncc does not take the path for an asset to copy.
 */
function serverEntry() {
    const here = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_3__.fileURLToPath)(require("url").pathToFileURL(__filename).href));
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(here, ['..', 'server', 'index.js'].join('/'));
}
/** The server's `{port, pid}` line on file descriptor 3, within READY_TIMEOUT_MS. */
function readyPort(child) {
    const channel = child.stdio[3];
    return new Promise((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => done(new Error(`no answer in ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
        const onExit = (code) => done(new Error(`it exited with code ${code}`));
        function done(error) {
            clearTimeout(timer);
            channel.destroy();
            child.removeListener('exit', onExit);
            if (error)
                return reject(error);
            const ready = JSON.parse(text);
            if (ready.pid !== child.pid || typeof ready.port !== 'number' || !(ready.port > 0)) {
                reject(new Error('it answered oddly'));
            }
            else
                resolve(ready.port);
        }
        channel.setEncoding('utf8');
        channel.on('data', (chunk) => {
            text += chunk;
            if (text.includes('\n'))
                done();
        });
        child.once('exit', onExit);
    });
}
const SERVE_HELP = `Usage: aws-assume-role-mfa serve [PROFILE] [options]

Serves the role's credentials on 127.0.0.1 to the tools of this computer, renewed before they
end, for as long as the MFA session lasts (--mfa-session-duration-seconds, default 43200: 12
hours; with --mfa-session, the day's cached session). One code when it starts, none after.
Prints the two variables the AWS SDKs and CLI read, in --format (sh, fish, powershell, dotenv,
json); set them where the tools run, without AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or
AWS_PROFILE, which come first. Ctrl-C stops it.

  AWS_CONTAINER_CREDENTIALS_FULL_URI   http://127.0.0.1:PORT/credentials
  AWS_CONTAINER_AUTHORIZATION_TOKEN    a random token each request must carry

PROFILE and the options are those of aws-assume-role-mfa exec --help; the role is assumed from
the MFA session (role chaining), one hour at a time, so --role-duration-seconds does not apply.

Example:
  aws-assume-role-mfa serve deploy --format dotenv > .env.aws    # for docker compose --env-file
`;


/***/ }),

/***/ 9660:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _x: () => (/* binding */ credentialsPath),
/* harmony export */   zC: () => (/* binding */ ENDPOINT_ROLE_SECONDS)
/* harmony export */ });
/* unused harmony exports renewAtMs, PROBE_PATH, PROBE_NONCE_HEADER, PROBE_PROOF_HEADER, PID_HEADER, probeProof, parseHandoff, containerCredentials, processCredentials */
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
    return createHmac('sha256', token).update(`${nonce}:${pid}`).digest('hex');
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


/***/ })

};
;