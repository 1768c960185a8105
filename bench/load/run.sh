#!/usr/bin/env bash
# Load comparison: MicroWeb controllers (ReadyToRun, and the same app as Native AOT) vs ASP.NET Core minimal API vs
# ASP.NET Core MVC, over loopback, with nginx as the limit reference (static responses and files only; nginx-conf.sh).
# See docs/benchmarks.md. Everything is configurable through the environment:
#
#   bash bench/load/run.sh                  # the full run: 3 rounds × 10 s, five servers, about 40 minutes + builds
#   QUICK=1 bash bench/load/run.sh          # 2 rounds × 6 s, 3 s warm-up: about 15 minutes + builds
#   DURATION=3 ROUNDS=1 WARMUP=2 STARTS=3 bash bench/load/run.sh   # a smoke run (about 5 minutes plus the builds)
#   SERVERS="microweb microweb-aot" TESTS="plaintext page" bash bench/load/run.sh   # JIT against AOT only
#
# Time: per round and server, WARMUP × its non-pipelined tests + DURATION × (its tests + its -c1 tests); with the
# defaults 160 s for each .NET app and 110 s for nginx, 750 s a round, 3 rounds; plus STARTS cold starts, the check
# and the builds (the Native AOT publish alone takes 2–6 minutes on the shared VM). The script logs its estimate first.
#
# Per round: start the servers pinned to SERVER_CPU, warm up every endpoint, then for each endpoint one wrk -c64
# run per server in turn (A B C …, next round B C … A), a pipelined /plaintext run, and -c1 latency runs; wrk is
# pinned to CLIENT_CPU.
# Before measuring, every endpoint must answer 200 with the same body length on all servers (microweb-aot and nginx:
# the same bytes too).
# Output: a markdown report on stdout and in results/<stamp>.md; raw samples and wrk logs in results/<stamp>/.
set -euo pipefail
cd "$(dirname "$0")"
export LC_ALL=C                   # "." as the decimal point, in $EPOCHREALTIME and awk

QUICK=${QUICK:-0}                 # 1: shorter defaults (2 rounds × 6 s, 3 s warm-up); explicit settings still win
if [ "$QUICK" = 1 ]; then DURATION=${DURATION:-6} ROUNDS=${ROUNDS:-2} WARMUP=${WARMUP:-3}; fi
DURATION=${DURATION:-10}          # seconds per measured wrk run
ROUNDS=${ROUNDS:-3}               # rounds of A B C …
WARMUP=${WARMUP:-5}               # seconds of -c64 load per endpoint after each start, not measured
STARTS=${STARTS:-5}               # cold starts per server for the startup time (median reported)
CONNECTIONS=${CONNECTIONS:-64}
PIPELINE=${PIPELINE:-16}          # requests per write in the pipelined run
TIMEOUT=${TIMEOUT:-10s}           # wrk: a response slower than this counts as an error
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BASE_PORT=${BASE_PORT:-5100}      # servers get BASE_PORT, BASE_PORT+1, … (a fresh port per start)
SKIP_BUILD=${SKIP_BUILD:-0}       # 1: use the existing Release builds
SERVERS=${SERVERS:-"microweb microweb-aot minimal mvc nginx"}
TESTS=${TESTS:-"plaintext pipelined json users css bigbin page"}   # a subset for a quick look, e.g. TESTS="page"
LATENCY=${LATENCY:-1}             # 0: skip the -c1 latency runs

# server id → project folder, display name. microweb-aot is MicroWebLoad again, published Native AOT.
declare -A PROJECT=([microweb]=MicroWebLoad [microweb-aot]=MicroWebLoad [minimal]=AspNetMinimal [mvc]=AspNetMvc)
declare -A NAME=([microweb]=MicroWeb [microweb-aot]="MicroWeb AOT" [minimal]="Minimal API" [mvc]=MVC [nginx]=nginx)
for s in $SERVERS; do [ -n "${NAME[$s]:-}" ] || { echo "unknown server '$s' in SERVERS" >&2; exit 1; }; done
dotnet_servers=""                 # the servers that are .NET apps (built, GC-checked, /_alloc read)
for s in $SERVERS; do [ "$s" = nginx ] || dotnet_servers+=" $s"; done
# nginx serves static files from the static/ dir a MicroWebLoad build generates (the first MicroWeb server of
# SERVERS, which runs before nginx when listed before it), so MicroWebLoad is built for it too.
build_servers=$dotnet_servers
nginx_static=microweb
for s in $SERVERS; do case $s in microweb|microweb-aot) nginx_static=$s; break ;; esac; done
case " $SERVERS " in *" nginx "*) case " $build_servers " in *" $nginx_static "*) ;; *) build_servers+=" $nginx_static" ;; esac ;; esac

# test id → path
read -r -a TESTS <<< "$TESTS"
declare -A URLPATH=([plaintext]=/plaintext [pipelined]=/plaintext [json]=/json [users]=/users/42
                    [css]=/static/site.css [bigbin]=/static/big.bin [page]=/page)
LATENCY_TESTS=()
for t in "${TESTS[@]}"; do
  [ -n "${URLPATH[$t]:-}" ] || { echo "unknown test '$t' in TESTS" >&2; exit 1; }
  [ "$t" = pipelined ] || [ "$LATENCY" = 0 ] || LATENCY_TESTS+=("$t")
done
# applies SERVER TEST: nginx is a reference only for what it can serve without an application.
applies() { [ "$1" != nginx ] || { [ "$2" != users ] && [ "$2" != page ]; }; }

stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
out="results/$stamp"
mkdir -p "$out/logs"
samples="$out/samples.tsv"        # metric <TAB> server <TAB> test <TAB> value, one line per sample
: > "$samples"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
sample() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$samples"; }

# What the rounds will take: every server's warm-ups, -c64 runs and -c1 runs (the starts and the builds come on top).
estimate=0
for s in $SERVERS; do
  for t in "${TESTS[@]}"; do
    applies "$s" "$t" || continue
    estimate=$((estimate + DURATION))
    [ "$t" = pipelined ] || estimate=$((estimate + WARMUP + (LATENCY == 0 ? 0 : DURATION)))
  done
done
log "servers: $SERVERS; tests: ${TESTS[*]}; the rounds take about $(( (estimate * ROUNDS + 59) / 60 )) min ($ROUNDS × ${estimate} s), plus $STARTS cold starts per server and the builds"

# ---------------------------------------------------------------------------------------------- tools and build
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
case " $SERVERS " in
  *" nginx "*)
    if ! command -v nginx >/dev/null 2>&1; then
      log "installing nginx-light"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    fi ;;
esac
# Native AOT links with clang against zlib (docs/aot.md); .ci/run installs the same two.
case " $SERVERS " in
  *" microweb-aot "*)
    if [ "$SKIP_BUILD" != 1 ] && { ! command -v clang >/dev/null 2>&1 || [ ! -e /usr/include/zlib.h ]; }; then
      log "installing clang and zlib1g-dev (Native AOT)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >/dev/null
    fi ;;
esac
for tool in wrk taskset curl sha256sum awk; do command -v "$tool" >/dev/null || die "$tool is required"; done

# Published ReadyToRun, the three apps alike: ASP.NET Core's shared framework ships precompiled, so precompiling
# the apps (and MicroWeb with its Microsoft.Extensions dependencies) is what puts them on equal footing.
# microweb-aot: the same MicroWebLoad as one Native AOT executable, in its own folder.
publish_dir() { if [ "$1" = microweb-aot ]; then echo "${PROJECT[$1]}/bin/publish-aot"; else echo "${PROJECT[$1]}/bin/publish"; fi; }
exe() { echo "$(publish_dir "$1")/${PROJECT[$1]}"; }
# The runtime settings ILC compiled into the AOT executable (there is no runtimeconfig.json to read beside it).
aot_rsp="MicroWebLoad/obj/Release/net10.0/linux-x64/native/MicroWebLoad.ilc.rsp"

if [ "$SKIP_BUILD" != 1 ]; then
  for s in $build_servers; do
    if [ "$s" = microweb-aot ]; then
      log "publishing ${PROJECT[$s]} (Release, Native AOT)"
      args=(-p:PublishAot=true)
    else
      log "publishing ${PROJECT[$s]} (Release, ReadyToRun)"
      args=(--self-contained false -p:PublishReadyToRun=true)
    fi
    dotnet publish -c Release -r linux-x64 "${args[@]}" --nologo -v q \
      -o "$(publish_dir "$s")" "${PROJECT[$s]}/${PROJECT[$s]}.csproj" > "$out/logs/build-$s.log" 2>&1 \
      || { cat "$out/logs/build-$s.log" >&2; die "build of ${PROJECT[$s]} ($s) failed"; }
    # The repository's TreatWarningsAsErrors already fails the publish on a trim/AOT warning; this names them if a
    # setting ever lets one through: an AOT build with a warning may not behave as the JIT build does.
    if grep -E 'warning (IL[0-9]{4}|MW[0-9]{4})' "$out/logs/build-$s.log" >&2; then
      die "the $s publish has trim/AOT warnings (above; $out/logs/build-$s.log)"
    fi
  done
fi
for s in $build_servers; do
  [ -x "$(exe "$s")" ] || die "$(exe "$s") is missing (run without SKIP_BUILD=1)"
  if [ "$s" = microweb-aot ]; then
    if [ -f "$(publish_dir "$s")/${PROJECT[$s]}.dll" ]; then die "$(publish_dir "$s") holds an IL assembly: not a Native AOT publish"; fi
    grep -qx -- '--runtimeknob:System.GC.Server=false' "$aot_rsp" && grep -qx -- '--runtimeknob:System.GC.Concurrent=false' "$aot_rsp" \
      || die "$aot_rsp does not have the shared GC settings (bench/load/Directory.Build.props)"
    continue
  fi
  config="$(exe "$s").runtimeconfig.json"
  grep -q '"System.GC.Server": false' "$config" && grep -q '"System.GC.Concurrent": false' "$config" \
    || die "$config does not have the shared GC settings (bench/load/Directory.Build.props)"
done

# From here on this script and its children (wrk, curl) run on CLIENT_CPU; servers are started on SERVER_CPU.
if [ "$(nproc --all)" -ge 2 ]; then
  taskset -cp "$CLIENT_CPU" $$ >/dev/null
  pin_server=(taskset -c "$SERVER_CPU")
  pin_client=(taskset -c "$CLIENT_CPU")
else
  log "warning: fewer than 2 CPUs; server and wrk are not pinned"
  pin_server=() pin_client=()
fi

# ---------------------------------------------------------------------------------------------- servers
pid="" port=$BASE_PORT next_port=$BASE_PORT
started=()                        # every server pid, for the exit trap
nginx_dir=$(mktemp -d)            # nginx's config, pid, error log and temp dirs; removed on exit
cleanup() {
  for p in ${started[@]+"${started[@]}"}; do kill "$p" 2>/dev/null || true; done
  rm -rf "$nginx_dir"
}
trap cleanup EXIT

# probe PORT: true when GET /plaintext answers 200. Pure bash (/dev/tcp), so polling spawns no processes.
probe() {
  local line=""
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  IFS= read -r -t 10 line <&3 || true
  exec 3<&- 3>&-
  [[ $line == "HTTP/1.1 200"* ]]
}

port_open() { { exec 4<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1; exec 4<&- 4>&-; }

# start SERVER: starts it on a fresh port and waits for the first 200. Sets pid, port and startup_ms (from starting
# the process to that 200). Runs in this shell, never in $(…), so that pid survives.
start() {
  while port_open "$next_port"; do next_port=$((next_port + 1)); done   # in use by something else: skip it
  port=$next_port
  next_port=$((next_port + 1))
  local t0=$EPOCHREALTIME
  if [ "$1" = nginx ]; then
    # A fresh config per start (the port changes). The master and its one worker inherit the CPU pinning.
    bash nginx-conf.sh "$port" "$PWD/$(publish_dir "$nginx_static")/static" "$nginx_dir" > "$nginx_dir/nginx.conf"
    "${pin_server[@]}" nginx -p "$nginx_dir" -e "$nginx_dir/error.log" -c "$nginx_dir/nginx.conf" > "$out/logs/server-$1.log" 2>&1 &
  else
    "${pin_server[@]}" "$(exe "$1")" --port "$port" > "$out/logs/server-$1.log" 2>&1 &
  fi
  pid=$!
  started+=("$pid")
  until probe "$port"; do
    kill -0 "$pid" 2>/dev/null || { cat "$out/logs/server-$1.log" >&2; die "${NAME[$1]} exited during startup"; }
    if (( ${EPOCHREALTIME%.*} - ${t0%.*} > 60 )); then die "${NAME[$1]} did not answer within 60 s"; fi
  done
  local t1=$EPOCHREALTIME
  startup_ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
}

stop() {
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

url() { echo "http://127.0.0.1:$port$1"; }
allocated() { curl -sf "$(url /_alloc)"; }
# peak_rss_kb: VmHWM of the server process plus its children (nginx's worker; the .NET apps have none).
peak_rss_kb() {
  local p kb=0 v
  for p in "$pid" $(cat "/proc/$pid/task/"*/children 2>/dev/null); do
    v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null) && kb=$((kb + ${v:-0}))
  done
  echo "$kb"
}

# wrk_run LOGNAME ARGS…: runs wrk on CLIENT_CPU and prints its RESULT fields.
wrk_run() {
  local name=$1; shift
  "${pin_client[@]}" wrk "$@" > "$out/logs/$name.log" 2>&1 || { cat "$out/logs/$name.log" >&2; die "wrk failed ($name)"; }
  grep '^RESULT ' "$out/logs/$name.log" | cut -d' ' -f2- || die "no RESULT line in $out/logs/$name.log"
}

# ---------------------------------------------------------------------------------------------- 1. same responses
log "checking that every endpoint answers 200 with the same body on every server (microweb-aot and nginx: the bytes too)"
check="$out/check.tsv"
: > "$check"
for s in $SERVERS; do
  start "$s"
  for t in "${TESTS[@]}"; do
    [ "$t" = pipelined ] && continue
    applies "$s" "$t" || continue
    body="$out/logs/body-$s-$t"
    meta=$(curl -s -o "$body" -w '%{http_code}\t%{size_download}\t%{content_type}' "$(url "${URLPATH[$t]}")")
    printf '%s\t%s\t%s\t%s\n' "$t" "$s" "$meta" "$(sha256sum < "$body" | cut -c1-12)" >> "$check"
  done
  stop
done
# microweb-aot is the JIT build's app compiled another way: its bodies must be the JIT build's bytes.
awk -F'\t' '
  { if ($3 != 200) { printf "  %s %s: status %s\n", $2, $1, $3; bad = 1 }
    if ($2 == "microweb") jit[$1] = $6
    if ($2 == "microweb-aot") aot[$1] = $6
    if (!($1 in len)) { len[$1] = $4; sha[$1] = $6 }
    else if ($4 != len[$1]) { printf "  %s %s: %s bytes, others %s\n", $2, $1, $4, len[$1]; bad = 1 }
    else if ($6 != sha[$1] && $2 == "nginx") { printf "  %s %s: same length, different bytes\n", $2, $1; bad = 1 }
    else if ($6 != sha[$1]) { printf "  %s %s: same length, different bytes (warning only)\n", $2, $1 } }
  END { for (t in aot) if ((t in jit) && aot[t] != jit[t]) { printf "  microweb-aot %s: not the bytes of microweb\n", t; bad = 1 }
        exit bad }' "$check" >&2 || die "servers answer differently (see $check); not measuring"
column -t -s $'\t' "$check" >&2 || cat "$check" >&2

# ---------------------------------------------------------------------------------------------- 2. startup
log "startup: $STARTS cold starts per server"
for i in $(seq "$STARTS"); do
  for s in $SERVERS; do
    start "$s"
    sample startup_ms "$s" - "$startup_ms"
    sample startup_rss_kb "$s" - "$(peak_rss_kb)"
    stop
  done
done

# ---------------------------------------------------------------------------------------------- 3. throughput and latency
# All servers of a round run at once (idle ones cost nothing) and take turns per test, so that a server's runs of
# one test are seconds apart from the others' even on a machine whose load drifts. The order rotates every round.
declare -A PIDS PORTS
use() { pid=${PIDS[$1]}; port=${PORTS[$1]}; }

# measure SERVER TEST ROUND: one -c64 run (pipelined for that test), with allocated bytes per request.
measure() {
  local s=$1 t=$2 round=$3 result before after requests rps p50 p99 errors non2xx
  local args=(-t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout "$TIMEOUT" --latency)
  use "$s"
  applies "$s" "$t" || return 0
  before=0
  [ "$s" = nginx ] || before=$(allocated)
  if [ "$t" = pipelined ]; then
    result=$(wrk_run "$s-$t-$round" "${args[@]}" -s pipeline.lua "$(url "${URLPATH[$t]}")" -- "$PIPELINE")
  else
    result=$(wrk_run "$s-$t-$round" "${args[@]}" -s report.lua "$(url "${URLPATH[$t]}")")
  fi
  after=0
  [ "$s" = nginx ] || after=$(allocated)
  read -r requests rps p50 p99 errors non2xx <<< "$result"
  sample rps "$s" "$t" "$rps"
  sample p50_us "$s" "$t" "$p50"
  sample p99_us "$s" "$t" "$p99"
  sample errors "$s" "$t" "$((errors + non2xx))"
  [ "$s" = nginx ] || sample alloc_per_req "$s" "$t" "$(awk -v a="$before" -v b="$after" -v n="$requests" 'BEGIN { printf "%.1f", n ? (b - a) / n : 0 }')"
  log "  ${NAME[$s]} $t: $rps req/s, p50 $p50 µs, p99 $p99 µs"
}

# latency SERVER TEST ROUND: one -c1 run.
latency() {
  local s=$1 t=$2 round=$3 result requests rps p50 p99 errors non2xx
  use "$s"
  applies "$s" "$t" || return 0
  result=$(wrk_run "$s-$t-c1-$round" -t1 -c1 -d"${DURATION}s" --timeout "$TIMEOUT" --latency -s report.lua "$(url "${URLPATH[$t]}")")
  read -r requests rps p50 p99 errors non2xx <<< "$result"
  sample c1_rps "$s" "$t" "$rps"
  sample c1_p50_us "$s" "$t" "$p50"
  sample c1_p99_us "$s" "$t" "$p99"
  sample errors "$s" "$t-c1" "$((errors + non2xx))"
  log "  ${NAME[$s]} $t -c1: p50 $p50 µs, p99 $p99 µs"
}

read -r -a order <<< "$SERVERS"
for round in $(seq "$ROUNDS"); do
  log "round $round/$ROUNDS: ${order[*]}"
  for s in "${order[@]}"; do
    start "$s"
    PIDS[$s]=$pid PORTS[$s]=$port
  done
  if [ "$WARMUP" -gt 0 ]; then
    for s in "${order[@]}"; do
      use "$s"
      for t in "${TESTS[@]}"; do
        [ "$t" = pipelined ] && continue
        applies "$s" "$t" || continue
        wrk_run "warmup-$s-$t-$round" -t1 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout "$TIMEOUT" -s report.lua "$(url "${URLPATH[$t]}")" > /dev/null
      done
    done
  fi
  for t in "${TESTS[@]}"; do
    for s in "${order[@]}"; do measure "$s" "$t" "$round"; done
  done
  for t in ${LATENCY_TESTS[@]+"${LATENCY_TESTS[@]}"}; do
    for s in "${order[@]}"; do latency "$s" "$t" "$round"; done
  done
  for s in "${order[@]}"; do
    use "$s"
    sample peak_rss_kb "$s" - "$(peak_rss_kb)"
    stop
  done
  order=("${order[@]:1}" "${order[0]}")
done

# ---------------------------------------------------------------------------------------------- 4. report
report="results/$stamp.md"
machine="$(nproc --all) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(uname -sr), .NET $(dotnet --version 2>/dev/null || echo '?')"
awk -F'\t' -v date="$stamp" -v machine="$machine" -v servers="$SERVERS" \
    -v settings="wrk -t1 -c$CONNECTIONS -d${DURATION}s (pipelined: $PIPELINE per write; latency: -c1), $ROUNDS round(s), ${WARMUP}s warm-up per endpoint, $STARTS cold starts; server on CPU $SERVER_CPU, wrk on CPU $CLIENT_CPU" '
function median(key,    n, i, j, v, t, parts) {
  if (!(key in count)) return ""
  n = split(values[key], parts, " ")
  for (i = 1; i <= n; i++) v[i] = parts[i] + 0
  for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function thousands(x,    s, r) {
  s = sprintf("%d", x + 0.5); r = ""
  while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
  return s r
}
function cell(metric, s, t, fmt,    m) {
  m = median(metric SUBSEP s SUBSEP t)
  if (m == "") return s == "nginx" ? "n/a" : "–"
  return fmt == "n" ? thousands(m) : sprintf(fmt, m)
}
function has(metric, t,    i) { for (i = 1; i <= ns; i++) if ((metric SUBSEP S[i] SUBSEP t) in count) return 1; return 0 }
function ratio(metric, a, b, t, target, lower,    x, y, r) {   # lower: smaller is better, target is a maximum
  x = median(metric SUBSEP a SUBSEP t); y = median(metric SUBSEP b SUBSEP t)
  if (x == "" || y == "" || y == 0) return "–"
  r = x / y
  return sprintf("%.2f× %s", r, target == "" ? "" : (lower ? (r <= target ? "✓" : "✗") : (r >= target ? "✓" : "✗")))
}
{ key = $1 SUBSEP $2 SUBSEP $3; values[key] = values[key] " " $4; count[key]++
  if ($1 == "errors" && $4 > 0) errs = errs sprintf("%s %s: %d errors or non-2xx responses; ", $2, $3, $4) }
END {
  ns = split(servers, S, " ")
  split("plaintext pipelined json users css bigbin page", T, " ")
  label["plaintext"] = "GET /plaintext, c64"; label["pipelined"] = "GET /plaintext, c64, pipelined"
  label["json"] = "GET /json, c64"; label["users"] = "GET /users/{id}, c64"; label["css"] = "GET /static/site.css (4 KiB), c64"
  label["bigbin"] = "GET /static/big.bin (1 MiB), c64"; label["page"] = "GET /page, c64"
  base["users"] = "mvc"; target["plaintext"] = 1.1; target["pipelined"] = 1.1; target["json"] = 1.1
  target["users"] = 1.5; target["css"] = 1.0; target["bigbin"] = 1.0; target["page"] = 1.0
  name["microweb"] = "MicroWeb"; name["microweb-aot"] = "MicroWeb AOT"; name["minimal"] = "Minimal API"; name["mvc"] = "MVC"; name["nginx"] = "nginx"
  nginx = 0; for (i = 1; i <= ns; i++) if (S[i] == "nginx") nginx = 1

  printf "## Load comparison, %s\n\n", date
  printf "Machine: %s.  \nSettings: %s.\n\n", machine, settings
  printf "### Throughput (requests/s, median of rounds)\n\n| Test |"
  for (i = 1; i <= ns; i++) printf " %s |", name[S[i]]
  printf " MicroWeb ÷ baseline | Target |"
  if (nginx) printf " MicroWeb ÷ nginx |"
  printf "\n|---|"
  for (i = 1; i <= ns; i++) printf "---:|"
  printf "---|---|%s\n", nginx ? "---|" : ""
  for (k = 1; k <= 7; k++) {
    t = T[k]; b = (t in base) ? base[t] : "minimal"
    if (!has("rps", t)) continue
    printf "| %s |", label[t]
    for (i = 1; i <= ns; i++) printf " %s |", cell("rps", S[i], t, "n")
    printf " %s vs %s | ≥ %.1f× |", ratio("rps", "microweb", b, t, target[t], 0), name[b], target[t]
    if (nginx) printf " %s |", (t == "users" || t == "page") ? "n/a" : ratio("rps", "microweb", "nginx", t, "", 0)
    printf "\n"
  }
  latency = 0
  for (k = 1; k <= 7; k++) if (has("c1_p50_us", T[k])) latency = 1
  if (latency) {
    printf "\n### Latency at one connection (µs, p50 / p99, median of rounds)\n\n| Endpoint |"
    for (i = 1; i <= ns; i++) printf " %s |", name[S[i]]
    printf "\n|---|"
    for (i = 1; i <= ns; i++) printf "---:|"
    printf "\n"
    for (k = 1; k <= 7; k++) {
      t = T[k]; if (!has("c1_p50_us", t)) continue
      printf "| %s |", endpoint(t)
      for (i = 1; i <= ns; i++) printf " %s / %s |", cell("c1_p50_us", S[i], t, "%.0f"), cell("c1_p99_us", S[i], t, "%.0f")
      printf "\n"
    }
  }
  printf "\n### Allocated bytes per request (c64 runs, GC.GetTotalAllocatedBytes delta ÷ requests)\n\n| Endpoint |"
  for (i = 1; i <= ns; i++) printf " %s |", name[S[i]]
  printf "\n|---|"
  for (i = 1; i <= ns; i++) printf "---:|"
  printf "\n"
  for (k = 1; k <= 7; k++) {
    t = T[k]; if (!has("alloc_per_req", t)) continue
    printf "| %s |", label[t]
    for (i = 1; i <= ns; i++) printf " %s |", cell("alloc_per_req", S[i], t, "%.0f")
    printf "\n"
  }
  printf "\n### Resources\n\n| |"
  for (i = 1; i <= ns; i++) printf " %s |", name[S[i]]
  printf " MicroWeb ÷ Minimal API | Target |\n|---|"
  for (i = 1; i <= ns; i++) printf "---:|"
  printf "---|---|\n"
  printf "| Peak RSS after a round (VmHWM, MiB) |"
  for (i = 1; i <= ns; i++) printf " %s |", cell("peak_rss_mib", S[i], "-", "%.1f")
  printf " %s | ≤ 0.5× |\n", ratio("peak_rss_mib", "microweb", "minimal", "-", 0.5, 1)
  printf "| Peak RSS at first 200 (MiB) |"
  for (i = 1; i <= ns; i++) printf " %s |", cell("startup_rss_mib", S[i], "-", "%.1f")
  printf " %s | |\n", ratio("startup_rss_mib", "microweb", "minimal", "-", "", 1)
  printf "| Start to first 200 (ms, median) |"
  for (i = 1; i <= ns; i++) printf " %s |", cell("startup_ms", S[i], "-", "%.0f")
  printf " %s | ≤ 0.5× |\n", ratio("startup_ms", "microweb", "minimal", "-", 0.5, 1)
  printf "| Allocated bytes per /plaintext request |"
  for (i = 1; i <= ns; i++) printf " %s |", cell("alloc_per_req", S[i], "plaintext", "%.1f")
  printf " | < 16 B |\n"
  # The targets of issue 19, from the same run. c1 latency: Minimal API p50 ÷ MicroWeb p50 (higher is better).
  printf "\n### Targets of issue 19 (same run, ratios of medians)\n\n| Measure | Result | Target |\n|---|---|---|\n"
  for (k = 1; k <= 3; k += 2) {
    t = T[k]
    if (!has("rps", t)) continue
    printf "| %s vs Minimal API | %s | ≥ 1.3× |\n", label[t], ratio("rps", "microweb", "minimal", t, 1.3, 0)
    printf "| %s vs nginx | %s | ≥ 0.8× |\n", label[t], ratio("rps", "microweb", "nginx", t, 0.8, 0)
  }
  for (k = 1; k <= 3; k += 2) {
    t = T[k]
    if (!has("c1_p50_us", t)) continue
    printf "| %s, c1 p50: Minimal API ÷ MicroWeb | %s | ≥ 1.15× |\n", endpoint(t), ratio("c1_p50_us", "minimal", "microweb", t, 1.15, 0)
    m = median("c1_p50_us" SUBSEP "microweb" SUBSEP t)
    if (m != "") printf "| %s, c1 p50 MicroWeb | %.0f µs %s | ≤ 60 µs |\n", endpoint(t), m, m <= 60 ? "✓" : "✗"
  }
  if (has("rps", "users")) {
    printf "| %s vs MVC | %s | ≥ 1.6× |\n", label["users"], ratio("rps", "microweb", "mvc", "users", 1.6, 0)
    printf "| %s vs Minimal API | %s | ≥ 1.1× |\n", label["users"], ratio("rps", "microweb", "minimal", "users", 1.1, 0)
  }
  if (has("rps", "css")) printf "| %s vs nginx | %s | ≥ 0.8× |\n", label["css"], ratio("rps", "microweb", "nginx", "css", 0.8, 0)
  if (has("rps", "bigbin")) printf "| %s vs nginx | %s | ≥ 1.0× |\n", label["bigbin"], ratio("rps", "microweb", "nginx", "bigbin", 1.0, 0)
  for (k = 1; k <= 4; k++) {
    t = T[k]; if (t == "pipelined") continue
    m = median("alloc_per_req" SUBSEP "microweb" SUBSEP t)
    if (m != "") printf "| allocated bytes per %s request | %.1f B %s | ≤ 16 B |\n", endpoint(t), m, m <= 16 ? "✓" : "✗"
  }
  # The targets of issue 20: Native AOT start, memory and throughput against the JIT (ReadyToRun) build of the same
  # app; the JIT build start against Kestrel; compiled templates against the hand-written page.
  rows = ""
  m = median("startup_ms" SUBSEP "microweb-aot" SUBSEP "-")
  if (m != "") rows = rows sprintf("| MicroWeb AOT: start to first 200 | %.0f ms %s | ≤ 50 ms |\n", m, m <= 50 ? "✓" : "✗")
  m = median("startup_rss_mib" SUBSEP "microweb-aot" SUBSEP "-")
  if (m != "") rows = rows sprintf("| MicroWeb AOT: RSS at first 200 | %.1f MiB %s | ≤ 25 MiB |\n", m, m <= 25 ? "✓" : "✗")
  n = 0
  for (k = 1; k <= 7; k++) {
    t = T[k]
    x = median("rps" SUBSEP "microweb-aot" SUBSEP t); y = median("rps" SUBSEP "microweb" SUBSEP t)
    if (x == "" || y == "" || y == 0) continue
    q[++n] = x / y
    rows = rows sprintf("| %s: AOT ÷ JIT | %s ÷ %s req/s = %.2f× %s | ≥ 0.9× |\n", label[t], thousands(x), thousands(y), x / y, x / y >= 0.9 ? "✓" : "✗")
  }
  if (n) {
    for (i = 2; i <= n; i++) { x = q[i]; for (j = i - 1; j >= 1 && q[j] > x; j--) q[j + 1] = q[j]; q[j + 1] = x }
    m = n % 2 ? q[(n + 1) / 2] : (q[n / 2] + q[n / 2 + 1]) / 2
    rows = rows sprintf("| AOT ÷ JIT throughput, median of the %d endpoints | %.2f× %s | ≥ 0.9× |\n", n, m, m >= 0.9 ? "✓" : "✗")
  }
  rows = rows versus("startup_ms", "microweb", "minimal", "-", "start to first 200: MicroWeb (JIT, generated code) ÷ Minimal API", "%.0f ms", 0.5, 1)
  rows = rows versus("rps", "microweb", "minimal", "page", label["page"] ": MicroWeb (compiled template) ÷ Minimal API (StringBuilder)", "n", 1.5, 0)
  rows = rows versus("rps", "microweb-aot", "minimal", "page", label["page"] ": MicroWeb AOT ÷ Minimal API (StringBuilder)", "n", 1.5, 0)
  if (rows != "") printf "\n### Targets of issue 20 (same run, ratios of medians)\n\n| Measure | Result | Target |\n|---|---|---|\n%s", rows
  if (errs != "") printf "\n**Errors:** %s\n", errs
}
function endpoint(t,    x) { x = label[t]; sub(/, c64.*/, "", x); return x }
# versus: a table row "x ÷ y = r× ✓|✗" for METRIC of servers A and B, or "" when one is missing. fmt "n": thousands.
function versus(metric, a, b, t, what, fmt, target, lower,    x, y, r) {
  x = median(metric SUBSEP a SUBSEP t); y = median(metric SUBSEP b SUBSEP t)
  if (x == "" || y == "" || y == 0) return ""
  r = x / y
  return sprintf("| %s | %s ÷ %s = %.2f× %s | %s %.1f× |\n", what, fmt == "n" ? thousands(x) " req/s" : sprintf(fmt, x),
                 fmt == "n" ? thousands(y) " req/s" : sprintf(fmt, y), r, (lower ? r <= target : r >= target) ? "✓" : "✗", lower ? "≤" : "≥", target)
}
' <(awk -F'\t' -v OFS='\t' '{ print } $1 ~ /rss_kb$/ { m = $1; sub(/_kb$/, "_mib", m); print m, $2, $3, $4 / 1024 }' "$samples") \
  > "$report"

cat "$report"
log "report: bench/load/$report; samples and wrk logs: bench/load/$out/"
