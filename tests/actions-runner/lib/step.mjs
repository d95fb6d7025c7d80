// One step of a job: `run:` or `uses:`, with its env, working directory, shell, timeout and continue-on-error, the
// workflow commands it prints and the environment files it writes.
import { isAbsolute, join, resolve } from "node:path";
import { field } from "./template.mjs";
import { createFileCommands, readFileCommands } from "./file-commands.mjs";
import { CommandProcessor } from "./workflow-commands.mjs";
import { runScript } from "./run-step.mjs";
import { resolveAction, prepareActionInputs } from "./actions/index.mjs";

/** Runs the main part of a step; returns { outcome: success|failure|cancelled, outputs }. */
export async function executeStep(job, step, raw, scope, displayName) {
  const tpl = job.run.tpl;
  const stepEnv = tpl.stringMap(field(raw, "env"), scope);
  const env = { ...job.envContext(), ...stepEnv };
  const stepScope = { ...scope, env };
  const timeoutToken = field(raw, "timeout-minutes");
  const timeoutMinutes = timeoutToken ? Number(tpl.value(timeoutToken, stepScope)) : undefined;
  const files = createFileCommands(job.dirs.temp);
  const processEnv = job.processEnv(env, files);
  const commands = new CommandProcessor(job.sink());
  const controller = job.stepController();
  let result;
  if ("run" in step) {
    const script = tpl.string(step.run, stepScope);
    const shell = stringField(tpl, raw, "shell", stepScope) ?? job.defaultRun.shell;
    const wd = stringField(tpl, raw, "working-directory", stepScope) ?? job.defaultRun["working-directory"];
    const cwd = wd ? (isAbsolute(wd) ? wd : resolve(job.dirs.workspace, wd)) : job.dirs.workspace;
    job.log.line(`##[group]Run ${script.split("\n")[0]}`);
    job.log.lines(script.replace(/\n$/, ""));
    if (Object.keys(env).length > 0) {
      job.log.line("env:");
      for (const [k, v] of Object.entries(env)) job.log.line(`  ${k}: ${v}`);
    }
    let outcome;
    try {
      const r = await runScript({
        script, shell, cwd, env: processEnv, runnerTemp: job.dirs.temp, signal: controller.signal,
        timeoutMs: timeoutMinutes ? timeoutMinutes * 60000 : undefined,
        onLine: line => commands.line(line), log: line => { job.log.line(line); job.log.line("##[endgroup]"); },
      });
      outcome = stepOutcome(job, r, timeoutMinutes);
    } catch (e) {
      job.error(e.message);
      outcome = "failure";
    }
    result = { outcome, outputs: {} };
  } else {
    const uses = tpl.string(step.uses, stepScope);
    job.log.line(`##[group]Run ${uses}`);
    let outcome = "success";
    const outputs = {};
    try {
      const action = resolveAction(uses);
      const inputs = prepareActionInputs(job, action, uses, tpl.stringMap(field(raw, "with"), stepScope), stepScope);
      for (const [k, v] of Object.entries(inputs)) job.log.line(`  ${k}: ${v}`);
      job.log.line("##[endgroup]");
      const ctx = job.actionContext({ uses, inputs, env, processEnv, files, outputs, signal: controller.signal, scope: stepScope });
      await withTimeout(action.main(ctx), timeoutMinutes, controller);
      if (action.post) job.addPost({ action, ctx, name: displayName });
    } catch (e) {
      if (controller.signal.aborted && job.cancelled) outcome = "cancelled";
      else {
        job.error(e.message);
        outcome = "failure";
      }
    }
    result = { outcome, outputs };
  }
  job.applyFileCommands(files, result);
  return result;
}

function stringField(tpl, raw, key, scope) {
  const token = field(raw, key);
  return token === undefined ? undefined : tpl.string(token, scope);
}

function stepOutcome(job, r, timeoutMinutes) {
  if (r.timedOut) {
    job.error(`The action has timed out after ${timeoutMinutes} minutes.`);
    return "failure";
  }
  if (r.cancelled) return job.timedOut ? "failure" : "cancelled";
  if (r.code !== 0) {
    job.error(`Process completed with exit code ${r.code}.`);
    return "failure";
  }
  return "success";
}

async function withTimeout(promise, minutes, controller) {
  if (!minutes) return promise;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => { controller.abort(); reject(new Error(`The action has timed out after ${minutes} minutes.`)); }, minutes * 60000);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function resolveStepPath(workspace, p) {
  return isAbsolute(p) ? p : join(workspace, p);
}
