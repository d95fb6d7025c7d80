#!/usr/bin/env bash
# Builds the Cake build host (build/Build.csproj) when its sources changed, then runs it with all arguments.
# Runs from the repository root, so relative paths in arguments are relative to it. See docs/cake-host.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# The one thing build.sh cannot bring itself: the .NET SDK that runs the build host (the Prerequisites task brings the rest).
if ! command -v dotnet >/dev/null 2>&1; then
  echo "build.sh: the .NET SDK 10 is not installed (no \`dotnet\` on PATH). Install it, then run the same command again:" >&2
  echo "  Debian/Ubuntu: https://learn.microsoft.com/dotnet/core/install/linux (packages-microsoft-prod.deb, then apt-get install dotnet-sdk-10.0)" >&2
  echo "  anywhere: curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0, then add ~/.dotnet to PATH" >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out=build/bin/Release/net10.0
host=$out/KmodForge.Build.dll
# The SHA-256 of the sources the host was built from: a host restored from a cache (or kept from an earlier
# checkout) is reused when its sources are the same, whatever their file times.
stamp=$out/.sources.sha256
inputs=(build src/KmodForge Directory.Build.props Directory.Build.targets Directory.Packages.props global.json)

# find over the host's inputs, bin/obj excluded; the arguments are the rest of the expression (with its -print).
find_inputs() { find "${inputs[@]}" \( -path '*/bin' -o -path '*/obj' \) -prune -o "$@"; }
source_files=( -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.json' \) )
sources_hash() { find_inputs "${source_files[@]}" -print | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1; }
# Fast path: no source file (or folder: adding or deleting a file changes its time) is newer than the stamp.
unchanged_since_stamp() { [[ -z $(find_inputs \( -type d -o "${source_files[@]}" \) -newer "$stamp" -print -quit) ]]; }

if [[ -f $host && -f $stamp ]] && unchanged_since_stamp; then
  :
elif hash=$(sources_hash) && [[ -f $host && -f $stamp && $(<"$stamp") == "$hash" ]]; then
  touch "$stamp"
else
  restore=()
  assets=build/obj/project.assets.json
  if [[ -f $assets && -z $(find build/Build.csproj src/KmodForge/KmodForge.csproj Directory.Packages.props Directory.Build.props -newer "$assets" -print -quit) ]]; then
    restore=(--no-restore)
  fi
  if ! log=$(dotnet build build/Build.csproj -c Release -nologo -v q -clp:NoSummary "${restore[@]}" 2>&1); then
    printf '%s\n' "$log" >&2
    echo "build.sh: building the build host failed (see above)" >&2
    exit 1
  fi
  printf '%s\n' "$hash" > "$stamp.tmp" && mv "$stamp.tmp" "$stamp"
fi

exec dotnet exec "$host" "$@"
