#!/usr/bin/env bash
# One command on a fresh Debian 12 machine, as root: install what Wharf needs,
# build it, put `wharf` and `wharfd` on PATH (and `docker compose` in the CLI's plugins), start wharfd on the default socket,
# make the offline busybox base image, then build and run the sample app.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
npm install --no-audit --no-fund  # not `npm ci`: see .ci/run
npm run build
ln -sf "$PWD/bin/wharf" /usr/local/bin/wharf
ln -sf "$PWD/bin/wharfd" /usr/local/bin/wharfd
# `docker compose` is Wharf's compose, as the docker CLI's plugin.
mkdir -p /usr/local/lib/docker/cli-plugins
ln -sf "$PWD/bin/docker-compose" /usr/local/lib/docker/cli-plugins/docker-compose

if ! wharf version >/dev/null 2>&1; then
  mkdir -p /var/log
  nohup wharfd >/var/log/wharfd.log 2>&1 &
  for _ in $(seq 1 100); do wharf version >/dev/null 2>&1 && break; sleep 0.1; done
fi
wharf image bootstrap busybox

wharf build -t hello examples/hello
wharf run --rm hello
echo
wharf images
