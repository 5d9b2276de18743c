// Stands in for Popper (@popperjs/core) in the portal's Bootstrap bundle. Bootstrap's dropdown
// creates a Popper instance for every menu it opens, but for a menu inside a .navbar it turns
// Popper's styles off (applyStyles disabled, data-bs-popper="static") and Bootstrap's CSS places
// the menu; every dropdown of the portal is in the navbar (tests/test_assets.py checks the
// templates), so Popper would compute positions nobody applies. A dropdown elsewhere fails loudly
// here: bundle the real Popper again (README, "Front-end assets").
export function createPopper(reference, menu, options) {
  const stylesOff = (options.modifiers || []).some((m) => m.name === "applyStyles" && m.enabled === false);
  if (!stylesOff) {
    throw new Error("This dropdown is outside the navbar and needs Popper, which this bundle leaves out.");
  }
  const done = () => Promise.resolve({});
  return { state: {}, update: done, setOptions: done, forceUpdate() {}, destroy() {} };
}
