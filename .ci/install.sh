#!/usr/bin/env bash
# Installs on a fresh Debian 12 machine everything the build and the tests need. Idempotent; run as root.
# CI runs it from .ci/run; on a workstation run it once before the README's two commands.
set -euo pipefail

log() { printf '\n== %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  # container engine (Podman as the engine where no Docker daemon runs; runc because crun fails on hybrid cgroups)
  podman runc
  # offline base images (bootstrap a Debian root filesystem from the archive), .deb checks
  debootstrap dpkg-dev lintian
  # .rpm checks, a real dnf repository for the header-chain tests
  rpm rpmlint createrepo-c dnf cpio zstd xz-utils gnupg
  # module inspection, and real .ko files built on the host by unit tests (never loaded)
  kmod make gcc libelf-dev bc bison flex linux-headers-amd64
  # an aarch64 object with a .modinfo section for the module verifier tests
  gcc-aarch64-linux-gnu
  # aarch64 under emulation
  qemu-user-static binfmt-support
  # load generator for the service benchmark, python for the matrix baseline benchmark
  wrk python3 curl ca-certificates openssl binutils systemd
  # package signatures: the interop tests check ours with minisign -V and verify minisign -S output
  minisign
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log "podman configuration (runc, ulimits this sandbox allows)"
$SUDO mkdir -p /etc/containers
if ! grep -q 'kmodforge' /etc/containers/containers.conf 2>/dev/null; then
  $SUDO tee /etc/containers/containers.conf >/dev/null <<'CONF'
# written by kmodforge .ci/install.sh
[containers]
default_ulimits = ["nofile=16384:16384", "nproc=30000:30000"]
[engine]
runtime = "runc"
CONF
fi
podman --version

log "binfmt for aarch64 under qemu"
if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
  $SUDO mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || echo "warning: could not mount binfmt_misc; aarch64 builds will explain how to enable it"
fi
$SUDO update-binfmts --enable qemu-aarch64 2>/dev/null || true
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && echo "qemu-aarch64: registered" || echo "qemu-aarch64: not registered"

log "S3-compatible test server (s3rver, from the npm registry)"
TOOLS_DIR="${KMODFORGE_CACHE_DIR:-$HOME/.cache/kmodforge}/tools"
mkdir -p "$TOOLS_DIR"
if [ ! -x "$TOOLS_DIR/node_modules/.bin/s3rver" ] \
  || ! grep -qs '"version": "0.3.61"' "$TOOLS_DIR/node_modules/@actions/workflow-parser/package.json" \
  || ! grep -qs '"version": "0.3.61"' "$TOOLS_DIR/node_modules/@actions/expressions/package.json"; then
  (cd "$TOOLS_DIR" && npm install --silent --no-audit --no-fund s3rver@3.7.1 @actions/workflow-parser@0.3.61 @actions/expressions@0.3.61 >/dev/null)
fi
echo "s3rver: $TOOLS_DIR/node_modules/.bin/s3rver"

log "dotnet"
dotnet --version
