#!/usr/bin/env bash
# Builds the Cake build host (build/Build.csproj) when its sources changed, then runs it with all arguments.
# Runs from the repository root, so relative paths in arguments are relative to it. See docs/cake-host.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
host=build/bin/Release/net10.0/KmodForge.Build.dll
inputs=(build src/KmodForge Directory.Build.props Directory.Build.targets Directory.Packages.props global.json)

# Up to date when no source, project or props file (or folder) is newer than the built host (bin/obj excluded).
stale() {
  [[ ! -f $host ]] && return 0
  # Directories count too: adding or deleting a file changes its directory's time.
  [[ -n $(find "${inputs[@]}" \( -path '*/bin' -o -path '*/obj' \) -prune -o \( -type d -o -type f \( -name '*.cs' \
        -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.json' \) \) -newer "$host" -print -quit) ]]
}

if stale; then
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
  touch "$host"
fi

exec dotnet exec "$host" "$@"
