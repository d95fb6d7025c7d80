// `uses:` actions the local runner implements, found by owner/repo[/path] whatever the ref (a tag or a 40-hex sha).
// Inputs: defaults filled (expression defaults evaluated), unknown inputs get GitHub's warning, and an input the
// runner does not implement fails the step when it is given a value other than its default.
import checkout from "./checkout.mjs";
import setupDotnet from "./setup-dotnet.mjs";
import uploadArtifact from "./upload-artifact.mjs";
import downloadArtifact from "./download-artifact.mjs";
import { cache, cacheRestore, cacheSave } from "./cache.mjs";

const actions = new Map([
  ["actions/checkout", checkout],
  ["actions/setup-dotnet", setupDotnet],
  ["actions/upload-artifact", uploadArtifact],
  ["actions/download-artifact", downloadArtifact],
  ["actions/cache", cache],
  ["actions/cache/restore", cacheRestore],
  ["actions/cache/save", cacheSave],
]);

export function resolveAction(uses) {
  if (uses.startsWith("docker://")) throw new Error(`The action '${uses}' (a Docker container action) is not implemented by the local runner`);
  if (uses.startsWith("./")) throw new Error(`The action '${uses}' (a local action) is not implemented by the local runner`);
  const at = uses.lastIndexOf("@");
  if (at < 0) throw new Error(`The action '${uses}' has no version: use owner/repo@ref`);
  const name = uses.slice(0, at).toLowerCase();
  const version = uses.slice(at + 1);
  const action = actions.get(name);
  if (!action) {
    throw new Error(`The action '${uses}' is not implemented by the local runner (it implements ${[...actions.keys()].join(", ")})`);
  }
  if (action.versions && !/^[0-9a-f]{40}$/.test(version) && !action.versions.some(v => version === v || version.startsWith(v + "."))) {
    throw new Error(`The action '${uses}': version '${version}' is not implemented by the local runner (it implements ${action.versions.join(", ")}, or a commit sha)`);
  }
  return action;
}

export function prepareActionInputs(job, action, uses, given, scope) {
  const declared = action.inputs;
  const unexpected = Object.keys(given).filter(k => !(k in declared));
  if (unexpected.length > 0) {
    job.warning(`Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(declared).join("', '")}']`);
  }
  const inputs = {};
  for (const [name, spec] of Object.entries(declared)) {
    let value = given[name];
    const fallback = spec.default === undefined ? "" : /^\$\{\{.*\}\}$/s.test(spec.default)
      ? job.run.ex.toStr(job.run.ex.evaluate(spec.default.slice(3, -2), scope)) : spec.default;
    if (value === undefined) value = fallback;
    else if (spec.unimplemented && value !== fallback && !(spec.accepts ?? []).includes(value)) {
      throw new Error(`${uses}: the input '${name}' is not implemented by the local runner (given '${value}')`);
    }
    if (spec.required && value === "") throw new Error(`Input required and not supplied: ${name}`);
    inputs[name] = value;
  }
  return inputs;
}
