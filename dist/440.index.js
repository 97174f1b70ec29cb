export const id = 440;
export const ids = [440];
export const modules = {

/***/ 3440:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(7331);
// EXTERNAL MODULE: ./src/engine/errors.ts
var errors = __webpack_require__(7679);
;// CONCATENATED MODULE: ./src/engine/allowed-accounts.ts

/**
 * allowed-account-ids, checked on the account STS answered with (the input's own syntax is
 * checked with the other inputs): an empty list allows any account.
 */
function checkAllowedAccount(accountId, allowed) {
    if (allowed.length > 0 && !allowed.includes(accountId)) {
        throw new errors/* ActionError */.lZ(`The role's account ${accountId} is not in allowed-account-ids (${allowed.join(', ')}): ` +
            'nothing was exported. Check role-to-assume (and sts-endpoint), or add the account to ' +
            'allowed-account-ids.');
    }
}

// EXTERNAL MODULE: ./src/engine/printable.ts
var printable = __webpack_require__(8433);
;// CONCATENATED MODULE: ./src/engine/sts-errors.ts
/**
 * What STS's refusals and the network's failures mean to a person: the advice table (its headings
 * are the Troubleshooting guide's), kept apart from errors.ts so that only code that calls STS
 * loads it.
 */


/** An MFA session at least this old, refused AssumeRole: its MFA age is a likely cause. */
const MFA_AGE_SUSPECT_SECONDS = 5;
const CODE_REFUSED = 'invalid MFA one time pass code';
const SERIAL_UNKNOWN = 'unable to validate MFA code';
/** STS refused the one-time code: wrong, or already used in its window (AWS does not say which). */
function isCodeRefused(error) {
    const e = error;
    return e?.name === 'AccessDenied' && (e.message ?? '').includes(CODE_REFUSED);
}
/**
 * Turns an STS or network failure into a message a person can act on, keeping AWS's code, message
 * and request id, escaped (they come from the network), and the HTTP status when it is not an
 * error status (a redirect, or a 200 holding an error). Our own ActionErrors pass as they are.
 */
function explainStsError(error, context) {
    if (error instanceof errors/* ActionError */.lZ)
        return error;
    const e = (error ?? {});
    const code = e.name ?? 'Error';
    const message = e.message ?? String(error);
    const status = e.$metadata?.httpStatusCode ?? 0;
    const details = [
        ...(status > 0 && status < 400 ? [`HTTP ${status}`] : []),
        ...(isRedirect(e) && e.$response?.headers?.location
            ? [`to ${(0,printable/* printable */.g)(e.$response.headers.location)}`]
            : []),
        ...(e.$metadata?.requestId ? [`request id ${(0,printable/* printable */.g)(e.$metadata.requestId)}`] : [])
    ];
    const said = code === 'Unknown' && message === 'Unknown'
        ? 'no STS error'
        : `${(0,printable/* printable */.g)(code)}: ${(0,printable/* printable */.g)(message, 1000)}`;
    const aws = `AWS said: ${said}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
    return new errors/* ActionError */.lZ(`${advice(code, message, e, context)}\n${aws}`, { cause: error });
}
function isRedirect(e) {
    const status = e.$metadata?.httpStatusCode ?? 0;
    return status >= 300 && status < 400;
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
        heading: 'Not authorised to assume <role> with an MFA session N s old.',
        applies: f => f.code === 'AccessDenied' && (f.ctx.mfaSessionAgeSeconds ?? 0) >= MFA_AGE_SUSPECT_SECONDS,
        says: ({ ctx }) => `Not authorised to assume ${ctx.roleArn} with an MFA session ${ctx.mfaSessionAgeSeconds} s ` +
            "old. If the role's trust policy bounds aws:MultiFactorAuthAge (the seconds since the MFA " +
            'code; the role that init creates does), AWS refuses sessions older than the bound with ' +
            'this same AccessDenied, which names no condition. Raise the bound to at least ' +
            'mfa-session-duration-seconds, shorten the time between the job that made the session and ' +
            'this one, or give mfa-serial, aws-access-key-id and aws-secret-access-key so that the job ' +
            'falls back to a one-time code of its own (age 0). If the role has no such bound, check ' +
            'that its trust policy names the calling user with "aws:MultiFactorAuthPresent": "true".'
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
        heading: 'The STS endpoint answered with a redirect',
        applies: f => isRedirect(f.error),
        says: () => 'The STS endpoint answered with a redirect, which STS never sends: sts-endpoint (or ' +
            'AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) or the proxy in between is not an STS endpoint. ' +
            'Leave sts-endpoint empty for the regional endpoint of aws-region, or give the address ' +
            'the redirect names if you trust it.'
    },
    {
        heading: "STS's answer was too large",
        applies: f => f.code === 'AnswerTooLarge',
        says: () => "STS's answer was too large: STS answers with a few KB, so sts-endpoint (or " +
            'AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) or the proxy in between is not STS. Check them.'
    },
    {
        heading: "STS's answer could not be read",
        applies: f => f.message.includes('Deserialization error'),
        says: () => "STS's answer could not be read: it is not STS's XML, so sts-endpoint (or " +
            'AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) or the proxy in between is not STS. Check them.'
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

// EXTERNAL MODULE: ./node_modules/otplib/dist/index.js + 10 modules
var dist = __webpack_require__(8590);
;// CONCATENATED MODULE: ./src/engine/totp-params.ts
/**
 * What a TOTP seed is, apart from the code generator (totp.ts, which loads otplib): the input
 * checks and a `credential_process` answered from the cache use this, and compute no code.
 */
const AWS_TOTP_DEFAULTS = { digits: 6, period: 30, algorithm: 'sha1' };
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/**
 * How many bytes an unpadded base32 text (A-Z, 2-7: checked before) decodes to, or undefined when
 * it decodes to no whole bytes: a length that no byte count gives (RFC 4648 §6: 8 characters per
 * 5 bytes, and 2, 4, 5 or 7 for a last 1 to 4), or a last character with bits set beyond the last
 * byte. Exactly where otplib's codec (@scure/base, which computes the codes) accepts and refuses,
 * as __tests__/engine/totp-params.test.ts checks for every length and last character; that codec
 * builds all its encodings when loaded, which a cache hit does not pay for.
 */
function base32ByteLength(text) {
    const bits = text.length * 5;
    if (![0, 2, 4, 5, 7].includes(text.length % 8))
        return undefined;
    const spareBits = bits % 8;
    const last = ALPHABET.indexOf(text[text.length - 1] ?? 'A');
    if (last < 0 || (last & ((1 << spareBits) - 1)) !== 0)
        return undefined;
    return Math.floor(bits / 8);
}

;// CONCATENATED MODULE: ./src/engine/totp.ts

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
    return (0,dist/* generate */.cM)({
        secret: params.secret,
        digits: params.digits,
        period: params.period,
        algorithm: params.algorithm,
        epoch: Math.floor(epochMs / 1000)
    });
}

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
        const index = order.find(i => msUntilUsable(now, devices[i].totp.period, usedStep[i]) === 0);
        if (index === undefined) {
            if (refusedThisRound > 0 && ++roundsRefused > options.retryWindows) {
                throw new MfaAttemptsFailed(lastError, refused);
            }
            await waitForUsableWindow(options, devices, usedStep, awsNow, refusedThisRound, roundsRefused);
            refusedThisRound = 0;
            continue;
        }
        const { serial, totp } = devices[index];
        const code = await oneTimeCode(totp, now);
        options.mask(code);
        try {
            const result = await attempt(code, serial);
            options.spent?.set(serial ?? '', timeStep(now, totp.period));
            return result;
        }
        catch (error) {
            if (!isCodeRefused(error))
                throw new MfaAttemptsFailed(error, refused);
            lastError = error;
            refused++;
            refusedThisRound++;
            usedStep[index] = timeStep(now, totp.period);
            next = (index + 1) % devices.length;
            const skew = offsetMs === 0 ? awsClockOffsetMs(error, clock.now()) : undefined;
            if (skew !== undefined) {
                offsetMs = skew;
                const awsStep = timeStep(awsNow(), totp.period);
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
        throw new MfaAttemptsFailed(error, isCodeRefused(error) ? 1 : 0);
    }
}
/** Waits until some device's code can be sent; says why when codes were refused. */
async function waitForUsableWindow(options, devices, usedStep, awsNow, refusedThisRound, round) {
    const { clock } = options;
    const until = () => Math.min(...devices.map((d, i) => msUntilUsable(awsNow(), d.totp.period, usedStep[i])));
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
        else if (usedStep.some((step, i) => step >= timeStep(awsNow(), devices[i].totp.period))) {
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
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/endpoints/index.js
var endpoints = __webpack_require__(2085);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(3609);
;// CONCATENATED MODULE: ./src/engine/arn.ts
/**
 * The one place ARNs are taken apart. Formats from the IAM User Guide ("IAM identifiers") and
 * the STS API model; partitions are aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ...
 */
const PARTITION = 'aws(?:-[a-z]+)*';
/** `arn:aws:iam::123456789012:role/PATH/NAME` */
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`);
/** `arn:aws:iam::123456789012:mfa/PATH/NAME`: a virtual MFA device (STS's SerialNumber). */
const MFA_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:mfa/[\\w+=,.@/-]{1,512}$`);
/** An IAM user's ARN, which people paste as mfa-serial by mistake. */
const USER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:user/`);
/** `arn:aws:sts::123456789012:assumed-role/ROLE/SESSION`: role and session names as IAM allows. */
const ASSUMED_ROLE_ARN = new RegExp(`^arn:${PARTITION}:sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})$`);
/** `arn:aws:iam::123456789012:user/PATH/NAME`, whole. */
const IAM_USER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:user/[\\w+=,.@/-]{1,512}$`);
/** The 12-digit account id of an ARN (its fifth field), or undefined when it has none. */
function accountIdOf(arn) {
    const account = arn.split(':')[4];
    return account && /^\d{12}$/.test(account) ? account : undefined;
}
/** What follows the resource type: `PATH/NAME` of `arn:aws:iam::123456789012:mfa/PATH/NAME`. */
function resourcePathOf(arn) {
    const resource = arn.split(':').slice(5).join(':');
    return resource.slice(resource.indexOf('/') + 1);
}
/** The last part of the resource path: the role's name in a role ARN, the device's in an MFA ARN. */
function resourceNameOf(arn) {
    const path = resourcePathOf(arn);
    return path.slice(path.lastIndexOf('/') + 1);
}
/** The account, role and session of an assumed-role (role session) ARN; else undefined. */
function assumedRoleOf(arn) {
    const parts = ASSUMED_ROLE_ARN.exec(arn);
    return parts ? { accountId: parts[1], roleName: parts[2], sessionName: parts[3] } : undefined;
}
/** The partition of an ARN (its second field): aws, aws-cn, aws-us-gov, aws-iso, ... */
function partitionOf(arn) {
    return arn.split(':')[1] ?? '';
}

// EXTERNAL MODULE: ./node_modules/@smithy/node-http-handler/dist-cjs/index.js
var node_http_handler_dist_cjs = __webpack_require__(1279);
;// CONCATENATED MODULE: ./src/engine/bounded-http.ts

/**
 * Bounds on every STS request, whatever the endpoint does. STS answers in well under a second,
 * with a few KB; the official action sets no timeout and its users report hung jobs. The SDK's own
 * request timeout stops counting once the headers arrive, so an endpoint that sends headers and
 * then stalls, or drips a byte at a time, would hold the step for ever; and it reads any answer
 * whole into memory.
 */
const CONNECT_TIMEOUT_MS = 5_000;
/** Per attempt, all of it: connecting, sending, and reading the whole answer. */
const REQUEST_TIMEOUT_MS = 10_000;
/** STS's largest answers (AssumeRole with a session token and a packed policy) are about 3 KB. */
const MAX_ANSWER_BYTES = 64 * 1024;
/**
 * The SDK's Node handler with one deadline per attempt over the whole exchange, and the answer
 * read here, at most MAX_ANSWER_BYTES of it, so the SDK parses a buffer, never a stream. A missed
 * deadline is a TimeoutError, which the SDK's standard strategy retries like any network error; a
 * too large answer is not retried. A 2xx answer holding an ErrorResponse is that error (the SDK
 * would read it as a success without credentials, and lose STS's code and message).
 */
class BoundedHttpHandler extends node_http_handler_dist_cjs.NodeHttpHandler {
    async handle(...[request, options]) {
        // The SDK passes a signal of its own only when send() is given one, which this project never does.
        const deadline = new AbortController();
        const timer = setTimeout(() => deadline.abort(timeoutError()), REQUEST_TIMEOUT_MS);
        try {
            const { response } = await super.handle(request, { ...options, abortSignal: deadline.signal });
            const body = await readCapped(response.body, deadline.signal);
            const error = response.statusCode < 300 ? errorResponseIn(body, response.statusCode) : undefined;
            if (error)
                throw error;
            response.body = body;
            return { response };
        }
        catch (error) {
            // The handler reports its abort as an AbortError, which the SDK never retries.
            throw deadline.signal.aborted ? deadline.signal.reason : error;
        }
        finally {
            clearTimeout(timer);
        }
    }
}
/** The whole body, or an error as soon as it passes the cap or the deadline. */
async function readCapped(body, signal) {
    const stop = () => body.destroy(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    try {
        if (Number(body.headers['content-length']) > MAX_ANSWER_BYTES)
            throw tooLarge();
        const chunks = [];
        let size = 0;
        for await (const chunk of body) {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES)
                throw tooLarge();
            chunks.push(chunk);
        }
        return Buffer.concat(chunks);
    }
    catch (error) {
        body.destroy(); // and with it the connection: the rest of the answer is not wanted
        throw error;
    }
    finally {
        signal.removeEventListener('abort', stop);
    }
}
/**
 * STS's `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>` as the SDK raises it
 * for an error status: named by its Code, with its Message, request id and HTTP status kept.
 */
function errorResponseIn(body, status) {
    const text = body.toString('utf8');
    if (!/^\s*(?:<\?xml[^>]*\?>\s*)?<ErrorResponse[\s>]/.test(text))
        return undefined;
    const field = (name) => xmlText(new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1]);
    const error = new Error(field('Message') || 'no message');
    error.name = field('Code') || 'Unknown';
    return Object.assign(error, {
        $fault: field('Type') === 'Receiver' ? 'server' : 'client',
        $metadata: { httpStatusCode: status, requestId: field('RequestId') || undefined }
    });
}
/** XML character data: the five named entities and numeric references. */
function xmlText(raw = '') {
    const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    return raw.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (whole, ref) => {
        if (!ref.startsWith('#'))
            return named[ref] ?? whole;
        const code = Number(ref.startsWith('#x') ? `0${ref.slice(1)}` : ref.slice(1));
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
}
function timeoutError() {
    const error = new Error(`no complete answer within ${REQUEST_TIMEOUT_MS / 1000} s (connecting, sending and reading it)`);
    error.name = 'TimeoutError';
    return error;
}
function tooLarge() {
    const error = new Error(`the answer is larger than ${MAX_ANSWER_BYTES / 1024} KiB; STS answers with a few KB`);
    error.name = 'AnswerTooLarge';
    return error;
}

// EXTERNAL MODULE: ./node_modules/tunnel/index.js
var tunnel = __webpack_require__(770);
;// CONCATENATED MODULE: ./src/engine/proxy-agents.ts

/*
 * The CONNECT tunnel for a proxy route (proxy.ts picks the route): apart from the route, since
 * `tunnel` loads node:tls, node:https and node:net, which only a call to STS needs.
 */
/** The agents for the SDK's request handler: a CONNECT tunnel through the proxy. */
function proxyAgents(route) {
    if (!route)
        return {};
    const url = new URL(route.url);
    const options = {
        proxy: {
            host: url.hostname.replace(/^\[|\]$/g, ''),
            port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
            proxyAuth: url.username
                ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
                : undefined
        }
    };
    const overHttps = url.protocol === 'https:';
    return {
        httpAgent: agent(overHttps ? tunnel.httpOverHttps(options) : tunnel.httpOverHttp(options)),
        httpsAgent: agent(overHttps ? tunnel.httpsOverHttps(options) : tunnel.httpsOverHttp(options))
    };
}
/**
 * The SDK takes an agent as it is only if it is an http.Agent or has destroy(); anything else it
 * reads as agent options, and would connect directly. A tunnel agent is neither: give it destroy().
 */
function agent(tunnelAgent) {
    const sockets = tunnelAgent.sockets;
    return Object.assign(tunnelAgent, {
        destroy: () => sockets.splice(0).forEach(socket => socket.destroy())
    });
}

;// CONCATENATED MODULE: ./src/engine/sts.ts







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
        profile: settings.profile,
        retryStrategy: new CodeSafeRetryStrategy(settings.retryMaxAttempts),
        // Each attempt bounded in time and size (bounded-http.ts): with the SDK's retries, an endpoint
        // that misbehaves in any way costs at most retry-max-attempts × 10 s plus backoff.
        requestHandler: new BoundedHttpHandler({
            connectionTimeout: CONNECT_TIMEOUT_MS,
            ...proxyAgents(settings.proxy)
        }),
        customUserAgent: 'aws-assume-role-mfa'
    });
}
/**
 * The URL a client of this connection sends AssumeRole to, by the SDK's own resolution:
 * sts-endpoint, else AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL (and the config file's endpoint_url),
 * else the regional host with AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT applied. The
 * credentials server gets this URL, resolved once here, since its environment holds none of those
 * variables. Nothing is sent.
 */
async function resolvedStsEndpoint(connection) {
    const client = createStsClient(connection);
    try {
        const endpoint = await (0,endpoints.getEndpointFromInstructions)({}, dist_cjs/* AssumeRoleCommand */.QL, client.config);
        return endpoint.url.href;
    }
    finally {
        client.destroy();
    }
}
/**
 * One AssumeRole call with the MFA code. The identity comes from its answer: no extra call. Without
 * a code, the client's credentials carry MFA already (a GetSessionToken session made with a code).
 * `target` picks another role or device than the settings' first.
 */
async function assumeRole(client, settings, tokenCode, target = {}) {
    const response = await client.send(new dist_cjs/* AssumeRoleCommand */.QL({
        RoleArn: target.roleArn ?? settings.roleArn,
        RoleSessionName: settings.sessionName,
        DurationSeconds: settings.durationSeconds,
        ExternalId: settings.externalId,
        SerialNumber: tokenCode === undefined ? undefined : (target.serialNumber ?? settings.mfaSerial),
        TokenCode: tokenCode,
        ...sessionParameters(settings.session)
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
        accountId: accountIdOf(arn) ?? ''
    };
}
/** The AssumeRole parameters for these options; absent ones are left out of the request. */
function sessionParameters(options) {
    const { tags, transitiveTagKeys, policy, policyArns, sourceIdentity } = options;
    return {
        ...(tags.length > 0 && { Tags: tags }),
        ...(transitiveTagKeys.length > 0 && { TransitiveTagKeys: transitiveTagKeys }),
        ...(policy !== undefined && { Policy: policy }),
        ...(policyArns.length > 0 && { PolicyArns: policyArns.map(arn => ({ arn })) }),
        ...(sourceIdentity !== undefined && { SourceIdentity: sourceIdentity })
    };
}

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
    const client = createStsClient({ ...sts, baseCredentials: session, profile: undefined });
    const identity = await client.send(new dist_cjs/* GetCallerIdentityCommand */.zI({}));
    if (!identity.Arn || !identity.Account) {
        throw new Error('STS answered GetCallerIdentity without an ARN or account.');
    }
    return { ...session, arn: identity.Arn, accountId: identity.Account };
}

;// CONCATENATED MODULE: ./src/engine/credentials.ts
/**
 * The credentials the engine hands out, and the environment variables they travel in. Types and
 * names only: no runtime imports, so any module can use them without pulling in the SDK.
 */
/**
 * AWS caps a role session assumed with temporary credentials (role chaining), GetSessionToken's
 * included, at one hour (IAM User Guide, "role chaining"; ../shared/AWS-MFA-FACTS.md). Only the
 * user's long-term keys reach the role's MaxSessionDuration.
 */
const ROLE_CHAINING_MAX_SECONDS = 3600;
/** The variables that hand a session to later steps (the action) or to a shell (the CLI). */
function sessionVariables(credentials) {
    return [
        ['AWS_ACCESS_KEY_ID', credentials.accessKeyId],
        ['AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey],
        ['AWS_SESSION_TOKEN', credentials.sessionToken],
        ['AWS_CREDENTIAL_EXPIRATION', credentials.expiration.toISOString()]
    ];
}
/** The region goes with the credentials: later AWS tools need both. */
function regionVariables(region) {
    return [
        ['AWS_REGION', region],
        ['AWS_DEFAULT_REGION', region]
    ];
}
/**
 * Every variable through which credentials reach a process: the ones above, and the old
 * AWS_SECURITY_TOKEN some tools still read. AWS_PROFILE is not among them: an empty AWS_PROFILE
 * makes the AWS CLI fail (profile '' not found).
 */
const CREDENTIAL_VARIABLES = [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_SECURITY_TOKEN',
    'AWS_CREDENTIAL_EXPIRATION'
];

// EXTERNAL MODULE: ./node_modules/@otplib/plugin-base32-scure/dist/index.js + 1 modules
var plugin_base32_scure_dist = __webpack_require__(5833);
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
const base32 = new plugin_base32_scure_dist/* ScureBase32Plugin */.gZ();
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
        const salt = (0,external_node_crypto_.randomBytes)(SALT_BYTES);
        const iv = (0,external_node_crypto_.randomBytes)(IV_BYTES);
        const cipher = (0,external_node_crypto_.createCipheriv)('aes-256-gcm', keyFor(seed, salt), iv, {
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

;// CONCATENATED MODULE: ./src/engine/untrusted.ts



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
class UntrustedAnswer extends errors/* ActionError */.lZ {
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
        : IAM_USER_ARN.test(arn)
            ? undefined
            : 'it is not the ARN of an IAM user';
    if (arnProblem)
        problems.push(`the ARN ${(0,printable/* printable */.g)(arn)}: ${arnProblem}`);
    else if (accountId !== accountIdOf(arn))
        problems.push('the account is not the ARN’s');
    if (problems.length > 0) {
        throw new UntrustedAnswer(expected.roleArn ? 'AssumeRole' : 'GetSessionToken', problems);
    }
}
function roleSessionProblem(arn, roleArn, sessionName) {
    const session = assumedRoleOf(arn);
    if (!session)
        return 'it is not an assumed-role ARN';
    if (partitionOf(arn) !== partitionOf(roleArn) ||
        session.accountId !== accountIdOf(roleArn) ||
        session.roleName !== resourceNameOf(roleArn) ||
        session.sessionName !== sessionName) {
        return `it is not a session '${sessionName}' of ${roleArn}`;
    }
    return undefined;
}

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
        checkCredentials(role, {
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
    const client = createStsClient(request.sts);
    const roles = request.roles.arns;
    if (roles.length === 1 || (roles.length > 1 && request.mfa.codePerRole)) {
        await refuseChainingPastAnHour(client, request);
        // The devices' spent windows carry over from role to role: each role takes a fresh code.
        const spent = new Map();
        const assumed = [];
        for (const roleArn of roles) {
            assumed.push(await withCode(request, io, roleArn, spent, (code, serialNumber) => assumeRole(client, roleRequest(request, roleArn), code, { serialNumber })));
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
    const client = createStsClient(request.sts);
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
        const client = createStsClient(request.sts);
        const { roleArn } = refusal;
        return withCode(request, io, roleArn, spent, (code, serialNumber) => assumeRole(client, roleRequest(request, roleArn), code, { serialNumber }));
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
    return explainStsError(refusal.error, errorContext(request, refusal.roleArn, 0, refusal.ageSeconds));
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
    const client = createStsClient({ ...request.sts, baseCredentials: session, profile: undefined });
    const assumed = [];
    for (const roleArn of request.roles.arns) {
        assumed.push(await assumeRole(client, roleRequest(request, roleArn), undefined).catch((error) => {
            const ageSeconds = sessionAgeSeconds(session, io);
            const denied = error?.name === 'AccessDenied';
            if (denied && ageSeconds !== undefined && ageSeconds >= MFA_AGE_SUSPECT_SECONDS) {
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
        throw explainStsError(error.last, errorContext(request, roleArn, error.refusedCodes));
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
    if (durationSeconds <= ROLE_CHAINING_MAX_SECONDS || request.sts.baseCredentials)
        return;
    const found = await client.config.credentials().catch(() => undefined);
    if (!found?.sessionToken)
        return;
    throw new errors/* ActionError */.lZ(`Invalid role-duration-seconds '${durationSeconds}': the base credentials that the ` +
        'AWS SDK found are temporary (they have a session token), so assuming the role with them ' +
        'is role chaining, and AWS caps a role session assumed by role chaining at one hour ' +
        `(${ROLE_CHAINING_MAX_SECONDS} s). Set role-duration-seconds to ${ROLE_CHAINING_MAX_SECONDS} ` +
        "or less, or give the IAM user's long-term keys.");
}
/** A failure after the code was accepted: no code was refused, and the role is this one. */
function explained(request, roleArn) {
    return (error) => {
        throw explainStsError(error, errorContext(request, roleArn, 0));
    };
}

;// CONCATENATED MODULE: ./src/engine/clock.ts
/** The machine's clock. Its own module: an entry that needs only this loads no TOTP code. */
const systemClock = {
    now: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
};

;// CONCATENATED MODULE: ./src/engine/deadline.ts
/**
 * action-timeout-s: calls `onTimeout` (which fails the step and ends the process) unless cleared
 * in time. Exporting happens after clear(), so a run that times out exports nothing.
 */
function startDeadline(seconds, onTimeout) {
    if (seconds <= 0)
        return { clear: () => { } };
    const timer = setTimeout(() => onTimeout(`The action did not finish within action-timeout-s (${seconds} s); nothing was exported. ` +
        'STS (or the proxy) may be unreachable, or the wait for fresh MFA windows took longer: ' +
        'raise action-timeout-s, or check sts-endpoint and http-proxy.'), seconds * 1000);
    return { clear: () => clearTimeout(timer) };
}

;// CONCATENATED MODULE: ./src/engine/existing-session.ts




/** Sessions that expire sooner than this are not worth keeping: a fresh one is made. */
const MIN_REMAINING_MS = 5 * 60_000;
/**
 * use-existing-credentials: whether the credentials in the job's environment (exported by an
 * earlier step) are a valid session of the role to assume, asked of STS with GetCallerIdentity.
 * Returns the reason to go on with MFA otherwise, for the log.
 */
async function existingSession(request, env, nowMs) {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!request.roleArn)
        return 'there is no role-to-assume to compare them with';
    if (!accessKeyId || !secretAccessKey)
        return 'the job has no credentials in its environment';
    const expiration = env.AWS_CREDENTIAL_EXPIRATION
        ? new Date(env.AWS_CREDENTIAL_EXPIRATION)
        : undefined;
    if (expiration && !(expiration.getTime() - nowMs > MIN_REMAINING_MS)) {
        // Set by an earlier step, perhaps from elsewhere: quoted escaped, never as it is.
        return `the credentials in the environment expire at ${(0,printable/* printable */.g)(env.AWS_CREDENTIAL_EXPIRATION ?? '')}`;
    }
    const client = createStsClient({
        ...request,
        baseCredentials: { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN },
        retryMaxAttempts: 1
    });
    let arn;
    try {
        arn = (await client.send(new dist_cjs/* GetCallerIdentityCommand */.zI({}))).Arn;
    }
    catch (error) {
        return `GetCallerIdentity with the credentials in the environment failed (${error.name})`;
    }
    const session = assumedRoleOf(arn ?? '');
    if (!arn ||
        !session ||
        session.accountId !== accountIdOf(request.roleArn) ||
        session.roleName !== resourceNameOf(request.roleArn)) {
        return `the credentials in the environment are ${(0,printable/* printable */.g)(arn ?? 'unknown')}, not a session of the role`;
    }
    return { arn, accountId: session.accountId, expiration };
}

;// CONCATENATED MODULE: ./src/engine/proxy.ts
/**
 * Picks the proxy for the STS endpoint, or undefined to go direct. The http-proxy input applies
 * to any host, loopback included (an explicit choice); proxies from the environment skip
 * loopback hosts, as @actions/http-client does. no-proxy (else NO_PROXY) exempts hosts.
 */
function proxyRoute(inputs, env, problems, mask) {
    let target;
    try {
        target = new URL(inputs.endpoint);
    }
    catch {
        return undefined; // the endpoint's own problem is reported where it is parsed
    }
    const https = target.protocol === 'https:';
    // configure-aws-credentials reads HTTP_PROXY for its (https) STS calls: honoured after HTTPS_PROXY.
    const variables = https
        ? ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']
        : ['http_proxy', 'HTTP_PROXY'];
    const fromEnv = variables.find(name => env[name]);
    const source = inputs.httpProxy ? 'http-proxy' : fromEnv;
    if (!source)
        return undefined;
    const raw = inputs.httpProxy || env[source];
    const explicit = source === 'http-proxy';
    // The input is always checked; a variable set for other tools, only when it applies here.
    const checked = explicit ? parseProxyUrl(source, raw, problems, mask) : undefined;
    const noProxy = inputs.noProxy || env.no_proxy || env.NO_PROXY || '';
    if (bypasses(noProxy, target) || (!explicit && isLoopback(target.hostname)))
        return undefined;
    const url = explicit ? checked : parseProxyUrl(source, raw, problems, mask);
    return url ? { url, source } : undefined;
}
/** The proxy's URL with any credentials left out, for the log. */
function displayUrl(url) {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.origin;
}
/**
 * NO_PROXY as curl and @actions/http-client read it: `*`, host names matching themselves and
 * their subdomains (a leading `.` or `*.` is optional), optionally with `:port`.
 */
function bypasses(noProxy, target) {
    const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    return noProxy
        .split(/[,\s]+/)
        .map(entry => entry.trim().toLowerCase())
        .filter(Boolean)
        .some(entry => {
        if (entry === '*')
            return true;
        // [v6]:port, a bare v6 address (two colons or more), or name:port.
        const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ??
            (/:.*:/.test(entry) ? [entry, entry] : /^(.*?)(?::(\d+))?$/.exec(entry)) ??
            [];
        const name = (match[1] ?? '').replace(/^\*?\./, '');
        if (match[2] && match[2] !== port)
            return false;
        return host === name || host.endsWith(`.${name}`);
    });
}
function isLoopback(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
/** http:// or https://, with a host; its credentials masked. Never quoted: it may hold a password. */
function parseProxyUrl(source, raw, problems, mask) {
    const name = source === 'http-proxy' ? 'http-proxy' : `environment variable ${source}`;
    let url;
    try {
        // A bare host:port, as some set HTTP_PROXY, means http://host:port.
        url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    }
    catch {
        problems.push(`Invalid ${name}: not a URL. Expected a proxy URL such as http://proxy:3128.`);
        return undefined;
    }
    if (url.password)
        mask(url.password);
    let password;
    try {
        decodeURIComponent(url.username);
        password = decodeURIComponent(url.password);
    }
    catch {
        // proxyAgents decodes them: a lone or bad % would fail there, after the checks.
        problems.push(`Invalid ${name}: a bad % escape in its user or password. Write % as %25, and other ` +
            'special characters as % and two hexadecimal digits (@ as %40, : as %3A).');
        return undefined;
    }
    if (password !== url.password)
        mask(password);
    if (!['http:', 'https:'].includes(url.protocol) || !url.hostname) {
        problems.push(`Invalid ${name}: expected an http:// or https:// proxy URL such as http://proxy:3128.`);
        return undefined;
    }
    return url.href;
}

// EXTERNAL MODULE: ./src/engine/credentials-endpoint.ts
var credentials_endpoint = __webpack_require__(9660);
;// CONCATENATED MODULE: ./src/settings/engine-requests.ts


/*
 * The settings in the engine's terms: the one translation that the action and the CLI share, so
 * that the engine never sees an input's name and neither entry point steers it by patching
 * settings.
 */
/** How STS is reached and whose keys sign. */
function stsConnection(settings) {
    const { region, stsEndpoint, baseCredentials, profile, retryMaxAttempts, proxy } = settings;
    return { region, stsEndpoint, baseCredentials, profile, retryMaxAttempts, proxy };
}
/**
 * What obtainCredentials is asked for. With refresh-credentials each role is asked for an hour,
 * role chaining's cap, whatever role-duration-seconds: the endpoint renews it from the MFA
 * session. share-mfa-session and refresh-credentials spend the code on one MFA session, which
 * the engine returns; mfa-session assumes the roles from another job's.
 */
function obtainRequest(settings) {
    const shareOrRenew = settings.mfaSessionToShare !== undefined || settings.refreshCredentials;
    return {
        sts: stsConnection(settings),
        roles: {
            arns: settings.roleArns,
            sessionName: settings.sessionName,
            durationSeconds: settings.refreshCredentials
                ? credentials_endpoint/* ENDPOINT_ROLE_SECONDS */.zC
                : settings.durationSeconds,
            externalId: settings.externalId,
            session: settings.session
        },
        mfa: {
            serial: settings.mfaSerial,
            source: settings.mfa,
            devices: settings.mfaDevices,
            retryWindows: settings.mfaRetryWindows,
            codePerRole: settings.mfaCodePerRole
        },
        ...(shareOrRenew && { mfaSession: { durationSeconds: settings.mfaSessionDurationSeconds } }),
        ...(settings.receivedMfaSession && { sharedSession: settings.receivedMfaSession })
    };
}
/**
 * What the credentials server is handed (startEndpoint adds the token), by the action's
 * refresh-credentials and by `serve`: the MFA session, each role of roleArns with its first
 * credentials, and how to assume it again from the session, for an hour (role chaining's cap).
 * The server runs with a stripped environment, so it gets the STS endpoint these settings'
 * requests go to, resolved here once (sts-endpoint, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL,
 * AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT, the config file), and the same proxy.
 */
async function endpointHandoff(settings, session, roles) {
    // The session, never the user's keys, in the client that is only asked where it would go.
    const stsEndpoint = await resolvedStsEndpoint({
        ...stsConnection(settings),
        baseCredentials: session
    });
    return {
        session,
        roles: roles.map((credentials, i) => ({ roleArn: settings.roleArns[i], credentials })),
        sts: {
            region: settings.region,
            stsEndpoint,
            retryMaxAttempts: settings.retryMaxAttempts,
            proxy: settings.proxy
        },
        request: {
            sessionName: settings.sessionName,
            durationSeconds: credentials_endpoint/* ENDPOINT_ROLE_SECONDS */.zC,
            externalId: settings.externalId,
            session: settings.session
        }
    };
}

;// CONCATENATED MODULE: ./src/engine/regions.ts
/**
 * The partition of a region and the STS host the SDK calls there, without loading the SDK: input
 * checks need both, and a `credential_process` answered from the cache must not pay for the SDK
 * (about 1 MB of JavaScript) to check its region. The table is the SDK's (`partition` of
 * `@aws-sdk/core/client`, and the STS client's endpoint rules with neither FIPS nor dual-stack);
 * `__tests__/engine/regions.test.ts` holds it to the installed SDK, region by region, so an SDK
 * update that changes a partition fails that test.
 */
/** In the SDK's order: a region is looked up by name first, then by the first pattern it fits. */
const PARTITIONS = [
    {
        name: 'aws',
        dnsSuffix: 'amazonaws.com',
        dualStackDnsSuffix: 'api.aws',
        regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
        named: ['aws-global']
    },
    {
        name: 'aws-cn',
        dnsSuffix: 'amazonaws.com.cn',
        dualStackDnsSuffix: 'api.amazonwebservices.com.cn',
        regionRegex: /^cn-\w+-\d+$/,
        named: ['aws-cn-global']
    },
    {
        name: 'aws-eusc',
        dnsSuffix: 'amazonaws.eu',
        dualStackDnsSuffix: 'api.amazonwebservices.eu',
        regionRegex: /^eusc-(de)-\w+-\d+$/,
        named: []
    },
    {
        name: 'aws-iso',
        dnsSuffix: 'c2s.ic.gov',
        dualStackDnsSuffix: 'api.aws.ic.gov',
        regionRegex: /^us-iso-\w+-\d+$/,
        named: ['aws-iso-global']
    },
    {
        name: 'aws-iso-b',
        dnsSuffix: 'sc2s.sgov.gov',
        dualStackDnsSuffix: 'api.aws.scloud',
        regionRegex: /^us-isob-\w+-\d+$/,
        named: ['aws-iso-b-global']
    },
    {
        name: 'aws-iso-e',
        dnsSuffix: 'cloud.adc-e.uk',
        dualStackDnsSuffix: 'api.cloud-aws.adc-e.uk',
        regionRegex: /^eu-isoe-\w+-\d+$/,
        named: ['aws-iso-e-global']
    },
    {
        name: 'aws-iso-f',
        dnsSuffix: 'csp.hci.ic.gov',
        dualStackDnsSuffix: 'api.aws.hci.ic.gov',
        regionRegex: /^us-isof-\w+-\d+$/,
        named: ['aws-iso-f-global']
    },
    {
        name: 'aws-us-gov',
        dnsSuffix: 'amazonaws.com',
        dualStackDnsSuffix: 'api.aws',
        regionRegex: /^us-gov-\w+-\d+$/,
        named: ['aws-us-gov-global']
    }
];
/** Any other region is taken to be in `aws`, as the SDK does. */
function regions_partitionOf(region) {
    return (PARTITIONS.find(p => p.named.includes(region)) ??
        PARTITIONS.find(p => p.regionRegex.test(region)) ??
        PARTITIONS[0]);
}
/** The partition of a region: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b... */
function partitionOfRegion(region) {
    return regions_partitionOf(region).name;
}
/**
 * The STS endpoint the SDK calls for this region when none is configured: regional, in the
 * partition's DNS suffix (sts.us-iso-east-1.c2s.ic.gov), the legacy global host for `aws-global`;
 * with `fips`, `sts-fips.` (in aws-us-gov the regional host, FIPS already); with `dualStack`, the
 * partition's dual-stack suffix. Undefined for a region that is no host label (the region's own
 * check reports it).
 */
function regionalStsEndpoint(region, variant = {}) {
    if (!/^[a-z0-9-]+$/.test(region))
        return undefined;
    const { fips = false, dualStack = false } = variant;
    const partition = regions_partitionOf(region);
    const suffix = dualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix;
    if (fips && (dualStack || partition.name !== 'aws-us-gov')) {
        return `https://sts-fips.${region}.${suffix}`;
    }
    if (region === 'aws-global' && !fips && !dualStack)
        return 'https://sts.amazonaws.com';
    return `https://sts.${region}.${suffix}`;
}

;// CONCATENATED MODULE: ./src/settings/otpauth.ts
/**
 * The `otpauth://totp/LABEL?secret=…&algorithm=…&digits=…&period=…` URI of an authenticator QR
 * code (Key Uri Format, as Google Authenticator defined it). Parsed here with WHATWG URL rather than
 * a URI library: library errors quote the whole URI, secret included, and no message built here
 * ever quotes the input or its secret.
 */
const OTPAUTH_PREFIX = /^otpauth:\/\//i;
const ALGORITHMS = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };
/** Reads an otpauth URI. `problem` says what is wrong without quoting the URI. */
function parseOtpauthUri(raw) {
    let url;
    try {
        url = new URL(raw.trim());
    }
    catch {
        return { problem: 'it starts with otpauth:// but is not a valid URI.' };
    }
    if (url.host.toLowerCase() !== 'totp') {
        return {
            problem: 'the otpauth URI is not for a time-based (otpauth://totp/) device; AWS virtual MFA devices are TOTP.'
        };
    }
    const query = url.searchParams;
    const secret = (query.get('secret') ?? '').replace(/\s/g, '').replace(/=+$/, '').toUpperCase();
    if (!secret)
        return { problem: 'the otpauth URI has no secret= parameter.' };
    const algorithmName = (query.get('algorithm') ?? 'SHA1').toUpperCase();
    if (!Object.hasOwn(ALGORITHMS, algorithmName)) {
        return { problem: 'the otpauth URI has an algorithm other than SHA1, SHA256 or SHA512.' };
    }
    const digits = query.get('digits') ?? '6';
    // STS's TokenCode is exactly six digits (API model): a device that shows more cannot sign in.
    if (digits !== '6') {
        return {
            problem: 'the otpauth URI asks for codes of other than 6 digits; STS takes 6-digit codes only ' +
                '(AWS virtual MFA devices use 6).'
        };
    }
    const periodText = query.get('period') ?? '30';
    const period = /^\d{1,4}$/.test(periodText) ? Number(periodText) : NaN;
    if (!(period >= 10 && period <= 3600)) {
        return {
            problem: 'the otpauth URI has a period that is not a whole number of seconds, 10 to 3600.'
        };
    }
    return {
        params: {
            secret,
            digits: 6,
            period,
            algorithm: ALGORITHMS[algorithmName]
        }
    };
}

;// CONCATENATED MODULE: ./src/settings/values.ts
/* How an input's text becomes a value, by the rules every input shares: invalid is an error. */
/** The non-empty lines of a list input, trimmed. */
function lines(value) {
    return value
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(Boolean);
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
function values_boolean(read, name, fallback, problems) {
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

;// CONCATENATED MODULE: ./src/settings/secrets.ts


/*
 * Masking comes before parsing: a parser's own error, or a message about another input, must never
 * show a secret. The runner masks line by line, so multi-line values are masked per line too.
 */
/** The inputs whose values are secret: masked before anything else reads them. */
const SECRET_INPUTS = [
    'mfa-seed',
    'aws-secret-access-key',
    'aws-session-token',
    'mfa-code'
];
/** Masks every secret input: the first thing done with the inputs. */
function maskSecretInputs(read, mask) {
    // The secret of an otpauth URI first: the URI's own mask line would show it otherwise.
    maskUriSecrets(read('mfa-seed'), mask);
    for (const name of SECRET_INPUTS)
        maskValue(read(name), mask);
}
/** mask-aws-account-id: the accounts of the ARN inputs, before any message can quote an ARN. */
function maskAccountIds(read, mask) {
    for (const arn of [...lines(read('role-to-assume')), ...lines(read('mfa-serial'))]) {
        const account = accountIdOf(arn);
        if (account)
            mask(account);
    }
}
/** Masks the secret= of every otpauth URI in `text`: as written, percent-decoded, normalised. */
function maskUriSecrets(text, mask) {
    for (const [, raw] of text.matchAll(/[?&]secret=([^&#\s]*)/gi)) {
        let decoded = raw;
        try {
            decoded = decodeURIComponent(raw);
        }
        catch {
            // Not percent-decodable: the URL parser will not make it the secret either.
        }
        for (const value of [
            raw,
            decoded,
            decoded.replace(/\s/g, '').replace(/=+$/, '').toUpperCase()
        ]) {
            if (value)
                mask(value);
        }
    }
}
/** Masks a secret and, for a multi-line value, each of its lines (the runner masks per line). */
function maskValue(value, mask) {
    if (!value)
        return;
    // Lines first: the whole value's mask line would show each of them otherwise.
    for (const line of value.split(/\r?\n/))
        if (line.trim() && line !== value)
            mask(line.trim());
    mask(value);
}

;// CONCATENATED MODULE: ./src/settings/mfa-inputs.ts





/* The MFA inputs: mfa-serial, and the seed (mfa-seed) or a typed code (mfa-code). */
const BASE32 = /^[A-Z2-7]+$/;
/** AWS seeds are 40 bytes (64 base32 characters); otplib takes 16 to 64 bytes (RFC 4226 §4). */
const MIN_SEED_BYTES = 16;
const MAX_SEED_BYTES = 64;
/** A user may have up to 8 MFA devices (IAM quota). */
const MAX_MFA_DEVICES = 8;
const MFA_EXAMPLE = 'arn:aws:iam::123456789012:mfa/ci-deploy';
/** The MFA part of the settings: the device(s), and the seed(s) or the code. */
function parseMfaInputs(read, problems, mask) {
    // With a shared MFA session the device is needed only to fall back to a code of its own.
    const serials = parseSerials(read, problems, !read('mfa-session'));
    const { mfa, totps } = parseMfa(read, problems, mask, serials.length > 1);
    const mfaDevices = pairDevices(serials, mfa, totps, problems);
    return { mfaSerial: serials[0] ?? '', mfa, ...(mfaDevices && { mfaDevices }) };
}
/** mfa-serial: one device ARN, or one per line (at most 8, each once). */
function parseSerials(read, problems, required) {
    if (required && !read('mfa-serial')) {
        problems.push(`Input required and not supplied: mfa-serial. Set it to the ARN of the MFA device, e.g. ${MFA_EXAMPLE}.`);
    }
    const serials = lines(read('mfa-serial'));
    for (const serial of serials) {
        if (USER_ARN.test(serial)) {
            problems.push(`Invalid mfa-serial '${serial}': that is the ARN of a user, not of an MFA device. ` +
                `Use the device's ARN (${MFA_EXAMPLE}), shown under IAM > Users > Security credentials.`);
        }
        else if (!MFA_ARN.test(serial)) {
            problems.push(`Invalid mfa-serial '${serial}'. Expected a virtual MFA device ARN such as ${MFA_EXAMPLE}.`);
        }
    }
    if (serials.length > MAX_MFA_DEVICES) {
        problems.push(`Input mfa-serial lists ${serials.length} devices: an IAM user has at most ${MAX_MFA_DEVICES}. ` +
            'Give one device ARN per line, at most 8.');
    }
    if (new Set(serials).size < serials.length) {
        problems.push('Input mfa-serial lists a device twice: give each device once, one per line.');
    }
    return serials;
}
/**
 * mfa-serial and mfa-seed as lists: line N of one goes with line N of the other. Undefined for a
 * single device (and for a typed code, which is one device's).
 */
function pairDevices(serials, mfa, totps, problems) {
    if (mfa.kind === 'code' && serials.length > 1) {
        problems.push('Input mfa-code goes with one mfa-serial, the device it was typed from: give one device, ' +
            'or use mfa-seed with one seed per device.');
    }
    if (mfa.kind !== 'seed' || (serials.length <= 1 && totps.length <= 1))
        return undefined;
    if (totps.length !== serials.length) {
        problems.push(`Inputs mfa-serial and mfa-seed must list as many lines as each other: ${serials.length} ` +
            `device ARN(s) and ${totps.length} seed(s). Line N of mfa-seed is the seed of the device on ` +
            'line N of mfa-serial.');
        return undefined;
    }
    return serials.map((serial, i) => ({ serial, totp: totps[i] }));
}
const SEED_FIX = 'Use the Base32StringSeed shown when the virtual MFA device was created (64 characters).';
/**
 * Exactly one of the two: the seed that makes every code, or one code typed by a person. `totps`:
 * every seed, one per line when `list` (several devices); the source holds the first.
 */
function parseMfa(read, problems, mask, list) {
    const seed = read('mfa-seed');
    const code = read('mfa-code');
    if (seed && code) {
        problems.push('Inputs mfa-seed and mfa-code were both given: give exactly one, mfa-seed for the ' +
            "device's seed or mfa-code for a code typed from the device.");
    }
    else if (code) {
        return { mfa: { kind: 'code', code: parseCode(code, problems) }, totps: [] };
    }
    else if (!seed) {
        problems.push('Input required and not supplied: mfa-seed (or mfa-code, a code typed from the device). ' +
            SEED_FIX);
    }
    // One device: a seed split over lines is still one seed, as before lists existed.
    const seeds = list ? lines(seed) : [seed].filter(Boolean);
    const totps = seeds.map((line, i) => parseSeed(line, problems, mask, seeds.length > 1 ? ` (line ${i + 1})` : ''));
    return { mfa: { kind: 'seed', totp: totps[0] ?? parseSeed('', problems, mask) }, totps };
}
/** A code as STS takes it (TokenCode: 6 digits). Not quoted either: it may be a live code. */
function parseCode(raw, problems) {
    // An app may show the code as two groups of three.
    const code = raw.replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) {
        problems.push(`Invalid mfa-code (${code.length} characters): expected the 6 digits the MFA device shows now.`);
    }
    return code;
}
/** The base32 seed of the device. Never quoted in a message: it is the key to the device. */
function parseSeed(raw, problems, mask, where = '') {
    if (OTPAUTH_PREFIX.test(raw))
        return parseSeedUri(raw, problems, mask, where);
    // The console shows the seed in groups of four; some tools add lower case or `=` padding.
    const secret = raw.replace(/\s/g, '').replace(/=+$/, '').toUpperCase();
    return checkSecret({ secret, ...AWS_TOTP_DEFAULTS }, raw, problems, mask, where);
}
const URI_FIX = 'Give the otpauth://totp/...?secret=... URI of the QR code as it is, or just the seed.';
/**
 * The otpauth:// URI of the device's QR code. The input and its secret are masked before the URI
 * is parsed, and messages never quote either: a URI parser's own error would quote it whole.
 */
function parseSeedUri(raw, problems, mask, where) {
    maskUriSecrets(raw, mask);
    maskValue(raw, mask);
    const uri = parseOtpauthUri(raw);
    if ('problem' in uri) {
        problems.push(`Invalid mfa-seed${where}: ${uri.problem} ${URI_FIX}`);
        return { secret: '', ...AWS_TOTP_DEFAULTS };
    }
    return checkSecret(uri.params, uri.params.secret, problems, mask, where);
}
/** Checks a normalised base32 secret; `raw` is the text the user gave, to point at a bad character. */
function checkSecret(params, raw, problems, mask, where) {
    const { secret } = params;
    if (!secret)
        return params;
    maskValue(secret, mask);
    if (/^\d{6}$/.test(secret)) {
        problems.push(`Invalid mfa-seed${where}: it looks like a one-time code, not the device's seed. ${SEED_FIX} ` +
            'A code typed from the device goes in mfa-code.');
        return params;
    }
    if (!BASE32.test(secret)) {
        // Counted in the input as given, spaces included, so that the user can find it.
        const at = raw.search(/[^A-Za-z2-7\s=]|=(?![=\s]*$)/) + 1;
        problems.push(`Invalid mfa-seed${where}: character ${at} is not base32 (only A-Z and 2-7 are allowed). ${SEED_FIX}`);
        return params;
    }
    // Where the codec that computes the codes would refuse it (totp-params.ts), so what passes here
    // works there.
    const bytes = base32ByteLength(secret);
    if (bytes === undefined) {
        problems.push(`Invalid mfa-seed${where}: ${secret.length} base32 characters do not decode to whole bytes; a ` +
            `character is probably missing, extra or mistyped. ${SEED_FIX}`);
        return params;
    }
    if (bytes < MIN_SEED_BYTES || bytes > MAX_SEED_BYTES) {
        problems.push(`Invalid mfa-seed${where}: ${secret.length} base32 characters is too ${bytes < MIN_SEED_BYTES ? 'short' : 'long'} ` +
            `for a device seed (${MIN_SEED_BYTES} to ${MAX_SEED_BYTES} bytes, 26 to 102 characters). ${SEED_FIX}`);
    }
    return params;
}

;// CONCATENATED MODULE: ./src/settings/mfa-session-inputs.ts


/*
 * The shared MFA session (share-mfa-session, mfa-session-duration-seconds, mfa-session),
 * mfa-code-per-role, and the one-hour cap of role chaining that both run into.
 */
/** GetSessionToken's DurationSeconds: 900 to 129600 (API model). */
const MIN_SESSION_SECONDS = 900;
const MAX_SESSION_SECONDS = 129600;
function parseMfaSessionInputs(read, env, problems, context) {
    const share = values_boolean(read, 'share-mfa-session', false, problems);
    const durationSeconds = integer(read, 'mfa-session-duration-seconds', 3600, MIN_SESSION_SECONDS, MAX_SESSION_SECONDS, problems);
    const sealed = read('mfa-session');
    const mfaCodePerRole = values_boolean(read, 'mfa-code-per-role', false, problems);
    const used = share ? 'share-mfa-session' : sealed ? 'mfa-session' : undefined;
    if (share && sealed) {
        problems.push('Inputs share-mfa-session and mfa-session were both given: one job makes the session ' +
            '(share-mfa-session: true), the others use it (mfa-session). Drop one of them.');
    }
    if (used && context.mfa.kind === 'code') {
        problems.push(`Input ${used} needs mfa-seed, not mfa-code: the session is encrypted with a key derived ` +
            'from the seed, which every job of the run holds as a secret.');
    }
    if (used && mfaCodePerRole) {
        problems.push(`Inputs ${used} and mfa-code-per-role were both given: with a shared session no code is ` +
            'spent per role. Drop one of them.');
    }
    if (share && context.useExistingCredentials) {
        problems.push('Inputs share-mfa-session and use-existing-credentials were both given: a kept session ' +
            'makes no MFA session to share. Drop use-existing-credentials.');
    }
    if (sealed && context.roleArns.length === 0) {
        problems.push('Input mfa-session needs role-to-assume: the role(s) to assume from the shared MFA session.');
    }
    if (mfaCodePerRole && context.mfa.kind === 'code' && context.roleArns.length > 1) {
        problems.push('Input mfa-code-per-role needs mfa-seed: a typed code (mfa-code) serves one role only.');
    }
    const run = used ? runBinding(env, used, problems) : undefined;
    return {
        ...(share && run && { mfaSessionToShare: { durationSeconds, run } }),
        ...(sealed && run && { receivedMfaSession: { sealed, run } }),
        mfaCodePerRole,
        mfaSessionDurationSeconds: durationSeconds
    };
}
/** The run a session belongs to, from the runner's variables. */
function runBinding(env, input, problems) {
    const repository = env.GITHUB_REPOSITORY ?? '';
    const runId = env.GITHUB_RUN_ID ?? '';
    if (!repository || !runId) {
        problems.push(`Input ${input} works in a GitHub Actions workflow run only: it needs GITHUB_REPOSITORY ` +
            'and GITHUB_RUN_ID, which the runner sets.');
    }
    return { repository, runId };
}
/**
 * Role chaining: every AssumeRole made with temporary credentials is capped at one hour, and AWS
 * refuses more only once the request is made, after a one-time code may have been spent. So a
 * longer role-duration-seconds is refused here, naming why the roles are chained and what to do.
 */
function roleChainingProblem(settings) {
    const { roleArns, durationSeconds } = settings;
    if (roleArns.length === 0 || durationSeconds <= ROLE_CHAINING_MAX_SECONDS)
        return undefined;
    const chained = (() => {
        if (settings.baseCredentials?.sessionToken) {
            return [
                'with aws-session-token the base keys are temporary',
                "or use the IAM user's long-term keys (drop aws-session-token)"
            ];
        }
        if (settings.receivedMfaSession) {
            return [
                "with mfa-session the roles are assumed with the shared session's temporary credentials",
                'or assume a role needed for longer with a one-time code of its own, without mfa-session'
            ];
        }
        if (settings.mfaSessionToShare) {
            return [
                'with share-mfa-session the roles are assumed from the MFA session it shares',
                'or assume a role needed for longer in a step without share-mfa-session'
            ];
        }
        if (roleArns.length > 1 && !settings.mfaCodePerRole) {
            return [
                'several roles are assumed from one MFA session (GetSessionToken)',
                "or set mfa-code-per-role: true to assume each role with the user's long-term keys and " +
                    'a code of its own (one 30-second window per role)'
            ];
        }
        if (settings.refreshCredentials) {
            return [
                'with refresh-credentials the endpoint assumes the role from an MFA session',
                'or remove role-duration-seconds: the endpoint renews the role every hour, for as long ' +
                    'as mfa-session-duration-seconds'
            ];
        }
        return undefined;
    })();
    if (!chained)
        return undefined;
    return (`Invalid role-duration-seconds '${durationSeconds}': ${chained[0]}, which is role chaining, ` +
        `and AWS caps a role session assumed by role chaining at one hour (${ROLE_CHAINING_MAX_SECONDS} s); ` +
        `it would refuse the request. Set role-duration-seconds to ${ROLE_CHAINING_MAX_SECONDS} or less, ${chained[1]}.`);
}

;// CONCATENATED MODULE: ./src/settings/role-session-options.ts
/**
 * What AssumeRole can add to a role session beyond the role itself: session tags, session
 * policies and a source identity. The inputs keep configure-aws-credentials' names and meaning.
 */
// STS's limits (API model and IAM User Guide, "Tagging AWS STS sessions").
const MAX_TAGS = 50;
const MAX_KEY = 128;
const MAX_VALUE = 256;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const NOT_TAG_CHARACTER = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;
const MAX_POLICY_ARNS = 10;
const MAX_POLICY = 2048;
const POLICY_ARN = /^arn:aws(?:-[a-z]+)*:iam::(?:\d{12}|aws):policy\/[\w+=,.@/-]{1,2000}$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
/** The GitHub context as session tags, named as configure-aws-credentials names them. */
const GITHUB_TAGS = [
    ['Repository', 'GITHUB_REPOSITORY'],
    ['Workflow', 'GITHUB_WORKFLOW'],
    ['Action', 'GITHUB_ACTION'],
    ['Actor', 'GITHUB_ACTOR'],
    ['Commit', 'GITHUB_SHA'],
    ['Branch', 'GITHUB_REF']
];
/** Parses the session inputs; problems name the input and the fix. */
function parseSessionOptions(inputs, env, problems) {
    const tags = inputs.skipSessionTagging ? [] : githubTags(env);
    for (const tag of parseCustomTags(inputs.customTags, problems)) {
        if (tags.some(t => t.Key.toLowerCase() === tag.Key.toLowerCase())) {
            problems.push(`Invalid custom-tags: key '${tag.Key}' is already a GitHub session tag (STS tag keys ` +
                'ignore case). Rename it, or set role-skip-session-tagging: true.');
        }
        else
            tags.push(tag);
    }
    if (tags.length > MAX_TAGS) {
        problems.push(`Too many session tags: ${tags.length}, STS takes at most ${MAX_TAGS} (custom-tags plus ` +
            'the 6 GitHub tags unless role-skip-session-tagging is true).');
    }
    const transitiveTagKeys = list(inputs.transitiveTagKeys);
    for (const key of transitiveTagKeys) {
        if (!tags.some(t => t.Key.toLowerCase() === key.toLowerCase())) {
            problems.push(`Invalid transitive-tag-keys: '${key}' is not the key of a session tag. List keys of ` +
                'custom-tags, or of the GitHub tags (Repository, Workflow, Action, Actor, Commit, ' +
                'Branch) when role-skip-session-tagging is false.');
        }
    }
    const policyArns = list(inputs.managedSessionPolicies);
    for (const arn of policyArns) {
        if (!POLICY_ARN.test(arn)) {
            problems.push(`Invalid managed-session-policies entry '${arn}'. Expected a policy ARN such as ` +
                'arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::123456789012:policy/deploy.');
        }
    }
    if (policyArns.length > MAX_POLICY_ARNS) {
        problems.push(`Too many managed-session-policies: ${policyArns.length}, STS takes at most ${MAX_POLICY_ARNS}.`);
    }
    const sourceIdentity = inputs.sourceIdentity || undefined;
    if (sourceIdentity !== undefined &&
        (!SOURCE_IDENTITY.test(sourceIdentity) || /^aws:/i.test(sourceIdentity))) {
        problems.push(`Invalid source-identity '${sourceIdentity}'. Expected 2 to 64 characters: letters, ` +
            'digits and + = , . @ - _, not starting with aws:.');
    }
    return {
        tags,
        transitiveTagKeys,
        policy: parsePolicy(inputs.inlineSessionPolicy, problems),
        policyArns,
        sourceIdentity
    };
}
/** The GitHub context as tags; values outside STS's pattern become `_`, long ones are cut. */
function githubTags(env) {
    return GITHUB_TAGS.filter(([, name]) => env[name]).map(([Key, name]) => ({
        Key,
        Value: env[name].replace(NOT_TAG_CHARACTER, '_').slice(0, MAX_VALUE)
    }));
}
/** Entries separated by commas or new lines, blanks dropped. */
function list(raw) {
    return raw
        .split(/[,\n]/)
        .map(entry => entry.trim())
        .filter(Boolean);
}
function parseCustomTags(raw, problems) {
    if (!raw)
        return [];
    const example = 'Expected a JSON object of tag keys and values, e.g. {"Team": "payments"}.';
    let parsed;
    try {
        parsed = JSON.parse(raw);
    }
    catch (error) {
        problems.push(`Invalid custom-tags: not JSON (${error.message}). ${example}`);
        return [];
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push(`Invalid custom-tags: ${example}`);
        return [];
    }
    const tags = [];
    for (const [Key, value] of Object.entries(parsed)) {
        if (!['string', 'number', 'boolean'].includes(typeof value)) {
            problems.push(`Invalid custom-tags: the value of '${Key}' must be a string. ${example}`);
            continue;
        }
        const Value = String(value);
        if (!TAG_KEY.test(Key) || Key.length > MAX_KEY || /^aws:/i.test(Key)) {
            problems.push(`Invalid custom-tags key '${Key}'. Expected 1 to ${MAX_KEY} characters: letters, digits, ` +
                'spaces and _ . : / = + - @, not starting with aws:.');
        }
        else if (!TAG_VALUE.test(Value) || Value.length > MAX_VALUE) {
            problems.push(`Invalid custom-tags value of '${Key}'. Expected at most ${MAX_VALUE} characters: ` +
                'letters, digits, spaces and _ . : / = + - @.');
        }
        else
            tags.push({ Key, Value });
    }
    return tags;
}
/** The policy as STS counts it: minified, at most 2048 characters. */
function parsePolicy(raw, problems) {
    if (!raw)
        return undefined;
    let parsed;
    try {
        parsed = JSON.parse(raw);
    }
    catch (error) {
        problems.push(`Invalid inline-session-policy: not JSON (${error.message}). Expected an IAM ` +
            'policy document, e.g. {"Version": "2012-10-17", "Statement": [...]}.');
        return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push('Invalid inline-session-policy: expected an IAM policy document (a JSON object).');
        return undefined;
    }
    const policy = JSON.stringify(parsed);
    if (policy.length > MAX_POLICY) {
        problems.push(`Invalid inline-session-policy: ${policy.length} characters once minified, STS takes at ` +
            `most ${MAX_POLICY}. Use managed-session-policies for larger policies.`);
    }
    return policy;
}

;// CONCATENATED MODULE: ./src/settings/options.ts





function parityOptions(read, mask, env, problems, context) {
    // Several roles: one profile per role, line N of aws-profile for line N of role-to-assume.
    const profileNames = lines(read('aws-profile'));
    for (const name of profileNames)
        checkProfileName(name, problems);
    profileListProblems(context.roleArns, profileNames, problems);
    const profileName = profileNames[0] ?? '';
    const overwrite = values_boolean(read, 'overwrite-aws-profile', false, problems);
    const endpoint = context.stsEndpoint ||
        env.AWS_ENDPOINT_URL_STS ||
        env.AWS_ENDPOINT_URL ||
        // The host the SDK will call, FIPS and dual-stack as AWS_USE_* say, so NO_PROXY matches it.
        regionalStsEndpoint(context.region, {
            fips: /^true$/i.test(env.AWS_USE_FIPS_ENDPOINT ?? ''),
            dualStack: /^true$/i.test(env.AWS_USE_DUALSTACK_ENDPOINT ?? '')
        }) ||
        '';
    const proxy = proxyRoute({ httpProxy: read('http-proxy'), noProxy: read('no-proxy'), endpoint }, env, problems, mask);
    const allowedAccountIds = parseAccountIds(read('allowed-account-ids'), problems);
    for (const arn of context.roleArns) {
        const account = accountIdOf(arn);
        if (account && allowedAccountIds.length > 0 && !allowedAccountIds.includes(account)) {
            problems.push(`Input role-to-assume names a role in account ${account}, which allowed-account-ids ` +
                'does not list. Fix role-to-assume, or add the account to allowed-account-ids.');
        }
    }
    const unsetCurrentCredentials = values_boolean(read, 'unset-current-credentials', false, problems);
    const useExistingCredentials = values_boolean(read, 'use-existing-credentials', false, problems);
    if (unsetCurrentCredentials && useExistingCredentials) {
        problems.push('Inputs unset-current-credentials and use-existing-credentials are both true: the first ' +
            'empties the credentials the second would keep. Set one of them.');
    }
    if (useExistingCredentials && profileName) {
        problems.push('Inputs use-existing-credentials and aws-profile were both given: existing credentials ' +
            'are kept in the environment only. Drop one of them.');
    }
    const session = parseSessionOptions({
        skipSessionTagging: values_boolean(read, 'role-skip-session-tagging', true, problems),
        customTags: read('custom-tags'),
        transitiveTagKeys: read('transitive-tag-keys'),
        inlineSessionPolicy: read('inline-session-policy'),
        managedSessionPolicies: read('managed-session-policies'),
        sourceIdentity: read('source-identity')
    }, env, problems);
    const sessionOptionsGiven = session.tags.length + session.policyArns.length > 0 || session.policy || session.sourceIdentity;
    if (context.roleArns.length === 0 && sessionOptionsGiven) {
        problems.push('Session tags, session policies and source-identity apply to AssumeRole, and ' +
            'role-to-assume is empty: give the role, or drop those inputs.');
    }
    return {
        awsProfile: profileName ? { names: profileNames, overwrite } : undefined,
        proxy,
        unsetCurrentCredentials,
        allowedAccountIds,
        actionTimeoutSeconds: integer(read, 'action-timeout-s', 0, 0, 3600, problems),
        specialCharactersWorkaround: values_boolean(read, 'special-characters-workaround', false, problems),
        useExistingCredentials,
        session
    };
}
/** Profile names as the AWS CLI writes them: no spaces or brackets, which the files cannot hold. */
function checkProfileName(name, problems) {
    if (!/^[\w.+@-]{1,128}$/.test(name)) {
        problems.push(`Invalid aws-profile '${name}'. Expected 1 to 128 letters, digits and _ . + @ -, e.g. deploy.`);
    }
}
/**
 * Several roles need a profile each: the environment can hold one role only (the first). One
 * profile name per line, as many as roles, each once.
 */
function profileListProblems(roleArns, names, problems) {
    if (roleArns.length > 1 && names.length !== roleArns.length) {
        problems.push(`Input role-to-assume lists ${roleArns.length} roles, and aws-profile ${names.length} ` +
            'profile name(s): give one profile per role, line N of aws-profile for the role on line N ' +
            '(the environment gets the first role only).');
    }
    else if (roleArns.length <= 1 && names.length > 1) {
        problems.push('Input aws-profile lists several profiles for one role: give one profile name, or one role ' +
            'per profile in role-to-assume.');
    }
    if (new Set(names).size < names.length) {
        problems.push('Input aws-profile lists a profile twice: give each role its own profile.');
    }
}
/** allowed-account-ids: comma-separated 12-digit ids; empty allows any account. */
function parseAccountIds(raw, problems) {
    const ids = raw
        .split(/[,\s]+/)
        .map(id => id.trim())
        .filter(Boolean);
    for (const id of ids) {
        if (!/^\d{12}$/.test(id)) {
            problems.push(`Invalid allowed-account-ids entry '${id}'. Expected 12-digit account ids separated by ` +
                'commas, e.g. 123456789012,210987654321.');
        }
    }
    return ids;
}

;// CONCATENATED MODULE: ./src/settings/read.ts








const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const read_ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
/** GetSessionToken takes 900 to 129600 seconds; AssumeRole 900 to 43200 (API model). */
const read_MAX_SESSION_SECONDS = 129600;
const MAX_ROLE_SECONDS = 43200;
const ROLE_EXAMPLE = 'arn:aws:iam::123456789012:role/deploy';
/**
 * Parses and validates every input. All problems are collected and thrown together as one
 * InputError, so a user fixes them in one go. Secret inputs are masked before they are parsed.
 */
function readSettings(read, mask, env = process.env) {
    const problems = [];
    maskSecretInputs(read, mask);
    const maskAccountId = values_boolean(read, 'mask-aws-account-id', false, problems);
    if (maskAccountId)
        maskAccountIds(read, mask);
    const matching = (name, value, pattern, hint) => {
        if (value && !pattern.test(value))
            problems.push(`Invalid ${name} '${value}'. ${hint}`);
    };
    const region = read('aws-region');
    if (!region) {
        problems.push('Input required and not supplied: aws-region. Set it to the region of the STS endpoint, e.g. us-east-1.');
    }
    matching('aws-region', region, REGION, 'Expected a region name such as us-east-1 or eu-central-1.');
    // Empty: no role, the user's own MFA session (GetSessionToken). One per line: several roles.
    const roleArns = lines(read('role-to-assume'));
    for (const arn of roleArns) {
        matching('role-to-assume', arn, ROLE_ARN, `Expected a role ARN such as ${ROLE_EXAMPLE}.`);
    }
    if (new Set(roleArns).size < roleArns.length) {
        problems.push('Input role-to-assume lists a role twice: give each role once, one per line.');
    }
    const roleArn = roleArns[0] ?? '';
    const mfa = parseMfaInputs(read, problems, mask);
    if (REGION.test(region)) {
        const serials = mfa.mfaDevices?.map(device => device.serial) ?? [mfa.mfaSerial];
        partitionProblems(region, [
            ...roleArns.filter(arn => ROLE_ARN.test(arn)).map(arn => ['role-to-assume', arn]),
            ...serials.filter(arn => MFA_ARN.test(arn)).map(arn => ['mfa-serial', arn])
        ], problems);
    }
    const baseCredentials = parseBaseCredentials(read, problems);
    const maxSeconds = roleArn ? MAX_ROLE_SECONDS : read_MAX_SESSION_SECONDS;
    const durationSeconds = integer(read, 'role-duration-seconds', 900, 900, maxSeconds, problems);
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
        mfaCodePerRole: false,
        mfaSessionDurationSeconds: 3600,
        region,
        roleArn,
        roleArns,
        ...mfa,
        baseCredentials,
        durationSeconds,
        sessionName,
        externalId,
        // AWS allows about nine MFA checks per device per three minutes: keep a run well inside it.
        mfaRetryWindows: integer(read, 'mfa-retry-windows', 2, 0, 4, problems),
        retryMaxAttempts: integer(read, 'retry-max-attempts', 3, 1, 10, problems),
        stsEndpoint,
        maskAccountId,
        outputCredentials: values_boolean(read, 'output-credentials', false, problems),
        outputEnvCredentials: values_boolean(read, 'output-env-credentials', true, problems),
        ...parityOptions(read, mask, env, problems, { region, roleArns, stsEndpoint }),
        ...refreshOptions(read, problems, { roleArn })
    };
    if (settings.refreshCredentials && settings.useExistingCredentials) {
        problems.push('Inputs refresh-credentials and use-existing-credentials were both given: a kept session ' +
            'has no MFA session to renew it from. Drop one of them.');
    }
    Object.assign(settings, parseMfaSessionInputs(read, env, problems, settings));
    const chaining = roleChainingProblem(settings);
    if (chaining)
        problems.push(chaining);
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    return settings;
}
/**
 * refresh-credentials: without a role there is nothing to renew. The endpoint assumes the role from
 * the MFA session, role chaining, capped at one hour: roleChainingProblem checks that.
 */
function refreshOptions(read, problems, context) {
    const refreshCredentials = values_boolean(read, 'refresh-credentials', false, problems);
    if (!refreshCredentials)
        return { refreshCredentials };
    if (!context.roleArn) {
        problems.push('Input refresh-credentials needs role-to-assume: without a role, the MFA session itself is ' +
            'exported, and role-duration-seconds can make it last up to 129600 s (36 hours).');
    }
    return { refreshCredentials };
}
/**
 * STS of one partition knows only that partition's roles and devices: a role in aws-cn asked of
 * us-east-1 would be refused after the one-time code was spent. The partition of a region is the
 * SDK's (ISO partitions included).
 */
function partitionProblems(region, named, problems) {
    const partition = partitionOfRegion(region);
    for (const [input, arn] of named) {
        if (partitionOf(arn) === partition)
            continue;
        problems.push(`Input ${input} '${arn}' is in partition ${partitionOf(arn)}, but aws-region '${region}' ` +
            `is in ${partition}. Give a region of the ARN's partition, or the ARN of that partition.`);
    }
}
/** The IAM user's keys: both or neither (then the SDK's default chain finds them). */
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
    if (!read_ACCESS_KEY_ID.test(accessKeyId)) {
        // Not quoted: a secret key pasted here by mistake would land in the log.
        problems.push(`Invalid aws-access-key-id (${accessKeyId.length} characters). Expected an access key id such as ` +
            'AKIAIOSFODNN7EXAMPLE (16 or more upper-case letters and digits).');
    }
    return { accessKeyId, secretAccessKey, sessionToken };
}

// EXTERNAL MODULE: ./src/action/endpoint.ts
var endpoint = __webpack_require__(293);
;// CONCATENATED MODULE: ./src/action/export.ts


/** Masks the issued credentials (and the account id when asked) before anything prints them. */
function maskCredentials(credentials, settings, mask = core/* setSecret */.Pq) {
    mask(credentials.accessKeyId);
    mask(credentials.secretAccessKey);
    mask(credentials.sessionToken);
    if (settings.maskAccountId)
        mask(credentials.accountId);
}
/**
 * Hands the role session to the job's later steps through their environment: the region, and the
 * keys unless `keysToEnvironment` is false (output-env-credentials, or the endpoint serves them).
 * Called only once everything else has succeeded, so a failed run exports nothing. The user's own
 * keys are never exported.
 */
function exportVariables(credentials, region, keysToEnvironment) {
    const variables = [
        ...(keysToEnvironment ? sessionVariables(credentials) : []),
        ...regionVariables(region)
    ];
    for (const [name, value] of variables)
        core/* exportVariable */.dN(name, value);
}
/** The step's outputs: who the job now is and until when; the keys too with output-credentials. */
function setCredentialOutputs(credentials, settings) {
    core/* setOutput */.uH('aws-account-id', credentials.accountId);
    core/* setOutput */.uH('authenticated-arn', credentials.arn);
    core/* setOutput */.uH('aws-expiration', credentials.expiration.toISOString());
    if (settings.outputCredentials) {
        core/* setOutput */.uH('aws-access-key-id', credentials.accessKeyId);
        core/* setOutput */.uH('aws-secret-access-key', credentials.secretAccessKey);
        core/* setOutput */.uH('aws-session-token', credentials.sessionToken);
    }
}
/**
 * refresh-credentials: later steps find the endpoint through the container credentials provider.
 * Keys in the environment would win over it in every SDK's default chain (AWS SDKs and Tools
 * reference guide), so any that earlier steps or the job set are emptied for the later steps.
 * The token was masked when it was made (startEndpoint).
 */
function exportEndpoint(endpoint, env = process.env) {
    core/* exportVariable */.dN('AWS_CONTAINER_CREDENTIALS_FULL_URI', endpoint.uri(0));
    core/* exportVariable */.dN('AWS_CONTAINER_AUTHORIZATION_TOKEN', endpoint.token);
    const set = CREDENTIAL_VARIABLES.filter(name => env[name]);
    for (const name of set)
        core/* exportVariable */.dN(name, '');
    if (set.length > 0) {
        core/* info */.pq(`Emptied ${set.join(', ')} for later steps: keys in the environment would win over the ` +
            'credentials endpoint.');
    }
}
/**
 * unset-current-credentials: the credentials earlier steps exported are emptied for the later
 * steps, as configure-aws-credentials does, and removed from this step's environment so that the
 * SDK's default chain cannot pick them as the base credentials. Done before STS is called: a
 * failed run then leaves the job with no credentials rather than the earlier ones.
 */
function unsetCredentials(env = process.env) {
    for (const name of CREDENTIAL_VARIABLES) {
        delete env[name];
        core/* exportVariable */.dN(name, '');
    }
    for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) {
        if (!env[name])
            continue;
        core/* warning */.$e(`${name} is set to '${env[name]}' by an earlier step: later AWS tools may use that profile ` +
            'instead of the exported credentials. unset-current-credentials leaves it for later ' +
            'steps (an empty AWS_PROFILE breaks the AWS CLI); remove it from the workflow.');
        delete env[name];
    }
}

// EXTERNAL MODULE: ./src/action/profile.ts + 2 modules
var action_profile = __webpack_require__(5619);
// EXTERNAL MODULE: ./src/action/state.ts
var state = __webpack_require__(3175);
;// CONCATENATED MODULE: ./src/action/deliver.ts







/**
 * refresh-credentials: the server gets the MFA session and the roles' first credentials, never the
 * user's keys; its pid and port go into the state at once, so the post step stops it whatever
 * happens next. `start` starts the server process (tests give their own).
 */
function endpointDeliverer(start = endpoint/* startEndpoint */.IE) {
    return {
        name: 'endpoint',
        wanted: ({ settings, obtained }) => settings.refreshCredentials && !!obtained.mfaSession,
        async deliver(delivery) {
            const started = await startRefreshingEndpoint(delivery, start);
            delivery.endpoint = started;
            return () => (0,endpoint/* stopEndpoint */.ik)(started, false);
        },
        report: ({ endpoint, obtained }) => `Later steps get the role from ${endpoint?.uri(0)}, renewed from the MFA session until ` +
            `${obtained.mfaSession?.expiration.toISOString()}; the post step stops it.`
    };
}
/** aws-profile: each role's profile; the files as they were come back on failure. */
const profiles = {
    name: 'profiles',
    wanted: ({ settings }) => settings.awsProfile !== undefined,
    deliver: delivery => writeAwsProfiles(delivery)
};
/** The job's environment: the endpoint's variables, or the keys; the region. */
const environment = {
    name: 'environment',
    wanted: () => true,
    deliver({ settings, roles, endpoint }) {
        if (endpoint)
            exportEndpoint(endpoint);
        exportVariables(roles[0], settings.region, !endpoint && settings.outputEnvCredentials);
    }
};
/** The step's outputs: the identity and expiry, and the keys with output-credentials. */
const outputs = {
    name: 'outputs',
    wanted: () => true,
    deliver: ({ settings, roles }) => setCredentialOutputs(roles[0], settings)
};
/** share-mfa-session: the sealed session as the output mfa-session. */
const sharedSession = {
    name: 'shared MFA session',
    wanted: ({ sealed }) => sealed !== undefined,
    deliver: ({ sealed }) => core/* setOutput */.uH('mfa-session', sealed),
    report: ({ obtained }) => `Shared the MFA session, until ${obtained.mfaSession?.expiration.toISOString()}, as the ` +
        'output mfa-session: map it to a job output, and pass it to the jobs that need it as ' +
        'mfa-session: ${{ needs.<job>.outputs.mfa-session }}.'
};
/** In order: what can be undone first, the environment and outputs (which cannot) last. */
const DELIVERERS = [
    endpointDeliverer(),
    profiles,
    environment,
    outputs,
    sharedSession
];
/**
 * Runs each wanted deliverer in order. When one fails, those before it are undone, the last first,
 * and its error is thrown. Returns the deliverers that delivered, for the report.
 */
async function deliver(delivery, deliverers = DELIVERERS) {
    const delivered = [];
    const undos = [];
    const undo = async () => {
        for (const step of undos.splice(0).reverse()) {
            try {
                await step();
            }
            catch (error) {
                core/* warning */.$e(`Could not take back a delivery: ${error.message}`);
            }
        }
    };
    for (const deliverer of deliverers) {
        if (!deliverer.wanted(delivery))
            continue;
        try {
            const taken = await deliverer.deliver(delivery);
            if (taken)
                undos.push(taken);
        }
        catch (error) {
            await undo();
            throw error;
        }
        delivered.push(deliverer);
    }
    return delivered;
}
async function startRefreshingEndpoint(delivery, start) {
    const { settings, roles, mask } = delivery;
    const session = delivery.obtained.mfaSession;
    const started = await start(await endpointHandoff(settings, session, roles), mask);
    const { pid, port, dir } = started;
    // The post step summarises the server's log as this step decided: account ids hidden or not.
    (0,state/* saveEndpoint */.HF)({ pid, port, dir, hideAccounts: settings.maskAccountId });
    return started;
}
/**
 * aws-profile: the snapshot of both files goes to an owner-only file under RUNNER_TEMP before
 * they change, and only its path into the state, for the post step to put them back. A profile
 * that cannot be written takes the ones written before it back with it. Returns the undo: the
 * files as they were.
 */
function writeAwsProfiles({ settings, roles, endpoint }, write = writeProfileOrExplain) {
    const { names, overwrite } = settings.awsProfile;
    const files = (0,action_profile/* profileFiles */.xc)();
    const before = (0,action_profile/* snapshotFiles */.Oq)(files);
    (0,state/* saveProfileSnapshot */.jj)((0,action_profile/* saveSnapshots */.D$)(before, (0,action_profile/* snapshotFolder */.H1)()));
    // names[i] is the profile of roles[i] (readSettings pairs them).
    for (const [i, profile] of names.entries()) {
        try {
            // With the endpoint, each role's profile asks it: credential_process renews as the SDKs do.
            const values = endpoint
                ? { credentialProcess: endpoint.credentialProcess(i), region: settings.region }
                : { ...roles[i], region: settings.region };
            write(files, profile, values, overwrite);
        }
        catch (error) {
            // Profiles written before this one go too: nothing is half done when the step fails.
            (0,action_profile/* restoreFiles */.Ce)(before);
            throw error;
        }
        core/* info */.pq(`Wrote profile '${profile}'${names.length > 1 ? ` (${roles[i].arn})` : ''} to ` +
            `${files.credentials} and ${files.config}; the post step puts both files back as they were.`);
    }
    return () => (0,action_profile/* restoreFiles */.Ce)(before);
}
/** A file that cannot be written: both files are back as they were (writeProfile), say what to fix. */
function writeProfileOrExplain(...args) {
    try {
        return (0,action_profile/* writeProfile */.Z8)(...args);
    }
    catch (error) {
        if (error instanceof errors/* ActionError */.lZ)
            throw error;
        throw new errors/* ActionError */.lZ(`Could not write profile '${args[1]}' (${error.message}); the files were put ` +
            'back and nothing was exported. Check that AWS_SHARED_CREDENTIALS_FILE and ' +
            'AWS_CONFIG_FILE (or ~/.aws) are writable paths.', { cause: error });
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/action/preflight.ts




/*
 * Before STS is called: what would make the run fail after a one-time code was spent is refused
 * while refusing costs nothing.
 */
/**
 * aws-profile writes two files after STS has answered, and a snapshot of them under RUNNER_TEMP
 * before that: whether it can is checked before a one-time code is spent, since a code spent on
 * a run that then cannot write is one of the device's few checks for nothing.
 */
function checkProfileWritable(files, temp) {
    const problems = [
        ...folderProblem('RUNNER_TEMP', temp),
        ...fileProblem('the credentials file', files.credentials),
        ...fileProblem('the config file', files.config)
    ];
    if (problems.length === 0)
        return;
    throw new errors/* ActionError */.lZ(`aws-profile cannot be written, so STS was not called and no one-time code was spent: ` +
        `${problems.join('; ')}. Check AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (or ~/.aws) ` +
        'and RUNNER_TEMP: they must be writable paths.');
}
/** The folder takes a new folder (as the snapshot's), tried for real and removed. */
function folderProblem(name, folder) {
    try {
        (0,external_node_fs_.rmSync)((0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(folder, 'aws-assume-role-mfa-check-')), { recursive: true });
        return [];
    }
    catch (error) {
        return [`${name} ${folder} is not a writable folder (${codeOf(error)})`];
    }
}
/** An existing file must open for writing; a missing one, be creatable in its nearest folder. */
function fileProblem(what, path) {
    try {
        if (exists(path)) {
            if (!(0,external_node_fs_.statSync)(path).isFile())
                return [`${what} ${path} is not a file`];
            (0,external_node_fs_.closeSync)((0,external_node_fs_.openSync)(path, 'r+'));
            return [];
        }
        let folder = (0,external_node_path_.dirname)(path);
        while (!exists(folder))
            folder = (0,external_node_path_.dirname)(folder);
        if (!(0,external_node_fs_.statSync)(folder).isDirectory())
            return [`${what} ${path} is under ${folder}, a file`];
        (0,external_node_fs_.accessSync)(folder, external_node_fs_.constants.W_OK);
        return [];
    }
    catch (error) {
        return [`${what} ${path} is not writable (${codeOf(error)})`];
    }
}
function exists(path) {
    try {
        (0,external_node_fs_.statSync)(path);
        return true;
    }
    catch {
        return false;
    }
}
function codeOf(error) {
    return error.code ?? error.message;
}
/**
 * The checks made before STS is called, each for the inputs that need it, so that a refusal costs
 * no one-time code. A new input that can be refused early adds its check here.
 */
const CHECKS = [
    function profilesWritable(settings) {
        if (!settings.awsProfile)
            return;
        checkProfileWritable((0,action_profile/* profileFiles */.xc)(), (0,action_profile/* snapshotFolder */.H1)());
        for (const name of settings.awsProfile.names) {
            (0,action_profile/* checkProfile */.U$)((0,action_profile/* profileFiles */.xc)(), name, settings.awsProfile.overwrite);
        }
    },
    function endpointWins(settings) {
        if (settings.refreshCredentials)
            checkEndpointWins(settings);
    }
];
/** Every check of CHECKS, in order; the first refusal is thrown. */
function preflight(settings) {
    for (const check of CHECKS)
        check(settings);
}
/**
 * refresh-credentials: the later steps' SDKs read the shared files before the container provider,
 * so a profile there with credentials (a self-hosted runner's own `[default]`) would silently win
 * over the endpoint. Refused before STS is called (no code spent), naming the file and the profile.
 */
function checkEndpointWins(settings) {
    const shadow = (0,action_profile/* shadowingProfile */.A5)(process.env, settings.awsProfile?.names);
    if (!shadow)
        return;
    throw new errors/* ActionError */.lZ(`refresh-credentials: profile '${shadow.profile}' in ${shadow.path} has ${shadow.setting}, and ` +
        "the AWS CLI and SDKs take it before the credentials endpoint: later steps would run as that profile's " +
        `identity, not the role. Remove it from the runner's files, set aws-profile: ${shadow.profile} ` +
        'with overwrite-aws-profile: true (its profile then asks the endpoint; the post step puts ' +
        'the file back), or point AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE elsewhere for the job.');
}

;// CONCATENATED MODULE: ./src/action/summary.ts

/** The job summary in Markdown: who the job now is, and until when. No secret. */
function summaryMarkdown(credentials, settings, nowMs, mfa = {
    proof: 'code'
}) {
    const minutes = Math.round((credentials.expiration.getTime() - nowMs) / 60_000);
    // The runner masks registered secrets in the summary too; hiding the account id here, in the
    // ARNs as well, keeps the summary right even where a runner would not.
    const hide = (text) => settings.maskAccountId ? text.split(credentials.accountId).join('***') : text;
    const device = resourcePathOf(settings.mfaSerial);
    const rows = [
        settings.roleArn
            ? ['Role', hide(settings.roleArns.join(', '))]
            : ['User (MFA session)', hide(credentials.arn)],
        ['Session name', settings.sessionName],
        ['Account', hide(credentials.accountId)],
        ['Expires', `${credentials.expiration.toISOString()} (in ${minutes} minutes)`],
        mfa.proof === 'shared-session'
            ? ['MFA', 'the shared MFA session of this run (no one-time code)']
            : ['MFA device', device],
        ...(mfa.sharedUntil
            ? [['Shared MFA session', `output mfa-session, until ${mfa.sharedUntil.toISOString()}`]]
            : []),
        ...(mfa.renewedUntil
            ? [['Renewed', `by the credentials endpoint until ${mfa.renewedUntil.toISOString()}`]]
            : [])
    ];
    const cell = (text) => `\`${text.replace(/`/g, "'")}\``;
    return [
        settings.roleArn ? '### AWS role assumed with MFA' : '### AWS MFA session of the user',
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([name, value]) => `| ${name} | ${cell(value)} |`),
        ''
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/action/main.ts















/**
 * The action, in phases: settings → preflight → obtain → deliver → report. Each phase is a function
 * of its own; the ways credentials leave the step are deliverers (deliver.ts). Every failure ends
 * here as one or more `::error::` lines, exit code 1, and nothing delivered.
 */
async function run(clock = systemClock, exit = code => process.exit(code)) {
    let deadline;
    // Every value registered with ::add-mask::, which a job output must not contain.
    const masked = [];
    const mask = (secret) => {
        masked.push(secret);
        core/* setSecret */.Pq(secret);
    };
    try {
        const settings = stepSettings(mask);
        deadline = startDeadline(settings.actionTimeoutSeconds, message => {
            core/* setFailed */.C1(message);
            exit(core/* ExitCode */.yU.Failure);
        });
        announceOptions(settings);
        if (await keptExistingSession(settings, clock))
            return;
        preflight(settings);
        const delivery = await main_obtain(settings, clock, mask, masked);
        deadline.clear();
        // A deliverer that fails takes back those before it; nothing after them can fail.
        await report(delivery, await deliver(delivery), clock);
    }
    catch (error) {
        fail(error);
    }
    finally {
        deadline?.clear();
    }
}
/** The inputs, parsed and checked (secrets masked first); unset-current-credentials done. */
function stepSettings(mask) {
    const settings = readSettings(name => core/* getInput */.V4(name), mask);
    if (settings.unsetCurrentCredentials)
        unsetCredentials();
    return settings;
}
/**
 * The one-time code spent, the roles assumed (engine/assume-role.ts), every credential masked and
 * every account checked; with share-mfa-session, the session sealed for the other jobs.
 */
async function main_obtain(settings, clock, mask, masked) {
    core/* info */.pq(announcement(settings));
    const obtained = await obtainCredentials(obtainRequest(settings), {
        clock,
        mask,
        notice: core/* notice */.lm,
        info: core/* info */.pq,
        warning: core/* warning */.$e
    });
    const { roles } = obtained;
    for (const role of roles)
        maskCredentials(role, settings, mask);
    for (const role of roles)
        checkAllowedAccount(role.accountId, settings.allowedAccountIds);
    const sealed = settings.mfaSessionToShare && obtained.mfaSession
        ? sealedSession(obtained.mfaSession, settings, masked)
        : undefined;
    return {
        settings,
        roles,
        obtained,
        mask,
        sealed
    };
}
/** What the log and the job summary say once everything was delivered. */
async function report(delivery, delivered, clock) {
    const { settings, obtained, endpoint } = delivery;
    const credentials = delivery.roles[0];
    core/* info */.pq(`${settings.roleArn ? 'Assumed' : 'Session of'} ${credentials.arn} until ${credentials.expiration.toISOString()}.`);
    for (const deliverer of delivered)
        if (deliverer.report)
            core/* info */.pq(deliverer.report(delivery));
    await writeSummary(summaryMarkdown(credentials, settings, clock.now(), {
        proof: obtained.proof,
        sharedUntil: settings.mfaSessionToShare ? obtained.mfaSession?.expiration : undefined,
        renewedUntil: endpoint && obtained.mfaSession?.expiration
    }));
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
    for (const line of (0,errors/* failureLines */.w7)(error))
        core/* error */.z3(line);
    process.exitCode = core/* ExitCode */.yU.Failure;
}
/** What the run is about to do, for the log. */
function announcement(settings) {
    const roles = settings.roleArns.join(', ');
    if (settings.receivedMfaSession) {
        return `Assuming ${roles} from the shared MFA session of this run (no one-time code).`;
    }
    const device = `MFA device ${settings.mfaSerial}`;
    if (settings.mfaSessionToShare) {
        return `Getting an MFA session for the whole run with ${device}, to share as the output mfa-session${roles ? `; then assuming ${roles} from it` : ''}.`;
    }
    return settings.roleArn
        ? `Assuming ${roles} with ${device}.`
        : `Getting an MFA session of the user with ${device} (no role-to-assume).`;
}
/**
 * The session sealed for the other jobs, with the seed's key and this run's binding. The blob
 * never contains a masked value: GitHub would drop the job output (sealSession).
 */
function sealedSession(session, settings, masked) {
    const { run } = settings.mfaSessionToShare;
    if (settings.mfa.kind !== 'seed')
        throw new errors/* ActionError */.lZ('share-mfa-session needs mfa-seed.');
    return sealSession(session, settings.mfa.totp.secret, run, masked);
}
/** What the log should say about options before STS is called. */
function announceOptions(settings) {
    if (settings.proxy) {
        core/* info */.pq(`STS requests go through the proxy ${displayUrl(settings.proxy.url)} (${settings.proxy.source}).`);
    }
    if (settings.specialCharactersWorkaround) {
        core/* warning */.$e('special-characters-workaround does nothing here: the credentials go through GITHUB_ENV, ' +
            'outputs and profile files, which carry any character, and getting a secret key without ' +
            '/ or + would mean assuming the role again, each time with a fresh 30-second MFA window ' +
            "and one of the device's few checks. Remove the input; quote the variables in scripts.");
    }
}
/**
 * use-existing-credentials: a valid session of the role already in the job's environment is kept,
 * and no one-time code is spent. Returns false to go on with MFA.
 */
async function keptExistingSession(settings, clock) {
    if (!settings.useExistingCredentials)
        return false;
    const role = { ...stsConnection(settings), roleArn: settings.roleArn };
    const found = await existingSession(role, process.env, clock.now());
    if (typeof found === 'string') {
        core/* info */.pq(`use-existing-credentials: assuming the role with MFA, since ${found}.`);
        return false;
    }
    if (settings.maskAccountId)
        core/* setSecret */.Pq(found.accountId);
    checkAllowedAccount(found.accountId, settings.allowedAccountIds);
    core/* info */.pq(`use-existing-credentials: the job's credentials are a valid session of ${settings.roleArn} ` +
        `(${found.arn}), kept as they are: MFA skipped, no one-time code spent.`);
    core/* setOutput */.uH('aws-account-id', found.accountId);
    core/* setOutput */.uH('authenticated-arn', found.arn);
    if (found.expiration)
        core/* setOutput */.uH('aws-expiration', found.expiration.toISOString());
    return true;
}


/***/ })

};
