export const id = 721;
export const ids = [721];
export const modules = {

/***/ 8721:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   roleFromDaySession: () => (/* binding */ roleFromDaySession),
/* harmony export */   sessionAndRole: () => (/* binding */ sessionAndRole)
/* harmony export */ });
/* unused harmony export DAY_SESSION_SECONDS */
/* harmony import */ var _engine_assume_role_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6775);
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7679);
/* harmony import */ var _engine_sts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8084);
/* harmony import */ var _engine_untrusted_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9840);
/* harmony import */ var _settings_engine_requests_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(346);
/* harmony import */ var _cache_lock_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1178);
/* harmony import */ var _cache_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4624);







/*
 * One MFA session for the day (--mfa-session, or mfa_session_duration_seconds in a profile): the
 * user's GetSessionToken session is kept in the private cache, and roles are assumed from it with
 * no code until it ends. Such an AssumeRole is role chaining (at most one hour), and a trust policy
 * may bound aws:MultiFactorAuthAge, which counts from the GetSessionToken call: AWS then refuses
 * with a generic AccessDenied (../../docs/mfa-features.md; ../shared/AWS-MFA-FACTS.md). So an
 * AccessDenied to a session older than a few seconds falls back to one fresh code, with AssumeRole
 * itself (age 0), and says why; never more than one extra code per run.
 */
/** GetSessionToken's default, and what --mfa-session keeps a session for: 12 hours. */
const DAY_SESSION_SECONDS = 43200;
/** A session with less left than this is not used: a role assumed from it would barely start. */
const MIN_SESSION_LEFT_MS = 5 * 60_000;
/**
 * An AccessDenied to a session younger than this is not about its age: no fallback (the action's
 * threshold, engine/errors.ts).
 */
const FRESH_SESSION_MS = _engine_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .MFA_AGE_SUSPECT_SECONDS */ .Fm * 1000;
/** The role, from the day's MFA session: cached, else a new one (one code), kept for the day. */
async function roleFromDaySession(settings, io) {
    // obtain.ts has refused what role chaining cannot do (more than one role, or than an hour).
    const file = (0,_cache_js__WEBPACK_IMPORTED_MODULE_6__/* .sessionCacheFile */ .jP)(io.directory, settings);
    const found = cachedSession(file, io);
    if (found) {
        const age = io.clock.now() - found.issuedAt;
        try {
            return await fromSession(settings, found, io);
        }
        catch (error) {
            if (sessionOver(error)) {
                // Revoked, or ended early: forgotten, and a new one is made below (the usual one code).
                io.info(`STS no longer takes the cached MFA session (${errorName(error)}): getting a new one.`);
                (0,_cache_js__WEBPACK_IMPORTED_MODULE_6__/* .removeCachedSession */ .XT)(file);
            }
            else if (errorName(error) === 'AccessDenied' && age >= FRESH_SESSION_MS) {
                return fallBack(settings, found, age, io, error);
            }
            else {
                throw (0,_engine_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .explainStsError */ .ce)(error, { ...settings, refusedCodes: 0 });
            }
        }
    }
    const session = await newOrCachedSession(file, io);
    try {
        return await fromSession(settings, session, io);
    }
    catch (error) {
        throw (0,_engine_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .explainStsError */ .ce)(error, { ...settings, refusedCodes: 0 });
    }
}
/**
 * serve --mfa-session: the day's session itself and the role's first credentials from it; the
 * server renews the role from the session, so a role that refuses the session is an error here,
 * not a fallback to a code.
 */
async function sessionAndRole(settings, io) {
    const file = (0,_cache_js__WEBPACK_IMPORTED_MODULE_6__/* .sessionCacheFile */ .jP)(io.directory, settings);
    let session = cachedSession(file, io);
    for (let attempt = 0;; attempt++) {
        session ??= await newOrCachedSession(file, io);
        try {
            return { session: session.credentials, role: await fromSession(settings, session, io) };
        }
        catch (error) {
            if (sessionOver(error) && attempt === 0) {
                (0,_cache_js__WEBPACK_IMPORTED_MODULE_6__/* .removeCachedSession */ .XT)(file);
                session = undefined;
                continue;
            }
            const age = Math.round((io.clock.now() - session.issuedAt) / 1000);
            const hint = errorName(error) === 'AccessDenied' && age * 1000 >= FRESH_SESSION_MS
                ? ` The MFA session is ${age} s old: if the role's trust policy bounds ` +
                    'aws:MultiFactorAuthAge below that, serve it without --mfa-session (a session of its ' +
                    'own, made with a code now; the bound must still allow its renewals).'
                : '';
            const explained = (0,_engine_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .explainStsError */ .ce)(error, { ...settings, refusedCodes: 0 });
            throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(explained.message + hint, { cause: error });
        }
    }
}
/** The cached session, told (and masked) when there is one. */
function cachedSession(file, io) {
    const found = (0,_cache_js__WEBPACK_IMPORTED_MODULE_6__/* .readCachedSession */ .t2)(file, io.clock.now(), MIN_SESSION_LEFT_MS);
    if (!found)
        return undefined;
    for (const secret of secretsOf(found))
        io.mask(secret);
    const age = io.clock.now() - found.issuedAt;
    io.info(`Using the MFA session of ${found.credentials.arn} (${Math.round(age / 1000)} s old, until ` +
        `${found.credentials.expiration.toISOString()}): no code needed.`);
    return found;
}
/** One new session per device at a time: runs started together spend one code between them. */
function newOrCachedSession(file, io) {
    return (0,_cache_lock_js__WEBPACK_IMPORTED_MODULE_5__/* .withLock */ .kK)(`${file}.lock`, async () => {
        const again = (0,_cache_js__WEBPACK_IMPORTED_MODULE_6__/* .readCachedSession */ .t2)(file, io.clock.now(), MIN_SESSION_LEFT_MS);
        if (again)
            return again;
        const fresh = await newSession(await io.withCode(), io);
        try {
            (0,_cache_js__WEBPACK_IMPORTED_MODULE_6__/* .writeCachedSession */ .Qw)(file, fresh);
        }
        catch (error) {
            io.info(`Could not cache the MFA session in ${file}: ${error.message}`);
        }
        return fresh;
    }, { onWait: io.onWait });
}
const errorName = (error) => error?.name ?? '';
/** STS's answers that mean the session itself is over: expired, or revoked. */
function sessionOver(error) {
    return ['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId'].includes(errorName(error));
}
/** GetSessionToken with one code, for the day; GetCallerIdentity proves it and names the user. */
async function newSession(settings, io) {
    const issuedAt = io.clock.now();
    io.info(`Getting an MFA session of ${settings.mfaSessionDurationSeconds} s with MFA device ` +
        `${settings.mfaSerial}.`);
    const request = (0,_settings_engine_requests_js__WEBPACK_IMPORTED_MODULE_4__/* .obtainRequest */ .v)({
        ...settings,
        roleArn: '',
        roleArns: [],
        mfaSessionToShare: undefined,
        receivedMfaSession: undefined,
        mfaCodePerRole: false
    });
    const obtained = await (0,_engine_assume_role_js__WEBPACK_IMPORTED_MODULE_0__/* .obtainCredentials */ .A)({ ...request, mfaSession: { durationSeconds: settings.mfaSessionDurationSeconds } }, { clock: io.clock, mask: io.mask, notice: io.info, info: io.info });
    const [identity] = obtained.roles;
    return { credentials: identity, issuedAt };
}
/** AssumeRole with the session's credentials, no code; checked as every answer is. */
async function fromSession(settings, session, io) {
    const client = (0,_engine_sts_js__WEBPACK_IMPORTED_MODULE_2__/* .createStsClient */ .uW)({
        ...settings,
        baseCredentials: session.credentials,
        profile: undefined
    });
    const role = await (0,_engine_sts_js__WEBPACK_IMPORTED_MODULE_2__/* .assumeRole */ .xN)(client, settings, undefined);
    (0,_engine_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .checkCredentials */ .v)(role, {
        roleArn: settings.roleArn,
        sessionName: settings.sessionName,
        durationSeconds: settings.durationSeconds,
        nowMs: io.clock.now()
    });
    for (const secret of [role.secretAccessKey, role.sessionToken])
        io.mask(secret);
    io.info(`Assumed ${role.arn} from the MFA session, until ${role.expiration.toISOString()}.`);
    return role;
}
/**
 * The role refused the session, most likely for its age (aws:MultiFactorAuthAge): one fresh code,
 * sent with AssumeRole itself (age 0). The session stays cached for the roles that accept it.
 */
async function fallBack(settings, session, ageMs, io, error) {
    const age = `${Math.round(ageMs / 1000)} s`;
    if (!io.canGetCode) {
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`STS refused to assume ${settings.roleArn} with the cached MFA session of ` +
            `${session.credentials.arn}, which is ${age} old (AccessDenied). The role's trust ` +
            'policy probably bounds aws:MultiFactorAuthAge below that age, or does not trust the ' +
            'user. Give a code source (a seed: --mfa-seed-file, mfa_seed_file, AWS_MFA_SEED; or ' +
            '--mfa-code, or a terminal to be asked in) so that the role is assumed with a fresh ' +
            "code, raise the role's aws:MultiFactorAuthAge bound, or drop --mfa-session for this role.", { cause: error });
    }
    io.info(`STS refused to assume ${settings.roleArn} with the cached MFA session, which is ${age} old ` +
        "(AccessDenied): the role's trust policy probably bounds aws:MultiFactorAuthAge below " +
        'that. Assuming it with a fresh one-time code instead.');
    return io.fresh(await io.withCode());
}
function secretsOf(session) {
    const { accessKeyId, secretAccessKey, sessionToken } = session.credentials;
    return [accessKeyId, secretAccessKey, sessionToken];
}


/***/ })

};
