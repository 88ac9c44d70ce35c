// Preloaded into decap-server (node -r) by scripts/edit: in git mode the proxy commits with
// `git add .`, which would stage every untracked or changed file of the editor's clone (notes,
// a half-written post, site/). This records the files the proxy itself writes, moves or deletes
// under the repository, and turns each `git add .` into `git add -A -- <those files>`.
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const repo = fs.realpathSync(path.resolve(process.env.GIT_REPO_DIRECTORY || process.cwd()));
const written = new Set();

function note(target) {
  if (typeof target !== "string" && !(target instanceof URL)) return;
  const absolute = path.resolve(String(target instanceof URL ? target.pathname : target));
  let real = absolute;
  try {
    real = path.join(fs.realpathSync(path.dirname(absolute)), path.basename(absolute));
  } catch (error) {
    // a folder that is gone (a deleted file's): keep the path as given
  }
  const relative = path.relative(repo, real);
  if (relative && !relative.startsWith("..") && !path.isAbsolute(relative)) {
    written.add(relative.split(path.sep).join("/"));
  }
}

for (const name of ["writeFile", "unlink", "rename"]) {
  const original = fs.promises[name];
  fs.promises[name] = async function (...args) {
    note(args[0]);
    if (name === "rename") note(args[1]);
    return original.apply(this, args);
  };
}

const serverRequire = createRequire(require.resolve("decap-server"));
const simpleGit = serverRequire("simple-git");
const factory = simpleGit.default || simpleGit;
let prototype = Object.getPrototypeOf(factory(repo));
while (prototype && !Object.prototype.hasOwnProperty.call(prototype, "add")) {
  prototype = Object.getPrototypeOf(prototype);
}
if (!prototype) throw new Error("stage-written: simple-git has no add(); update this wrapper");
const originalAdd = prototype.add;
prototype.add = function (files, ...rest) {
  if (files !== ".") return originalAdd.call(this, files, ...rest);
  const paths = [...written].sort();
  written.clear();
  if (paths.length === 0) return this.raw(["status", "--porcelain"]);
  return this.raw(["add", "-A", "--", ...paths]);
};
