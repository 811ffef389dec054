#!/usr/bin/env bash
# Installs what the end-to-end test needs: Debian's Chromium, and code-server (the real VS Code
# workbench, 4.100.3 = VS Code 1.100.3) from the npm registry into e2e/.work/code-server.
# Follows the recipe in the team notes; needs root for apt-get. Safe to re-run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/.work"
version="${CODE_SERVER_VERSION:-4.100.3}"
mkdir -p "$work"

if ! command -v chromium >/dev/null 2>&1 || ! command -v rg >/dev/null 2>&1 || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "e2e setup: installing chromium, ripgrep, libkrb5-dev with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq libkrb5-dev ripgrep chromium fonts-dejavu-core >/dev/null
fi

if [ -x "$work/code-server/node_modules/.bin/code-server" ]; then
  echo "e2e setup: code-server already installed in $work/code-server"
  exit 0
fi

# @vscode/ripgrep's install step downloads rg from GitHub; give it Debian's through its cache.
arch="$(uname -m)"
case "$arch" in
  x86_64) triple="x86_64-unknown-linux-musl" ;;
  aarch64) triple="aarch64-unknown-linux-musl" ;;
  *) echo "e2e setup: unsupported architecture $arch" >&2; exit 1 ;;
esac
for rgv in 1.15.11 1.15.9 1.15.10; do
  cache="/tmp/vscode-ripgrep-cache-$rgv"
  mkdir -p "$cache"
  tmp="$(mktemp -d)"
  cp "$(command -v rg)" "$tmp/rg"
  tar czf "$cache/ripgrep-v13.0.0-10-$triple.tar.gz" -C "$tmp" rg
  rm -rf "$tmp"
done

echo "e2e setup: installing code-server@$version (about a minute)"
mkdir -p "$work/code-server"
cd "$work/code-server"
[ -f package.json ] || echo '{"name":"aidecay-e2e-code-server","private":true}' > package.json
npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm "code-server@$version" 2>&1 | tail -5
"$work/code-server/node_modules/.bin/code-server" --version
