// A job's directories and GitHub's default environment variables.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function prepareJobDirectories(run, key) {
  const jobDir = join(run.request.run_dir, "jobs", key);
  const repo = run.github.repository.split("/")[1];
  const dirs = {
    jobDir,
    workspace: join(jobDir, "work", repo),
    temp: join(jobDir, "temp"),
    toolCache: run.request.tool_cache ?? join(run.request.run_dir, "tool-cache"),
    eventPath: join(jobDir, "event.json"),
    // A GitHub-hosted runner is a fresh machine per job: with fresh_home, nothing a job leaves in ~ reaches the next.
    home: run.request.fresh_home ? join(jobDir, "home") : null,
  };
  for (const d of [dirs.workspace, dirs.temp, dirs.toolCache, dirs.home].filter(Boolean)) mkdirSync(d, { recursive: true });
  writeFileSync(dirs.eventPath, JSON.stringify(run.github.event, null, 2));
  return dirs;
}

/** GitHub's default variables for one job's steps (they win over the workflow's env, as on GitHub). */
export function defaultVariables(run, jobId, dirs, runnerName) {
  const g = run.github;
  return {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_REPOSITORY: g.repository,
    GITHUB_REPOSITORY_OWNER: g.repository_owner,
    GITHUB_RUN_ID: String(g.run_id),
    GITHUB_RUN_NUMBER: String(g.run_number),
    GITHUB_RUN_ATTEMPT: String(g.run_attempt),
    GITHUB_SHA: g.sha,
    GITHUB_REF: g.ref,
    GITHUB_REF_NAME: g.ref_name,
    GITHUB_REF_TYPE: g.ref_type,
    GITHUB_EVENT_NAME: g.event_name,
    GITHUB_EVENT_PATH: dirs.eventPath,
    GITHUB_API_URL: g.api_url,
    GITHUB_SERVER_URL: g.server_url,
    GITHUB_GRAPHQL_URL: g.graphql_url,
    GITHUB_JOB: jobId,
    GITHUB_ACTOR: g.actor,
    GITHUB_TRIGGERING_ACTOR: g.triggering_actor,
    GITHUB_WORKFLOW: g.workflow,
    GITHUB_WORKFLOW_REF: g.workflow_ref,
    GITHUB_RETENTION_DAYS: String(g.retention_days),
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    RUNNER_NAME: runnerName,
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    RUNNER_ENVIRONMENT: dirs.home ? "github-hosted" : "self-hosted",
    ...(dirs.home ? { HOME: dirs.home } : {}),
  };
}
