export const id = 661;
export const ids = [661];
export const modules = {

/***/ 6661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/**
 * The post step. The action writes nothing to disk yet, so there is nothing to clean up; it stays
 * silent. It exists so that later cleanups have their place and run even after a failed main step.
 */
async function post() { }


/***/ })

};
