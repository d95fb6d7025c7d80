// One job instance (one matrix combination) on the runner: a fresh workspace, its steps in order with their `if:`
// conditions and status functions, post steps in reverse order, the job's outputs evaluated at the end.
import { delimiter } from "node:path";
import { field } from "./template.mjs";
import { rawSteps } from "./workflow.mjs";
import { Masker, JobLog } from "./job-log.mjs";
import { prepareJobDirectories, defaultVariables } from "./job-environment.mjs";
import { executeStep } from "./step.mjs";
import { readFileCommands } from "./file-commands.mjs";
import { evaluateJobOutputs } from "./job-outputs.mjs";

export class Job {
  constructor(run, definition, instance) {
    Object.assign(this, { run, definition, ...instance });
    this.raw = run.workflow.rawJob(definition.id.value);
    this.masker = new Masker([...Object.values(run.request.secrets ?? {}), instance.token]);
    this.dirs = prepareJobDirectories(run, instance.key);
    this.logPath = `${run.request.run_dir}/logs/${instance.key}.log`;
    this.log = new JobLog(this.logPath, this.masker);
    this.steps = {};
    this.globalEnv = {};
    this.addedPaths = [];
    this.posts = [];
    this.summary = [];
    this.annotations = [];
    this.status = "success";
    this.cancelled = false;
    this.timedOut = false;
    this.current = undefined;
    this.runnerName = run.request.runner_name ?? "kmodforge-local-runner";
  }

  /** Cancels the job: the running step's process group is killed; only always()/cancelled() steps still run. */
  cancel() {
    this.cancelled = true;
    this.current?.abort();
  }

  stepController() {
    this.current = new AbortController();
    if (this.cancelled) this.current.abort();
    return this.current;
  }

  scope(extra = {}) {
    const r = this.run;
    return {
      ...r.baseScope(),
      github: { ...r.github, job: this.definition.id.value, workspace: this.dirs.workspace, token: this.token, action: "" },
      secrets: { ...(r.request.secrets ?? {}), GITHUB_TOKEN: this.token },
      matrix: this.matrix ?? {},
      strategy: this.strategy,
      needs: this.needs,
      steps: this.steps,
      env: this.envContext(),
      job: { status: this.status === "success" && this.cancelled ? "cancelled" : this.status, container: { id: "", network: "" }, services: {} },
      runner: { name: this.runnerName, os: "Linux", arch: "X64", temp: this.dirs.temp, tool_cache: this.dirs.toolCache, environment: "self-hosted", debug: "" },
      status: { success: this.status === "success", failure: this.status === "failure", cancelled: this.cancelled },
      workspace: this.dirs.workspace,
      ...extra,
    };
  }

  envContext() {
    return { ...this.run.workflowEnv, ...this.jobEnv, ...this.globalEnv };
  }

  processEnv(env, files) {
    const base = this.run.request.env ?? {};
    const merged = { ...base, ...env, ...defaultVariables(this.run, this.definition.id.value, this.dirs, this.runnerName), ...files };
    const path = merged.PATH ?? process.env.PATH ?? "/usr/bin:/bin";
    merged.PATH = [...this.addedPaths, path].join(delimiter);
    return merged;
  }

  sink() {
    return {
      log: line => this.log.line(line),
      mask: value => this.masker.add(value),
      annotation: a => this.annotate(a),
    };
  }

  annotate(annotation) {
    const a = { ...annotation, message: this.masker.mask(annotation.message) };
    this.annotations.push(a);
    this.run.emit({ event: "annotation", job: this.key, ...a });
  }

  error(message) {
    this.log.line(`##[error]${message}`);
    this.annotate({ level: "error", message });
  }

  warning(message) {
    this.log.line(`##[warning]${message}`);
    this.annotate({ level: "warning", message });
  }

  addPost(post) {
    this.posts.push(post);
  }

  applyFileCommands(files, result) {
    let read;
    try {
      read = readFileCommands(files);
    } catch (e) {
      this.error(e.message);
      result.outcome = "failure";
      return;
    }
    Object.assign(result.outputs, read.outputs);
    Object.assign(this.globalEnv, read.env);
    this.addedPaths.unshift(...read.path.reverse());
    if (read.summaryError) this.warning(read.summaryError);
    else if (read.summary) this.summary.push(read.summary);
    result.state = read.state;
  }

  actionContext({ uses, inputs, env, processEnv, files, outputs, signal, scope }) {
    const job = this;
    return {
      uses, inputs, env, processEnv, files, signal, scope, job,
      run: this.run, workspace: this.dirs.workspace, temp: this.dirs.temp, token: this.token,
      state: {},
      log: line => job.log.line(line),
      warning: m => job.warning(m),
      setOutput: (k, v) => { outputs[k] = String(v); },
      exportVariable: (k, v) => { job.globalEnv[k] = String(v); },
      addPath: p => { job.addedPaths.unshift(p); },
      mask: v => job.masker.add(v),
    };
  }

  async execute() {
    this.log.line(`Job ${this.name} (${this.key}) on runner ${this.runnerName}`);
    const r = this.run;
    const tpl = r.tpl;
    const jobScope = this.scope();
    this.jobEnv = tpl.stringMap(this.definition.env, jobScope);
    const defaults = tpl.value(field(this.raw, "defaults"), jobScope)?.run ?? {};
    this.defaultRun = { ...(r.defaultRun ?? {}), ...defaults };
    const timeoutToken = field(this.raw, "timeout-minutes");
    const timeoutMinutes = timeoutToken ? Number(tpl.value(timeoutToken, jobScope)) : 360;
    const timer = setTimeout(() => {
      this.timedOut = true;
      this.error(`The job running on runner ${this.runnerName} has exceeded the maximum execution time of ${timeoutMinutes} minutes.`);
      this.status = "failure";
      this.cancel();
    }, timeoutMinutes * 60000);
    try {
      await this.runSteps();
      await this.runPosts();
    } finally {
      clearTimeout(timer);
    }
    const result = this.timedOut ? "failure" : this.cancelled && this.status !== "failure" ? "cancelled" : this.status;
    const outputs = evaluateJobOutputs(this, result);
    const finalResult = outputs.error ? "failure" : result;
    this.log.line(`Job completed: ${finalResult}`);
    return { result: finalResult, outputs: outputs.values };
  }

  async runSteps() {
    const tpl = this.run.tpl;
    const raws = rawSteps(this.raw);
    for (let i = 0; i < this.definition.steps.length; i++) {
      const step = this.definition.steps[i];
      const raw = raws[i];
      const scope = this.scope();
      const displayName = step.name ? tpl.string(step.name, scope) : step.run ? `Run ${tpl.string(step.run, scope).split("\n")[0]}` : `Run ${step.uses?.value}`;
      let run;
      try {
        run = tpl.condition(step.if, scope);
      } catch (e) {
        this.error(`The step '${displayName}' has an invalid if: ${e.message}`);
        this.status = "failure";
        run = false;
      }
      const id = step.id;
      if (!run) {
        this.log.line(`Step skipped: ${displayName}`);
        this.steps[id] = { outputs: {}, outcome: "skipped", conclusion: "skipped" };
        continue;
      }
      this.log.line(`===== Step: ${displayName} =====`);
      let result;
      try {
        result = await executeStep(this, step, raw, scope, displayName);
      } catch (e) {
        this.error(e.message);
        result = { outcome: "failure", outputs: {} };
      }
      const coe = step["continue-on-error"];
      const continueOnError = coe === undefined ? false : typeof coe === "boolean" ? coe : tpl.condition(coe, scope);
      const conclusion = result.outcome === "failure" && continueOnError ? "success" : result.outcome;
      this.steps[id] = { outputs: result.outputs, outcome: result.outcome, conclusion };
      if (conclusion === "failure") this.status = "failure";
    }
  }

  async runPosts() {
    for (const post of this.posts.reverse()) {
      const scope = this.scope();
      if (!this.run.tpl.ex.truthy(this.run.tpl.ex.evaluate(post.action.postIf ?? "always()", scope))) continue;
      this.log.line(`===== Post step: ${post.name} =====`);
      const controller = this.stepController();
      try {
        await post.action.post({ ...post.ctx, signal: controller.signal, scope });
      } catch (e) {
        this.error(e.message);
        this.status = "failure";
      }
    }
  }
}
