// The GITHUB_TOKEN's permissions for a job: the job's `permissions:`, else the workflow's, else the repository's
// default (restricted: contents and packages read; permissive: everything write). A `permissions:` block sets every
// scope it does not name to none; metadata is always readable. Scope names as the REST API's
// x-accepted-github-permissions spells them (pull-requests → pull_requests).

export const Scopes = ["actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues",
  "models", "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses"];

function apiName(scope) {
  return scope.replace(/-/g, "_");
}

function all(level) {
  const out = {};
  for (const s of Scopes) out[apiName(s)] = s === "id-token" && level === "read" ? "none" : level;
  out.metadata = "read";
  return out;
}

export function resolvePermissions(declared, repositoryDefault = "restricted") {
  if (declared === undefined || declared === null) {
    if (repositoryDefault === "permissive") return all("write");
    return { ...all("none"), contents: "read", packages: "read", metadata: "read" };
  }
  if (declared === "read-all") return all("read");
  if (declared === "write-all") return all("write");
  if (typeof declared !== "object") throw new Error(`permissions: unexpected value '${declared}'`);
  const out = all("none");
  for (const [scope, level] of Object.entries(declared)) {
    if (!Scopes.includes(scope)) throw new Error(`permissions: unknown scope '${scope}'`);
    if (!["read", "write", "none"].includes(level)) throw new Error(`permissions: unexpected level '${level}' for '${scope}'`);
    out[apiName(scope)] = level;
  }
  out.metadata = "read";
  return out;
}
