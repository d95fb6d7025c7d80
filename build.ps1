#!/usr/bin/env pwsh
# Builds the Cake build host (build/Build.csproj) when its sources changed, then runs it with all arguments.
# Runs from the repository root, so relative paths in arguments are relative to it. See docs/cake-host.md.
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$hostDll = 'build/bin/Release/net10.0/KmodForge.Build.dll'
$inputs = 'build', 'src/KmodForge', 'Directory.Build.props', 'Directory.Build.targets', 'Directory.Packages.props', 'global.json'
$extensions = '.cs', '.csproj', '.props', '.targets', '.json'

function Test-Stale {
    if (-not (Test-Path -LiteralPath $hostDll)) { return $true }
    $built = (Get-Item -LiteralPath $hostDll).LastWriteTimeUtc
    $newer = Get-ChildItem -LiteralPath $inputs -Recurse -File |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $extensions -contains $_.Extension -and $_.LastWriteTimeUtc -gt $built } |
        Select-Object -First 1
    return $null -ne $newer
}

if (Test-Stale) {
    $restore = @()
    $assets = 'build/obj/project.assets.json'
    if (Test-Path -LiteralPath $assets) {
        $assetsTime = (Get-Item -LiteralPath $assets).LastWriteTimeUtc
        $projects = 'build/Build.csproj', 'src/KmodForge/KmodForge.csproj', 'Directory.Packages.props', 'Directory.Build.props'
        if (-not (Get-Item -LiteralPath $projects | Where-Object { $_.LastWriteTimeUtc -gt $assetsTime })) { $restore = @('--no-restore') }
    }
    $log = & dotnet build build/Build.csproj -c Release -nologo -v q -clp:NoSummary @restore 2>&1
    if ($LASTEXITCODE -ne 0) {
        $log | Write-Host
        Write-Error 'build.ps1: building the build host failed (see above)' -ErrorAction Continue
        exit 1
    }
    (Get-Item -LiteralPath $hostDll).LastWriteTimeUtc = [DateTime]::UtcNow
}

& dotnet exec $hostDll @args
exit $LASTEXITCODE
