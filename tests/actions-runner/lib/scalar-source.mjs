// A string with embedded ${{ }} expressions, rebuilt from the scalar's source text. The parser turns such strings into
// format('...', ...) calls, but keeps a block scalar's indentation in them (and its quoting of the literal text
// does not survive backslashes), so the runner renders the source itself: block scalars dedented and chomped as YAML
// does, then each ${{ expression }} replaced by its value as a string.

/** The YAML value of a block scalar (`|`, `|-`, `|+`, `>`, `>-`, `>+`) from its raw indented source. */
export function blockScalarValue(source, header) {
  const lines = source.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const first = lines.find(l => l.trim() !== "");
  const indent = first ? first.length - first.trimStart().length : 0;
  const body = lines.map(l => l.slice(Math.min(indent, l.length - l.trimStart().length)));
  let text;
  if (header.startsWith(">")) {
    text = "";
    let previousFolded = false;
    for (const line of body) {
      if (line === "") { text += "\n"; previousFolded = false; continue; }
      const moreIndented = line.startsWith(" ") || line.startsWith("\t");
      if (previousFolded && !moreIndented) text += " ";
      else if (text !== "" && !text.endsWith("\n")) text += "\n";
      text += line;
      previousFolded = !moreIndented;
    }
    text += "\n";
  } else {
    text = body.join("\n") + "\n";
  }
  if (header.includes("-")) return text.replace(/\n+$/, "");
  if (header.includes("+")) return text + (source.match(/\n*$/)[0].length > 1 ? "" : "");
  return text.replace(/\n+$/, "\n");
}

/** Splits text into literal parts and ${{ expression }} parts (quotes inside expressions respected). */
export function splitExpressions(text) {
  const parts = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf("${{", i);
    if (start < 0) { parts.push({ literal: text.slice(i) }); break; }
    if (start > i) parts.push({ literal: text.slice(i, start) });
    let j = start + 3;
    let inString = false;
    for (; j < text.length; j++) {
      if (text[j] === "'") inString = !inString;
      else if (!inString && text.startsWith("}}", j)) break;
    }
    if (j >= text.length) throw new Error(`The expression is not closed. An unescaped \${{ sequence was found, but the closing }} sequence was not found: ${text.slice(start)}`);
    parts.push({ expression: text.slice(start + 3, j).trim() });
    i = j + 2;
  }
  return parts;
}
