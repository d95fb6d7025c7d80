// A job's instances: its strategy (matrix, fail-fast, max-parallel) evaluated once its needs are done, one instance
// per combination. Each instance matches runs-on against the runner's labels, asks the host for a runner slot (with
// its token permissions and job-level concurrency group), runs, and reports. The job's result combines them; its
// outputs are merged in completion order (a later instance's non-empty value wins, as matrix outputs do on GitHub).
import { field } from "./template.mjs";
import { expandMatrix, defaultMatrixName } from "./matrix.mjs";
import { resolvePermissions } from "./permissions.mjs";
import { Job } from "./job.mjs";
import { failEarly } from "./scheduler.mjs";

export async function runJobInstances(run, def, needs, currentStatus) {
  const id = def.id.value;
  const scope = () => ({ ...run.baseScope(), needs, status: currentStatus() });
  let strategy;
  let combinations;
  try {
    strategy = def.strategy ? run.tpl.value(def.strategy, scope()) ?? {} : {};
    combinations = expandMatrix(strategy.matrix, id);
  } catch (e) {
    return failEarly(run, id, e.message);
  }
  for (const key of ["container", "services", "environment"]) {
    if (def[key] !== undefined) return failEarly(run, id, `Job '${id}' uses '${key}:', which the local runner does not implement`);
  }
  const total = combinations.length;
  const failFast = strategy["fail-fast"] === undefined ? true : Boolean(strategy["fail-fast"]);
  const maxParallel = strategy["max-parallel"] ? Number(strategy["max-parallel"]) : total;
  const raw = run.workflow.rawJob(id);
  const results = new Array(total);
  const outputs = {};
  let failedFast = false;
  const waiting = new Set();
  const running = new Set();

  const runOne = async index => {
    const matrix = combinations[index];
    const key = total > 1 || def.strategy ? `${id}-${index + 1}` : id;
    const strategyContext = { "fail-fast": failFast, "job-index": index, "job-total": total, "max-parallel": maxParallel };
    const s = { ...scope(), matrix: matrix ?? {}, strategy: strategyContext };
    let name = id;
    try {
      name = instanceName(run, def, id, matrix, s);
      const continueOnError = field(raw, "continue-on-error");
      const coe = continueOnError ? run.tpl.condition(continueOnError, s) : false;
      const labels = runsOn(run.tpl.value(def["runs-on"], s));
      const missing = labels.filter(l => !(run.request.labels ?? []).some(r => r.toLowerCase() === l.toLowerCase()));
      if (labels.length === 0 || missing.length > 0) {
        throw new Error(`No runner can take job '${name}': it runs on [${labels.join(", ")}], the local runner has labels [${(run.request.labels ?? []).join(", ")}] (GitHub would wait for such a runner forever)`);
      }
      const permissions = resolvePermissions(run.tpl.value(field(raw, "permissions") ?? run.workflow.permissions, s), run.request.default_permissions);
      const concurrency = evaluateConcurrency(run, field(raw, "concurrency"), s);
      const result = await runInstance(run, def, { key, index, name, matrix, strategy: strategyContext, needs, labels, permissions, concurrency }, currentStatus, waiting);
      results[index] = { result, coe };
      if (result.result === "failure" && !coe && failFast && !failedFast) {
        failedFast = true;
        for (const w of waiting) run.protocol.withdraw(w);
        for (const j of running) j.cancel();
      }
      for (const [k, v] of Object.entries(result.outputs ?? {})) if (v !== "") outputs[k] = v;
    } catch (e) {
      results[index] = { result: failEarly(run, key, e.message, name), coe: false };
    }
  };

  const runInstance = async (run, def, instance, currentStatus, waiting) => {
    const payload = { event: "job_queued", job: instance.key, job_id: def.id.value, name: instance.name, matrix: instance.matrix ?? null, runs_on: instance.labels, permissions: instance.permissions, concurrency: instance.concurrency };
    for (;;) {
      if (failedFast) return cancelledInstance(run, def, instance);
      const slotRequest = run.protocol.request(payload);
      waiting.add(slotRequest.id);
      const answer = await slotRequest;
      waiting.delete(slotRequest.id);
      if (failedFast) return cancelledInstance(run, def, instance);
      if (answer.cancelled) {
        // The run was cancelled (or a newer job took the concurrency group): a job whose if holds under
        // cancellation (always(), cancelled()) asks again; others end cancelled.
        if (run.cancelled && !run.protocol.closed && run.tpl.condition(def.if, { ...run.baseScope(), needs: instance.needs, status: currentStatus() })) continue;
        return cancelledInstance(run, def, instance);
      }
      // On a cancellation the job keeps running only when its if: still holds (always(), cancelled()), as on GitHub.
      const holdsOnCancel = () => run.tpl.condition(def.if, { ...run.baseScope(), needs: instance.needs, matrix: instance.matrix ?? {}, status: currentStatus() });
      const job = new Job(run, def, { ...instance, token: answer.token, holdsOnCancel });
      run.jobs.set(instance.key, job);
      running.add(job);
      run.emit({ event: "job_started", job: instance.key, job_id: def.id.value, name: instance.name, matrix: instance.matrix ?? null, log: job.logPath, workspace: job.dirs.workspace });
      let outcome;
      try {
        outcome = await job.execute();
      } finally {
        running.delete(job);
      }
      run.emit({ event: "job_completed", job: instance.key, job_id: def.id.value, name: instance.name, matrix: instance.matrix ?? null, result: outcome.result, outputs: outcome.outputs, log: job.logPath, summary: job.summary.join("\n") });
      return outcome;
    }
  };

  // max-parallel: at most that many instances of this job at once.
  let next = 0;
  const lanes = Array.from({ length: Math.min(maxParallel, total) }, async () => {
    while (next < total) await runOne(next++);
  });
  await Promise.all(lanes);

  const effective = results.map(r => (r.coe && r.result.result === "failure" ? "success" : r.result.result));
  const result = effective.includes("failure") ? "failure" : effective.includes("cancelled") ? "cancelled"
    : effective.every(r => r === "skipped") ? "skipped" : "success";
  return { result, outputs };
}

function cancelledInstance(run, def, instance) {
  run.emit({ event: "job_completed", job: instance.key, job_id: def.id.value, name: instance.name, matrix: instance.matrix ?? null, result: "cancelled", outputs: {}, log: null, summary: "" });
  return { result: "cancelled", outputs: {} };
}

function instanceName(run, def, id, matrix, scope) {
  const nameToken = def.name;
  // The converter fills name with the job id when absent; a literal equal to the id means "no name:".
  const explicit = nameToken && !(nameToken.templateTokenType === 0 && nameToken.value === id && !hasNameKey(run, id));
  if (!explicit) return defaultMatrixName(id, matrix);
  const name = run.tpl.string(nameToken, scope);
  const usesMatrix = nameToken.templateTokenType === 3 && /\bmatrix\b/.test(nameToken.expression);
  return matrix && !usesMatrix ? defaultMatrixName(name, matrix) : name;
}

function hasNameKey(run, id) {
  return field(run.workflow.rawJob(id), "name") !== undefined;
}

function runsOn(value) {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "object") {
    if (value.group) throw new Error(`runs-on: runner groups ('${value.group}') are not implemented by the local runner`);
    return runsOn(value.labels);
  }
  return [String(value)];
}

export function evaluateConcurrency(run, token, scope) {
  if (!token) return null;
  const value = run.tpl.value(token, scope);
  if (typeof value === "string") return { group: value, cancel_in_progress: false };
  const cip = value["cancel-in-progress"];
  return { group: String(value.group ?? ""), cancel_in_progress: cip === true || cip === "true" };
}
