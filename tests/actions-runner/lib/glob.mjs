// Glob matching as @actions/glob does it: one pattern per line, `!` excludes, `**` spans directories, a pattern that
// matches a directory takes everything beneath it, the last matching pattern decides, hidden files match.
import { lstatSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, resolve, sep } from "node:path";

function segmentRegex(segment) {
  let out = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = segment.indexOf("]", i + 1);
      if (end < 0) { out += "\\["; continue; }
      let body = segment.slice(i + 1, end);
      if (body.startsWith("!")) body = "^" + body.slice(1);
      out += "[" + body.replace(/\\/g, "\\\\") + "]";
      i = end;
    } else out += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return out;
}

function hasGlob(segment) {
  return /[*?[]/.test(segment);
}

/** Compiles one absolute pattern into { regex, root } where root is the literal directory to search from. */
function compile(absolutePattern) {
  const segments = absolutePattern.split("/").filter((s, i) => i === 0 || s !== "");
  let regex = "";
  const rootParts = [];
  let literal = true;
  segments.forEach((segment, i) => {
    if (literal && !hasGlob(segment) && i < segments.length - 1) rootParts.push(segment);
    else literal = false;
    if (segment === "**") {
      regex += i === segments.length - 1 ? "(?:/.*)?" : "(?:/[^/]+)*";
    } else {
      regex += (i === 0 ? "" : "/") + segmentRegex(segment);
    }
  });
  return { regex: new RegExp("^" + regex + "$"), root: rootParts.join("/") || "/" };
}

/** Parses a multi-line pattern list (blank lines and # comments ignored) into { negate, pattern } relative to `base`. */
export function parsePatterns(text, base) {
  const list = Array.isArray(text) ? text : String(text).split(/\r?\n/);
  return list.map(l => l.trim()).filter(l => l && !l.startsWith("#")).map(line => {
    const negate = line.startsWith("!");
    let pattern = negate ? line.slice(1).trim() : line;
    if (pattern.startsWith("~/")) pattern = join(process.env.HOME ?? "/root", pattern.slice(2));
    const absolute = resolve(isAbsolute(pattern) ? pattern : join(base, pattern)).split(sep).join("/");
    return { negate, pattern: absolute, ...compile(absolute) };
  });
}

function walk(dir, out, options) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!options.hidden && entry.name.startsWith(".")) continue;
    const full = dir === "/" ? "/" + entry.name : dir + "/" + entry.name;
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink() && options.followSymlinks) {
      try { isDir = statSync(full).isDirectory(); } catch { isDir = false; }
    }
    if (isDir) walk(full, out, options);
    else out.add(full);
  }
}

/**
 * The files (absolute paths, sorted) matched by `patterns` (text or lines) relative to `base`.
 * options: { hidden: true, followSymlinks: true }.
 */
export function globFiles(patterns, base, options = {}) {
  const opts = { hidden: options.hidden ?? true, followSymlinks: options.followSymlinks ?? true };
  const compiled = parsePatterns(patterns, base);
  const candidates = new Set();
  for (const p of compiled.filter(c => !c.negate)) {
    let root = p.root;
    // A pattern without glob characters names a file or a directory directly.
    if (!hasGlob(p.pattern)) root = p.pattern;
    let stat;
    try { stat = lstatSync(root); } catch { continue; }
    if (stat.isDirectory() || (stat.isSymbolicLink() && statSync(root).isDirectory())) walk(root, candidates, opts);
    else candidates.add(root);
  }
  const matched = [];
  for (const file of candidates) {
    let included = false;
    for (const p of compiled) {
      if (matchesSelfOrAncestor(p.regex, file)) included = !p.negate;
    }
    if (included) matched.push(file);
  }
  return matched.sort();
}

function matchesSelfOrAncestor(regex, file) {
  let path = file;
  while (path.length > 1) {
    if (regex.test(path)) return true;
    path = path.slice(0, path.lastIndexOf("/")) || "/";
  }
  return false;
}

/** The longest directory all `files` share (the root an artifact's paths are stored relative to). */
export function commonDirectory(files) {
  if (files.length === 0) return "/";
  let parts = files[0].split("/").slice(0, -1);
  for (const f of files.slice(1)) {
    const other = f.split("/");
    let i = 0;
    while (i < parts.length && i < other.length - 1 && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join("/") || "/";
}
