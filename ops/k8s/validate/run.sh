#!/usr/bin/env bash
# Offline validation of the Kubernetes manifests in ops/k8s (no cluster needed): installs the pinned
# validator packages from package-lock.json, validates every object against Kubernetes 1.33's
# schemas plus the cross-checks, then runs the negative tests that prove broken copies are caught.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "ops/k8s/validate: needs Node.js 18 or later and npm (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 18 ]; then
  echo "ops/k8s/validate: needs Node.js 18 or later, found $(node --version)" >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error
node validate.mjs
node --test validate.test.mjs
