export const id = 129;
export const ids = [129];
export const modules = {

/***/ 4129:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 20 modules
var core = __webpack_require__(3218);
;// CONCATENATED MODULE: ./src/errors.ts
/**
 * Errors are typed where they are raised and rendered once, in main.ts. Every message names what is
 * wrong and how to fix it, and never contains a secret.
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
function advice(code, message, e, ctx) {
    if (message.includes(SERIAL_UNKNOWN)) {
        if (ctx.refusedCodes > 0) {
            return (`STS stopped checking codes for ${ctx.mfaSerial} after ${ctx.refusedCodes} refused ` +
                'code(s). AWS allows about nine MFA checks per device in three minutes, so the device is ' +
                'probably locked for a few minutes by this and other jobs using it: wait, then re-run; ' +
                'and check that mfa-seed belongs to this device.');
        }
        return (`STS cannot validate codes for mfa-serial ${ctx.mfaSerial}. It must be the ARN of a virtual ` +
            'MFA device assigned to the user whose keys call AssumeRole (arn:aws:iam::ACCOUNT:mfa/NAME, ' +
            'not user/NAME), and the device must be activated. If it is right, the device may be locked ' +
            'after too many attempts (about nine per three minutes): wait a few minutes.');
    }
    if (message.includes(CODE_REFUSED)) {
        return (`STS refused the one-time code for ${ctx.mfaSerial} in ${ctx.refusedCodes} successive ` +
            "30-second window(s). Check that mfa-seed is this device's seed (re-create the device if " +
            "unsure), that the runner's clock is right, and that no other job uses this device at the " +
            'same moment (each code is accepted once; raise mfa-retry-windows or give each job its own device).');
    }
    if (code === 'AccessDenied') {
        return (`Not authorised to assume ${ctx.roleArn}. Check that the role's trust policy names the ` +
            'calling user (or its account) as principal with the condition ' +
            '"aws:MultiFactorAuthPresent": "true", that the user is allowed sts:AssumeRole on the role, ' +
            'and role-external-id if the trust policy requires sts:ExternalId.');
    }
    if (code === 'InvalidClientTokenId') {
        return ('AWS does not know the access key that signed the request: check aws-access-key-id (it may ' +
            'be deleted or inactive) and, for temporary keys, aws-session-token.');
    }
    if (code === 'SignatureDoesNotMatch') {
        if (/expired|earlier than|later than/i.test(message)) {
            return "The request's signature time is too far from AWS's clock: fix the runner's clock (NTP).";
        }
        return 'The signature does not match: aws-secret-access-key is wrong for aws-access-key-id (check the secret for stray characters).';
    }
    if (code === 'ExpiredToken' || code === 'ExpiredTokenException') {
        return 'The base credentials have expired: refresh aws-session-token (or drop it and use long-lived keys).';
    }
    if (code === 'ValidationError' && message.includes('MaxSessionDuration')) {
        return (`role-duration-seconds is above the MaxSessionDuration of ${ctx.roleArn}: lower it, or raise ` +
            "the role's limit (aws iam update-role --role-name NAME --max-session-duration SECONDS).");
    }
    if (code === 'RegionDisabledException') {
        return 'STS is not activated in aws-region for this account: activate it under IAM > Account settings, or use another region.';
    }
    if (code === 'CredentialsProviderError') {
        return 'No base credentials were found: set aws-access-key-id and aws-secret-access-key (the IAM user that owns the MFA device).';
    }
    if (code === 'Throttling' ||
        code === 'ThrottlingException' ||
        (e.$metadata?.httpStatusCode ?? 0) >= 500) {
        return 'STS kept failing after retry-max-attempts attempts (throttled or unavailable): re-run later, or raise retry-max-attempts.';
    }
    if (isNetworkError(code, e)) {
        return "Could not reach STS: check aws-region and sts-endpoint, the runner's network and proxy settings.";
    }
    return `AssumeRole on ${ctx.roleArn} failed.`;
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

;// CONCATENATED MODULE: ./src/export.ts

/** Masks the issued credentials (and the account id when asked) before anything prints them. */
function maskCredentials(credentials, settings) {
    core/* setSecret */.Pq(credentials.accessKeyId);
    core/* setSecret */.Pq(credentials.secretAccessKey);
    core/* setSecret */.Pq(credentials.sessionToken);
    if (settings.maskAccountId)
        core/* setSecret */.Pq(credentials.accountId);
}
/**
 * Hands the role session to the job's later steps. Called only once everything has succeeded, so a
 * failed run exports nothing. The user's own keys are never exported.
 */
function exportCredentials(credentials, settings) {
    const expiration = credentials.expiration.toISOString();
    if (settings.outputEnvCredentials) {
        core/* exportVariable */.dN('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
        core/* exportVariable */.dN('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
        core/* exportVariable */.dN('AWS_SESSION_TOKEN', credentials.sessionToken);
        core/* exportVariable */.dN('AWS_CREDENTIAL_EXPIRATION', expiration);
    }
    // The region goes with the credentials: later AWS tools need both.
    core/* exportVariable */.dN('AWS_REGION', settings.region);
    core/* exportVariable */.dN('AWS_DEFAULT_REGION', settings.region);
    core/* setOutput */.uH('aws-account-id', credentials.accountId);
    core/* setOutput */.uH('authenticated-arn', credentials.arn);
    core/* setOutput */.uH('aws-expiration', expiration);
    if (settings.outputCredentials) {
        core/* setOutput */.uH('aws-access-key-id', credentials.accessKeyId);
        core/* setOutput */.uH('aws-secret-access-key', credentials.secretAccessKey);
        core/* setOutput */.uH('aws-session-token', credentials.sessionToken);
    }
}

// EXTERNAL MODULE: ./node_modules/@otplib/plugin-base32-scure/dist/index.js + 1 modules
var dist = __webpack_require__(5833);
// EXTERNAL MODULE: ./node_modules/otplib/dist/index.js + 10 modules
var otplib_dist = __webpack_require__(8590);
;// CONCATENATED MODULE: ./src/totp.ts

const AWS_TOTP_DEFAULTS = { digits: 6, period: 30, algorithm: 'sha1' };
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
    return (0,otplib_dist/* generate */.cM)({
        secret: params.secret,
        digits: params.digits,
        period: params.period,
        algorithm: params.algorithm,
        epoch: Math.floor(epochMs / 1000)
    });
}

;// CONCATENATED MODULE: ./src/inputs.ts



const PARTITION = 'aws(?:-[a-z]+)*';
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`);
const MFA_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:mfa/[\\w+=,.@/-]{1,512}$`);
const USER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:user/`);
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const BASE32 = /^[A-Z2-7]+$/;
/** AWS seeds are 40 bytes (64 base32 characters); otplib takes 16 to 64 bytes (RFC 4226 §4). */
const MIN_SEED_BYTES = 16;
const MAX_SEED_BYTES = 64;
const base32 = new dist/* ScureBase32Plugin */.gZ();
const ROLE_EXAMPLE = 'arn:aws:iam::123456789012:role/deploy';
const MFA_EXAMPLE = 'arn:aws:iam::123456789012:mfa/ci-deploy';
/** The inputs whose values are secret: masked before anything else reads them. */
const SECRET_INPUTS = ['mfa-seed', 'aws-secret-access-key', 'aws-session-token'];
/**
 * Parses and validates every input. All problems are collected and thrown together as one
 * InputError, so a user fixes them in one go. Secret inputs are masked before they are parsed.
 */
function readSettings(read, mask, env = process.env) {
    const problems = [];
    for (const name of SECRET_INPUTS)
        maskValue(read(name), mask);
    const required = (name, hint) => {
        const value = read(name);
        if (!value)
            problems.push(`Input required and not supplied: ${name}. ${hint}`);
        return value;
    };
    const matching = (name, value, pattern, hint) => {
        if (value && !pattern.test(value))
            problems.push(`Invalid ${name} '${value}'. ${hint}`);
    };
    // Parsed first: with it, the account id is masked before any message can quote an ARN.
    const maskAccountId = inputs_boolean(read, 'mask-aws-account-id', false, problems);
    if (maskAccountId) {
        for (const arn of [read('role-to-assume'), read('mfa-serial')]) {
            const account = /^arn:[^:]*:iam::(\d{12}):/.exec(arn)?.[1];
            if (account)
                mask(account);
        }
    }
    const region = required('aws-region', 'Set it to the region of the STS endpoint, e.g. us-east-1.');
    matching('aws-region', region, REGION, 'Expected a region name such as us-east-1 or eu-central-1.');
    const roleArn = required('role-to-assume', `Set it to the ARN of the role, e.g. ${ROLE_EXAMPLE}.`);
    matching('role-to-assume', roleArn, ROLE_ARN, `Expected a role ARN such as ${ROLE_EXAMPLE}.`);
    const mfaSerial = required('mfa-serial', `Set it to the ARN of the MFA device, e.g. ${MFA_EXAMPLE}.`);
    if (USER_ARN.test(mfaSerial)) {
        problems.push(`Invalid mfa-serial '${mfaSerial}': that is the ARN of a user, not of an MFA device. ` +
            `Use the device's ARN (${MFA_EXAMPLE}), shown under IAM > Users > Security credentials.`);
    }
    else {
        matching('mfa-serial', mfaSerial, MFA_ARN, `Expected a virtual MFA device ARN such as ${MFA_EXAMPLE}.`);
    }
    const totp = parseSeed(read('mfa-seed'), problems, mask);
    const baseCredentials = parseBaseCredentials(read, problems);
    const durationSeconds = integer(read, 'role-duration-seconds', 900, 900, 43200, problems);
    const runId = env.GITHUB_RUN_ID;
    const defaultSessionName = runId
        ? `GitHubActions-${runId}-${env.GITHUB_RUN_ATTEMPT || '1'}`
        : 'GitHubActions';
    const sessionName = read('role-session-name') || defaultSessionName;
    matching('role-session-name', sessionName, SESSION_NAME, 'Expected 2 to 64 characters: letters, digits and + = , . @ - _.');
    const externalId = read('role-external-id') || undefined;
    matching('role-external-id', externalId ?? '', EXTERNAL_ID, 'Expected 2 to 1224 characters: letters, digits and + = , . @ : / - _.');
    const stsEndpoint = parseEndpoint('sts-endpoint', read('sts-endpoint'), problems);
    // Without sts-endpoint the SDK takes these variables: they get the same scrutiny.
    if (!stsEndpoint) {
        for (const name of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL']) {
            parseEndpoint(`environment variable ${name}`, env[name] ?? '', problems);
        }
    }
    const settings = {
        region,
        roleArn,
        mfaSerial,
        totp,
        baseCredentials,
        durationSeconds,
        sessionName,
        externalId,
        // AWS allows about nine MFA checks per device per three minutes: keep a run well inside it.
        mfaRetryWindows: integer(read, 'mfa-retry-windows', 2, 0, 4, problems),
        retryMaxAttempts: integer(read, 'retry-max-attempts', 3, 1, 10, problems),
        stsEndpoint,
        maskAccountId,
        outputCredentials: inputs_boolean(read, 'output-credentials', false, problems),
        outputEnvCredentials: inputs_boolean(read, 'output-env-credentials', true, problems)
    };
    if (problems.length > 0)
        throw new InputError(problems);
    return settings;
}
/** Masks a secret and, for a multi-line value, each of its lines (the runner masks per line). */
function maskValue(value, mask) {
    if (!value)
        return;
    mask(value);
    for (const line of value.split(/\r?\n/))
        if (line.trim() && line !== value)
            mask(line.trim());
}
/** The base32 seed of the device. Never quoted in a message: it is the key to the device. */
function parseSeed(raw, problems, mask) {
    // The console shows the seed in groups of four; some tools add lower case or `=` padding.
    const secret = raw.replace(/\s/g, '').replace(/=+$/, '').toUpperCase();
    const params = { secret, ...AWS_TOTP_DEFAULTS };
    const fix = 'Use the Base32StringSeed shown when the virtual MFA device was created (64 characters).';
    if (!secret) {
        problems.push(`Input required and not supplied: mfa-seed. ${fix}`);
        return params;
    }
    maskValue(secret, mask);
    if (/^\d{6}$/.test(secret)) {
        problems.push(`Invalid mfa-seed: it looks like a one-time code, not the device's seed. ${fix}`);
        return params;
    }
    if (!BASE32.test(secret)) {
        // Counted in the input as given, spaces included, so that the user can find it.
        const at = raw.search(/[^A-Za-z2-7\s=]|=(?![=\s]*$)/) + 1;
        problems.push(`Invalid mfa-seed: character ${at} is not base32 (only A-Z and 2-7 are allowed). ${fix}`);
        return params;
    }
    // Decoded by the same base32 codec that computes the codes, so what passes here works there.
    let bytes;
    try {
        bytes = base32.decode(secret).length;
    }
    catch {
        problems.push(`Invalid mfa-seed: ${secret.length} base32 characters do not decode to whole bytes; a ` +
            `character is probably missing, extra or mistyped. ${fix}`);
        return params;
    }
    if (bytes < MIN_SEED_BYTES || bytes > MAX_SEED_BYTES) {
        problems.push(`Invalid mfa-seed: ${secret.length} base32 characters is too ${bytes < MIN_SEED_BYTES ? 'short' : 'long'} ` +
            `for a device seed (${MIN_SEED_BYTES} to ${MAX_SEED_BYTES} bytes, 26 to 102 characters). ${fix}`);
    }
    return params;
}
function parseBaseCredentials(read, problems) {
    const accessKeyId = read('aws-access-key-id');
    const secretAccessKey = read('aws-secret-access-key');
    const sessionToken = read('aws-session-token') || undefined;
    if (!accessKeyId && !secretAccessKey) {
        if (sessionToken) {
            problems.push('Input aws-session-token was given without aws-access-key-id and aws-secret-access-key. ' +
                'Give all three, or none to use the default credential chain.');
        }
        return undefined;
    }
    if (!accessKeyId || !secretAccessKey) {
        const missing = accessKeyId ? 'aws-secret-access-key' : 'aws-access-key-id';
        problems.push(`Input ${missing} is missing: aws-access-key-id and aws-secret-access-key go together. ` +
            'Give both, or neither to use the default credential chain.');
        return undefined;
    }
    if (!ACCESS_KEY_ID.test(accessKeyId)) {
        // Not quoted: a secret key pasted here by mistake would land in the log.
        problems.push(`Invalid aws-access-key-id (${accessKeyId.length} characters). Expected an access key id such as ` +
            'AKIAIOSFODNN7EXAMPLE (16 or more upper-case letters and digits).');
    }
    return { accessKeyId, secretAccessKey, sessionToken };
}
/** A URL; plain http only to this machine, since STS's answer carries credentials. */
function parseEndpoint(name, raw, problems) {
    if (!raw)
        return undefined;
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        problems.push(`Invalid ${name} '${raw}'. Expected a URL such as https://sts.us-east-1.amazonaws.com.`);
        return undefined;
    }
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
        problems.push(`Invalid ${name} '${raw}'. Use an https:// URL: STS answers with credentials, ` +
            'which must not cross the network in clear text (http:// is allowed for localhost only).');
        return undefined;
    }
    return raw;
}
function integer(read, name, fallback, min, max, problems) {
    const raw = read(name);
    if (!raw)
        return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= min && value <= max)) {
        problems.push(`Invalid ${name} '${raw}'. Expected a whole number from ${min} to ${max}.`);
        return fallback;
    }
    return value;
}
function inputs_boolean(read, name, fallback, problems) {
    const raw = read(name);
    if (!raw)
        return fallback;
    if (['true', 'True', 'TRUE'].includes(raw))
        return true;
    if (['false', 'False', 'FALSE'].includes(raw))
        return false;
    problems.push(`Invalid ${name} '${raw}'. Expected true or false.`);
    return fallback;
}

;// CONCATENATED MODULE: ./src/mfa.ts


const systemClock = {
    now: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
};
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
 * as wrong or reused is never sent again; the next window's code is. Any other error ends the run.
 */
async function withOneTimeCode(options, attempt) {
    const { totp, clock } = options;
    let usedStep = -Infinity;
    for (let refused = 0;;) {
        await waitForUsableWindow(options, usedStep, refused);
        const now = clock.now();
        const code = await oneTimeCode(totp, now);
        options.mask(code);
        try {
            return await attempt(code);
        }
        catch (error) {
            if (!isCodeRefused(error) || ++refused > options.retryWindows) {
                throw new MfaAttemptsFailed(error, refused);
            }
            usedStep = timeStep(now, totp.period);
        }
    }
}
async function waitForUsableWindow(options, usedStep, refused) {
    const { clock, totp } = options;
    let wait = msUntilUsable(clock.now(), totp.period, usedStep);
    if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        if (refused > 0) {
            options.notice(`STS refused the one-time code: it was wrong, or already used in this ${totp.period}-second ` +
                `window (for instance by a parallel job with the same MFA device). Waiting ${seconds} s ` +
                `for the next window's code (try ${refused + 1} of ${options.retryWindows + 1}).`);
        }
        else {
            options.info(`Waiting ${seconds} s for the next TOTP window: the current code expires too soon.`);
        }
    }
    // Timers may fire a hair early: check again rather than trust one sleep.
    while (wait > 0) {
        await clock.sleep(wait);
        wait = msUntilUsable(clock.now(), totp.period, usedStep);
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var dist_cjs = __webpack_require__(1695);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(3609);
;// CONCATENATED MODULE: ./src/sts.ts



/**
 * Bounds on every request. STS answers in well under a second; the official action sets no timeout
 * and its users report hung jobs. The request timeout runs from the start of the request, connect
 * included, so with the SDK's retries a dead endpoint costs at most retry-max-attempts × 10 s plus
 * backoff: about 31 s with the defaults.
 */
const CONNECT_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * The SDK's standard strategy, except that a refused MFA code is never retried. After it corrects
 * its clock from a response's Date header (a runner clock off by minutes), the SDK retries any
 * error with the same request body, refused codes included; AWS refuses a code twice, and every
 * try spends one of the device's few checks. A fresh code is for withOneTimeCode to send.
 */
class CodeSafeRetryStrategy extends retry.StandardRetryStrategy {
    async refreshRetryTokenForRetry(...[token, errorInfo]) {
        if (isCodeRefused(errorInfo.error))
            throw errorInfo.error;
        return super.refreshRetryTokenForRetry(token, errorInfo);
    }
}
/**
 * The one place an STS client is made. The SDK's standard retry strategy retries throttling, 5xx
 * and network errors with exponential backoff and jitter, and never other 4xx errors: a refused
 * MFA code is not retried by the SDK (resending a code always fails).
 */
function createStsClient(settings) {
    return new dist_cjs/* STSClient */.iM({
        region: settings.region,
        endpoint: settings.stsEndpoint,
        credentials: settings.baseCredentials,
        retryStrategy: new CodeSafeRetryStrategy(settings.retryMaxAttempts),
        requestHandler: {
            connectionTimeout: CONNECT_TIMEOUT_MS,
            requestTimeout: REQUEST_TIMEOUT_MS,
            // Without this the handler only logs a warning when requestTimeout passes, and waits on.
            throwOnRequestTimeout: true
        },
        customUserAgent: 'aws-assume-role-mfa'
    });
}
/** One AssumeRole call with the MFA code. The identity comes from its answer: no extra call. */
async function assumeRole(client, settings, tokenCode) {
    const response = await client.send(new dist_cjs/* AssumeRoleCommand */.QL({
        RoleArn: settings.roleArn,
        RoleSessionName: settings.sessionName,
        DurationSeconds: settings.durationSeconds,
        ExternalId: settings.externalId,
        SerialNumber: settings.mfaSerial,
        TokenCode: tokenCode
    }));
    const credentials = response.Credentials;
    const arn = response.AssumedRoleUser?.Arn;
    if (!credentials?.AccessKeyId ||
        !credentials.SecretAccessKey ||
        !credentials.SessionToken ||
        !credentials.Expiration ||
        !arn) {
        throw new Error('STS answered AssumeRole without credentials or an assumed-role ARN.');
    }
    return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
        expiration: credentials.Expiration,
        arn,
        accountId: arn.split(':')[4]
    };
}

;// CONCATENATED MODULE: ./src/summary.ts
/** The job summary in Markdown: who the job now is, and until when. No secret. */
function summaryMarkdown(credentials, settings, nowMs) {
    const minutes = Math.round((credentials.expiration.getTime() - nowMs) / 60_000);
    // The runner masks registered secrets in the summary too; hiding the account id here, in the
    // ARNs as well, keeps the summary right even where a runner would not.
    const hide = (text) => settings.maskAccountId ? text.split(credentials.accountId).join('***') : text;
    const device = settings.mfaSerial.slice(settings.mfaSerial.indexOf(':mfa/') + 5);
    const rows = [
        ['Role', hide(settings.roleArn)],
        ['Session name', settings.sessionName],
        ['Account', hide(credentials.accountId)],
        ['Expires', `${credentials.expiration.toISOString()} (in ${minutes} minutes)`],
        ['MFA device', device]
    ];
    const cell = (text) => `\`${text.replace(/`/g, "'")}\``;
    return [
        '### AWS role assumed with MFA',
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([name, value]) => `| ${name} | ${cell(value)} |`),
        ''
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/main.ts







/**
 * The action: inputs → one-time code → AssumeRole → masked, exported credentials → summary.
 * Every failure ends here as one or more `::error::` lines, exit code 1, and nothing exported.
 */
async function run(clock = systemClock) {
    try {
        const settings = readSettings(name => core/* getInput */.V4(name), core/* setSecret */.Pq);
        const client = createStsClient(settings);
        core/* info */.pq(`Assuming ${settings.roleArn} with MFA device ${settings.mfaSerial}.`);
        const credentials = await withOneTimeCode({
            totp: settings.totp,
            retryWindows: settings.mfaRetryWindows,
            clock,
            mask: core/* setSecret */.Pq,
            notice: core/* notice */.lm,
            info: core/* info */.pq
        }, code => assumeRole(client, settings, code)).catch((error) => {
            if (!(error instanceof MfaAttemptsFailed))
                throw error;
            throw explainStsError(error.last, { ...settings, refusedCodes: error.refusedCodes });
        });
        maskCredentials(credentials, settings);
        exportCredentials(credentials, settings);
        core/* info */.pq(`Assumed ${credentials.arn} until ${credentials.expiration.toISOString()}.`);
        await writeSummary(summaryMarkdown(credentials, settings, clock.now()));
    }
    catch (error) {
        fail(error);
    }
}
/** The summary is a courtesy: a runner without one (GITHUB_STEP_SUMMARY unset) gets a warning. */
async function writeSummary(markdown) {
    try {
        await core/* summary */.z.addRaw(markdown).write();
    }
    catch (error) {
        core/* warning */.$e(`Could not write the job summary: ${error.message}`);
    }
}
function fail(error) {
    if (error instanceof InputError) {
        for (const problem of error.problems)
            core/* error */.z3(problem);
        process.exitCode = core/* ExitCode */.yU.Failure;
    }
    else if (error instanceof ActionError) {
        core/* setFailed */.C1(error.message);
    }
    else {
        core/* setFailed */.C1(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    }
}


/***/ })

};
