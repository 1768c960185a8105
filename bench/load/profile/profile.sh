#!/usr/bin/env bash
# Traces MicroWebLoad under wrk /plaintext with dotnet-trace (docs/benchmarks.md, "Where a request's time goes").
#   bash bench/load/profile/profile.sh NAME CONNECTIONS [PORT]     e.g. profile.sh before-c64 64
# Needs a published MicroWebLoad (run.sh builds it) and dotnet-trace in $TOOLS (default /tmp/tools):
#   dotnet tool install --tool-path /tmp/tools dotnet-trace --version 10.0.750501
# Writes $OUT (default /tmp/microweb-profile)/NAME.nettrace, NAME.speedscope.json and wrk-NAME.log, then prints
# the per-request breakdown (breakdown.py). Server on CPU 0, wrk and dotnet-trace on CPU 1, as in run.sh.
set -euo pipefail
name=$1 c=$2 port=${3:-5301}
tools=${TOOLS:-/tmp/tools} out=${OUT:-/tmp/microweb-profile}
mkdir -p "$out"
cd "$(dirname "$0")/.."
taskset -c 0 MicroWebLoad/bin/publish/MicroWebLoad --port $port > $out/server-$name.log 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null || true' EXIT
until curl -sf http://127.0.0.1:$port/plaintext >/dev/null; do sleep 0.2; done
taskset -c 1 wrk -t1 -c64 -d5s http://127.0.0.1:$port/plaintext > /dev/null   # warm-up (tiering)
taskset -c 1 wrk -t1 -c$c -d14s --latency http://127.0.0.1:$port/plaintext > $out/wrk-$name.log &
wpid=$!
sleep 2
taskset -c 1 "$tools/dotnet-trace" collect -p $spid --profile dotnet-sampled-thread-time --duration 00:00:00:10 --format Speedscope -o $out/$name.nettrace > $out/trace-$name.log 2>&1
wait $wpid
rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out/wrk-$name.log")
python3 profile/breakdown.py "$out/$name.speedscope.json" "$rps"
