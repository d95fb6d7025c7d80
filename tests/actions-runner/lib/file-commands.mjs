// Environment files a step writes: $GITHUB_OUTPUT, $GITHUB_ENV, $GITHUB_STATE (name=value or name<<DELIMITER heredoc),
// $GITHUB_PATH (one directory a line) and $GITHUB_STEP_SUMMARY (markdown, at most 1 MiB a step).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";

export const MaxStepSummaryBytes = 1024 * 1024;

export class FileCommandError extends Error {}

/** Parses the key-value file format; throws FileCommandError in the runner's words. */
export function parseKeyValueFile(text, fileName) {
  const out = {};
  const lines = text.split("\n").map(l => l.replace(/\r$/, ""));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === "" && i === lines.length - 1) break;
    if (line === "") continue;
    const heredoc = line.indexOf("<<");
    const equals = line.indexOf("=");
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === "") throw new FileCommandError(`Invalid format '${line}' in ${fileName}`);
      out[name] = line.slice(equals + 1);
    } else if (heredoc > 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (delimiter === "") throw new FileCommandError(`Invalid format '${line}' in ${fileName}`);
      const value = [];
      let found = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) { found = true; break; }
        value.push(lines[i]);
      }
      if (!found) throw new FileCommandError(`Matching delimiter not found '${delimiter}'`);
      out[name] = value.join("\n");
    } else {
      throw new FileCommandError(`Invalid format '${line}' in ${fileName}`);
    }
  }
  return out;
}

/** Creates the step's empty command files under RUNNER_TEMP and returns their paths (the GITHUB_* variables). */
export function createFileCommands(runnerTemp) {
  const dir = join(runnerTemp, "_runner_file_commands");
  mkdirSync(dir, { recursive: true });
  const id = randomUUID();
  const files = {
    GITHUB_OUTPUT: join(dir, `set_output_${id}`),
    GITHUB_ENV: join(dir, `set_env_${id}`),
    GITHUB_PATH: join(dir, `add_path_${id}`),
    GITHUB_STATE: join(dir, `save_state_${id}`),
    GITHUB_STEP_SUMMARY: join(dir, `step_summary_${id}`),
  };
  for (const f of Object.values(files)) writeFileSync(f, "");
  return files;
}

/** Reads the files after the step: { outputs, env, path[], state, summary, summaryError }. */
export function readFileCommands(files) {
  const read = f => (existsSync(f) ? readFileSync(f, "utf8") : "");
  const result = {
    outputs: parseKeyValueFile(read(files.GITHUB_OUTPUT), "GITHUB_OUTPUT"),
    env: parseKeyValueFile(read(files.GITHUB_ENV), "GITHUB_ENV"),
    state: parseKeyValueFile(read(files.GITHUB_STATE), "GITHUB_STATE"),
    path: read(files.GITHUB_PATH).split("\n").map(l => l.trim()).filter(Boolean),
    summary: "",
  };
  const size = existsSync(files.GITHUB_STEP_SUMMARY) ? statSync(files.GITHUB_STEP_SUMMARY).size : 0;
  if (size > MaxStepSummaryBytes) {
    result.summaryError = `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${MaxStepSummaryBytes / 1024}k, got ${Math.ceil(size / 1024)}k. For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary`;
  } else {
    result.summary = read(files.GITHUB_STEP_SUMMARY);
  }
  return result;
}
