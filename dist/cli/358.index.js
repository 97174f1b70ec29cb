"use strict";
exports.id = 358;
exports.ids = [358];
exports.modules = {

/***/ 6775:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  A: () => (/* binding */ obtainCredentials)
});

// EXTERNAL MODULE: ./src/engine/errors.ts
var errors = __webpack_require__(7679);
// EXTERNAL MODULE: ./src/engine/sts-errors.ts
var sts_errors = __webpack_require__(5028);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/engine/aws-clock.ts
/**
 * AWS's clock, as the `Date` header of an STS answer shows it. A runner whose clock is off by more
 * than AWS's drift allowance (about a window either side, observed) computes codes AWS refuses as
 * wrong, forever; its signatures still pass up to 5 minutes off, so the refusal is the only sign.
 */
/** Offsets below this are noise: the header has whole seconds, and the answer took some time. */
const CLOCK_SKEW_THRESHOLD_MS = 5_000;
/**
 * How far AWS's clock is ahead of ours (negative: behind), from the `Date` header of the answer
 * that carried `error` (the SDK keeps the raw answer as `$response`), read at `localNowMs`.
 * Undefined without a usable header, or when the clocks agree within the threshold.
 */
function awsClockOffsetMs(error, localNowMs) {
    const headers = error?.$response?.headers ?? {};
    const date = Date.parse(headers.date ?? headers.Date ?? '');
    if (Number.isNaN(date))
        return undefined;
    // The header drops the milliseconds: AWS's time was, on average, half a second later.
    const offset = date + 500 - localNowMs;
    return Math.abs(offset) > CLOCK_SKEW_THRESHOLD_MS ? offset : undefined;
}

// EXTERNAL MODULE: ./src/engine/totp.ts
var engine_totp = __webpack_require__(6241);
;// CONCATENATED MODULE: ./src/engine/mfa.ts




/** The STS call failed for good: its last error, and how many codes STS refused before it. */
class MfaAttemptsFailed extends Error {
    last;
    refusedCodes;
    constructor(last, refusedCodes) {
        super(`STS call failed after ${refusedCodes} refused one-time code(s)`);
        this.last = last;
        this.refusedCodes = refusedCodes;
        this.name = 'MfaAttemptsFailed';
    }
}
/**
 * Calls `attempt` with a fresh code until STS accepts one. AWS accepts a code once: a code refused
 * as wrong or reused is never sent again; another device's code is, at once, or else the next
 * window's. Any other error ends the run. A typed code is tried once. `attempt` gets the serial of
 * the device when `devices` were given.
 */
async function withOneTimeCode(options, attempt) {
    if (options.mfa.kind === 'code')
        return withTypedCode(options, options.mfa.code, attempt);
    const devices = options.devices?.length
        ? options.devices
        : [{ totp: options.mfa.totp }];
    const { clock } = options;
    // Every device is equally likely: parallel matrix jobs share GITHUB_RUN_ID and GITHUB_JOB, so
    // a hash of those would send them all to the same device.
    let next = (options.firstDevice ?? (0,external_node_crypto_.randomInt)(devices.length)) % devices.length;
    const usedStep = devices.map(d => options.spent?.get(d.serial ?? '') ?? -Infinity);
    // AWS's clock minus ours, learnt from a refusal's Date header.
    let offsetMs = 0;
    const awsNow = () => clock.now() + offsetMs;
    let refused = 0;
    let roundsRefused = 0;
    let refusedThisRound = 0;
    let lastError;
    for (;;) {
        const now = awsNow();
        const order = devices.map((_, i) => (next + i) % devices.length);
        const index = order.find(i => (0,engine_totp/* msUntilUsable */.lZ)(now, devices[i].totp.period, usedStep[i]) === 0);
        if (index === undefined) {
            if (refusedThisRound > 0 && ++roundsRefused > options.retryWindows) {
                throw new MfaAttemptsFailed(lastError, refused);
            }
            await waitForUsableWindow(options, devices, usedStep, awsNow, refusedThisRound, roundsRefused);
            refusedThisRound = 0;
            continue;
        }
        const { serial, totp } = devices[index];
        const code = await (0,engine_totp/* oneTimeCode */.l9)(totp, now);
        options.mask(code);
        try {
            const result = await attempt(code, serial);
            options.spent?.set(serial ?? '', (0,engine_totp/* timeStep */.oM)(now, totp.period));
            return result;
        }
        catch (error) {
            if (!(0,sts_errors/* isCodeRefused */.cd)(error))
                throw new MfaAttemptsFailed(error, refused);
            lastError = error;
            refused++;
            refusedThisRound++;
            usedStep[index] = (0,engine_totp/* timeStep */.oM)(now, totp.period);
            next = (index + 1) % devices.length;
            const skew = offsetMs === 0 ? awsClockOffsetMs(error, clock.now()) : undefined;
            if (skew !== undefined) {
                offsetMs = skew;
                const awsStep = (0,engine_totp/* timeStep */.oM)(awsNow(), totp.period);
                // The refused code was of the wrong window: AWS's current one has not been tried.
                if (awsStep !== usedStep[index])
                    usedStep[index] = awsStep - 1;
                next = index;
                refusedThisRound--;
                (options.warning ?? options.notice)(`The runner's clock is ${Math.round(Math.abs(skew) / 1000)} s ` +
                    `${skew > 0 ? 'behind' : 'ahead of'} AWS's (the Date of STS's answer), so STS refused ` +
                    "its one-time code. Computing the next code from AWS's clock; fix the runner's clock (NTP).");
            }
            else if (devices.length > 1) {
                options.info(`STS refused the code of ${serial}: trying the next device, ${devices[next].serial}.`);
            }
        }
    }
}
/**
 * A typed code is sent as it is, at once: the person read it off the device moments ago, and no
 * other code can be made when STS refuses it. They have to type the device's next one.
 */
async function withTypedCode(options, code, attempt) {
    options.mask(code);
    try {
        return await attempt(code);
    }
    catch (error) {
        throw new MfaAttemptsFailed(error, (0,sts_errors/* isCodeRefused */.cd)(error) ? 1 : 0);
    }
}
/** Waits until some device's code can be sent; says why when codes were refused. */
async function waitForUsableWindow(options, devices, usedStep, awsNow, refusedThisRound, round) {
    const { clock } = options;
    const until = () => Math.min(...devices.map((d, i) => (0,engine_totp/* msUntilUsable */.lZ)(awsNow(), d.totp.period, usedStep[i])));
    let wait = until();
    if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        const period = devices[0].totp.period;
        if (refusedThisRound > 0 && devices.length > 1) {
            options.notice(`STS refused the current code of all ${devices.length} MFA devices: wrong, or already used ` +
                `(for instance by parallel jobs). Waiting ${seconds} s for the next window's codes ` +
                `(try ${round + 1} of ${options.retryWindows + 1}).`);
        }
        else if (refusedThisRound > 0) {
            options.notice(`STS refused the one-time code: it was wrong, or already used in this ${period}-second ` +
                `window (for instance by a parallel job with the same MFA device). Waiting ${seconds} s ` +
                `for the next window's code (try ${round + 1} of ${options.retryWindows + 1}).`);
        }
        else if (usedStep.some((step, i) => step >= (0,engine_totp/* timeStep */.oM)(awsNow(), devices[i].totp.period))) {
            options.info(`Waiting ${seconds} s for the next TOTP window: this window's code was accepted ` +
                'already (for the previous role), and AWS accepts each code once.');
        }
        else {
            options.info(`Waiting ${seconds} s for the next TOTP window: the current code expires too soon.`);
        }
    }
    // Timers may fire a hair early: check again rather than trust one sleep.
    while (wait > 0) {
        await clock.sleep(wait);
        wait = until();
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var dist_cjs = __webpack_require__(1695);
// EXTERNAL MODULE: ./src/engine/sts.ts
var engine_sts = __webpack_require__(3498);
;// CONCATENATED MODULE: ./src/engine/mfa-session.ts


/*
 * The IAM user's own MFA session (GetSessionToken with the device's code): exported as it is when
 * no role is given, or the one MFA proof from which several roles are assumed without a code each.
 * Its credentials carry the MFA context: a role assumed with them sees aws:MultiFactorAuthPresent.
 * Such an AssumeRole is role chaining all the same, capped at one hour (IAM User Guide, "role
 * chaining"; ../shared/AWS-MFA-FACTS.md).
 */
/** GetSessionToken takes at least 900 s: enough to assume the roles from it. */
const SESSION_FOR_ROLES_SECONDS = 900;
async function getSessionToken(client, tokenCode, serialNumber, durationSeconds, askedAtMs = Date.now()) {
    const response = await client.send(new dist_cjs/* GetSessionTokenCommand */.Xo({
        SerialNumber: serialNumber,
        TokenCode: tokenCode,
        DurationSeconds: durationSeconds
    }));
    const credentials = response.Credentials;
    if (!credentials?.AccessKeyId ||
        !credentials.SecretAccessKey ||
        !credentials.SessionToken ||
        !credentials.Expiration) {
        throw new Error('STS answered GetSessionToken without credentials.');
    }
    return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
        expiration: credentials.Expiration,
        issuedAt: new Date(askedAtMs)
    };
}
/**
 * Who the session is. GetSessionToken answers without an ARN, and none can be derived: a device's
 * name and path need not be its user's (mfa/ci-deploy may belong to user/ci). So one
 * GetCallerIdentity, with the new session: it needs no permission and no MFA code, and proves the
 * credentials work before they are exported.
 */
async function sessionIdentity(sts, session) {
    const client = (0,engine_sts/* createStsClient */.uW)({ ...sts, baseCredentials: session, profile: undefined });
    const identity = await client.send(new dist_cjs/* GetCallerIdentityCommand */.zI({}));
    if (!identity.Arn || !identity.Account) {
        throw new Error('STS answered GetCallerIdentity without an ARN or account.');
    }
    return { ...session, arn: identity.Arn, accountId: identity.Account };
}

// EXTERNAL MODULE: ./src/engine/credentials.ts
var credentials = __webpack_require__(3656);
// EXTERNAL MODULE: ./node_modules/@otplib/plugin-base32-scure/dist/index.js + 1 modules
var dist = __webpack_require__(5833);
;// CONCATENATED MODULE: ./src/engine/shared-session.ts


/** Why a shared session cannot be used; the caller falls back to a one-time code, or explains. */
class UnusableSession extends Error {
    reason;
    constructor(reason) {
        super(reason);
        this.reason = reason;
        this.name = 'UnusableSession';
    }
}
const VERSION = 'v1';
const INFO = 'aws-assume-role-mfa shared MFA session v1';
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const base32 = new dist/* ScureBase32Plugin */.gZ();
/** The key of this blob: the seed's bytes, a fresh salt per blob (RFC 5869 §3.1). */
function keyFor(seed, salt) {
    return Buffer.from((0,external_node_crypto_.hkdfSync)('sha256', base32.decode(seed), salt, INFO, 32));
}
function associatedData({ repository, runId }) {
    return Buffer.from(`${VERSION}\n${repository}\n${runId}`);
}
/**
 * Seals the session for the jobs of this run. GitHub drops a job output that contains a value
 * registered with ::add-mask:: (../shared/AWS-MFA-FACTS.md): `masked` lists those values, and a
 * blob that happens to contain one is sealed again with a fresh salt and iv.
 */
function sealSession(session, seed, binding, masked = []) {
    const plaintext = JSON.stringify({
        accessKeyId: session.accessKeyId,
        secretAccessKey: session.secretAccessKey,
        sessionToken: session.sessionToken,
        expiration: session.expiration.toISOString(),
        ...(session.issuedAt && { issuedAt: session.issuedAt.toISOString() })
    });
    for (let attempt = 0; attempt < 10; attempt++) {
        const salt = randomBytes(SALT_BYTES);
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', keyFor(seed, salt), iv, {
            authTagLength: TAG_BYTES
        });
        cipher.setAAD(associatedData(binding));
        const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
        const sealed = `${VERSION}.${Buffer.concat([salt, iv, body, cipher.getAuthTag()]).toString('base64url')}`;
        if (!masked.some(value => value && sealed.includes(value)))
            return sealed;
    }
    throw new Error('Could not seal the MFA session without a masked value in it.');
}
/** Opens a sealed session of this run, or says why it cannot be used. */
function openSession(sealed, seed, binding) {
    const dot = sealed.indexOf('.');
    const version = sealed.slice(0, dot);
    if (dot < 0 || !/^v\d+$/.test(version)) {
        throw new UnusableSession('it is not an MFA session made by share-mfa-session (pass the output as it is, with ' +
            '${{ needs.<job>.outputs.mfa-session }})');
    }
    if (version !== VERSION) {
        throw new UnusableSession(`it was made by another version of the action (format ${version}; this one reads ` +
            `${VERSION}): use the same version in every job of the workflow`);
    }
    const bytes = Buffer.from(sealed.slice(dot + 1), 'base64url');
    if (bytes.length < SALT_BYTES + IV_BYTES + TAG_BYTES + 1) {
        throw new UnusableSession('it is truncated');
    }
    const salt = bytes.subarray(0, SALT_BYTES);
    const iv = bytes.subarray(SALT_BYTES, SALT_BYTES + IV_BYTES);
    const body = bytes.subarray(SALT_BYTES + IV_BYTES, bytes.length - TAG_BYTES);
    let plaintext;
    try {
        const decipher = (0,external_node_crypto_.createDecipheriv)('aes-256-gcm', keyFor(seed, salt), iv, {
            authTagLength: TAG_BYTES
        });
        decipher.setAAD(associatedData(binding));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        plaintext = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    }
    catch {
        // GCM cannot tell these apart, by design.
        throw new UnusableSession(`it does not open in run ${binding.runId} of ${binding.repository} with this mfa-seed: ` +
            'it was made by another workflow run or repository, with another seed, or altered');
    }
    const value = JSON.parse(plaintext);
    const issuedAt = value.issuedAt === undefined ? undefined : new Date(value.issuedAt);
    return {
        accessKeyId: value.accessKeyId,
        secretAccessKey: value.secretAccessKey,
        sessionToken: value.sessionToken,
        expiration: new Date(value.expiration),
        ...(issuedAt && !Number.isNaN(issuedAt.getTime()) && { issuedAt })
    };
}

// EXTERNAL MODULE: ./src/engine/untrusted.ts
var untrusted = __webpack_require__(9840);
;// CONCATENATED MODULE: ./src/engine/assume-role.ts








/** A shared session with less left than this is not used: the roles would barely outlive it. */
const MIN_SHARED_SESSION_MS = 60_000;
/** A shared session refused as too old: this job's code may assume the roles instead. */
class SharedSessionTooOld extends UnusableSession {
    refusal;
    constructor(refusal) {
        super(`STS refused AssumeRole on ${refusal.roleArn} (AccessDenied) with it, and it is ` +
            `${refusal.ageSeconds} s old`);
        this.refusal = refusal;
        this.name = 'SharedSessionTooOld';
    }
}
/**
 * The core that the action and the CLI share: one-time code → AssumeRole, across MFA windows as
 * the plan allows, and any failure turned into an ActionError that says what to do. Several roles
 * come from one code's MFA session, or each with its own code; with no role, the user's own MFA
 * session (GetSessionToken). With `sharedSession`, the roles come from another job's session (no
 * code); with `mfaSession`, from one code's MFA session, returned too (a shared one, unsealed).
 */
async function obtainCredentials(request, io) {
    return obtain(request, io, { left: true });
}
async function obtain(request, io, extra) {
    if (request.sharedSession)
        return rolesFromSharedSession(request, io, extra);
    if (request.mfaSession)
        return mfaSessionRoles(request, request.mfaSession, io, extra);
    return { roles: checked(await fromSts(request, io, extra), request, io), proof: 'code' };
}
/**
 * Nothing from the network is used unchecked (untrusted.ts): each role's credentials, or the
 * user's session with no role, lasting at most `durationSeconds`.
 */
function checked(credentials, request, io, durationSeconds = request.roles.durationSeconds) {
    for (const [i, role] of credentials.entries()) {
        (0,untrusted/* checkCredentials */.v)(role, {
            roleArn: request.roles.arns[i] ?? '',
            sessionName: request.roles.sessionName,
            durationSeconds,
            nowMs: io.clock.now()
        });
    }
    return credentials;
}
/**
 * One set of credentials per role of the request, in order: one role is assumed with the code; no
 * role gives the user's MFA session; several roles are assumed from one MFA session, so that one
 * code serves them all instead of one 30-second window per role, or with codePerRole each with its
 * own code, so that they may last past role chaining's hour.
 */
async function fromSts(request, io, extra) {
    const client = (0,engine_sts/* createStsClient */.uW)(request.sts);
    const roles = request.roles.arns;
    if (roles.length === 1 || (roles.length > 1 && request.mfa.codePerRole)) {
        await refuseChainingPastAnHour(client, request);
        // The devices' spent windows carry over from role to role: each role takes a fresh code.
        const spent = new Map();
        const assumed = [];
        for (const roleArn of roles) {
            assumed.push(await withCode(request, io, roleArn, spent, (code, serialNumber) => (0,engine_sts/* assumeRole */.xN)(client, roleRequest(request, roleArn), code, { serialNumber })));
        }
        return assumed;
    }
    const duration = roles.length === 0 ? request.roles.durationSeconds : SESSION_FOR_ROLES_SECONDS;
    const spent = new Map();
    const session = await withCode(request, io, '', spent, (code, serial) => getSessionToken(client, code, serial, duration, io.clock.now()));
    if (roles.length === 0) {
        return [await sessionIdentity(request.sts, session).catch(explained(request, ''))];
    }
    return rolesFromSession(request, session, io, ownCodeInstead(request, io, spent, extra));
}
/** The AssumeRole of one of the request's roles. */
function roleRequest(request, roleArn) {
    const { sessionName, durationSeconds, externalId, session } = request.roles;
    return {
        roleArn,
        mfaSerial: request.mfa.serial,
        sessionName,
        durationSeconds,
        externalId,
        session
    };
}
/**
 * share-mfa-session or refresh-credentials: the code is spent on one MFA session of
 * `durationSeconds`, for the whole run or for the endpoint to renew the roles from. This job then
 * gets its roles from it, or with no role the session itself.
 */
async function mfaSessionRoles(request, { durationSeconds }, io, extra) {
    const client = (0,engine_sts/* createStsClient */.uW)(request.sts);
    const spent = new Map();
    const session = await withCode(request, io, '', spent, (code, serial) => getSessionToken(client, code, serial, durationSeconds, io.clock.now()));
    for (const secret of [session.accessKeyId, session.secretAccessKey, session.sessionToken]) {
        io.mask(secret);
    }
    const roles = request.roles.arns.length === 0
        ? checked([await sessionIdentity(request.sts, session).catch(explained(request, ''))], request, io, durationSeconds)
        : checked(await rolesFromSession(request, session, io, ownCodeInstead(request, io, spent, extra)), request, io);
    return { roles, mfaSession: session, proof: 'code' };
}
/**
 * mfa-session: the roles are assumed from another job's MFA session, without a code. A session
 * that cannot be used (another run, altered, expired, revoked) falls back to a code of this job's
 * own when the device and the user's keys are given, and is explained otherwise.
 */
async function rolesFromSharedSession(request, io, extra) {
    const { sealed, run } = request.sharedSession;
    let reason;
    try {
        if (request.mfa.source.kind !== 'seed') {
            throw new UnusableSession('mfa-seed, its key, is missing');
        }
        const session = openSession(sealed, request.mfa.source.totp.secret, run);
        for (const secret of [session.accessKeyId, session.secretAccessKey, session.sessionToken]) {
            io.mask(secret);
        }
        const left = session.expiration.getTime() - io.clock.now();
        if (left < MIN_SHARED_SESSION_MS) {
            const when = session.expiration.toISOString();
            throw new UnusableSession(left > 0 ? `it expires at ${when}, in less than a minute` : `it expired at ${when}`);
        }
        const tooOld = refusal => Promise.reject(new SharedSessionTooOld(refusal));
        const roles = await rolesFromSession(request, session, io, tooOld, unusableOrExplained);
        return {
            roles: checked(roles, request, io),
            proof: 'shared-session',
            // Never sealed again (only share-mfa-session seals): for refresh-credentials to renew from.
            ...(request.mfaSession && { mfaSession: session })
        };
    }
    catch (error) {
        if (!(error instanceof UnusableSession))
            throw error;
        if (error instanceof SharedSessionTooOld)
            return sharedSessionTooOld(request, io, extra, error);
        reason = error.reason;
    }
    if (!request.mfa.serial || !request.sts.baseCredentials) {
        throw new errors/* ActionError */.lZ(`The shared MFA session (mfa-session) cannot be used: ${reason}. Re-run the whole ` +
            'workflow for a fresh session (a re-run of failed jobs reuses this one), or also give ' +
            'mfa-serial, aws-access-key-id and aws-secret-access-key, so that the job falls back to ' +
            'a one-time code of its own.');
    }
    io.notice(`The shared MFA session (mfa-session) cannot be used: ${reason}. Assuming the role with a ` +
        'one-time code of this job instead.');
    // With refresh-credentials, through one code's MFA session, which the endpoint renews from.
    return obtain({ ...request, sharedSession: undefined }, io, extra);
}
/**
 * A role refused the shared session, which is old enough for its trust policy's bound on
 * aws:MultiFactorAuthAge to be the likely cause (AWS's AccessDenied names no condition): this job's
 * own code, of age 0, when the device and the keys are given; else an error naming both.
 */
function sharedSessionTooOld(request, io, extra, { refusal }) {
    if (!request.mfa.serial || !request.sts.baseCredentials || !extra.left) {
        throw tooOldExplained(request, refusal);
    }
    extra.left = false;
    io.notice(`STS refused AssumeRole on ${refusal.roleArn} with the shared MFA session (mfa-session), ` +
        `which is ${refusal.ageSeconds} s old: the role's trust policy probably bounds ` +
        'aws:MultiFactorAuthAge (the seconds since the MFA code) below that. Assuming the role ' +
        'with a one-time code of this job instead (age 0). To use the shared session, raise the ' +
        'bound to at least mfa-session-duration-seconds, or start this job sooner after the one ' +
        'that made the session.');
    return obtain({ ...request, sharedSession: undefined }, io, extra);
}
/**
 * This job's own MFA session (several roles, share-mfa-session, refresh-credentials) refused as
 * too old by one role: that role is assumed with a fresh code of its own instead (the user's keys,
 * age 0), once per job; any further refusal, or a typed code (there is no second one), is explained.
 */
function ownCodeInstead(request, io, spent, extra) {
    return async (refusal) => {
        if (!extra.left || request.mfa.source.kind !== 'seed') {
            throw tooOldExplained(request, refusal);
        }
        extra.left = false;
        io.notice(`STS refused AssumeRole on ${refusal.roleArn} with this job's MFA session, which is ` +
            `${refusal.ageSeconds} s old: the role's trust policy probably bounds ` +
            'aws:MultiFactorAuthAge (the seconds since the MFA code) below that. Assuming this role ' +
            'with a fresh one-time code instead (age 0).');
        const client = (0,engine_sts/* createStsClient */.uW)(request.sts);
        const { roleArn } = refusal;
        return withCode(request, io, roleArn, spent, (code, serialNumber) => (0,engine_sts/* assumeRole */.xN)(client, roleRequest(request, roleArn), code, { serialNumber }));
    };
}
/** What the advice of errors.ts is told: the role, the device, where the code came from. */
function errorContext(request, roleArn, refusedCodes, mfaSessionAgeSeconds) {
    return {
        roleArn,
        mfaSerial: request.mfa.serial,
        mfa: request.mfa.source,
        refusedCodes,
        ...(mfaSessionAgeSeconds !== undefined && { mfaSessionAgeSeconds })
    };
}
/** The advice for an AccessDenied to an MFA session of this age (errors.ts). */
function tooOldExplained(request, refusal) {
    return (0,sts_errors/* explainStsError */.ce)(refusal.error, errorContext(request, refusal.roleArn, 0, refusal.ageSeconds));
}
/** STS refused the shared session's credentials themselves: expired, or unknown (revoked). */
function unusableOrExplained(request, roleArn) {
    return (error) => {
        const name = error?.name;
        if (name === 'ExpiredToken' || name === 'ExpiredTokenException') {
            throw new UnusableSession('STS answered ExpiredToken: the session has expired');
        }
        if (name === 'InvalidClientTokenId') {
            throw new UnusableSession('STS answered InvalidClientTokenId: it does not know the session (revoked, or made ' +
                'against another endpoint)');
        }
        return explained(request, roleArn)(error);
    };
}
/**
 * Each role assumed with a GetSessionToken session made with MFA: no code, and the session's MFA
 * context satisfies aws:MultiFactorAuthPresent. Role chaining: at most one hour (the caller checks).
 * An AccessDenied when the session is MFA_AGE_SUSPECT_SECONDS old or more goes to `tooOld`: a trust
 * policy may bound aws:MultiFactorAuthAge, which counts from the session's issue.
 */
async function rolesFromSession(request, session, io, tooOld, onError = explained) {
    const client = (0,engine_sts/* createStsClient */.uW)({ ...request.sts, baseCredentials: session, profile: undefined });
    const assumed = [];
    for (const roleArn of request.roles.arns) {
        assumed.push(await (0,engine_sts/* assumeRole */.xN)(client, roleRequest(request, roleArn), undefined).catch((error) => {
            const ageSeconds = sessionAgeSeconds(session, io);
            const denied = error?.name === 'AccessDenied';
            if (denied && ageSeconds !== undefined && ageSeconds >= sts_errors/* MFA_AGE_SUSPECT_SECONDS */.Fm) {
                return tooOld({ roleArn, ageSeconds, error });
            }
            return onError(request, roleArn)(error);
        }));
    }
    return assumed;
}
/** Whole seconds since the session was asked for, by this runner's clock; undefined if unknown. */
function sessionAgeSeconds(session, io) {
    if (session.issuedAt === undefined)
        return undefined;
    return Math.max(0, Math.floor((io.clock.now() - session.issuedAt.getTime()) / 1000));
}
/** One STS call with a one-time code, across windows and devices; failures explained. */
function withCode(request, io, roleArn, spent, attempt) {
    return withOneTimeCode({
        ...io,
        mfa: request.mfa.source,
        devices: request.mfa.devices,
        retryWindows: request.mfa.retryWindows,
        spent
    }, (code, serial) => attempt(code, serial ?? request.mfa.serial)).catch((error) => {
        if (!(error instanceof MfaAttemptsFailed))
            throw error;
        throw (0,sts_errors/* explainStsError */.ce)(error.last, errorContext(request, roleArn, error.refusedCodes));
    });
}
/**
 * Base credentials that the SDK's default chain found (not given keys, which the caller checked)
 * may be temporary: then AssumeRole is role chaining, and AWS would refuse more than an hour after
 * the code was spent. Asked of the provider before any code; if it fails, the AssumeRole call
 * reports why.
 */
async function refuseChainingPastAnHour(client, request) {
    const { durationSeconds } = request.roles;
    if (durationSeconds <= credentials/* ROLE_CHAINING_MAX_SECONDS */.sC || request.sts.baseCredentials)
        return;
    const found = await client.config.credentials().catch(() => undefined);
    if (!found?.sessionToken)
        return;
    throw new errors/* ActionError */.lZ(`Invalid role-duration-seconds '${durationSeconds}': the base credentials that the ` +
        'AWS SDK found are temporary (they have a session token), so assuming the role with them ' +
        'is role chaining, and AWS caps a role session assumed by role chaining at one hour ' +
        `(${credentials/* ROLE_CHAINING_MAX_SECONDS */.sC} s). Set role-duration-seconds to ${credentials/* ROLE_CHAINING_MAX_SECONDS */.sC} ` +
        "or less, or give the IAM user's long-term keys.");
}
/** A failure after the code was accepted: no code was refused, and the role is this one. */
function explained(request, roleArn) {
    return (error) => {
        throw (0,sts_errors/* explainStsError */.ce)(error, errorContext(request, roleArn, 0));
    };
}


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


/***/ }),

/***/ 9840:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ checkCredentials)
/* harmony export */ });
/* unused harmony export UntrustedAnswer */
/* harmony import */ var _arn_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4589);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7679);
/* harmony import */ var _printable_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8433);



/*
 * What comes from the network is checked before anything is masked, exported or written, and
 * escaped before it is logged: an endpoint that is not STS (a wrong sts-endpoint, a hostile proxy
 * or DNS) must not put an expired session in the job, nor a line break in a log line, a variable or
 * a profile file, where it would start a workflow command or a new section.
 */
/** Key ids as the STS API model has them (AccessKeyIdType: 16 to 128 word characters). */
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
/** Secrets and session tokens are base64 text; the answer's size cap bounds a token's length. */
const SECRET = /^[A-Za-z0-9/+=]{16,128}$/;
const TOKEN = /^[A-Za-z0-9/+=]{16,}$/;
/** How far AWS's clock may be from the runner's and still sign (SigV4 allows 5 minutes), and more. */
const CLOCK_ALLOWANCE_MS = 15 * 60_000;
/** STS's answer failed a check: nothing from it was used. */
class UntrustedAnswer extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ {
    constructor(what, problems) {
        super(`STS's answer to ${what} failed its checks, so nothing was exported: ${problems.join('; ')}. ` +
            'The endpoint may not be STS: check aws-region, sts-endpoint (and AWS_ENDPOINT_URL_STS, ' +
            "AWS_ENDPOINT_URL), the proxy, and the runner's clock.");
        this.name = 'UntrustedAnswer';
    }
}
/**
 * Throws UntrustedAnswer unless the credentials have the shape STS gives them, expire between now
 * and the duration asked for, and belong to the role and session asked for (or, with no role, to
 * an IAM user). Secrets are described, never quoted.
 */
function checkCredentials(credentials, expected) {
    const { accessKeyId, secretAccessKey, sessionToken, expiration, arn, accountId } = credentials;
    const problems = [];
    if (!ACCESS_KEY_ID.test(accessKeyId))
        problems.push('AccessKeyId is not an access key id');
    if (!SECRET.test(secretAccessKey))
        problems.push('SecretAccessKey is not a secret key');
    if (!TOKEN.test(sessionToken))
        problems.push('SessionToken is not a session token');
    const expires = expiration.getTime();
    const latest = expected.nowMs + expected.durationSeconds * 1000 + CLOCK_ALLOWANCE_MS;
    if (!(expires > expected.nowMs)) {
        const when = Number.isNaN(expires) ? 'is not a date' : `${expiration.toISOString()} is`;
        problems.push(`Expiration ${when} not in the future`);
    }
    else if (expires > latest) {
        problems.push(`Expiration ${expiration.toISOString()} is later than the ${expected.durationSeconds} s asked for`);
    }
    const arnProblem = expected.roleArn
        ? roleSessionProblem(arn, expected.roleArn, expected.sessionName)
        : _arn_js__WEBPACK_IMPORTED_MODULE_0__/* .IAM_USER_ARN */ .Ky.test(arn)
            ? undefined
            : 'it is not the ARN of an IAM user';
    if (arnProblem)
        problems.push(`the ARN ${(0,_printable_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(arn)}: ${arnProblem}`);
    else if (accountId !== (0,_arn_js__WEBPACK_IMPORTED_MODULE_0__/* .accountIdOf */ .Ow)(arn))
        problems.push('the account is not the ARN’s');
    if (problems.length > 0) {
        throw new UntrustedAnswer(expected.roleArn ? 'AssumeRole' : 'GetSessionToken', problems);
    }
}
function roleSessionProblem(arn, roleArn, sessionName) {
    const session = (0,_arn_js__WEBPACK_IMPORTED_MODULE_0__/* .assumedRoleOf */ .Y1)(arn);
    if (!session)
        return 'it is not an assumed-role ARN';
    if ((0,_arn_js__WEBPACK_IMPORTED_MODULE_0__/* .partitionOf */ .iQ)(arn) !== (0,_arn_js__WEBPACK_IMPORTED_MODULE_0__/* .partitionOf */ .iQ)(roleArn) ||
        session.accountId !== (0,_arn_js__WEBPACK_IMPORTED_MODULE_0__/* .accountIdOf */ .Ow)(roleArn) ||
        session.roleName !== (0,_arn_js__WEBPACK_IMPORTED_MODULE_0__/* .resourceNameOf */ .r2)(roleArn) ||
        session.sessionName !== sessionName) {
        return `it is not a session '${sessionName}' of ${roleArn}`;
    }
    return undefined;
}


/***/ })

};
;