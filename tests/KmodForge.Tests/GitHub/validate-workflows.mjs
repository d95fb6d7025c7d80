// Validates GitHub Actions workflow files with @actions/workflow-parser, the parser behind GitHub's own Actions
// language service: schema errors, expression syntax, and the conversion to a workflow template.
// Usage: node validate-workflows.mjs <path to @actions/workflow-parser> <workflow.yml>...
// Prints one line per file ("ok <file> jobs=<n>" or "error <file>: <message>") and exits 1 when any file has errors.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { loadActionsPackages } from "../../actions-runner/lib/json-loader.mjs";

const [parserDir, ...files] = process.argv.slice(2);
const { parser } = await loadActionsPackages(join(parserDir, "..", ".."));
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
