#!/usr/bin/env bash
# Provisions a Debian 12 machine ahead of time with everything the build and the tests need: every line of
# build/prerequisites.txt (the same list ./build.sh's Prerequisites and Test tasks check and install from) and
# build/containers.conf. Idempotent; run as root. Not needed before the README's two commands: they bring what they need.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# build/prerequisites.txt: GROUP NAME [COMMAND]  # comment
entries() { sed -e 's/#.*//' build/prerequisites.txt | awk -v want="$1" 'NF >= 2 && (want == "" ? $1 != "npm" : $1 == want) { print $2, $3 }'; }

missing=()
while read -r package command; do
  if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then continue; fi
  if [ -n "$command" ] && command -v "$command" >/dev/null 2>&1; then continue; fi
  missing+=("$package")
done < <(entries "")
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  # arch-qualified names (zlib1g-dev:arm64) need dpkg's multiarch before the update fetches that architecture's indexes
  for arch in $(printf '%s\n' "${missing[@]}" | sed -n 's/^[^:]*:\([a-z0-9]*\)$/\1/p' | sort -u); do $SUDO dpkg --add-architecture "$arch"; done
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log "podman configuration (runc, ulimits this sandbox allows)"
$SUDO mkdir -p /etc/containers
if ! grep -qs '^runtime = "runc"' /etc/containers/containers.conf || ! grep -qs '^default_ulimits' /etc/containers/containers.conf; then
  [ -f /etc/containers/containers.conf ] && $SUDO cp /etc/containers/containers.conf /etc/containers/containers.conf.kmodforge-backup
  $SUDO cp build/containers.conf /etc/containers/containers.conf
fi
podman --version

log "binfmt for aarch64 under qemu"
if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
  $SUDO mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || echo "warning: could not mount binfmt_misc; aarch64 builds will explain how to enable it"
fi
$SUDO update-binfmts --enable qemu-aarch64 2>/dev/null || true
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && echo "qemu-aarch64: registered" || echo "qemu-aarch64: not registered"

log "the tests' tools from the npm registry"
TOOLS_DIR="${KMODFORGE_CACHE_DIR:-$HOME/.cache/kmodforge}/tools"
mkdir -p "$TOOLS_DIR"
mapfile -t NPM_TOOLS < <(entries npm | awk '{ print $1 }')
for spec in "${NPM_TOOLS[@]}"; do
  name="${spec%@*}" version="${spec##*@}"
  if ! grep -qs "\"version\": \"$version\"" "$TOOLS_DIR/node_modules/$name/package.json"; then
    npm install --prefix "$TOOLS_DIR" --silent --no-audit --no-fund "${NPM_TOOLS[@]}" >/dev/null
    break
  fi
done
echo "s3rver: $TOOLS_DIR/node_modules/.bin/s3rver"

log "dotnet"
dotnet --version
