// Validates GitHub Actions workflow files with @actions/workflow-parser, the parser behind GitHub's own Actions
// language service: schema errors, expression syntax, and the conversion to a workflow template.
// Usage: node validate-workflows.mjs <path to @actions/workflow-parser> <workflow.yml>...
// Prints one line per file ("ok <file> jobs=<n>" or "error <file>: <message>") and exits 1 when any file has errors.
import { readFileSync } from "node:fs";
import { register } from "node:module";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

// The package imports its JSON schema without an import attribute (it is meant for bundlers); serve .json files to it
// as JavaScript modules exporting the parsed content.
const hooks = `export async function load(url, context, next) {
  if (url.endsWith(".json")) {
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(new URL(url), "utf8");
    return { format: "module", source: "export default " + text + ";", shortCircuit: true };
  }
  return next(url, context);
}`;
register("data:text/javascript," + encodeURIComponent(hooks));

const [parserDir, ...files] = process.argv.slice(2);
const parser = await import(pathToFileURL(join(parserDir, "dist", "index.js")).href);
const trace = { error() {}, info() {}, verbose() {} };
let failed = false;
for (const file of files) {
  const result = parser.parseWorkflow({ name: basename(file), content: readFileSync(file, "utf8") }, trace);
  const errors = [...result.context.errors.getErrors()];
  if (result.value) {
    const template = await parser.convertWorkflowTemplate(result.context, result.value);
    errors.push(...(template.errors ?? []));
    if (errors.length === 0) {
      console.log(`ok ${file} jobs=${template.jobs.length}`);
      continue;
    }
  }
  failed = true;
  const messages = new Set((errors.length > 0 ? errors : [{ message: "no workflow parsed" }]).map(e => e.message ?? e.Message ?? JSON.stringify(e)));
  for (const message of messages) {
    console.log(`error ${file}: ${message}`);
  }
}
process.exit(failed ? 1 : 0);
