// The jobs of a run in `needs` order. A job whose needs are done has its `if:` evaluated with the job-level status
// functions (success: every ancestor succeeded; failure: an ancestor failed; cancelled: the run was cancelled), then
// its matrix expanded and its instances run (see instances.mjs). Results: success, failure, cancelled, skipped.
import { runJobInstances } from "./instances.mjs";

export async function schedule(run) {
  const definitions = run.workflow.template.jobs;
  const states = new Map(definitions.map(d => [d.id.value, { def: d, status: "pending" }]));
  const needsOf = d => (d.needs ?? []).map(n => n.value);
  const ancestors = id => {
    const seen = new Set();
    const visit = j => needsOf(states.get(j).def).forEach(n => { if (!seen.has(n)) { seen.add(n); visit(n); } });
    visit(id);
    return [...seen];
  };

  const start = state => {
    state.status = "running";
    const id = state.def.id.value;
    const needs = {};
    for (const n of needsOf(state.def)) needs[n] = { result: states.get(n).result, outputs: states.get(n).outputs ?? {} };
    const above = ancestors(id).map(a => states.get(a).result);
    const status = { success: above.every(r => r === "success"), failure: above.includes("failure"), cancelled: run.cancelled };
    state.promise = runJob(run, state.def, needs, status, () => ({ ...status, cancelled: run.cancelled })).then(
      ({ result, outputs }) => Object.assign(state, { status: "done", result, outputs }),
      error => {
        run.emit({ event: "annotation", job: id, level: "error", message: `runner error in job '${id}': ${error.stack ?? error}` });
        Object.assign(state, { status: "done", result: "failure", outputs: {} });
      });
  };

  for (;;) {
    for (const state of states.values()) {
      if (state.status === "pending" && needsOf(state.def).every(n => states.get(n).status === "done")) start(state);
    }
    const running = [...states.values()].filter(s => s.status === "running").map(s => s.promise);
    if (running.length === 0) break;
    await Promise.race(running);
  }
  return [...states.values()].map(s => s.countsAsFailure === false ? "success" : s.result);
}

async function runJob(run, def, needs, status, currentStatus) {
  const id = def.id.value;
  if (def.type !== "job") {
    return failEarly(run, id, `Job '${id}' calls a reusable workflow, which the local runner does not implement`);
  }
  const scope = { ...run.baseScope(), needs, status: currentStatus() };
  let go;
  try {
    go = run.tpl.condition(def.if, scope);
  } catch (e) {
    return failEarly(run, id, `The job '${id}' has an invalid if: ${e.message}`);
  }
  if (!go) {
    const result = run.cancelled ? "cancelled" : "skipped";
    const name = safeName(run, def, scope) ?? id;
    run.emit({ event: "job_completed", job: id, job_id: id, name, matrix: null, result, outputs: {}, log: null, summary: "" });
    return { result, outputs: {} };
  }
  return runJobInstances(run, def, needs, currentStatus);
}

function safeName(run, def, scope) {
  try {
    return def.name ? run.tpl.string(def.name, scope) : undefined;
  } catch {
    return undefined;
  }
}

export function failEarly(run, id, message, name) {
  run.emit({ event: "annotation", job: id, level: "error", message });
  run.emit({ event: "job_completed", job: id, job_id: id, name: name ?? id, matrix: null, result: "failure", outputs: {}, log: null, summary: "", error: message });
  return { result: "failure", outputs: {} };
}
