#!/bin/sh
# Installs the payload under $TARGET and writes the DNS entry the deployment expects.
set -e
mkdir -p "$TARGET/opt/app" "$TARGET/etc"
cp -r /installer/payload/. "$TARGET/opt/app/"
echo "10.0.0.10 proxy.internal" > "$TARGET/etc/hosts.app"
echo "installed $(ls "$TARGET/opt/app" | wc -l) file(s) into $TARGET"
