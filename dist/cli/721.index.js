"use strict";
exports.id = 721;
exports.ids = [721,178];
exports.modules = {

/***/ 1178:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   withLock: () => (/* binding */ withLock)
/* harmony export */ });
/* unused harmony exports LOCK_HEARTBEAT_MS, LOCK_STALE_MS, LOCK_WAIT_MS, isStale, removeLock */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7679);
/* harmony import */ var _engine_private_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3555);





/**
 * One cache entry, one code: the AWS CLI, a script or Terraform may start the credential_process
 * many times at once, and each call that found no cache would spend a one-time code of the same
 * device in the same 30 seconds, where STS accepts one (docs/design.md). So a call that misses the
 * cache takes the entry's lock, a file created exclusively next to it; the others wait, then read
 * the cache the first one wrote.
 *
 * A holder refreshes the lock's modification time every LOCK_HEARTBEAT_MS. A lock is stale when
 * that stopped for LOCK_STALE_MS, or at once when its holder's process is gone (same host): a call
 * killed midway holds no one up. Nobody waits longer than LOCK_WAIT_MS.
 */
const LOCK_HEARTBEAT_MS = 1_000;
const LOCK_STALE_MS = 10_000;
/**
 * Longer than a holder can take: up to 5 MFA windows of 30 s (mfa-retry-windows is at most 4),
 * each with a few bounded STS attempts (docs/design.md, Timeouts and retries).
 */
const LOCK_WAIT_MS = 5 * 60_000;
const POLL_MS = [50, 200];
const O_NOFOLLOW = node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NOFOLLOW ?? 0;
/**
 * Runs `work` holding the lock `path` (created exclusively, mode 600, in a folder the caller has
 * checked), and removes the lock after, whatever `work` did.
 */
async function withLock(path, work, { onWait, now = Date.now, sleep = defaultSleep }) {
    const token = `${process.pid} ${(0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)()} ${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString('hex')}\n`;
    const giveUpAt = now() + LOCK_WAIT_MS;
    let waited = false;
    let fd;
    while (fd === undefined) {
        fd = tryCreate(path, token);
        if (fd !== undefined)
            break;
        const holder = (0,_engine_private_files_js__WEBPACK_IMPORTED_MODULE_4__/* .readNoFollow */ .pj)(path);
        if (!holder)
            continue; // released between our attempt and this look: try again at once
        if (isStale(holder.content, holder.stats.mtimeMs, now())) {
            removeLock(path, holder.content, now);
            continue;
        }
        if (now() > giveUpAt) {
            throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`Another aws-assume-role-mfa (${describeHolder(holder.content)}) has held the cache lock ` +
                `${path} for more than ${LOCK_WAIT_MS / 1000} s. If no such process runs, delete the lock.`);
        }
        if (!waited) {
            waited = true;
            onWait(`Waiting for another aws-assume-role-mfa (${describeHolder(holder.content)}) that is ` +
                'getting the same credentials.');
        }
        await sleep(POLL_MS[0] + Math.random() * (POLL_MS[1] - POLL_MS[0]));
    }
    const heldFd = fd;
    const heartbeat = setInterval(() => {
        const time = new Date(now());
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.futimesSync)(heldFd, time, time);
        }
        catch {
            // The lock was removed as stale under us; the cache write is atomic either way.
        }
    }, LOCK_HEARTBEAT_MS);
    heartbeat.unref();
    try {
        return await work();
    }
    finally {
        clearInterval(heartbeat);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(heldFd);
        // Only our own lock: after a stale break, the file at `path` may be another call's.
        removeLock(path, token, now);
    }
}
function tryCreate(path, token) {
    const flags = node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_EXCL | O_NOFOLLOW;
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(path, flags, 0o600);
    }
    catch (error) {
        if (error.code === 'EEXIST')
            return undefined;
        throw error;
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeSync)(fd, token);
    return fd;
}
/** A lock whose heartbeat stopped, or whose holder is a process of this host that is gone. */
function isStale(content, mtimeMs, now) {
    if (now - mtimeMs > LOCK_STALE_MS)
        return true;
    const [pid, host] = content.trim().split(' ');
    if (host !== (0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)() || !/^\d+$/.test(pid))
        return false;
    try {
        process.kill(Number(pid), 0);
        return false;
    }
    catch (error) {
        // EPERM: the process exists, as another user.
        return error.code === 'ESRCH';
    }
}
/**
 * Removes the lock at `path` if it still holds `content`, with no race: two waiters may both see
 * a lock stale, and the second must not remove the fresh lock the first has taken since.
 *
 * The right to remove one lock is a file created exclusively, named after that lock's content
 * (which carries a random token, so it names one lock, once): `PATH.<hash>.<generation>.break`.
 * Whoever creates it is the only one who may remove that lock, and does so only while the lock
 * still holds that content; the holder releases its own lock the same way. While that lock is at
 * `path`, nobody else can remove it nor create another there (O_EXCL), so the check and the unlink
 * see the same file. A claim whose maker is gone (killed between its two steps) is passed over
 * to the next generation, as a stale lock would be. Returns whether the lock was this call's to
 * remove (false: another call is removing it, or has).
 */
function removeLock(path, content, now = Date.now) {
    const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(content).digest('hex').slice(0, 16);
    const claims = [];
    let claimed = false;
    for (let generation = 0; generation < MAX_CLAIM_GENERATIONS && !claimed; generation++) {
        const claim = `${path}.${digest}.${generation}.break`;
        claims.push(claim);
        const fd = tryCreate(claim, `${process.pid} ${(0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)()} ${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString('hex')}\n`);
        if (fd !== undefined) {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
            claimed = true;
            break;
        }
        const maker = (0,_engine_private_files_js__WEBPACK_IMPORTED_MODULE_4__/* .readNoFollow */ .pj)(claim);
        // Gone already: its maker finished; the lock it removed is not ours to look at again.
        if (!maker)
            return false;
        if (!isStale(maker.content, maker.stats.mtimeMs, now()))
            return false;
    }
    if (!claimed)
        return false;
    try {
        if ((0,_engine_private_files_js__WEBPACK_IMPORTED_MODULE_4__/* .readNoFollow */ .pj)(path)?.content === content)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.unlinkSync)(path);
    }
    finally {
        // The lock is gone: a late claim on it would find other content and remove nothing.
        for (const claim of claims)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(claim, { force: true });
    }
    return true;
}
/** Claims of makers that died between their two steps; past these, the lock is left alone. */
const MAX_CLAIM_GENERATIONS = 8;
function describeHolder(content) {
    const [pid, host] = content.trim().split(' ');
    if (!pid)
        return 'a process just starting';
    return host === (0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)() ? `pid ${pid}` : `pid ${pid} on ${host}`;
}
const defaultSleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));


/***/ }),

/***/ 8721:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   roleFromDaySession: () => (/* binding */ roleFromDaySession),
/* harmony export */   sessionAndRole: () => (/* binding */ sessionAndRole)
/* harmony export */ });
/* unused harmony export DAY_SESSION_SECONDS */
/* harmony import */ var _engine_assume_role_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6775);
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7679);
/* harmony import */ var _engine_sts_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5028);
/* harmony import */ var _engine_sts_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3498);
/* harmony import */ var _engine_untrusted_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9840);
/* harmony import */ var _settings_engine_requests_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(346);
/* harmony import */ var _cache_lock_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1178);
/* harmony import */ var _cache_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4624);








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
const FRESH_SESSION_MS = _engine_sts_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .MFA_AGE_SUSPECT_SECONDS */ .Fm * 1000;
/** The role, from the day's MFA session: cached, else a new one (one code), kept for the day. */
async function roleFromDaySession(settings, io) {
    // obtain.ts has refused what role chaining cannot do (more than one role, or than an hour).
    const entry = sessionEntry(settings, io);
    const found = cachedSession(entry, io);
    if (found) {
        const age = io.clock.now() - found.issuedAt;
        try {
            return await fromSession(settings, found, io);
        }
        catch (error) {
            if (sessionOver(error)) {
                // Revoked, or ended early: forgotten, and a new one is made below (the usual one code).
                io.info(`STS no longer takes the cached MFA session (${errorName(error)}): getting a new one.`);
                (0,_cache_js__WEBPACK_IMPORTED_MODULE_7__/* .removeCachedSession */ .XT)(entry);
            }
            else if (errorName(error) === 'AccessDenied' && age >= FRESH_SESSION_MS) {
                return fallBack(settings, found, age, io, error);
            }
            else {
                throw (0,_engine_sts_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .explainStsError */ .ce)(error, { ...settings, refusedCodes: 0 });
            }
        }
    }
    const session = await newOrCachedSession(entry, io);
    try {
        return await fromSession(settings, session, io);
    }
    catch (error) {
        throw (0,_engine_sts_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .explainStsError */ .ce)(error, { ...settings, refusedCodes: 0 });
    }
}
/**
 * serve --mfa-session: the day's session itself and the role's first credentials from it; the
 * server renews the role from the session, so a role that refuses the session is an error here,
 * not a fallback to a code.
 */
async function sessionAndRole(settings, io) {
    const entry = sessionEntry(settings, io);
    let session = cachedSession(entry, io);
    for (let attempt = 0;; attempt++) {
        session ??= await newOrCachedSession(entry, io);
        try {
            return { session: session.credentials, role: await fromSession(settings, session, io) };
        }
        catch (error) {
            if (sessionOver(error) && attempt === 0) {
                (0,_cache_js__WEBPACK_IMPORTED_MODULE_7__/* .removeCachedSession */ .XT)(entry);
                session = undefined;
                continue;
            }
            const age = Math.round((io.clock.now() - session.issuedAt) / 1000);
            const hint = errorName(error) === 'AccessDenied' && age * 1000 >= FRESH_SESSION_MS
                ? ` The MFA session is ${age} s old: if the role's trust policy bounds ` +
                    'aws:MultiFactorAuthAge below that, serve it without --mfa-session (a session of its ' +
                    'own, made with a code now; the bound must still allow its renewals).'
                : '';
            const explained = (0,_engine_sts_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .explainStsError */ .ce)(error, { ...settings, refusedCodes: 0 });
            throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(explained.message + hint, { cause: error });
        }
    }
}
/** The day session's cache entry: the device, keys' profile, region and STS it is for. */
function sessionEntry(settings, io) {
    return (0,_cache_js__WEBPACK_IMPORTED_MODULE_7__/* .sessionCacheEntry */ .dA)(io.directory, { ...settings, endpointVariables: io.endpointVariables });
}
/** The cached session, told (and masked) when there is one. */
function cachedSession(entry, io) {
    const found = (0,_cache_js__WEBPACK_IMPORTED_MODULE_7__/* .readCachedSession */ .t2)(entry, io.clock.now(), MIN_SESSION_LEFT_MS);
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
function newOrCachedSession(entry, io) {
    return (0,_cache_lock_js__WEBPACK_IMPORTED_MODULE_6__.withLock)(`${entry.path}.lock`, async () => {
        const again = (0,_cache_js__WEBPACK_IMPORTED_MODULE_7__/* .readCachedSession */ .t2)(entry, io.clock.now(), MIN_SESSION_LEFT_MS);
        if (again)
            return again;
        const fresh = await newSession(await io.withCode(), io);
        try {
            (0,_cache_js__WEBPACK_IMPORTED_MODULE_7__/* .writeCachedSession */ .Qw)(entry, fresh);
        }
        catch (error) {
            io.info(`Could not cache the MFA session in ${entry.path}: ${error.message}`);
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
    const request = (0,_settings_engine_requests_js__WEBPACK_IMPORTED_MODULE_5__/* .obtainRequest */ .v)({
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
    const client = (0,_engine_sts_js__WEBPACK_IMPORTED_MODULE_3__/* .createStsClient */ .uW)({
        ...settings,
        baseCredentials: session.credentials,
        profile: undefined
    });
    const role = await (0,_engine_sts_js__WEBPACK_IMPORTED_MODULE_3__/* .assumeRole */ .xN)(client, settings, undefined);
    (0,_engine_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .checkCredentials */ .v)(role, {
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
;