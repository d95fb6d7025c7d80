#!/usr/bin/env python3
"""The straightforward Python baseline of the matrix benchmark (bench/KmodForge.Bench `matrix`).

It does the C# path's work the plain way, so both produce the same builds: json.load the kernel-crawler list and the
previous matrix; map each entry to its kernels (distribution from the target, one kernel per arch-specific
linux-headers-<release> package for deb distributions, the distro version from the target number, the release's
.fcNN/.elNN/amznNNNN or Ubuntu's ~NN.NN marker, else the kernel line; the release's shape checked per distribution;
unsupported distributions and versions skipped); key them distribution/version/arch/release with a digest of their
header URLs; drop duplicates; diff against the previous matrix; order the builds; slice them into chunks of 50 and
json.dumps each chunk's build jobs. Prints counts, a digest of the ordered build keys, wall time and peak RSS as JSON.
"""
import hashlib
import json
import re
import resource
import sys
import time
from urllib.parse import unquote

SUPPORTED = {"ubuntu": {"22.04", "24.04", "25.10", "26.04"}, "debian": {"12", "13"}, "fedora": {"42", "43"},
             "centos": {"stream9", "stream10"}, "amazonlinux": {"2023"}}
LINES = {"ubuntu": {"5.15": "22.04", "6.8": "24.04", "6.17": "25.10", "7.0": "26.04"}, "debian": {"6.1": "12", "6.12": "13"}}
RELEASE = {
    "ubuntu": re.compile(r"^\d+\.\d+\.\d+-\d+-[a-z][a-z0-9]*(?:-[a-z0-9.]+)*\Z"),
    "debian": re.compile(r"^\d+\.\d+(?:\.0-\d+(?:\.deb\d+\.\d+)?|\.\d+\+(?:deb|bpo)\d*[0-9a-z.+]*)-(?:(?:cloud|rt)-)?amd64(?:-16k)?\Z"),
    "fedora": re.compile(r"^\d+\.\d+\.\d+-\d+(?:\.[0-9a-z_]+)*\.fc(\d+)\.x86_64\Z"),
    "centos": re.compile(r"^\d+\.\d+\.\d+-\d+(?:\.[0-9a-z_]+)*\.el(\d+)(?:_\d+)?\.x86_64\Z"),
    "amazonlinux": re.compile(r"^\d+\.\d+\.\d+-\d+(?:\.\d+)*\.amzn(20\d\d)\.x86_64\Z"),
}
DEB_HEADERS = re.compile(r"^linux-headers-([0-9][^_]*)_[^_]+_(amd64|arm64)\.deb$")
UBUNTU_SERIES = re.compile(r"~(\d{2}\.\d{2})")
DEBIAN_MARKER = re.compile(r"(?:\+deb|~bpo|\.deb)(\d+)")
FORMAT = {"ubuntu": "deb", "debian": "deb"}
NATURAL = re.compile(r"(\d+)")


def distribution_of(target):
    for name, distro in (("ubuntu", "ubuntu"), ("debian", "debian"), ("fedora", "fedora"), ("centos", "centos"),
                         ("amazonlinux", "amazonlinux"), ("amzn", "amazonlinux")):
        if target.startswith(name):
            rest = target[len(name):]
            if rest == "" or rest[0] == "-":
                return distro, None
            if rest.isdigit():
                return distro, rest
    return None, None


def kernels(entry):
    """(distribution, version, release, headers) of each kernel an entry stands for; empty when skipped."""
    distro, version = distribution_of(entry["target"])
    if distro is None:
        return []
    headers = entry.get("headers", [])
    flavours = [entry["kernelrelease"]]
    if distro in FORMAT:
        found = {}
        for url in headers:
            m = DEB_HEADERS.match(unquote(url.rsplit("/", 1)[-1]))
            if m and m.group(2) == "amd64":
                found.setdefault(m.group(1), url)
        if found:
            flavours = list(found)
    result = []
    for release in flavours:
        own = [h for h in headers if not any(h == u and r != release for r, u in found.items())] if distro in FORMAT and len(flavours) > 1 else headers
        m = RELEASE[distro].match(release)
        if not m:
            continue
        v = version
        if v is None and distro in ("fedora", "amazonlinux"):
            v = m.group(1)
        elif v is None and distro == "centos":
            v = "stream" + m.group(1)
        elif v is None and distro == "debian":
            d = DEBIAN_MARKER.search(release) or next((x for x in (DEBIAN_MARKER.search(unquote(h)) for h in own) if x), None)
            v = d.group(1) if d else LINES["debian"].get(".".join(release.split(".")[:2]))
        elif v is None:
            s = UBUNTU_SERIES.search(entry["kernelversion"]) or next((x for x in (UBUNTU_SERIES.search(h) for h in own) if x), None)
            v = s.group(1) if s else LINES["ubuntu"].get(".".join(release.split(".")[:2]))
        if v in SUPPORTED[distro]:
            result.append((distro, v, release, own))
    return result


def natural(text):
    return [int(p) if p.isdigit() else p for p in NATURAL.split(text)]


def main(directory):
    start = time.perf_counter()
    with open(f"{directory}/crawler-x86_64.json", encoding="utf-8") as f:
        crawler = json.load(f)
    with open(f"{directory}/previous-python.json", encoding="utf-8") as f:
        previous = json.load(f)["kernels"]

    matrix = {}
    for entries in crawler.values():
        for entry in entries:
            for distro, version, release, headers in kernels(entry):
                key = f"{distro}/{version}/x86_64/{release}"
                if key not in matrix:
                    digest = hashlib.sha1("".join(h + "\n" for h in headers).encode()).hexdigest()
                    matrix[key] = (digest, distro, version, release, headers)

    builds = [v for key, v in matrix.items() if previous.get(key) != v[0]]
    builds.sort(key=lambda b: (b[1], natural(b[2]), natural(b[3])))
    jobs = [{"distribution": d, "distro_version": v, "architecture": "x86_64", "kernel_release": r, "runs_on": "ubuntu-24.04",
             "format": FORMAT.get(d, "rpm"), "base_image": f"kmodforge/base-{d}:{v}-amd64",
             "cache_key": hashlib.sha256(f"kmodforge-sample/{d}/{v}/x86_64/{r}/v1.0.0".encode()).hexdigest()[:16], "headers": h}
            for _, d, v, r, h in builds]
    chunks = [json.dumps({"matrix_id": "bench", "chunk": i // 50 + 1, "include": jobs[i:i + 50]}) for i in range(0, len(jobs), 50)]
    keys = hashlib.sha256("\n".join(f"{d}/{v}/x86_64/{r}" for _, d, v, r, _ in builds).encode()).hexdigest()[:16]
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"entries": sum(len(v) for v in crawler.values()), "builds": len(builds), "build_keys": keys,
                      "chunks": len(chunks), "wall_seconds": round(wall, 3), "peak_rss_mb": round(peak_kb / 1024, 1)}))


if __name__ == "__main__":
    main(sys.argv[1])
