exports.id = 346;
exports.ids = [346];
exports.modules = {

/***/ 770:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

module.exports = __webpack_require__(218);


/***/ }),

/***/ 218:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

"use strict";
var __webpack_unused_export__;


var net = __webpack_require__(9278);
var tls = __webpack_require__(4756);
var http = __webpack_require__(8611);
var https = __webpack_require__(5692);
var events = __webpack_require__(4434);
var assert = __webpack_require__(2613);
var util = __webpack_require__(9023);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
__webpack_unused_export__ = debug; // for test


/***/ }),

/***/ 7244:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cC: () => (/* binding */ CONNECT_TIMEOUT_MS),
/* harmony export */   e$: () => (/* binding */ BoundedHttpHandler)
/* harmony export */ });
/* unused harmony exports REQUEST_TIMEOUT_MS, MAX_ANSWER_BYTES */
/* harmony import */ var _smithy_node_http_handler__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1279);

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
class BoundedHttpHandler extends _smithy_node_http_handler__WEBPACK_IMPORTED_MODULE_0__.NodeHttpHandler {
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


/***/ }),

/***/ 8433:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";
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


/***/ }),

/***/ 1341:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ proxyAgents)
/* harmony export */ });
/* harmony import */ var tunnel__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(770);

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
        httpAgent: agent(overHttps ? tunnel__WEBPACK_IMPORTED_MODULE_0__.httpOverHttps(options) : tunnel__WEBPACK_IMPORTED_MODULE_0__.httpOverHttp(options)),
        httpsAgent: agent(overHttps ? tunnel__WEBPACK_IMPORTED_MODULE_0__.httpsOverHttps(options) : tunnel__WEBPACK_IMPORTED_MODULE_0__.httpsOverHttp(options))
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


/***/ }),

/***/ 5028:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fm: () => (/* binding */ MFA_AGE_SUSPECT_SECONDS),
/* harmony export */   cd: () => (/* binding */ isCodeRefused),
/* harmony export */   ce: () => (/* binding */ explainStsError)
/* harmony export */ });
/* unused harmony export STS_ADVICE */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7679);
/* harmony import */ var _printable_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8433);
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
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ)
        return error;
    const e = (error ?? {});
    const code = e.name ?? 'Error';
    const message = e.message ?? String(error);
    const status = e.$metadata?.httpStatusCode ?? 0;
    const details = [
        ...(status > 0 && status < 400 ? [`HTTP ${status}`] : []),
        ...(isRedirect(e) && e.$response?.headers?.location
            ? [`to ${(0,_printable_js__WEBPACK_IMPORTED_MODULE_1__/* .printable */ .g)(e.$response.headers.location)}`]
            : []),
        ...(e.$metadata?.requestId ? [`request id ${(0,_printable_js__WEBPACK_IMPORTED_MODULE_1__/* .printable */ .g)(e.$metadata.requestId)}`] : [])
    ];
    const said = code === 'Unknown' && message === 'Unknown'
        ? 'no STS error'
        : `${(0,_printable_js__WEBPACK_IMPORTED_MODULE_1__/* .printable */ .g)(code)}: ${(0,_printable_js__WEBPACK_IMPORTED_MODULE_1__/* .printable */ .g)(message, 1000)}`;
    const aws = `AWS said: ${said}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`${advice(code, message, e, context)}\n${aws}`, { cause: error });
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


/***/ }),

/***/ 3498:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kn: () => (/* binding */ resolvedStsEndpoint),
/* harmony export */   uW: () => (/* binding */ createStsClient),
/* harmony export */   xN: () => (/* binding */ assumeRole)
/* harmony export */ });
/* unused harmony export sessionParameters */
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1695);
/* harmony import */ var _smithy_core_endpoints__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2085);
/* harmony import */ var _smithy_core_retry__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3609);
/* harmony import */ var _arn_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4589);
/* harmony import */ var _bounded_http_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7244);
/* harmony import */ var _sts_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5028);
/* harmony import */ var _proxy_agents_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1341);







/**
 * The SDK's standard strategy, except that a refused MFA code is never retried. After it corrects
 * its clock from a response's Date header (a runner clock off by minutes), the SDK retries any
 * error with the same request body, refused codes included; AWS refuses a code twice, and every
 * try spends one of the device's few checks. A fresh code is for withOneTimeCode to send.
 */
class CodeSafeRetryStrategy extends _smithy_core_retry__WEBPACK_IMPORTED_MODULE_3__.StandardRetryStrategy {
    async refreshRetryTokenForRetry(...[token, errorInfo]) {
        if ((0,_sts_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isCodeRefused */ .cd)(errorInfo.error))
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
    return new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_4__/* .STSClient */ .iM({
        region: settings.region,
        endpoint: settings.stsEndpoint,
        credentials: settings.baseCredentials,
        profile: settings.profile,
        retryStrategy: new CodeSafeRetryStrategy(settings.retryMaxAttempts),
        // Each attempt bounded in time and size (bounded-http.ts): with the SDK's retries, an endpoint
        // that misbehaves in any way costs at most retry-max-attempts × 10 s plus backoff.
        requestHandler: new _bounded_http_js__WEBPACK_IMPORTED_MODULE_5__/* .BoundedHttpHandler */ .e$({
            connectionTimeout: _bounded_http_js__WEBPACK_IMPORTED_MODULE_5__/* .CONNECT_TIMEOUT_MS */ .cC,
            ...(0,_proxy_agents_js__WEBPACK_IMPORTED_MODULE_2__/* .proxyAgents */ .H)(settings.proxy)
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
        const endpoint = await (0,_smithy_core_endpoints__WEBPACK_IMPORTED_MODULE_6__.getEndpointFromInstructions)({}, _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_4__/* .AssumeRoleCommand */ .QL, client.config);
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
    const response = await client.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_4__/* .AssumeRoleCommand */ .QL({
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
        accountId: (0,_arn_js__WEBPACK_IMPORTED_MODULE_0__/* .accountIdOf */ .Ow)(arn) ?? ''
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


/***/ }),

/***/ 346:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   endpointHandoff: () => (/* binding */ endpointHandoff),
/* harmony export */   v: () => (/* binding */ obtainRequest)
/* harmony export */ });
/* unused harmony export stsConnection */
/* harmony import */ var _engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9660);
/* harmony import */ var _engine_sts_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3498);


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
                ? _engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_0__/* .ENDPOINT_ROLE_SECONDS */ .zC
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
    const stsEndpoint = await (0,_engine_sts_js__WEBPACK_IMPORTED_MODULE_1__/* .resolvedStsEndpoint */ .Kn)({
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
            durationSeconds: _engine_credentials_endpoint_js__WEBPACK_IMPORTED_MODULE_0__/* .ENDPOINT_ROLE_SECONDS */ .zC,
            externalId: settings.externalId,
            session: settings.session
        }
    };
}


/***/ })

};
;