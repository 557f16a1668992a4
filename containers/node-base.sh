#!/usr/bin/env bash
# Makes a Node base image from this machine's own node binary and the libraries it links, for
# machines that cannot pull images (the images' NODE_IMAGE build argument). Nothing is downloaded.
#
#   bash containers/node-base.sh [IMAGE]      default IMAGE: sso-conformance/node:20-local
set -euo pipefail
image="${1:-sso-conformance/node:20-local}"
node_bin="$(readlink -f "$(command -v node)")"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/usr/local/bin" "$root/tmp" "$root/etc"
cp "$node_bin" "$root/usr/local/bin/node"
# The dynamic loader and every shared library node links against (ldd prints their paths).
for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnode:x:1000:1000:node:/home/node:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$root/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"

tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' - "$image" >/dev/null
echo "$image ($("$node_bin" --version))"
