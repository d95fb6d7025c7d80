// A job's `outputs:` evaluated at the job's end, with GitHub's limits: an output holding a secret is not passed on
// (with GitHub's warning), at most 1 MB of outputs per job and 50 MB per run (sizes approximated as UTF-16).
import { field } from "./template.mjs";

export const MaxJobOutputBytes = 1024 * 1024;
export const MaxRunOutputBytes = 50 * 1024 * 1024;

export function outputBytes(values) {
  return Object.entries(values).reduce((n, [k, v]) => n + 2 * (k.length + String(v).length), 0);
}

export function evaluateJobOutputs(job, result) {
  const token = field(job.raw, "outputs");
  const values = {};
  if (!token) return { values };
  const scope = job.scope({ job: { status: result } });
  for (const pair of token) {
    const name = pair.key.value;
    let value;
    try {
      value = job.run.tpl.string(pair.value, scope) ?? "";
    } catch (e) {
      job.error(`The job output '${name}' could not be evaluated: ${e.message}`);
      continue;
    }
    if (job.masker.contains(value)) {
      job.warning(`Skip output '${name}' since it may contain secret.`);
      continue;
    }
    values[name] = value;
  }
  const bytes = outputBytes(values);
  if (bytes > MaxJobOutputBytes) {
    job.error(`The job's outputs are ${bytes} bytes; a job's outputs can be a maximum of 1 MB (${MaxJobOutputBytes} bytes, size approximated as UTF-16). Outputs were not set.`);
    return { values: {}, error: true };
  }
  if (!job.run.addOutputBytes(bytes)) {
    job.error(`The total of all outputs in this workflow run would exceed the maximum of 50 MB (${MaxRunOutputBytes} bytes). Outputs were not set.`);
    return { values: {}, error: true };
  }
  return { values };
}
