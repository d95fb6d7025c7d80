// actions/cache storage shared by all runs: entries scoped by ref; a lookup searches the run's ref, then the default
// branch: in each, the exact key, then the newest entry whose key starts with the key, then each restore key likewise.
// Entries are immutable: a key (with the same paths: the cache "version") is never overwritten.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, isAbsolute } from "node:path";
import { randomUUID } from "node:crypto";
import { globFiles } from "../glob.mjs";
import { runProcess } from "../process.mjs";

const hash = s => createHash("sha256").update(s).digest("hex");

/** The cache version: the paths (as given) and the compression, as actions/cache computes it. */
export function cacheVersion(paths) {
  return hash([...paths, "gzip"].join("|"));
}

function scopeDir(run, scope) {
  return join(run.request.cache_dir, hash(scope).slice(0, 16));
}

function entries(run, scope, version) {
  const dir = scopeDir(run, scope);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(d => existsSync(join(dir, d, "entry.json")))
    .map(d => ({ ...JSON.parse(readFileSync(join(dir, d, "entry.json"), "utf8")), archive: join(dir, d, "cache.tgz") }))
    .filter(e => e.version === version)
    .sort((a, b) => b.created - a.created);
}

export function scopes(run) {
  const own = run.github.ref;
  const fallback = `refs/heads/${run.request.default_branch ?? "main"}`;
  return own === fallback ? [own] : [own, fallback];
}

export function lookup(run, key, restoreKeys, paths) {
  const version = cacheVersion(paths);
  for (const scope of scopes(run)) {
    const all = entries(run, scope, version);
    const exact = all.find(e => e.key === key);
    if (exact) return exact;
    for (const prefix of [key, ...restoreKeys]) {
      const match = all.find(e => e.key.startsWith(prefix));
      if (match) return match;
    }
  }
  return undefined;
}

export function parsePaths(text) {
  return String(text).split(/\r?\n/).map(l => l.trim()).filter(Boolean);
}

export async function restore(entry, workspace, signal) {
  const lines = [];
  const r = await runProcess("tar", ["-xzf", entry.archive, "-P", "-C", workspace], { cwd: workspace, env: process.env, onLine: l => lines.push(l), signal });
  if (r.code !== 0) throw new Error(`restoring the cache failed: ${lines.join("\n")}`);
}

/** Saves `paths` under `key` in the run's ref scope; false (nothing written) when the key exists already. */
export async function save(run, key, paths, workspace, signal) {
  const version = cacheVersion(paths);
  const scope = run.github.ref;
  if (entries(run, scope, version).some(e => e.key === key)) return { saved: false, reason: "exists" };
  const files = globFiles(paths, workspace, { followSymlinks: false });
  if (files.length === 0) return { saved: false, reason: "empty" };
  const names = files.map(f => {
    const rel = relative(workspace, f);
    return isAbsolute(rel) ? f : rel;
  });
  const dir = join(scopeDir(run, scope), hash(key + version).slice(0, 24));
  const staging = `${dir}.${randomUUID()}`;
  mkdirSync(staging, { recursive: true });
  const list = join(staging, "files.txt");
  writeFileSync(list, names.join("\n") + "\n");
  const lines = [];
  const r = await runProcess("tar", ["-czf", join(staging, "cache.tgz"), "-P", "-C", workspace, "--files-from", list], { cwd: workspace, env: process.env, onLine: l => lines.push(l), signal });
  if (r.code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`creating the cache archive failed: ${lines.join("\n")}`);
  }
  writeFileSync(join(staging, "entry.json"), JSON.stringify({ key, version, scope, created: Date.now() }));
  if (existsSync(dir)) {
    rmSync(staging, { recursive: true, force: true });
    return { saved: false, reason: "exists" };
  }
  renameSync(staging, dir);
  return { saved: true };
}
