// Workflow commands a step prints (::add-mask::, ::error/::warning/::notice with file/line/title, ::group::,
// ::endgroup::, ::stop-commands::, ::debug::), processed line by line as the runner does.

function unescapeData(s) {
  return s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

function unescapeProperty(s) {
  return s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
}

export function parseCommand(line) {
  const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const properties = {};
  for (const part of (m[2] ?? "").split(",").filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq > 0) properties[part.slice(0, eq).trim()] = unescapeProperty(part.slice(eq + 1));
  }
  return { name: m[1].toLowerCase(), properties, data: unescapeData(m[3]) };
}

/** Processes a step's output lines: `sink` has log(line), mask(value), annotation({level, message, file, line, title}). */
export class CommandProcessor {
  constructor(sink) {
    this.sink = sink;
    this.stopToken = undefined;
  }

  line(raw) {
    const line = raw.replace(/\r$/, "");
    if (this.stopToken !== undefined) {
      if (line === `::${this.stopToken}::`) {
        this.stopToken = undefined;
        return;
      }
      this.sink.log(line);
      return;
    }
    const command = parseCommand(line.trimStart());
    if (!command) {
      this.sink.log(line);
      return;
    }
    switch (command.name) {
      case "add-mask":
        this.sink.mask(command.data);
        this.sink.log("::add-mask::***");
        return;
      case "error":
      case "warning":
      case "notice": {
        const p = command.properties;
        this.sink.annotation({
          level: command.name, message: command.data, title: p.title, file: p.file,
          line: p.line !== undefined ? Number(p.line) : undefined, end_line: p.endLine !== undefined ? Number(p.endLine) : undefined,
          col: p.col !== undefined ? Number(p.col) : undefined,
        });
        this.sink.log(`##[${command.name}]${command.data}`);
        return;
      }
      case "group":
      case "endgroup":
        this.sink.log(line);
        return;
      case "stop-commands":
        this.stopToken = command.data;
        this.sink.log(line);
        return;
      case "debug":
        this.sink.log(`##[debug]${command.data}`);
        return;
      default:
        this.sink.log(line);
    }
  }
}
