// Builds the portal's Bootstrap subset from the vendored sources; run by scripts/build-assets.sh
// (`make assets`), which installs the pinned tools first. Same inputs, same bytes: nothing here
// reads the clock, the environment's locale or an unordered directory listing.
//
//   node assets/build.mjs <templates folder of an installed package>...
//
// Writes
//   static/vendor/bootstrap/css/bootstrap.portal.min.css  the components of bootstrap-portal.scss
//       with Bootstrap's vendor prefixes (autoprefixer), less every selector no template,
//       Python module or script of the portal can produce (PurgeCSS)
//   static/vendor/bootstrap/js/bootstrap.portal.min.js    collapse + dropdown, esbuild (no Popper:
//       assets/popper-static.js says why)
//   assets/bootstrap-classes.txt   every class the whole of Bootstrap defines: the test that
//       finds a template using a Bootstrap class this build dropped reads it (no npm in tests)
//   assets/build.sha256            checksums of the three files above, checked by the tests

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import autoprefixer from "autoprefixer";
import * as esbuild from "esbuild";
import postcss from "postcss";
import { PurgeCSS } from "purgecss";
import * as sass from "sass";

const ASSETS = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(ASSETS, "..");
const VENDOR = join(ROOT, "static/vendor/bootstrap");
const OUT_CSS = join(VENDOR, "css/bootstrap.portal.min.css");
const OUT_JS = join(VENDOR, "js/bootstrap.portal.min.js");
const OUT_CLASSES = join(ASSETS, "bootstrap-classes.txt");
const OUT_SUMS = join(ASSETS, "build.sha256");

// The templates of installed packages that render parts of the portal's pages: crispy-forms'
// Bootstrap 5 pack (|crispy), Django's form widgets (<textarea>, <select> …), allauth.
const packageTemplates = process.argv.slice(2);
if (packageTemplates.length === 0) {
  console.error("usage: node assets/build.mjs <templates folder of an installed package>...");
  process.exit(2);
}

// Folders of the portal whose files never reach a page (or are this build's own input).
const SKIP = new Set(["tests", "bench", "locale", "vendor", "assets", "docs"]);

// The portal's own files: tracked or new, never ignored ones (.venv, var/, node_modules …), so a
// checkout's leftovers cannot change the output.
function portalFiles(keep) {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return [...new Set(listed.split("\0"))]
    .filter((path) => path && keep(path) && !path.split("/").some((part) => SKIP.has(part)))
    .filter((path) => existsSync(join(ROOT, path)))
    .sort()
    .map((path) => join(ROOT, path));
}

function walk(dir, keep, found = []) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path, keep, found);
    } else if (keep(name)) {
      found.push(path);
    }
  }
  return found;
}

// Where a class or an element can come from: every template, the Python that sets classes on
// widgets, the portal's scripts, and the packages' templates, less crispy-forms' two layout
// objects the portal never uses (they need a FormHelper; see CRISPY_UNUSED).
const CRISPY_UNUSED = new Set(["floating_field.html", "switch.html"]);

function contentFiles() {
  const portal = portalFiles((name) => /\.(html|py|js|svg)$/.test(name));
  const packages = packageTemplates.flatMap((dir) =>
    walk(resolve(dir), (name) => name.endsWith(".html") && !CRISPY_UNUSED.has(name)),
  );
  return [...portal, ...packages];
}

// A class a template completes with a condition, col-lg-{% if … %}4{% else %}2{% endif %}, stands
// for each of its completions: col-lg-4 and col-lg-2 are added to the words PurgeCSS reads.
const COMPLETED = /([A-Za-z0-9_-]+-)\{%\s*if\b[^%]*%\}(.*?)\{%\s*endif\s*%\}/gs;
const BRANCH = /\{%\s*(?:elif\b[^%]*|else\s*)%\}/;

function withCompletions(text) {
  const words = [];
  for (const [, prefix, body] of text.matchAll(COMPLETED)) {
    for (const branch of body.split(BRANCH)) {
      const piece = branch.match(/^[A-Za-z0-9_-]+/);
      if (piece) words.push(prefix + piece[0]);
    }
  }
  return words.length ? `${text}\n${words.join(" ")}\n` : text;
}

// Kept whatever the content says: the classes a template completes with a value
// (alert-{{ message.tags }}: every theme colour), those the two plugins add at run time
// (show, collapsing, collapsed) and the attribute the dropdown sets on a menu in the navbar
// (data-bs-popper, which places it with CSS instead of Popper).
const THEME = "(primary|secondary|success|info|warning|danger|light|dark)";
const SAFELIST = {
  standard: [new RegExp(`^alert-${THEME}$`), "show", "collapsing", "collapsed"],
  greedy: [/data-bs-popper/],
};

// Sass, then the vendor prefixes Bootstrap's own build adds (its browser list is in
// package.json, as in Bootstrap's .browserslistrc).
async function compile(file) {
  const css = sass.compile(file, {
    loadPaths: [join(VENDOR, "scss")],
    style: "expanded",
    // Bootstrap 5.3 predates Sass's module system; its deprecation notices are not ours to fix.
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin", "color-functions", "mixed-decls", "if-function"],
    logger: sass.Logger.silent,
  }).css;
  return (await postcss([autoprefixer({ cascade: false })]).process(css, { from: undefined })).css;
}

function classesOf(css) {
  const names = new Set();
  for (const match of css.matchAll(/\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)/g)) {
    names.add(match[1]);
  }
  return [...names].filter((name) => !/^\d/.test(name)).sort();
}

function sha256(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

const BANNER_JS =
  "/*! Bootstrap v5.3.9 collapse + dropdown (https://getbootstrap.com/), Copyright 2011-2025 The Bootstrap Authors, MIT licence (static/vendor/bootstrap/LICENSE). Built by scripts/build-assets.sh. */";
const BANNER_CSS =
  "/*! Bootstrap v5.3.9, the portal's subset (https://getbootstrap.com/), Copyright 2011-2025 The Bootstrap Authors, MIT licence (static/vendor/bootstrap/LICENSE). Built by scripts/build-assets.sh. */";

// 1. The plugins.
await esbuild.build({
  entryPoints: [join(ASSETS, "bootstrap-portal.js")],
  outfile: OUT_JS,
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "bootstrap",
  target: ["es2019"],
  legalComments: "none",
  banner: { js: BANNER_JS },
  // Every dropdown is in the navbar, where Bootstrap switches Popper's styles off: see popper-static.js.
  alias: { "@popperjs/core": join(ASSETS, "popper-static.js") },
  logLevel: "warning",
});

// 2. Every class of the whole of Bootstrap, for the test that guards the trimming.
writeFileSync(OUT_CLASSES, classesOf(await compile(join(VENDOR, "scss/bootstrap.scss"))).join("\n") + "\n");

// 3. The stylesheet: the chosen components, less what no page can use, minified.
const [purged] = await new PurgeCSS().purge({
  content: contentFiles().map((path) => ({
    raw: withCompletions(readFileSync(path, "utf8")),
    extension: path.split(".").pop(),
  })),
  css: [{ raw: await compile(join(ASSETS, "bootstrap-portal.scss")) }],
  safelist: SAFELIST,
});
const minified = await esbuild.transform(purged.css, {
  loader: "css",
  minify: true,
  legalComments: "none",
});
writeFileSync(OUT_CSS, `${BANNER_CSS}\n${minified.code}`);

// 4. Checksums of what was built, so a hand edit of a built file shows in the tests.
const sums = [OUT_CSS, OUT_JS, OUT_CLASSES].map((path) => `${sha256(path)}  ${relative(ROOT, path)}`);
writeFileSync(OUT_SUMS, sums.join("\n") + "\n");
console.log(sums.join("\n"));
