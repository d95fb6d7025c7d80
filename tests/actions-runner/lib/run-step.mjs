// `run:` steps: the script written to RUNNER_TEMP and run with GitHub's shell rules.
//   no shell        → bash -e {0}
//   shell: bash     → bash --noprofile --norc -eo pipefail {0}
//   shell: sh       → sh -e {0}
//   shell: "cmd ... {0}" (a custom template whose program is bash or sh) → as written
// Other shells (pwsh, python, cmd, powershell, node...) fail the step naming the shell.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { runProcess } from "./process.mjs";

export class ShellError extends Error {}

export function shellCommand(shell) {
  if (shell === undefined || shell === "") return { file: "bash", args: ["-e", "{0}"], display: "bash -e {0}" };
  if (shell === "bash") return { file: "bash", args: ["--noprofile", "--norc", "-eo", "pipefail", "{0}"], display: "bash --noprofile --norc -eo pipefail {0}" };
  if (shell === "sh") return { file: "sh", args: ["-e", "{0}"], display: "sh -e {0}" };
  const parts = shell.trim().split(/\s+/);
  if (parts.length > 1 && ["bash", "sh", "/bin/bash", "/bin/sh", "/usr/bin/bash"].includes(parts[0])) {
    const args = parts.slice(1);
    if (!args.includes("{0}")) args.push("{0}");
    return { file: parts[0], args, display: shell };
  }
  throw new ShellError(`The shell '${shell}' is not implemented by the local runner (it runs bash and sh only)`);
}

/** Runs `script`; resolves { code, timedOut, cancelled }. */
export async function runScript({ script, shell, cwd, env, runnerTemp, onLine, signal, timeoutMs, log }) {
  const command = shellCommand(shell);
  const scriptPath = join(runnerTemp, `${randomUUID()}.sh`);
  writeFileSync(scriptPath, script);
  log(`shell: ${command.display}`);
  const args = command.args.map(a => a.replace("{0}", scriptPath));
  return runProcess(command.file, args, { cwd, env, onLine, signal, timeoutMs });
}
