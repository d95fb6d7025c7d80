// One workflow run: its github context and event payload, the workflow-level env and defaults, the run's totals,
// and cancellation (from the host's "cancel").
import { MaxRunOutputBytes } from "./job-outputs.mjs";
import { field } from "./template.mjs";
import { schedule } from "./scheduler.mjs";

export class Run {
  constructor({ request, protocol, workflow, inputs, ex, tpl }) {
    Object.assign(this, { request, protocol, workflow, inputs, ex, tpl });
    this.cancelled = false;
    this.outputBytes = 0;
    this.jobs = new Map();
    this.github = buildGithubContext(request, workflow, inputs);
    protocol.onCancel(() => this.cancel());
    protocol.onMessage(message => {
      if (message.cancel_job !== undefined) this.jobs.get(message.cancel_job)?.cancel();
    });
  }

  emit(event) {
    this.protocol.emit(event);
  }

  baseScope() {
    return {
      github: this.github, inputs: this.inputs.typed, vars: this.request.vars ?? {},
      secrets: { ...(this.request.secrets ?? {}), GITHUB_TOKEN: this.request.github.token ?? "" },
      env: this.workflowEnv ?? {},
    };
  }

  cancel() {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const job of this.jobs.values()) {
      let holds = false;
      try { holds = job.holdsOnCancel?.() ?? false; } catch { holds = false; }
      if (!holds) job.cancel();
    }
  }

  /** Adds a job's output size to the run's total; false when that would pass GitHub's 50 MB per run. */
  addOutputBytes(n) {
    if (this.outputBytes + n > MaxRunOutputBytes) return false;
    this.outputBytes += n;
    return true;
  }

  async execute() {
    this.workflowEnv = this.tpl.stringMap(this.workflow.env, this.baseScope());
    this.defaultRun = this.tpl.value(this.workflow.defaults, this.baseScope())?.run ?? {};
    const results = await schedule(this);
    if (results.some(r => r === "failure")) return "failure";
    if (this.cancelled) return "cancelled";
    return "success";
  }
}

export function buildGithubContext(request, workflow, inputs) {
  const g = request.github ?? {};
  const ref = request.ref ?? `refs/heads/${request.default_branch ?? "main"}`;
  const refName = ref.replace(/^refs\/(heads|tags)\//, "");
  const [owner, name] = (g.repository ?? "owner/repo").split("/");
  const repository = { full_name: g.repository, name, owner: { login: owner }, default_branch: request.default_branch ?? "main" };
  const sender = { login: g.actor ?? "github-actions[bot]" };
  const event = request.event_name === "schedule"
    ? { schedule: request.schedule ?? firstCron(workflow), repository, sender }
    : { inputs: inputs.strings, ref, repository, sender, workflow: request.workflow_file };
  return {
    ...g,
    event_name: request.event_name,
    event,
    ref,
    ref_name: refName,
    ref_type: ref.startsWith("refs/tags/") ? "tag" : "branch",
    sha: request.sha,
    run_attempt: g.run_attempt ?? 1,
    retention_days: g.retention_days ?? 90,
    triggering_actor: g.triggering_actor ?? g.actor,
    workflow: workflow.name,
    workflow_ref: `${g.repository}/${request.workflow_file}@${ref}`,
    workflow_sha: request.sha,
    head_ref: "",
    base_ref: "",
    action: "",
    job: "",
  };
}

function firstCron(workflow) {
  return workflow.template.events?.schedule?.[0]?.cron ?? "";
}

export { field };
