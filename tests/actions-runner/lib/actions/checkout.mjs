// actions/checkout (v4) as its REST-API fallback runs when git is not used: the repository's tarball at the commit
// (GET /repos/{owner}/{repo}/tarball/{ref} with the token), its top folder stripped, extracted keeping modes and times.
// Without git there is no .git folder, so persist-credentials and fetch-depth have nothing to act on.
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { randomUUID } from "node:crypto";
import { download } from "./http.mjs";
import { runProcess } from "../process.mjs";

const notImplemented = { unimplemented: true };

export default {
  versions: ["v4"],
  inputs: {
    repository: { default: "${{ github.repository }}" },
    ref: { default: "" },
    token: { default: "${{ github.token }}" },
    "ssh-key": { default: "", ...notImplemented },
    "ssh-known-hosts": { default: "", ...notImplemented },
    "ssh-strict": { default: "true", ...notImplemented },
    "ssh-user": { default: "git", ...notImplemented },
    "persist-credentials": { default: "true" },
    path: { default: "" },
    clean: { default: "true" },
    filter: { default: "", ...notImplemented },
    "sparse-checkout": { default: "", ...notImplemented },
    "sparse-checkout-cone-mode": { default: "true", ...notImplemented },
    "fetch-depth": { default: "1" },
    "fetch-tags": { default: "false" },
    "show-progress": { default: "true" },
    lfs: { default: "false", ...notImplemented },
    submodules: { default: "false", ...notImplemented },
    "set-safe-directory": { default: "true" },
    "github-server-url": { default: "" },
  },

  async main(ctx) {
    const { inputs, run } = ctx;
    const github = run.github;
    if (inputs["github-server-url"] && inputs["github-server-url"].replace(/\/$/, "") !== github.server_url.replace(/\/$/, "")) {
      throw new Error(`actions/checkout: github-server-url '${inputs["github-server-url"]}' is not this server (${github.server_url}); the local runner checks out from its own server only`);
    }
    const repository = inputs.repository;
    if (!/^[^/]+\/[^/]+$/.test(repository)) throw new Error(`actions/checkout: Invalid repository '${repository}'. Expected format {owner}/{repo}.`);
    const same = repository.toLowerCase() === github.repository.toLowerCase();
    // The action's rule: the workflow's own repository without a ref checks out github.sha; otherwise ref or the default branch.
    let ref = inputs.ref;
    if (!ref) ref = same ? github.sha : "";
    const target = resolve(ctx.workspace, inputs.path || ".");
    if (relative(ctx.workspace, target).startsWith("..")) {
      throw new Error(`actions/checkout: Repository path '${target}' is not under '${ctx.workspace}'`);
    }
    ctx.log(`Syncing repository: ${repository}`);
    ctx.log("The repository will be downloaded using the GitHub REST API");
    mkdirSync(target, { recursive: true });
    if (inputs.clean === "true") for (const entry of readdirSync(target)) rmSync(join(target, entry), { recursive: true, force: true });
    const archive = join(ctx.temp, `${randomUUID()}.tar.gz`);
    const url = `${github.api_url}/repos/${repository}/tarball/${encodeURIComponent(ref).replace(/%2F/g, "/")}`;
    ctx.log(`Downloading the archive: ${url}`);
    try {
      await download(url, inputs.token, archive, ctx.signal);
    } catch (e) {
      throw new Error(`actions/checkout: downloading ${repository}@${ref || "(default branch)"} failed: ${e.message}`);
    }
    const lines = [];
    const result = await runProcess("tar", ["-xzf", archive, "-C", target, "--strip-components=1"], { cwd: target, env: process.env, onLine: l => lines.push(l), signal: ctx.signal });
    rmSync(archive, { force: true });
    if (result.code !== 0) throw new Error(`actions/checkout: extracting the archive failed: ${lines.join("\n")}`);
    ctx.setOutput("ref", inputs.ref || github.ref);
    ctx.setOutput("commit", same && !inputs.ref ? github.sha : "");
  },
};
