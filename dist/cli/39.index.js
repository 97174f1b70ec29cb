export const id = 39;
export const ids = [39];
export const modules = {

/***/ 3039:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  obtainRequest: () => (/* binding */ obtainRequest),
  stsConnection: () => (/* binding */ stsConnection)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/engine/credentials-endpoint.ts

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
                ? ENDPOINT_ROLE_SECONDS
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


/***/ })

};
