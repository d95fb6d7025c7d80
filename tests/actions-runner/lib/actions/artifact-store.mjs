// The run's artifact storage (upload-artifact@v4 / download-artifact@v4): one folder per artifact under the run's
// directory, names unique per run (v4), files stored relative to the upload's root directory.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function artifactsDir(run) {
  return join(run.request.run_dir, "artifacts");
}

export function listArtifacts(run) {
  const dir = artifactsDir(run);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(d => existsSync(join(dir, d, "artifact.json")))
    .map(d => ({ ...JSON.parse(readFileSync(join(dir, d, "artifact.json"), "utf8")), files: join(dir, d, "files") }));
}

let nextId = 1;

/** Creates an artifact (the files staged in `staging`); refuses an existing name unless `overwrite`. */
export function createArtifact(run, name, staging, size, overwrite) {
  const dir = join(artifactsDir(run), encodeURIComponent(name));
  if (existsSync(join(dir, "artifact.json"))) {
    if (!overwrite) {
      throw new Error(`Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  renameSync(staging, join(dir, "files"));
  const artifact = { id: Number(`${run.github.run_id}`.slice(-6)) * 1000 + nextId++, name, size, created_at: new Date().toISOString() };
  writeFileSync(join(dir, "artifact.json"), JSON.stringify(artifact));
  return artifact;
}
