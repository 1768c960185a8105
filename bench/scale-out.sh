#!/usr/bin/env bash
# 1 vs 2 MessageBoard instances on PostgreSQL behind nginx, and p50/p99 while one is killed (kill -9).
# Needs wrk, nginx and a PostgreSQL with an empty database; see docs/scale-out.md for the numbers and how it was run:
#   dotnet build samples/MessageBoard -c Release
#   PG="Host=127.0.0.1;Port=55439;Username=postgres;Database=board" bash bench/scale-out.sh
# Ports 5390-5392 on 127.0.0.1. Bounded: three 10 s wrk runs.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DLL=$ROOT/samples/MessageBoard/bin/Release/net10.0/MessageBoard.dll
CS=${PG:?set PG to a PostgreSQL connection string}
KEY=$(head -c 32 /dev/urandom | base64)
W=/tmp/scalew; rm -rf $W; mkdir -p $W
start() { # port name
  dotnet $DLL --contentRoot $ROOT/samples/MessageBoard --MessageBoard:Provider postgres "--ConnectionStrings:MessageBoard=$CS" \
    --Security:Keys:0 "$KEY" --MessageBoard:InstanceName $2 --Server:Urls http://127.0.0.1:$1 --Logging:LogLevel:Default Warning > $W/$2.log 2>&1 &
  echo $! > $W/$2.pid
  for i in $(seq 100); do curl -sf http://127.0.0.1:$1/readyz >/dev/null && return 0; sleep 0.2; done; echo "$2 did not start"; cat $W/$2.log; exit 1
}
nginx_conf() { # servers...
  { echo "worker_processes 1; pid $W/nginx.pid; error_log $W/error.log; events { worker_connections 1024; }"
    echo "http { access_log off; client_body_temp_path $W/tmp; proxy_temp_path $W/tmp; fastcgi_temp_path $W/tmp; uwsgi_temp_path $W/tmp; scgi_temp_path $W/tmp;"
    echo " upstream board { "; for p in "$@"; do echo "  server 127.0.0.1:$p fail_timeout=1s;"; done; echo "  keepalive 64; }"
    echo " server { listen 127.0.0.1:5390; location / { proxy_pass http://board; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; proxy_next_upstream error timeout http_502 http_503; } } }"
  } > $W/nginx.conf
}
mkdir -p $W/tmp
start 5391 a; start 5392 b
nginx_conf 5391; /usr/sbin/nginx -p $W -c $W/nginx.conf
sleep 1; wrk -t1 -c64 -d3s http://127.0.0.1:5390/ >/dev/null   # warm-up
echo "== 1 instance"; wrk -t1 -c64 -d10s --latency http://127.0.0.1:5390/ | grep -E "Requests/sec|99%|Non-2xx|Socket"
nginx_conf 5391 5392; /usr/sbin/nginx -p $W -c $W/nginx.conf -s reload; sleep 1
wrk -t1 -c64 -d3s http://127.0.0.1:5390/ >/dev/null
echo "== 2 instances"; wrk -t1 -c64 -d10s --latency http://127.0.0.1:5390/ | grep -E "Requests/sec|99%|Non-2xx|Socket"
echo "== 2 instances, b killed with -9 after 3 s"
( sleep 3; kill -9 $(cat $W/b.pid) ) &
wrk -t1 -c64 -d10s --latency http://127.0.0.1:5390/ | grep -E "Requests/sec|50%|99%|Non-2xx|Socket"
/usr/sbin/nginx -p $W -c $W/nginx.conf -s stop; kill $(cat $W/a.pid) 2>/dev/null; wait 2>/dev/null
