// actions/cache@v4 (restore, then save in the post step when there was no exact hit and the job succeeded),
// actions/cache/restore@v4 and actions/cache/save@v4. enableCrossOsArchive and upload-chunk-size are accepted
// (one OS, no chunked upload here); save-always is deprecated and not implemented.
import { lookup, parsePaths, restore, save } from "./cache-store.mjs";

const common = {
  path: { default: "", required: true },
  key: { default: "", required: true },
  enableCrossOsArchive: { default: "false" },
};

async function restoreStep(ctx, { lookupOnly, failOnMiss, restoreKeys }) {
  const { inputs } = ctx;
  const paths = parsePaths(inputs.path);
  if (inputs.key.length > 512) throw new Error(`Key Validation Error: ${inputs.key} cannot be larger than 512 characters.`);
  if (inputs.key.includes(",")) throw new Error(`Key Validation Error: ${inputs.key} cannot contain commas.`);
  const entry = lookup(ctx.run, inputs.key, restoreKeys, paths);
  ctx.state.primaryKey = inputs.key;
  ctx.state.paths = paths;
  if (!entry) {
    const message = `Cache not found for input keys: ${[inputs.key, ...restoreKeys].join(", ")}`;
    if (failOnMiss) throw new Error(`Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: ${inputs.key}`);
    ctx.log(message);
    ctx.setOutput("cache-hit", "false");
    return undefined;
  }
  const exact = entry.key === inputs.key;
  ctx.state.matchedKey = entry.key;
  if (lookupOnly) {
    ctx.log(`Cache found and can be restored from key: ${entry.key}`);
  } else {
    await restore(entry, ctx.workspace, ctx.signal);
    ctx.log(`Cache restored from key: ${entry.key}`);
  }
  ctx.setOutput("cache-hit", String(exact));
  ctx.setOutput("cache-matched-key", entry.key);
  return entry;
}

async function saveStep(ctx, key, paths) {
  const result = await save(ctx.run, key, paths, ctx.workspace, ctx.signal);
  if (result.saved) ctx.log(`Cache saved with key: ${key}`);
  else if (result.reason === "exists") ctx.warning(`Failed to save: Unable to reserve cache with key ${key}, another job may be creating this cache.`);
  else ctx.warning("Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.");
}

const restoreInputs = {
  ...common,
  "restore-keys": { default: "" },
  "fail-on-cache-miss": { default: "false" },
  "lookup-only": { default: "false" },
};

export const cache = {
  versions: ["v4"],
  inputs: { ...restoreInputs, "upload-chunk-size": { default: "" }, "save-always": { default: "false", unimplemented: true } },
  postIf: "success()",
  async main(ctx) {
    ctx.setOutput("cache-primary-key", ctx.inputs.key);
    await restoreStep(ctx, { lookupOnly: ctx.inputs["lookup-only"] === "true", failOnMiss: ctx.inputs["fail-on-cache-miss"] === "true", restoreKeys: parsePaths(ctx.inputs["restore-keys"]) });
  },
  async post(ctx) {
    if (ctx.state.matchedKey === ctx.state.primaryKey) {
      ctx.log(`Cache hit occurred on the primary key ${ctx.state.primaryKey}, not saving cache.`);
      return;
    }
    await saveStep(ctx, ctx.state.primaryKey, ctx.state.paths);
  },
};

export const cacheRestore = {
  versions: ["v4"],
  inputs: restoreInputs,
  async main(ctx) {
    ctx.setOutput("cache-primary-key", ctx.inputs.key);
    await restoreStep(ctx, { lookupOnly: ctx.inputs["lookup-only"] === "true", failOnMiss: ctx.inputs["fail-on-cache-miss"] === "true", restoreKeys: parsePaths(ctx.inputs["restore-keys"]) });
  },
};

export const cacheSave = {
  versions: ["v4"],
  inputs: { ...common, "upload-chunk-size": { default: "" } },
  async main(ctx) {
    await saveStep(ctx, ctx.inputs.key, parsePaths(ctx.inputs.path));
  },
};
