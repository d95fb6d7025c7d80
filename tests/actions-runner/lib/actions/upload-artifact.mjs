// actions/upload-artifact@v4: files matched by `path` (lines, globs, ! exclusions; hidden files only with
// include-hidden-files) stored relative to the paths' common root; if-no-files-found; v4's unique name per run
// (overwrite replaces). retention-days is accepted (1-90) and recorded; compression-level is accepted (no archive here).
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { randomUUID } from "node:crypto";
import { globFiles, parsePatterns } from "../glob.mjs";
import { artifactsDir, createArtifact } from "./artifact-store.mjs";

export default {
  versions: ["v4"],
  inputs: {
    name: { default: "artifact" },
    path: { default: "", required: true },
    "if-no-files-found": { default: "warn" },
    "retention-days": { default: "0" },
    "compression-level": { default: "6" },
    overwrite: { default: "false" },
    "include-hidden-files": { default: "false" },
  },

  async main(ctx) {
    const { inputs } = ctx;
    const name = inputs.name;
    if (/["":<>|*?\r\n\\/]/.test(name)) throw new Error(`The artifact name is not valid: ${name}. Contains the following character: one of " : < > | * ? \\r \\n \\ /`);
    const retention = Number(inputs["retention-days"]);
    if (!Number.isInteger(retention) || retention < 0 || retention > 90) throw new Error(`Invalid retention-days: ${inputs["retention-days"]} (1 to 90, or 0 for the repository's default)`);
    const mode = inputs["if-no-files-found"];
    if (!["warn", "error", "ignore"].includes(mode)) throw new Error(`Unrecognized if-no-files-found input. Provided: ${mode}. Available options: warn,error,ignore`);
    const files = globFiles(inputs.path, ctx.workspace, { hidden: inputs["include-hidden-files"] === "true" })
      .filter(f => statSync(f).isFile());
    if (files.length === 0) {
      const message = `No files were found with the provided path: ${inputs.path}. No artifacts will be uploaded.`;
      if (mode === "error") throw new Error(message);
      if (mode === "warn") ctx.warning(message);
      else ctx.log(message);
      return;
    }
    const root = uploadRoot(inputs.path, ctx.workspace);
    const staging = join(artifactsDir(ctx.run), `.staging-${randomUUID()}`);
    let size = 0;
    for (const file of files) {
      const rel = relative(root, file);
      if (rel.startsWith("..")) throw new Error(`The file ${file} is not under the artifact's root directory ${root}`);
      mkdirSync(dirname(join(staging, rel)), { recursive: true });
      copyFileSync(file, join(staging, rel));
      size += statSync(file).size;
    }
    const artifact = createArtifact(ctx.run, name, staging, size, inputs.overwrite === "true");
    ctx.log(`Artifact ${name} has been successfully uploaded! Final size is ${size} bytes. Artifact ID is ${artifact.id}`);
    ctx.setOutput("artifact-id", artifact.id);
    ctx.setOutput("artifact-url", `${ctx.run.github.server_url}/${ctx.run.github.repository}/actions/runs/${ctx.run.github.run_id}/artifacts/${artifact.id}`);
  },
};

/** The root the files are stored relative to: the common ancestor of the patterns' search paths (@actions/artifact). */
function uploadRoot(pathInput, workspace) {
  const searchPaths = parsePatterns(pathInput, workspace).filter(p => !p.negate)
    .map(p => (/[*?[]/.test(p.pattern) ? p.root : p.pattern));
  if (searchPaths.length === 1) {
    const only = searchPaths[0];
    try { return statSync(only).isDirectory() ? only : dirname(only); } catch { return dirname(only); }
  }
  let parts = searchPaths[0].split("/");
  for (const p of searchPaths.slice(1)) {
    const other = p.split("/");
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join("/") || "/";
}
