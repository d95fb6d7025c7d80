#!/usr/bin/env python3
"""The straightforward Python baseline of the matrix benchmark (bench/KmodForge.Bench `matrix`).

json.load the kernel-crawler list and the previous matrix, build the full matrix as a dict keyed by
target/release with a digest of the header URLs, diff against the previous dict, slice the builds into
chunks of 50 and json.dumps each chunk. Prints wall time and peak RSS (resource.getrusage) as JSON.
"""
import hashlib
import json
import resource
import sys
import time


def main(directory):
    start = time.perf_counter()
    with open(f"{directory}/crawler-x86_64.json", encoding="utf-8") as f:
        crawler = json.load(f)
    with open(f"{directory}/previous-python.json", encoding="utf-8") as f:
        previous = json.load(f)["kernels"]

    matrix = {}
    for distro_key, entries in crawler.items():
        for entry in entries:
            key = f"{entry['target']}/x86_64/{entry['kernelrelease']}"
            digest = hashlib.sha1("".join(h + "\n" for h in entry.get("headers", [])).encode()).hexdigest()
            matrix[key] = (digest, entry)

    builds = [entry for key, (digest, entry) in matrix.items() if previous.get(key) != digest]
    chunks = [json.dumps({"chunk": i // 50 + 1, "include": builds[i:i + 50]}) for i in range(0, len(builds), 50)]
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"entries": sum(len(v) for v in crawler.values()), "builds": len(builds), "chunks": len(chunks),
                      "wall_seconds": round(wall, 3), "peak_rss_mb": round(peak_kb / 1024, 1)}))


if __name__ == "__main__":
    main(sys.argv[1])
