// hashFiles(): the runner's algorithm. Files matched under GITHUB_WORKSPACE (others ignored), each hashed with SHA-256,
// the digests fed in order into one SHA-256; an empty string when nothing matches.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { globFiles } from "./glob.mjs";

export function hashFiles(workspace, patterns) {
  const root = workspace.replace(/\/+$/, "") + "/";
  const files = globFiles(patterns.flatMap(p => p.split(/\r?\n/)), workspace).filter(f => f.startsWith(root));
  if (files.length === 0) return "";
  const result = createHash("sha256");
  for (const file of files) {
    result.update(createHash("sha256").update(readFileSync(file)).digest());
  }
  return result.digest("hex");
}
