"use strict";
exports.id = 713;
exports.ids = [713];
exports.modules = {

/***/ 3713:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EXEC_HELP: () => (/* binding */ EXEC_HELP),
/* harmony export */   commandEnv: () => (/* binding */ commandEnv),
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _engine_credentials_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3656);
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7679);
/* harmony import */ var _role_command_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1872);
/* harmony import */ var _obtain_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6064);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(776);








/*
 * `exec [PROFILE] [options] -- COMMAND [ARGS…]`: the command runs with the role's credentials
 * and region in its environment, as with aws-vault exec. The credentials come through the cache
 * (no code while cached ones are good); the user's own keys, the seed and the profile variables
 * are removed from the command's environment; the command's streams are ours, its exit code ours.
 */
/**
 * What the command must not see: the user's keys (and any credentials the shell held), the
 * profile variables (the JS SDK prefers AWS_PROFILE to the keys below), the container endpoint,
 * the seed, and the marker that would make a nested aws-assume-role-mfa refuse to run.
 */
const REMOVED = [
    ..._engine_credentials_js__WEBPACK_IMPORTED_MODULE_7__/* .CREDENTIAL_VARIABLES */ .eB,
    'AWS_PROFILE',
    'AWS_DEFAULT_PROFILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
    'AWS_MFA_SEED',
    _role_command_js__WEBPACK_IMPORTED_MODULE_4__/* .RUNNING */ .W2
];
/** A command that is not there (as a shell reports it), or that cannot be run. */
const NOT_FOUND = 127;
const NOT_RUNNABLE = 126;
/** The command, as main.ts runs it. */
async function run(argv, context) {
    const { io, log } = context;
    const end = argv.indexOf('--');
    const options = (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .parseCommandLine */ .Du)(end < 0 ? argv : argv.slice(0, end), 'exec');
    if (options.help) {
        io.stdout.write(EXEC_HELP);
        return 0;
    }
    const [command, ...args] = end < 0 ? [] : argv.slice(end + 1);
    if (!command) {
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz([
            'exec needs the command to run after --, as in: aws-assume-role-mfa exec deploy -- aws sts get-caller-identity'
        ]);
    }
    const resolved = await (0,_role_command_js__WEBPACK_IMPORTED_MODULE_4__/* .prepareRole */ .Uf)(options, context);
    const { credentials, settings } = await (0,_obtain_js__WEBPACK_IMPORTED_MODULE_5__/* .obtainRole */ .q)(resolved, context, {
        cache: true,
        prompt: true
    });
    return runCommand(command, args, commandEnv(io.env, credentials, settings.region), log, io.stdin);
}
/** The environment of the command: ours, less REMOVED, plus the role's credentials and region. */
function commandEnv(env, credentials, region) {
    const result = { ...env };
    for (const name of REMOVED)
        delete result[name];
    for (const [name, value] of [...(0,_engine_credentials_js__WEBPACK_IMPORTED_MODULE_7__/* .sessionVariables */ .qu)(credentials), ...(0,_engine_credentials_js__WEBPACK_IMPORTED_MODULE_7__/* .regionVariables */ .AU)(region)]) {
        result[name] = value;
    }
    return result;
}
/**
 * Runs the command without a shell (on Windows too: no quoting to get wrong), its standard streams
 * ours, and resolves with its exit code, or 128 + the signal's number when a signal ended it.
 * SIGTERM and SIGHUP are passed on; so is SIGINT, unless a terminal sent it to its foreground
 * process group, which the command is in too: it got that Ctrl-C already, and a second one makes
 * some tools (Terraform) stop at once instead of cleanly.
 */
function runCommand(command, args, env, log, stdin) {
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, { env, stdio: 'inherit', shell: false });
        const forward = (signal) => () => {
            if (signal === 'SIGINT' && sentByTerminal(stdin))
                return;
            child.kill(signal);
        };
        const handlers = ['SIGINT', 'SIGTERM', 'SIGHUP'].map(signal => [signal, forward(signal)]);
        for (const [signal, handler] of handlers)
            process.on(signal, handler);
        const done = () => {
            for (const [signal, handler] of handlers)
                process.removeListener(signal, handler);
        };
        child.once('error', (error) => {
            done();
            const notFound = error.code === 'ENOENT';
            log.info(`aws-assume-role-mfa: cannot run ${command}: ${notFound ? 'no such command' : error.code}` +
                (process.platform === 'win32' ? ' (a .cmd or .bat file needs: -- cmd /c NAME ...)' : ''));
            if (error.code === 'ENOENT' || error.code === 'EACCES' || error.code === 'EINVAL') {
                resolve(notFound ? NOT_FOUND : NOT_RUNNABLE);
            }
            else
                reject(new _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`Cannot run ${command}: ${error.message}`));
        });
        child.once('exit', (code, signal) => {
            done();
            resolve(code ?? 128 + (signal ? (node_os__WEBPACK_IMPORTED_MODULE_2__.constants.signals[signal] ?? 0) : 0));
        });
    });
}
/**
 * Whether we are in the foreground process group of our controlling terminal, where a Ctrl-C
 * reaches every process of the group. Linux says so in /proc (pgrp and tpgid of
 * /proc/self/stat); elsewhere, a terminal on standard input is taken to mean it.
 */
function sentByTerminal(stdin) {
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)('/proc/self/stat', 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // state ppid pgrp session tty_nr tpgid
        const [pgrp, , ttyNr, tpgid] = fields.slice(2, 6).map(Number);
        return ttyNr !== 0 && pgrp === tpgid;
    }
    catch {
        return stdin.isTTY === true;
    }
}
const EXEC_HELP = `Usage: aws-assume-role-mfa exec [PROFILE] [options] -- COMMAND [ARGS...]

Runs COMMAND with the role's temporary credentials and region in its environment
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
AWS_REGION, AWS_DEFAULT_REGION), and without your own keys, AWS_PROFILE or AWS_MFA_SEED.
The credentials are cached as for --format credential-process: no code while they are good.
The exit code is COMMAND's (128 + N when signal N ended it); SIGINT and SIGTERM are passed on.
COMMAND runs without a shell: write -- sh -c '...' for one.

PROFILE is a profile of ~/.aws/config (role_arn, mfa_serial, source_profile, external_id,
role_session_name, duration_seconds, region, and ours: mfa_seed_file,
mfa_session_duration_seconds); options given here win over it. The options are those of
aws-assume-role-mfa --help, without --format.

Examples:
  aws-assume-role-mfa exec deploy -- terraform plan
  aws-assume-role-mfa exec --role-to-assume arn:aws:iam::123456789012:role/deploy \\
      --mfa-serial arn:aws:iam::123456789012:mfa/alice -- aws s3 ls
`;


/***/ })

};
;