// actions/setup-dotnet (v4) on a runner that cannot download SDKs: it checks that the `dotnet` on the step's PATH
// has an SDK satisfying dotnet-version (8.0.x, 8.x, 8.0.1xx, 8.0.100) or global.json's version and rollForward, and
// fails naming what is missing otherwise. Output dotnet-version: the SDK that satisfies the request.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { runProcess } from "../process.mjs";
import { sdkSatisfying } from "./dotnet-versions.mjs";

const notImplemented = { unimplemented: true };

export default {
  versions: ["v4"],
  inputs: {
    "dotnet-version": { default: "" },
    "dotnet-quality": { default: "", ...notImplemented },
    "global-json-file": { default: "" },
    "source-url": { default: "", ...notImplemented },
    owner: { default: "", ...notImplemented },
    "config-file": { default: "", ...notImplemented },
    cache: { default: "false", ...notImplemented },
    "cache-dependency-path": { default: "", ...notImplemented },
    workloads: { default: "", ...notImplemented },
  },

  async main(ctx) {
    const requests = ctx.inputs["dotnet-version"].split(/\r?\n/).map(v => v.trim()).filter(Boolean).map(v => ({ version: v, rollForward: "wildcard" }));
    if (ctx.inputs["global-json-file"]) {
      const file = resolve(ctx.workspace, ctx.inputs["global-json-file"]);
      if (!existsSync(file)) throw new Error(`The specified global.json file '${ctx.inputs["global-json-file"]}' does not exist`);
      const sdk = JSON.parse(readFileSync(file, "utf8")).sdk ?? {};
      if (!sdk.version) throw new Error(`The global.json file '${ctx.inputs["global-json-file"]}' has no sdk.version`);
      requests.push({ version: sdk.version, rollForward: sdk.rollForward ?? "latestPatch", allowPrerelease: sdk.allowPrerelease ?? false });
    }
    if (requests.length === 0) {
      ctx.log("The dotnet-version and global-json-file inputs are empty: the dotnet on PATH is used as it is");
      return;
    }
    const lines = [];
    const listed = await runProcess("dotnet", ["--list-sdks"], { cwd: ctx.workspace, env: ctx.processEnv, onLine: l => lines.push(l), signal: ctx.signal });
    if (listed.code !== 0) throw new Error(`actions/setup-dotnet: 'dotnet --list-sdks' failed on this runner (${lines.join(" ")}); the local runner cannot install .NET`);
    const installed = lines.map(l => l.split(" ")[0]).filter(Boolean);
    let chosen;
    for (const request of requests) {
      const sdk = sdkSatisfying(installed, request);
      if (!sdk) {
        throw new Error(`actions/setup-dotnet: the runner's .NET SDKs (${installed.join(", ") || "none"}) do not satisfy ${request.version} (rollForward ${request.rollForward}), and the local runner cannot install .NET SDKs`);
      }
      ctx.log(`.NET SDK ${sdk} satisfies ${request.version} (${request.rollForward})`);
      chosen = sdk;
    }
    ctx.setOutput("dotnet-version", chosen);
    const dotnet = findOnPath("dotnet", ctx.processEnv.PATH);
    if (dotnet) ctx.exportVariable("DOTNET_ROOT", dirname(realpathSync(dotnet)));
  },
};

function findOnPath(name, path) {
  for (const dir of (path ?? "").split(":")) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}
