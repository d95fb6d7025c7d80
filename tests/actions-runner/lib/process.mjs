// Runs a command in its own process group, streaming its output lines; the group is killed on cancel or timeout
// (SIGINT, then SIGTERM, then SIGKILL as the runner escalates, shortened).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const live = new Set();

/** Kills every process group still running (on exit of the runner). */
export function killAll() {
  for (const child of live) {
    try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ }
  }
}

function signalGroup(child, signal) {
  try { process.kill(-child.pid, signal); } catch { /* gone */ }
}

/**
 * Runs `file args` with `env` in `cwd`; `onLine(line)` gets every stdout and stderr line. `signal` (AbortSignal)
 * cancels, `timeoutMs` times out. Resolves { code, timedOut, cancelled }.
 */
export function runProcess(file, args, { cwd, env, onLine, signal, timeoutMs }) {
  return new Promise(resolve => {
    let child;
    try {
      child = spawn(file, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      onLine(`##[error]${e.message}`);
      resolve({ code: 127, timedOut: false, cancelled: false });
      return;
    }
    live.add(child);
    let timedOut = false;
    let cancelled = false;
    const timers = [];
    const stop = () => {
      signalGroup(child, "SIGINT");
      timers.push(setTimeout(() => signalGroup(child, "SIGTERM"), 2500));
      timers.push(setTimeout(() => signalGroup(child, "SIGKILL"), 5000));
    };
    const onAbort = () => { cancelled = true; stop(); };
    if (signal) {
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    }
    if (timeoutMs !== undefined && timeoutMs > 0) {
      timers.push(setTimeout(() => { timedOut = true; stop(); }, timeoutMs));
    }
    let open = 2;
    let exitCode;
    const finish = () => {
      if (open > 0 || exitCode === undefined) return;
      timers.forEach(clearTimeout);
      signal?.removeEventListener("abort", onAbort);
      live.delete(child);
      // Anything the step left behind in its group goes with it.
      signalGroup(child, "SIGKILL");
      resolve({ code: exitCode, timedOut, cancelled });
    };
    for (const stream of [child.stdout, child.stderr]) {
      const lines = createInterface({ input: stream });
      lines.on("line", onLine);
      lines.on("close", () => { open--; finish(); });
    }
    child.on("error", e => { onLine(`##[error]${e.message}`); exitCode = 127; open = 0; finish(); });
    child.on("exit", (code, sig) => {
      exitCode = code ?? (sig ? 128 : 1);
      // A background process keeping the pipes open must not hang the step: close after the main process exits.
      setTimeout(() => { if (open > 0) { signalGroup(child, "SIGKILL"); } }, 2000).unref();
      finish();
    });
  });
}
