export const id = 718;
export const ids = [718];
export const modules = {

/***/ 7718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7331);
/* harmony import */ var _profile_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7691);
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


/***/ })

};
