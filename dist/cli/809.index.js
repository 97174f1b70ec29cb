"use strict";
exports.id = 809;
exports.ids = [809];
exports.modules = {

/***/ 5809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CODE_HELP: () => (/* binding */ CODE_HELP),
/* harmony export */   run: () => (/* binding */ run),
/* harmony export */   runCode: () => (/* binding */ runCode)
/* harmony export */ });
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7679);
/* harmony import */ var _engine_totp_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6241);
/* harmony import */ var _settings_mfa_inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7575);
/* harmony import */ var _mfa_input_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7637);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(776);





/** The command, as main.ts runs it. */
async function run(argv, { io, log, mfa }) {
    await runCode(argv, { ...io, info: log.info, mask: log.mask }, mfa);
    return 0;
}
/** Returns the MFA input read, so that failures name its source. */
async function runCode(argv, io, seen) {
    const options = parseCodeCommandLine(argv);
    if (options.help) {
        io.stdout.write(CODE_HELP);
        return;
    }
    const cliOptions = { ...options, help: false, version: false, format: 'sh', inputs: {} };
    const mfa = await (0,_mfa_input_js__WEBPACK_IMPORTED_MODULE_3__/* .readMfaInput */ .f)(cliOptions, io.env, io);
    Object.assign(seen, mfa);
    if (mfa.seed === undefined) {
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz([
            'No seed: set AWS_MFA_SEED, or give --mfa-seed-file FILE or --mfa-seed-stdin.'
        ]);
    }
    io.mask(mfa.seed);
    const problems = [];
    const totp = (0,_settings_mfa_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .parseSeed */ .dS)(mfa.seed.trim(), problems, io.mask);
    if (problems.length > 0)
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(problems);
    let wait = (0,_engine_totp_js__WEBPACK_IMPORTED_MODULE_1__/* .msUntilUsable */ .lZ)(io.clock.now(), totp.period);
    if (wait > 0) {
        io.info(`Waiting ${Math.ceil(wait / 1000)} s for the next TOTP window: the current code expires too soon.`);
    }
    while (wait > 0) {
        await io.clock.sleep(wait);
        wait = (0,_engine_totp_js__WEBPACK_IMPORTED_MODULE_1__/* .msUntilUsable */ .lZ)(io.clock.now(), totp.period);
    }
    io.stdout.write(`${await (0,_engine_totp_js__WEBPACK_IMPORTED_MODULE_1__/* .oneTimeCode */ .l9)(totp, io.clock.now())}\n`);
}
function parseCodeCommandLine(argv) {
    const values = (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .parseUsage */ .Zb)(argv, {
        'mfa-seed-file': { type: 'string' },
        'mfa-seed-stdin': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
    }, 'the seed is never an argument (shell history and ps would keep it).');
    if (values['mfa-seed-file'] && values['mfa-seed-stdin']) {
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz([
            'Options --mfa-seed-file and --mfa-seed-stdin were both given: give one.'
        ]);
    }
    return {
        help: values.help === true,
        mfaSeedFile: values['mfa-seed-file'] || undefined,
        mfaSeedStdin: values['mfa-seed-stdin'] === true
    };
}
const CODE_HELP = `Usage: aws-assume-role-mfa code [--mfa-seed-file FILE | --mfa-seed-stdin]

Prints the virtual MFA device's current one-time code, computed from its seed, and nothing else
on standard output: for the AWS console's sign-in, without an authenticator app or oathtool.
When the current code has less than 5 seconds left, it waits for the next one.

  AWS_MFA_SEED                  environment variable holding the base32 seed (or otpauth:// URI)
  --mfa-seed-file FILE          file holding the seed; must be readable by you only (chmod 600)
  --mfa-seed-stdin              read the seed from standard input
  -h, --help                    this help
`;


/***/ }),

/***/ 6241:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FA: () => (/* reexport safe */ _totp_params_js__WEBPACK_IMPORTED_MODULE_0__.F),
/* harmony export */   l9: () => (/* binding */ oneTimeCode),
/* harmony export */   lZ: () => (/* binding */ msUntilUsable),
/* harmony export */   oM: () => (/* binding */ timeStep)
/* harmony export */ });
/* unused harmony export MIN_REMAINING_SECONDS */
/* harmony import */ var otplib__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8590);
/* harmony import */ var _totp_params_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2076);

/** RFC 6238 one-time codes, computed by otplib; the seed's parameters are in totp-params.ts. */

/**
 * A code is never sent with less than this much validity left. The request has to be signed,
 * sent and checked inside the window, and the SDK may retry a throttled or failed request with the
 * same code after a backoff. AWS tolerates some drift, but does not document it, so we do not rely on
 * it. Waiting costs at most this long, in one run out of six.
 */
const MIN_REMAINING_SECONDS = 5;
/** The time step (RFC 6238 T) that contains `epochMs`. */
function timeStep(epochMs, period) {
    return Math.floor(epochMs / 1000 / period);
}
/**
 * How long to wait before a code can be computed at a time step later than `usedStep` with at
 * least MIN_REMAINING_SECONDS of validity left. Zero when it can be computed now.
 */
function msUntilUsable(epochMs, period, usedStep = -Infinity) {
    const step = timeStep(epochMs, period);
    const stepEndMs = (step + 1) * period * 1000;
    if (step > usedStep && stepEndMs - epochMs >= MIN_REMAINING_SECONDS * 1000)
        return 0;
    // The next window starts at stepEndMs; a code of a step after `usedStep` needs that window.
    return stepEndMs - epochMs;
}
/** The code for the window containing `epochMs`. */
async function oneTimeCode(params, epochMs) {
    return (0,otplib__WEBPACK_IMPORTED_MODULE_1__/* .generate */ .cM)({
        secret: params.secret,
        digits: params.digits,
        period: params.period,
        algorithm: params.algorithm,
        epoch: Math.floor(epochMs / 1000)
    });
}


/***/ })

};
;