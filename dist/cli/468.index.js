"use strict";
exports.id = 468;
exports.ids = [468];
exports.modules = {

/***/ 9468:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   assumeRoleWithCode: () => (/* binding */ assumeRoleWithCode),
/* harmony export */   sessionAndRoleWithCode: () => (/* binding */ sessionAndRoleWithCode)
/* harmony export */ });
/* harmony import */ var _engine_assume_role_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6775);
/* harmony import */ var _settings_engine_requests_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(346);


/**
 * One AssumeRole with a one-time code (the engine's, as in the action), told on standard error.
 * Loaded only on a cache miss: this is where the AWS SDK comes in.
 */
async function assumeRoleWithCode(settings, clock, log) {
    log.info(`Assuming ${settings.roleArn} with MFA device ${settings.mfaSerial}.`);
    const [credentials] = (await (0,_engine_assume_role_js__WEBPACK_IMPORTED_MODULE_0__/* .obtainCredentials */ .A)((0,_settings_engine_requests_js__WEBPACK_IMPORTED_MODULE_1__/* .obtainRequest */ .v)(settings), {
        clock,
        mask: log.mask,
        notice: log.info,
        info: log.info
    })).roles;
    for (const secret of [credentials.secretAccessKey, credentials.sessionToken])
        log.mask(secret);
    log.info(`Assumed ${credentials.arn} until ${credentials.expiration.toISOString()}.`);
    return credentials;
}
/**
 * serve without a day session: one code for an MFA session of mfa-session-duration-seconds, and the
 * role assumed from it (role chaining: one hour), as refresh-credentials does in the action.
 */
async function sessionAndRoleWithCode(settings, clock, log) {
    log.info(`Getting an MFA session of ${settings.mfaSessionDurationSeconds} s with MFA device ` +
        `${settings.mfaSerial}, and ${settings.roleArn} from it.`);
    const obtained = await (0,_engine_assume_role_js__WEBPACK_IMPORTED_MODULE_0__/* .obtainCredentials */ .A)((0,_settings_engine_requests_js__WEBPACK_IMPORTED_MODULE_1__/* .obtainRequest */ .v)({
        ...settings,
        refreshCredentials: true,
        mfaSessionToShare: undefined,
        receivedMfaSession: undefined
    }), { clock, mask: log.mask, notice: log.info, info: log.info });
    const [role] = obtained.roles;
    const session = obtained.mfaSession;
    if (!session || !role)
        throw new Error('STS gave no MFA session.');
    for (const secret of [role.secretAccessKey, role.sessionToken])
        log.mask(secret);
    log.info(`Assumed ${role.arn} until ${role.expiration.toISOString()}.`);
    return { session, role };
}


/***/ })

};
;