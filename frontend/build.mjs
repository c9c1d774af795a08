// Copies the browser files ParkOps serves from node_modules into parkops/static/vendor/.
//
// Parks run on intranets: every script, style sheet and font a page loads must come from
// our own static files, never a CDN. The libraries arrive through package-lock.json
// (`npm ci`), and this script picks the built files out of them; nothing third-party is
// committed. No bundler: the libraries ship ready-made minified builds.
//
// Usage: npm ci && npm run build

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "parkops", "static", "vendor");

// package -> [source inside the package, destination inside vendor/<dir>]
// Source maps go along because the minified files name them, and Django's manifest
// storage (collectstatic in production) fails on a reference to a missing file.
const FILES = {
  "htmx.org": {
    dir: "htmx",
    files: [["dist/htmx.min.js", "htmx.min.js"], ["LICENSE", "LICENSE"]],
  },
  bootstrap: {
    dir: "bootstrap",
    files: [
      ["dist/css/bootstrap.min.css", "css/bootstrap.min.css"],
      ["dist/css/bootstrap.min.css.map", "css/bootstrap.min.css.map"],
      ["dist/js/bootstrap.bundle.min.js", "js/bootstrap.bundle.min.js"],
      ["dist/js/bootstrap.bundle.min.js.map", "js/bootstrap.bundle.min.js.map"],
      ["LICENSE", "LICENSE"],
    ],
  },
  "bootstrap-icons": {
    dir: "bootstrap-icons",
    files: [
      ["font/bootstrap-icons.min.css", "bootstrap-icons.min.css"],
      ["font/fonts/bootstrap-icons.woff2", "fonts/bootstrap-icons.woff2"],
      ["font/fonts/bootstrap-icons.woff", "fonts/bootstrap-icons.woff"],
      ["LICENSE", "LICENSE"],
    ],
  },
  echarts: {
    dir: "echarts",
    files: [["dist/echarts.min.js", "echarts.min.js"], ["LICENSE", "LICENSE"], ["NOTICE", "NOTICE"]],
  },
};

function version(pkg) {
  const manifest = join(modules, pkg, "package.json");
  if (!existsSync(manifest)) {
    throw new Error(`${pkg} is not installed: run "npm ci" first`);
  }
  return JSON.parse(readFileSync(manifest, "utf8")).version;
}

function kib(path) {
  return `${(statSync(path).size / 1024).toFixed(0)} KiB`;
}

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });

const versions = {};
for (const [pkg, { dir, files }] of Object.entries(FILES)) {
  versions[pkg] = version(pkg);
  for (const [from, to] of files) {
    const source = join(modules, pkg, from);
    if (!existsSync(source)) {
      throw new Error(`${pkg}@${versions[pkg]} has no ${from}: update frontend/build.mjs for this version`);
    }
    const target = join(vendor, dir, to);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(source, target);
    console.log(`vendor/${dir}/${to}  (${pkg}@${versions[pkg]}, ${kib(target)})`);
  }
}

// What was copied, so a page or a support request can tell which versions are served.
writeFileSync(join(vendor, "versions.json"), `${JSON.stringify(versions, null, 2)}\n`);
console.log(`wrote ${Object.keys(versions).length} packages into ${vendor}`);
