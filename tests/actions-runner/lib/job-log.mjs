// One job's log file: step headers, step output as printed (::group:: lines kept), every secret and ::add-mask:: value
// replaced by ***.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export class Masker {
  constructor(secrets) {
    this.values = [];
    for (const value of secrets) this.add(value);
  }

  add(value) {
    if (value === undefined || value === null) return;
    const text = String(value);
    for (const part of [text, ...text.split(/\r?\n/)]) {
      const v = part.trim() === "" ? "" : part;
      if (v.length > 0 && !this.values.includes(v)) this.values.push(v);
    }
    this.values.sort((a, b) => b.length - a.length);
  }

  mask(text) {
    let out = String(text);
    for (const v of this.values) out = out.split(v).join("***");
    return out;
  }

  /** True when `text` holds a masked value (GitHub does not pass such job outputs on). */
  contains(text) {
    return this.values.some(v => String(text).includes(v));
  }
}

export class JobLog {
  constructor(path, masker) {
    this.path = path;
    this.masker = masker;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, "");
  }

  line(text) {
    appendFileSync(this.path, this.masker.mask(text) + "\n");
  }

  lines(text) {
    for (const l of String(text).split(/\r?\n/)) this.line(l);
  }
}
