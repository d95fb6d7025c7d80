// @actions/workflow-parser imports its JSON schema without an import attribute (it is meant for bundlers). This module
// registers a loader hook that serves .json files as JavaScript modules exporting the parsed content, then exposes the
// two @actions packages loaded from a node_modules directory (the one .ci/install.sh fills).
import { register } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const hooks = `export async function load(url, context, next) {
  if (url.endsWith(".json")) {
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(new URL(url), "utf8");
    return { format: "module", source: "export default " + text + ";", shortCircuit: true };
  }
  return next(url, context);
}`;

let registered = false;

/** Loads @actions/workflow-parser and @actions/expressions from `nodeModules` (a node_modules directory). */
export async function loadActionsPackages(nodeModules) {
  if (!registered) {
    register("data:text/javascript," + encodeURIComponent(hooks));
    registered = true;
  }
  const load = name => import(pathToFileURL(join(nodeModules, "@actions", name, "dist", "index.js")).href);
  const [parser, expressions] = await Promise.all([load("workflow-parser"), load("expressions")]);
  return { parser, expressions };
}
