<#
.SYNOPSIS
  Build the UnionLedger (工会实事台账) Windows installer.

.DESCRIPTION
  1. Creates .venv with Python 3.11 x64 when missing and installs the project with the
     `build` extra (PyInstaller).
  2. Runs build_scripts\build.py: dist\UnionLedger\ (UnionLedger.exe + unionledger-cli.exe),
     then the frozen smoke test against that folder.
  3. Compiles build_scripts\unionledger.iss with Inno Setup 6 (ISCC.exe) into
     dist\installer\UnionLedger-<version>-setup.exe.

  Run from any folder:
    powershell -ExecutionPolicy Bypass -File build_scripts\build_windows.ps1
  Options: -SkipInstaller (bundle only), -Iscc <path to ISCC.exe>, -Python <launcher args>.

  The installer's language file ChineseSimplified.isl is an unofficial Inno Setup
  translation: download it from https://jrsoftware.org/files/istrans/ (Chinese Simplified)
  into Inno Setup's Languages folder, e.g. "C:\Program Files (x86)\Inno Setup 6\Languages\".
  This script stops with that instruction when the file is missing.
#>
[CmdletBinding()]
param(
    [switch]$SkipInstaller,
    [string]$Iscc = "",
    [string[]]$Python = @("py", "-3.11")
)

$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    Write-Host "+ $Exe $($Arguments -join ' ')"
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe failed with exit code $LASTEXITCODE" }
}

# --- 1. Python environment -------------------------------------------------------------------
$VenvPython = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $VenvPython)) {
    $launcher = $Python[0]
    $launcherArgs = @()
    if ($Python.Length -gt 1) { $launcherArgs = $Python[1..($Python.Length - 1)] }
    Invoke-Checked $launcher ($launcherArgs + @("-m", "venv", ".venv"))
}
$bits = & $VenvPython -c "import struct, sys; print(struct.calcsize('P') * 8, sys.version_info[:2] >= (3, 11))"
if ($bits -ne "64 True") {
    throw ".venv must be Python 3.11+ 64-bit (x64); found: $bits. Delete .venv and install Python 3.11 x64 from python.org."
}
Invoke-Checked $VenvPython @("-m", "pip", "install", "--upgrade", "pip")
Invoke-Checked $VenvPython @("-m", "pip", "install", "-e", ".[build]")

# --- 2. Bundle + frozen smoke test ------------------------------------------------------------
Invoke-Checked $VenvPython @("build_scripts\build.py")

if ($SkipInstaller) {
    Write-Host "Bundle ready: $Root\dist\UnionLedger (installer skipped)"
    exit 0
}

# --- 3. Installer (Inno Setup 6) ----------------------------------------------------------------
$Version = (& $VenvPython -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "cannot read the version from pyproject.toml" }

if (-not $Iscc) {
    $cmd = Get-Command "iscc.exe" -ErrorAction SilentlyContinue
    if ($cmd) { $Iscc = $cmd.Source }
}
if (-not $Iscc) {
    $candidates = @(
        (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
    )
    $Iscc = $candidates | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
}
if (-not $Iscc -or -not (Test-Path $Iscc)) {
    throw "Inno Setup 6 (ISCC.exe) not found. Install it from https://jrsoftware.org/isdl.php or pass -Iscc <path>."
}

$Isl = Join-Path (Split-Path -Parent $Iscc) "Languages\ChineseSimplified.isl"
if (-not (Test-Path $Isl)) {
    throw ("Missing $Isl. ChineseSimplified.isl is an unofficial Inno Setup translation: " +
           "download it from https://jrsoftware.org/files/istrans/ and save it there, then run again.")
}

Invoke-Checked $Iscc @(
    "/DAppVersion=$Version",
    "/DSourceDir=$Root\dist\UnionLedger",
    "/DOutputDir=$Root\dist\installer",
    (Join-Path $Root "build_scripts\unionledger.iss")
)
Write-Host "Installer: $Root\dist\installer\UnionLedger-$Version-setup.exe"
