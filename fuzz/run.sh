#!/usr/bin/env bash
# Usage: fuzz/run.sh TARGET SECONDS
# Builds the fuzz project (Release), instruments a copy of MicroWeb.dll with SharpFuzz and runs afl-fuzz on TARGET
# for SECONDS, starting from fuzz/corpus/TARGET/. Findings go to fuzz/findings/TARGET-<time>/ (git-ignored).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 TARGET SECONDS   (targets: the folders of fuzz/corpus)" >&2
  exit 2
fi
target=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corpus="$here/corpus/$target"
[[ -d $corpus ]] || { echo "no seed corpus $corpus" >&2; exit 2; }
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install -y afl++" >&2; exit 2; }

out="$here/findings/$target-$(date -u +%Y%m%dT%H%M%S)"
bin="$out/bin"
mkdir -p "$out"

# Instrument a fresh copy each run: instrumenting the build output in place would leave a later build
# (which skips copying an up-to-date MicroWeb.dll) with a twice-instrumented assembly.
dotnet build -c Release --nologo -v quiet "$here/MicroWeb.Fuzz/MicroWeb.Fuzz.csproj"
cp -r "$here/MicroWeb.Fuzz/bin/Release/net10.0" "$bin"
(cd "$root" && dotnet tool restore >/dev/null && dotnet tool run sharpfuzz "$bin/MicroWeb.dll")

# dotnet itself is not afl-instrumented (SharpFuzz instruments the managed code), and a container has no
# core-pattern or CPU-governor setup to check.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
# A hang is any input taking longer than 5 s (the runtime's start-up is paid once, by the fork server).
afl-fuzz -i "$corpus" -o "$out" -t 5000 -m none -V "$seconds" -- dotnet "$bin/MicroWeb.Fuzz.dll" "$target"

stats="$out/default/fuzzer_stats"
echo "target=$target seconds=$seconds $(grep -E '^(execs_done|saved_crashes|saved_hangs|unique_crashes|unique_hangs) ' "$stats" | tr -s ' ' | tr '\n' ' ')"
echo "crashes: $out/default/crashes  hangs: $out/default/hangs"
