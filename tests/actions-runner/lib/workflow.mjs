// Parsing and validating a workflow file with GitHub's parser (@actions/workflow-parser): schema, expressions, the
// conversion to a workflow template. Also exposes the raw token tree for keys the template leaves out
// (run-name, permissions, defaults, and the step keys the converter drops).
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { field } from "./template.mjs";

const trace = { error() {}, info() {}, verbose() {} };

export class WorkflowError extends Error {}

function describe(error) {
  return error.message ?? error.Message ?? JSON.stringify(error);
}

/** Parses `path`; throws WorkflowError with every problem (GitHub's "Invalid workflow file" wording). */
export async function loadWorkflow(parser, path, displayPath) {
  const content = readFileSync(path, "utf8");
  const result = parser.parseWorkflow({ name: displayPath ?? basename(path), content }, trace);
  const errors = [...result.context.errors.getErrors()];
  let template;
  if (result.value) {
    template = await parser.convertWorkflowTemplate(result.context, result.value);
    errors.push(...(template.errors ?? []));
  }
  if (errors.length > 0 || !result.value) {
    const messages = [...new Set((errors.length > 0 ? errors : [{ message: "no workflow could be parsed" }]).map(describe))];
    throw new WorkflowError(`Invalid workflow file: ${displayPath ?? path}: ${messages.join("; ")}`);
  }
  const root = result.value;
  const name = field(root, "name");
  const rawJobs = field(root, "jobs");
  return {
    content,
    template,
    root,
    name: name?.value ?? displayPath ?? path,
    runName: field(root, "run-name"),
    permissions: field(root, "permissions"),
    defaults: field(root, "defaults"),
    env: field(root, "env"),
    concurrency: field(root, "concurrency"),
    dispatchInputs: dispatchInputs(root),
    /** The raw mapping token of a job, by id. */
    rawJob: id => field(rawJobs, id),
  };
}

/** The raw mapping tokens of a job's steps, in order. */
export function rawSteps(rawJob) {
  const steps = field(rawJob, "steps");
  return steps ? [...steps] : [];
}

/**
 * The workflow_dispatch input declarations read from the tokens (the template's conversion drops `type: number`,
 * which GitHub supports): name → { type, required, default, options }.
 */
function dispatchInputs(root) {
  const on = field(root, "on");
  const inputs = field(field(on, "workflow_dispatch"), "inputs");
  const out = {};
  if (!inputs) return out;
  for (const pair of inputs) {
    const spec = {};
    for (const p of pair.value) {
      const key = p.key.value;
      if (key === "options") spec.options = [...p.value].map(t => String(t.value));
      else spec[key] = p.value.value;
    }
    spec.type = spec.type ?? "string";
    out[pair.key.value] = spec;
  }
  return out;
}
