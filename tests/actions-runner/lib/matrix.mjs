// strategy.matrix expansion as GitHub does it: the cross product of the vectors (keys in order), `exclude` removes
// combinations matching all of an entry's keys, `include` entries extend every combination whose original values they
// do not contradict (added values may be overwritten) or become new combinations; at most 256 jobs.

export const MaxMatrixJobs = 256;

export class MatrixError extends Error {}

function deepEqual(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function expandMatrix(matrix, jobId) {
  if (matrix === undefined || matrix === null) return [undefined];
  if (typeof matrix !== "object" || Array.isArray(matrix)) throw new MatrixError(`Error when evaluating 'strategy' for job '${jobId}'. Unexpected value for matrix: ${JSON.stringify(matrix)}`);
  const include = matrix.include ?? [];
  const exclude = matrix.exclude ?? [];
  if (!Array.isArray(include)) throw new MatrixError(`Error when evaluating 'strategy' for job '${jobId}'. Unexpected value for include: a sequence is required`);
  if (!Array.isArray(exclude)) throw new MatrixError(`Error when evaluating 'strategy' for job '${jobId}'. Unexpected value for exclude: a sequence is required`);
  const vectors = Object.entries(matrix).filter(([k]) => k !== "include" && k !== "exclude");
  for (const [key, values] of vectors) {
    if (!Array.isArray(values)) throw new MatrixError(`Error when evaluating 'strategy' for job '${jobId}'. Matrix vector '${key}' is not a sequence`);
    if (values.length === 0) throw new MatrixError(`Error when evaluating 'strategy' for job '${jobId}'. Matrix vector '${key}' does not contain any values`);
  }
  let combinations = [];
  if (vectors.length > 0) {
    combinations = [{}];
    for (const [key, values] of vectors) {
      combinations = combinations.flatMap(c => values.map(v => ({ ...c, [key]: v })));
      if (combinations.length > 100000) break;
    }
  }
  combinations = combinations.filter(c => !exclude.some(e => Object.entries(e ?? {}).every(([k, v]) => deepEqual(c[k], v))));
  const originalKeys = vectors.map(([k]) => k);
  const originals = combinations.map(c => ({ values: c, original: { ...c } }));
  const extra = [];
  for (const entry of include) {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      throw new MatrixError(`Error when evaluating 'strategy' for job '${jobId}'. Unexpected value for an include entry: a mapping is required`);
    }
    let matched = false;
    for (const c of originals) {
      const fits = Object.entries(entry).every(([k, v]) => !originalKeys.includes(k) || deepEqual(c.original[k], v));
      if (fits) {
        Object.assign(c.values, entry);
        matched = true;
      }
    }
    if (!matched) extra.push({ ...entry });
  }
  const all = [...originals.map(c => c.values), ...extra];
  if (all.length === 0) throw new MatrixError(`Error when evaluating 'strategy' for job '${jobId}'. Matrix must define at least one vector`);
  if (all.length > MaxMatrixJobs) {
    throw new MatrixError(`Strategy for job '${jobId}' produced ${all.length} configurations which exceeds the maximum of ${MaxMatrixJobs} configurations`);
  }
  return all;
}

/** GitHub's default display name of a matrix job: `job (value1, value2)`. */
export function defaultMatrixName(base, combination) {
  if (!combination) return base;
  const values = Object.values(combination).map(v => (v !== null && typeof v === "object" ? JSON.stringify(v) : String(v)));
  return values.length > 0 ? `${base} (${values.join(", ")})` : base;
}
