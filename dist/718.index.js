export const id = 718;
export const ids = [718];
export const modules = {

/***/ 7718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7331);
/* harmony import */ var _profile_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3175);



/**
 * The post step, run even after a failed main step: puts back the shared credentials and config
 * files that aws-profile changed (self-hosted runners keep their disks), and deletes the snapshot.
 * Silent when there is nothing to do or it went well.
 */
async function post() {
    const snapshot = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(_state_js__WEBPACK_IMPORTED_MODULE_2__/* .State */ .U.ProfileSnapshot);
    if (!snapshot)
        return;
    try {
        (0,_profile_js__WEBPACK_IMPORTED_MODULE_1__/* .restoreSavedSnapshots */ .fF)(snapshot);
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not put the AWS credentials and config files back as they were: ${error.message}`);
    }
}


/***/ }),

/***/ 1455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ce: () => (/* binding */ restoreFiles),
/* harmony export */   D$: () => (/* binding */ saveSnapshots),
/* harmony export */   Oq: () => (/* binding */ snapshotFiles),
/* harmony export */   Z8: () => (/* binding */ writeProfile),
/* harmony export */   eT: () => (/* binding */ checkProfileFree),
/* harmony export */   fF: () => (/* binding */ restoreSavedSnapshots),
/* harmony export */   xc: () => (/* binding */ profileFiles)
/* harmony export */ });
/* unused harmony export ProfileExistsError */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7679);




/** The files the SDKs read, honouring AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE. */
function profileFiles(env = process.env) {
    const aws = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(env.HOME || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)(), '.aws');
    return {
        credentials: env.AWS_SHARED_CREDENTIALS_FILE || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(aws, 'credentials'),
        config: env.AWS_CONFIG_FILE || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(aws, 'config')
    };
}
/** Raised when the profile exists and overwriting it was not asked for. */
class ProfileExistsError extends _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ {
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
 * Writes the profile into both files and returns what they held before, for the post step.
 * Sections of other profiles, comments and layout are kept as they are.
 */
function writeProfile(files, profile, values, overwrite) {
    // The config file names profiles `[profile NAME]`, except `[default]`.
    const configSection = profile === 'default' ? 'default' : `profile ${profile}`;
    const edits = [
        {
            path: files.credentials,
            section: profile,
            lines: [
                `aws_access_key_id = ${values.accessKeyId}`,
                `aws_secret_access_key = ${values.secretAccessKey}`,
                `aws_session_token = ${values.sessionToken}`,
                `# expires ${values.expiration.toISOString()}, written by aws-assume-role-mfa`
            ]
        },
        { path: files.config, section: configSection, lines: [`region = ${values.region}`] }
    ];
    const snapshots = edits.map(({ path }) => ({ path, content: readIfExists(path) }));
    if (!overwrite)
        checkProfileFree(files, profile, snapshots);
    try {
        for (const [i, { path, section, lines }] of edits.entries()) {
            writePrivate(path, replaceSection(snapshots[i].content ?? '', section, lines));
        }
    }
    catch (error) {
        // One file written and not the other would leave a half profile: put both back.
        restoreFiles(snapshots);
        throw error;
    }
    return snapshots;
}
/**
 * Throws ProfileExistsError if either file has the profile: checked before STS is called, so a
 * refusal costs no one-time code, and again when writing.
 */
function checkProfileFree(files, profile, snapshots = snapshotFiles(files)) {
    const sections = [profile, profile === 'default' ? 'default' : `profile ${profile}`];
    for (const [i, { path, content }] of snapshots.entries()) {
        if (findSection(content ?? '', sections[i]))
            throw new ProfileExistsError(profile, path);
    }
}
/** What the two files hold now, credentials file first. */
function snapshotFiles(files) {
    return [files.credentials, files.config].map(path => ({ path, content: readIfExists(path) }));
}
/**
 * Keeps the snapshots for the post step in an owner-only file under `dir` (RUNNER_TEMP) and
 * returns its path. They may hold the user's own keys, so they never go into the action's state,
 * which the runner keeps in plain text: only this path does.
 */
function saveSnapshots(snapshots, dir) {
    const folder = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'aws-assume-role-mfa-'));
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(folder, 'profile-files.json');
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(path, JSON.stringify(snapshots), { mode: 0o600 });
    return path;
}
/** The post step: puts the files back from a saved snapshot, then deletes the snapshot. */
function restoreSavedSnapshots(path) {
    const snapshots = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    restoreFiles(snapshots);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), { recursive: true, force: true });
}
/** Puts the files back as they were: the old content, or no file where there was none. */
function restoreFiles(snapshots) {
    for (const { path, content } of snapshots) {
        if (content === null) {
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(path);
        }
        else
            writePrivate(path, content);
    }
}
function readIfExists(path) {
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8') : null;
}
/** Credentials files hold secrets: owner-only, in an owner-only folder when we create it. */
function writePrivate(path, content) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), { recursive: true, mode: 0o700 });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(path, content, { mode: 0o600 });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync)(path, 0o600);
}
/** Line range [start, end) of a section, header included, or undefined. */
function findSection(text, section) {
    const lines = text.split('\n');
    const header = (line) => /^\s*\[([^\]]+)\]\s*$/.exec(line)?.[1].trim();
    const start = lines.findIndex(line => header(line) === section);
    if (start < 0)
        return undefined;
    let end = start + 1;
    while (end < lines.length && header(lines[end]) === undefined)
        end++;
    return [start, end];
}
function replaceSection(text, section, body) {
    const block = [`[${section}]`, ...body];
    const found = findSection(text, section);
    if (!found) {
        const prefix = text === '' || text.endsWith('\n\n')
            ? text
            : text.endsWith('\n')
                ? `${text}\n`
                : `${text}\n\n`;
        return `${prefix}${block.join('\n')}\n`;
    }
    const lines = text.split('\n');
    // Keep the blank line that separated this section from the next one.
    const trailing = lines
        .slice(found[0], found[1])
        .reverse()
        .findIndex(line => line.trim() !== '');
    lines.splice(found[0], found[1] - found[0] - trailing, ...block);
    return lines.join('\n');
}


/***/ }),

/***/ 7679:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cd: () => (/* binding */ isCodeRefused),
/* harmony export */   ce: () => (/* binding */ explainStsError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   lZ: () => (/* binding */ ActionError),
/* harmony export */   w7: () => (/* binding */ failureLines)
/* harmony export */ });
/* unused harmony export STS_ADVICE */
/* harmony import */ var _printable_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8433);
/**
 * Errors are typed where they are raised and rendered in one place (failureLines), for the action's
 * log and the CLI's standard error alike. Every message names what is wrong and how to fix it, and
 * never contains a secret.
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
    if (error instanceof ActionError)
        return error;
    const e = (error ?? {});
    const code = e.name ?? 'Error';
    const message = e.message ?? String(error);
    const status = e.$metadata?.httpStatusCode ?? 0;
    const details = [
        ...(status > 0 && status < 400 ? [`HTTP ${status}`] : []),
        ...(isRedirect(e) && e.$response?.headers?.location
            ? [`to ${(0,_printable_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g)(e.$response.headers.location)}`]
            : []),
        ...(e.$metadata?.requestId ? [`request id ${(0,_printable_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g)(e.$metadata.requestId)}`] : [])
    ];
    const said = code === 'Unknown' && message === 'Unknown'
        ? 'no STS error'
        : `${(0,_printable_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g)(code)}: ${(0,_printable_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g)(message, 1000)}`;
    const aws = `AWS said: ${said}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
    return new ActionError(`${advice(code, message, e, context)}\n${aws}`, { cause: error });
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
