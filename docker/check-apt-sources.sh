#!/bin/sh
# Run while building an apt distribution's base image: the FROM image must be the release asked for, and apt must see
# the suites the newest kernels' headers are published in: <codename>, <codename>-updates and <codename>-security
# (on arm64 Ubuntu images these come from ports.ubuntu.com; the check is the same). Fails with what is missing.
# Usage: check-apt-sources.sh <os-release ID> <VERSION_ID>; ROOT (default empty) prefixes every path, for tests.
set -eu
root=${ROOT:-}
. "$root/etc/os-release"
if [ "${ID:-}" != "$1" ] || [ "${VERSION_ID:-}" != "$2" ]; then
    echo "BASE_IMAGE is ${ID:-unknown} ${VERSION_ID:-unknown}, expected $1 $2" >&2
    exit 1
fi
sources=$(cat "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/*.list "$root"/etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -v '^[[:space:]]*#' || true)
missing=
for suite in "$VERSION_CODENAME" "$VERSION_CODENAME-updates" "$VERSION_CODENAME-security"; do
    printf '%s\n' "$sources" | grep -Eq "(^|[[:space:]])$suite([[:space:]]|\$)" || missing="$missing $suite"
done
if [ -n "$missing" ]; then
    echo "apt sources of $1 $2 lack:$missing (the newest kernels' headers are published there)" >&2
    exit 1
fi
echo "apt sources: $VERSION_CODENAME, $VERSION_CODENAME-updates, $VERSION_CODENAME-security"
