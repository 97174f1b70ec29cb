"use strict";
exports.id = 178;
exports.ids = [178];
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


/***/ })

};
;