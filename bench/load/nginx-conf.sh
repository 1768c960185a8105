#!/usr/bin/env bash
# Writes the nginx reference server's configuration: nginx-conf.sh PORT STATIC_ROOT PREFIX > PREFIX/nginx.conf
# nginx is the limit reference in run.sh (docs/benchmarks.md): one worker (run.sh pins it to SERVER_CPU with
# taskset, which the worker inherits), 127.0.0.1 only, no access log, the same bytes and Content-Type as the .NET
# apps for /plaintext and /json (`return 200`), the two static files with sendfile. /users and /page have no
# nginx counterpart. Everything nginx writes (pid, error log, temp dirs) goes under PREFIX.
set -euo pipefail
port=$1 root=$2 prefix=$3
cat <<CONF
daemon off;
master_process on;
worker_processes 1;
pid $prefix/nginx.pid;
error_log $prefix/error.log warn;
events {
    worker_connections 1024;
    multi_accept on;
}
http {
    access_log off;
    server_tokens off;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    client_body_temp_path $prefix/client_body;
    proxy_temp_path $prefix/proxy;
    fastcgi_temp_path $prefix/fastcgi;
    uwsgi_temp_path $prefix/uwsgi;
    scgi_temp_path $prefix/scgi;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    server {
        listen 127.0.0.1:$port reuseport;
        location = /plaintext {
            default_type "text/plain; charset=utf-8";
            return 200 'Hello, World!';
        }
        location = /json {
            default_type "application/json; charset=utf-8";
            return 200 '{"message":"Hello, World!"}';
        }
        location /static/ {
            alias $root/;
            types {
                text/css css;
                application/octet-stream bin;
            }
            charset_types text/css;
            charset utf-8;
            etag on;
        }
    }
}
CONF
