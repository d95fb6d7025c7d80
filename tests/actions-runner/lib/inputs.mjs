// workflow_dispatch inputs checked against their declarations as GitHub's dispatch API does (422 messages in its words):
// undeclared inputs, the 25-input and 65,535-character limits, required inputs, choice options, booleans and numbers,
// defaults filled. Returns the `inputs` context (typed) and github.event.inputs (strings).

export const MaxInputs = 25;
export const MaxPayloadCharacters = 65535;

export class InputError extends Error {}

function declaredDefault(declaration) {
  const d = declaration.default;
  if (d === undefined || d === null) return undefined;
  if (typeof d === "object" && "value" in d) return String(d.value);
  return String(d);
}

/** `raw`: the dispatch's inputs (strings); `declared`: the workflow's workflow_dispatch.inputs (the parser's InputConfig). */
export function validateDispatchInputs(raw, declared) {
  raw = raw ?? {};
  declared = declared ?? {};
  const names = Object.keys(raw);
  const unexpected = names.filter(n => !(n in declared));
  if (unexpected.length > 0) throw new InputError(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  if (names.length > MaxInputs) {
    throw new InputError(`inputs has ${names.length} properties; you may only provide up to ${MaxInputs} inputs for a workflow_dispatch event`);
  }
  const payload = JSON.stringify(raw).length;
  if (payload > MaxPayloadCharacters) {
    throw new InputError(`inputs are too large: the payload is ${payload} characters, the maximum for a workflow_dispatch event is ${MaxPayloadCharacters}`);
  }
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== "string") throw new InputError(`Invalid value for input '${name}': inputs must be strings`);
  }

  const typed = {};
  const strings = {};
  for (const [name, declaration] of Object.entries(declared)) {
    const type = declaration.type ?? "string";
    let value = raw[name];
    if (value === undefined) value = declaredDefault(declaration);
    if ((value === undefined || value === "") && declaration.required) {
      if (value === undefined || type !== "string") throw new InputError(`Required input '${name}' not provided`);
    }
    if (value === undefined) value = type === "boolean" ? "false" : "";
    switch (type) {
      case "choice": {
        const options = (declaration.options ?? []).map(String);
        if (value !== "" || declaration.required) {
          if (!options.includes(value)) {
            throw new InputError(`Provided value '${value}' for input '${name}' not in the list of allowed values`);
          }
        }
        typed[name] = value;
        break;
      }
      case "boolean":
        if (value !== "true" && value !== "false") {
          throw new InputError(`Provided value '${value}' for input '${name}' is not a valid boolean: expected 'true' or 'false'`);
        }
        typed[name] = value === "true";
        break;
      case "number": {
        if (value === "") { typed[name] = null; break; }
        const n = Number(value);
        if (value.trim() === "" || Number.isNaN(n)) {
          throw new InputError(`Provided value '${value}' for input '${name}' is not a valid number`);
        }
        typed[name] = n;
        break;
      }
      case "environment":
      case "string":
        typed[name] = value;
        break;
      default:
        throw new InputError(`Input '${name}' has type '${type}', which the local runner does not implement`);
    }
    strings[name] = value;
  }
  return { typed, strings };
}
