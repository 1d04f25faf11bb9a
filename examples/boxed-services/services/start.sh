#!/bin/sh
# Starts every service, then waits on them like a tiny init; `selftest` checks them and exits.
httpd -p 80 -h /var/www
echo "web and api up on :80"
if [ "$1" = selftest ]; then
  sleep 0.3
  wget -qO- http://127.0.0.1/ && wget -qO- "http://127.0.0.1/cgi-bin/api?greeting"
  exit $?
fi
exec tail -f /dev/null
