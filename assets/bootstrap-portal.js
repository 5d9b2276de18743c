// The two Bootstrap 5.3.9 plugins the portal's pages use, bundled from the vendored sources in
// static/vendor/bootstrap/js/src by scripts/build-assets.sh (README, "Front-end assets"):
// collapse (the navbar's ☰ toggler) and dropdown (the navbar's menus and the account menu,
// Popper left out: popper-static.js says why). Importing a plugin registers its
// data-bs-toggle handlers, as bootstrap.bundle.js does; window.bootstrap keeps the two classes.
import Collapse from "../static/vendor/bootstrap/js/src/collapse.js";
import Dropdown from "../static/vendor/bootstrap/js/src/dropdown.js";

export { Collapse, Dropdown };
