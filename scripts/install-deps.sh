#!/usr/bin/env bash
# The host packages Wharf runs on: runc (runtime), conmon (shim), busybox-static
# (the offline base image), tini (--init), iptables and the CNI plugins (networking),
# a docker CLI to drive wharfd as a real client in tests, skopeo and docker-registry
# (the reference registry) for the ship tests and bench.
set -euo pipefail
pkgs=(runc conmon busybox-static tini iptables containernetworking-plugins iproute2 procps debootstrap skopeo docker-registry)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v docker >/dev/null 2>&1; then missing+=(docker.io); fi
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Tests and the bench start docker-registry (the reference registry) themselves, with their own config.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
