export const id = 718;
export const ids = [718];
export const modules = {

/***/ 7718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7331);
/* harmony import */ var _endpoint_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(293);
/* harmony import */ var _profile_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5619);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3175);




/**
 * The post step, run even after a failed main step: puts back the shared credentials and config
 * files that aws-profile changed (self-hosted runners keep their disks), and deletes the snapshot;
 * stops the credentials endpoint of refresh-credentials and says what it did. Otherwise silent
 * when there is nothing to do or it went well. It acts on what the main step saved in the state
 * (state.ts), never on the inputs.
 */
async function post() {
    try {
        const endpoint = (0,_state_js__WEBPACK_IMPORTED_MODULE_3__/* .readEndpoint */ .KW)();
        if (endpoint) {
            const lines = await (0,_endpoint_js__WEBPACK_IMPORTED_MODULE_1__/* .stopEndpoint */ .ik)(endpoint, endpoint.hideAccounts);
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(lines[0]);
            for (const line of lines.slice(1))
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(line);
        }
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not stop the credentials endpoint: ${error.message}`);
    }
    try {
        const snapshot = (0,_state_js__WEBPACK_IMPORTED_MODULE_3__/* .readProfileSnapshot */ .w4)();
        if (snapshot)
            (0,_profile_js__WEBPACK_IMPORTED_MODULE_2__/* .restoreSavedSnapshots */ .fF)(snapshot);
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not put the AWS credentials and config files back as they were: ${error.message}`);
    }
}


/***/ })

};
