#!/usr/bin/env node
// The local GitHub Actions runner: one process runs one workflow run. Usage: node runner.mjs <request.json>
// Protocol (JSON lines; see docs/actions-runner.md): prints "accepted" or "rejected" after validation, waits for
// "start" on stdin, then prints job and annotation events and "completed". "cancel" on stdin cancels the run.
import { readFileSync } from "node:fs";
import { loadActionsPackages } from "./lib/json-loader.mjs";
import { Protocol } from "./lib/protocol.mjs";
import { loadWorkflow, WorkflowError } from "./lib/workflow.mjs";
import { validateDispatchInputs, InputError } from "./lib/inputs.mjs";
import { Expressions } from "./lib/expressions.mjs";
import { Templates } from "./lib/template.mjs";
import { Run, buildGithubContext } from "./lib/run.mjs";
import { evaluateConcurrency } from "./lib/instances.mjs";
import { killAll } from "./lib/process.mjs";

const request = JSON.parse(readFileSync(process.argv[2], "utf8"));
const protocol = new Protocol();
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => { killAll(); process.exit(143); });
process.on("exit", killAll);

function reject(message, status = 422) {
  protocol.emit({ event: "rejected", status, message });
  process.exit(0);
}

const { parser, expressions } = await loadActionsPackages(request.node_modules);
const ex = new Expressions(expressions);
const tpl = new Templates(ex);

let workflow;
try {
  workflow = await loadWorkflow(parser, request.workflow_path, request.workflow_file);
} catch (e) {
  if (e instanceof WorkflowError) reject(e.message);
  throw e;
}

const events = workflow.template.events ?? {};
let inputs = { typed: {}, strings: {} };
if (request.event_name === "workflow_dispatch") {
  if (!("workflow_dispatch" in events)) reject("Workflow does not have 'workflow_dispatch' trigger");
  try {
    inputs = validateDispatchInputs(request.inputs, workflow.dispatchInputs);
  } catch (e) {
    if (e instanceof InputError) reject(e.message);
    throw e;
  }
} else if (request.event_name === "schedule") {
  if (!events.schedule) reject("Workflow does not have a 'schedule' trigger");
} else {
  reject(`The local runner does not implement the '${request.event_name}' event`);
}

const github = buildGithubContext(request, workflow, inputs);
const scope = {
  github, inputs: inputs.typed, vars: request.vars ?? {},
};
let runName;
let concurrency;
try {
  runName = workflow.runName ? tpl.string(workflow.runName, scope) : defaultTitle(workflow, request);
  concurrency = evaluateConcurrency({ tpl }, workflow.concurrency, scope);
} catch (e) {
  reject(`Invalid workflow file: ${request.workflow_file}: ${e.message}`);
}
protocol.emit({ event: "accepted", name: workflow.name, run_name: runName, concurrency, inputs: inputs.strings });

if (!(await protocol.waitStart())) {
  protocol.emit({ event: "completed", conclusion: "cancelled" });
  process.exit(0);
}
const run = new Run({ request, protocol, workflow, inputs, ex, tpl });
let conclusion;
try {
  conclusion = await run.execute();
} catch (e) {
  protocol.emit({ event: "annotation", job: null, level: "error", message: `runner error: ${e.stack ?? e}` });
  conclusion = "failure";
}
protocol.emit({ event: "completed", conclusion });
process.exit(0);

function defaultTitle(workflow, request) {
  // GitHub titles a run without run-name by its workflow's name for dispatches and schedules.
  return workflow.name ?? request.workflow_file;
}
