#!/bin/sh
# Reads the ADDed config and forwards every connection on $LISTEN to the upstream.
. /etc/proxy/proxy.conf
export UPSTREAM_HOST UPSTREAM_PORT
echo "proxy :$LISTEN -> $UPSTREAM_HOST:$UPSTREAM_PORT"
exec nc -ll -p "$LISTEN" -e /usr/local/bin/forward.sh
