// Which installed .NET SDK satisfies a request: setup-dotnet's version forms (A.B.x, A.x, A.B.Cxx, exact) and
// global.json's rollForward policies (patch, feature, minor, major, latest*, disable) as the dotnet host applies them.

function parse(v) {
  const [core, pre] = v.split("-");
  const [major, minor, patchFull] = core.split(".").map(Number);
  return { major, minor, band: Math.floor((patchFull ?? 0) / 100), patch: (patchFull ?? 0) % 100, full: patchFull ?? 0, pre: pre ?? "" };
}

function compare(a, b) {
  return a.major - b.major || a.minor - b.minor || a.full - b.full || (a.pre === b.pre ? 0 : a.pre === "" ? 1 : b.pre === "" ? -1 : a.pre < b.pre ? -1 : 1);
}

export function sdkSatisfying(installed, request) {
  const versions = installed.map(v => ({ text: v, ...parse(v) })).sort(compare);
  const want = request.version.trim();
  if (request.rollForward === "wildcard") {
    // setup-dotnet's forms: 8.0.x, 8.x, 8.0.1xx, or an exact version; the newest match wins.
    const parts = want.split(".");
    const match = versions.filter(v => {
      if (parts[0] !== "x" && Number(parts[0]) !== v.major) return false;
      if (parts.length > 1 && parts[1] !== "x" && Number(parts[1]) !== v.minor) return false;
      if (parts.length > 2) {
        const p = parts[2];
        if (/^\dxx$/.test(p)) return Math.floor(v.full / 100) === Number(p[0]);
        if (p !== "x" && v.text !== want) return false;
      }
      return v.pre === "" || want.includes("-");
    });
    return match.at(-1)?.text;
  }
  const r = parse(want);
  const candidates = versions.filter(v => compare(v, r) >= 0 && (request.allowPrerelease || v.pre === "" || v.text === want));
  const sameFeature = v => v.major === r.major && v.minor === r.minor && v.band === r.band;
  const sameMinor = v => v.major === r.major && v.minor === r.minor;
  const sameMajor = v => v.major === r.major;
  switch (request.rollForward) {
    case "disable": return versions.find(v => v.text === want)?.text;
    case "patch": return candidates.find(sameFeature)?.text;
    case "latestPatch": return candidates.filter(sameFeature).at(-1)?.text;
    case "feature": return lowestBandThenLatestPatch(candidates.filter(sameMinor));
    case "latestFeature": return candidates.filter(sameMinor).at(-1)?.text;
    case "minor": return lowestBandThenLatestPatch(candidates.filter(sameMajor));
    case "latestMinor": return candidates.filter(sameMajor).at(-1)?.text;
    case "major": return lowestBandThenLatestPatch(candidates);
    case "latestMajor": return candidates.at(-1)?.text;
    default: throw new Error(`global.json: unknown rollForward '${request.rollForward}'`);
  }
}

function lowestBandThenLatestPatch(candidates) {
  if (candidates.length === 0) return undefined;
  const first = candidates[0];
  return candidates.filter(v => v.major === first.major && v.minor === first.minor && v.band === first.band).at(-1).text;
}
