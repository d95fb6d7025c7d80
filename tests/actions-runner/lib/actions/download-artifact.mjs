// actions/download-artifact@v4: one artifact by name into `path`, or all (or those matching `pattern`) each into
// path/<name>/ (merge-multiple: all into path). Artifacts of this run only: run-id/github-token/repository for another
// run or repository fail as not implemented.
import { cpSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { listArtifacts } from "./artifact-store.mjs";

export default {
  versions: ["v4"],
  inputs: {
    name: { default: "" },
    path: { default: "" },
    pattern: { default: "" },
    "merge-multiple": { default: "false" },
    "github-token": { default: "" },
    repository: { default: "${{ github.repository }}" },
    "run-id": { default: "${{ github.run_id }}" },
  },

  async main(ctx) {
    const { inputs, run } = ctx;
    if (String(inputs["run-id"]) !== String(run.github.run_id) || inputs.repository.toLowerCase() !== run.github.repository.toLowerCase()) {
      throw new Error(`actions/download-artifact: downloading from another run or repository (run-id ${inputs["run-id"]}, repository ${inputs.repository}) is not implemented by the local runner`);
    }
    const target = resolve(ctx.workspace, inputs.path || ".");
    const all = listArtifacts(run);
    if (inputs.name) {
      if (inputs.pattern) ctx.warning("Both 'name' and 'pattern' inputs are provided. 'pattern' will be ignored.");
      const artifact = all.find(a => a.name === inputs.name);
      if (!artifact) throw new Error(`Unable to download artifact(s): Artifact not found for name: ${inputs.name}\n        Please ensure that your artifact is not expired and the artifact was uploaded using a compatible version of toolkit/upload-artifact.`);
      copy(artifact, target);
      ctx.log(`Artifact ${artifact.name} was downloaded to ${target}`);
    } else {
      const matcher = inputs.pattern ? new RegExp("^" + inputs.pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$") : undefined;
      const chosen = all.filter(a => !matcher || matcher.test(a.name));
      if (chosen.length === 0) ctx.log("No artifacts found to download");
      for (const artifact of chosen) {
        const dest = inputs["merge-multiple"] === "true" ? target : join(target, artifact.name);
        copy(artifact, dest);
        ctx.log(`Artifact ${artifact.name} was downloaded to ${dest}`);
      }
    }
    ctx.setOutput("download-path", target);
  },
};

function copy(artifact, dest) {
  mkdirSync(dest, { recursive: true });
  cpSync(artifact.files, dest, { recursive: true, preserveTimestamps: true });
}
