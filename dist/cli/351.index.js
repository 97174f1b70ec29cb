exports.id = 351;
exports.ids = [351];
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

/***/ 3351:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";
__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LOGIN_HELP: () => (/* binding */ LOGIN_HELP),
/* harmony export */   consoleUrls: () => (/* binding */ consoleUrls),
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7679);
/* harmony import */ var _engine_proxy_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4002);
/* harmony import */ var _engine_proxy_agents_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1341);
/* harmony import */ var _settings_values_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(535);
/* harmony import */ var _obtain_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6064);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(776);
/* harmony import */ var _role_command_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1872);










/*
 * `login [PROFILE]`: a sign-in URL of the AWS console for the role, made as the IAM User Guide
 * describes ("Enable custom identity broker access to the AWS console"): the role's temporary
 * credentials go to the federation endpoint's getSigninToken, whose token goes into an
 * Action=login URL. The credentials come through the cache (no code while cached ones are good).
 * The URL signs whoever opens it in for the console session: it goes to standard output, or to the
 * browser with --open, never into a message. The request goes through the proxy of HTTPS_PROXY
 * (NO_PROXY, as for STS: engine/proxy.ts), tunnelled with CONNECT.
 */
/** SessionDuration: 900 to 43200 seconds (IAM User Guide, custom identity broker). */
const MIN_CONSOLE_SECONDS = 900;
const MAX_CONSOLE_SECONDS = 43200;
const FEDERATION_TIMEOUT_MS = 10_000;
/** The endpoint answers a token of a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;
const ISSUER = 'aws-assume-role-mfa';
/** The command, as main.ts runs it. */
async function run(argv, context) {
    const { io, log } = context;
    const options = (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .parseCommandLine */ .Du)(argv, 'login');
    if (options.help) {
        io.stdout.write(LOGIN_HELP);
        return 0;
    }
    if (options.mfaSession) {
        // IAM User Guide: a role session asked for with DurationSeconds by anything but an IAM user's
        // long-term keys is refused by the federation endpoint; the day session's roles are chained.
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz([
            'Option --mfa-session does not apply to login: the federation endpoint refuses role ' +
                "credentials assumed with DurationSeconds from temporary credentials (the day's MFA " +
                "session); login assumes the role with the user's keys and a code, or uses such " +
                'credentials from the cache.'
        ]);
    }
    const problems = [];
    const endpoint = (0,_settings_values_js__WEBPACK_IMPORTED_MODULE_8__/* .parseEndpoint */ .Bk)('--signin-endpoint', options.signinEndpoint ?? '', problems);
    if (problems.length > 0)
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(problems);
    const resolved = await (0,_role_command_js__WEBPACK_IMPORTED_MODULE_7__/* .prepareRole */ .Uf)(options, context);
    // A profile's mfa_session_duration_seconds is for the other commands.
    resolved.mfaSession = false;
    const { credentials, settings } = await (0,_obtain_js__WEBPACK_IMPORTED_MODULE_5__/* .obtainRole */ .q)(resolved, context, {
        cache: true,
        prompt: true
    });
    if (!settings.roleArn) {
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(['login needs a role: --role-to-assume, or role_arn in the profile.']);
    }
    const seconds = consoleSeconds(credentials, io.clock.now());
    const { federation, destination } = consoleUrls(settings.region, endpoint);
    const route = (0,_engine_proxy_js__WEBPACK_IMPORTED_MODULE_9__/* .proxyRoute */ .w7)({ httpProxy: '', noProxy: '', endpoint: federation }, io.env, problems, log.mask);
    if (problems.length > 0)
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(problems);
    const agents = (0,_engine_proxy_agents_js__WEBPACK_IMPORTED_MODULE_4__/* .proxyAgents */ .H)(route);
    const agent = federation.startsWith('https:') ? agents.httpsAgent : agents.httpAgent;
    const token = await signinToken(federation, credentials, seconds, agent);
    log.mask(token);
    const url = `${federation}?Action=login&Issuer=${encodeURIComponent(ISSUER)}` +
        `&Destination=${encodeURIComponent(destination)}&SigninToken=${encodeURIComponent(token)}`;
    log.info(`A console sign-in URL for ${credentials.arn}: a console session of ${seconds} s (the role ` +
        'session has that long left); whoever opens the URL in the next 15 minutes is signed in.');
    if (options.open && (await openInBrowser(url))) {
        log.info('Opened in your browser.');
        return 0;
    }
    if (options.open)
        log.info('Could not open a browser: here is the URL.');
    io.stdout.write(`${url}\n`);
    return 0;
}
/** What is left of the role session, within what SessionDuration takes. */
function consoleSeconds(credentials, now) {
    const left = Math.floor((credentials.expiration.getTime() - now) / 1000);
    return Math.min(MAX_CONSOLE_SECONDS, Math.max(MIN_CONSOLE_SECONDS, left));
}
/** The federation endpoint and console of the region's partition (standard, China, GovCloud). */
function consoleUrls(region, endpoint) {
    const [signin, console] = region.startsWith('cn-')
        ? ['signin.amazonaws.cn', 'console.amazonaws.cn']
        : region.startsWith('us-gov-')
            ? ['signin.amazonaws-us-gov.com', 'console.amazonaws-us-gov.com']
            : ['signin.aws.amazon.com', 'console.aws.amazon.com'];
    const federation = endpoint
        ? new URL('/federation', endpoint).href
        : `https://${signin}/federation`;
    return {
        federation,
        destination: `https://${region}.${console}/console/home?region=${encodeURIComponent(region)}`
    };
}
/** getSigninToken, bounded in time and size; its answer checked before use. */
async function signinToken(federation, credentials, seconds, agent) {
    const session = JSON.stringify({
        sessionId: credentials.accessKeyId,
        sessionKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken
    });
    const query = `?Action=getSigninToken&SessionDuration=${seconds}&Session=${encodeURIComponent(session)}`;
    let answer;
    try {
        answer = await boundedGet(federation + query, agent);
    }
    catch (error) {
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`The federation endpoint ${federation} did not answer (${error.message}).`);
    }
    const { status, text } = answer;
    const token = status === 200 ? tokenOf(text) : undefined;
    if (!token) {
        // Its answer is not quoted: nothing from it is needed to act, and it may echo the request.
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`The federation endpoint ${federation} refused to make a sign-in token (HTTP ${status}). ` +
            'It takes the credentials of a role session only; if these came from a role chain ' +
            "(base keys that are themselves temporary), assume the role with the IAM user's " +
            'long-term keys.');
    }
    return token;
}
/**
 * A GET through `agent` (the proxy's tunnel, or none): the status and the body, all of it within
 * FEDERATION_TIMEOUT_MS and MAX_ANSWER_BYTES. A redirect is an answer like any other (not 200).
 */
async function boundedGet(url, agent) {
    const signal = AbortSignal.timeout(FEDERATION_TIMEOUT_MS);
    const send = url.startsWith('https:') ? node_https__WEBPACK_IMPORTED_MODULE_2__.request : node_http__WEBPACK_IMPORTED_MODULE_1__.request;
    const request = send(url, { agent, signal });
    const response = await new Promise((resolve, reject) => {
        request.once('response', resolve).once('error', reject).end();
    });
    const chunks = [];
    let size = 0;
    for await (const chunk of response) {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
            request.destroy();
            throw new Error('the answer is too large');
        }
        chunks.push(chunk);
    }
    return { status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') };
}
function tokenOf(text) {
    try {
        const token = JSON.parse(text).SigninToken;
        return typeof token === 'string' && /^[\w.~+/=-]{16,4096}$/.test(token) ? token : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The system's opener, without a shell (the URL has & in it): xdg-open, open, or on Windows
 * rundll32's URL handler. True when it started and exited with 0.
 */
function openInBrowser(url) {
    const [command, ...args] = process.platform === 'darwin'
        ? ['open', url]
        : process.platform === 'win32'
            ? ['rundll32', 'url.dll,FileProtocolHandler', url]
            : ['xdg-open', url];
    return new Promise(resolve => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, { stdio: 'ignore', shell: false });
        child.once('error', () => resolve(false));
        child.once('exit', code => resolve(code === 0));
    });
}
const LOGIN_HELP = `Usage: aws-assume-role-mfa login [PROFILE] [options] [--open]

Prints a sign-in URL of the AWS console for the role (--open: opens it in your browser instead).
The role's credentials come as for exec, through the cache: no code while cached ones are good.
They are traded for a sign-in token at the federation endpoint (getSigninToken); the console
session lasts what is left of the role session (900 to 43200 s). Whoever opens the URL within
15 minutes is signed in as the role: do not paste it where others see it.

  --open                  open the URL in the browser (xdg-open, open, or Windows' URL handler)
  --signin-endpoint URL   another federation endpoint (default: the region's partition's,
                          https://signin.aws.amazon.com/federation)

PROFILE and the other options are those of aws-assume-role-mfa exec --help.
`;


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


/***/ })

};
;