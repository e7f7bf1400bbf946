#!/usr/bin/env bash
# Runs the BFF locally beside a local redis-server: against the in-process upstream sandbox, or, with
# SANDBOX_AT=http://127.0.0.1:PORT, against a sandbox already running (`swift run portal-bff sandbox --port PORT`).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${SANDBOX_AT:-}" ]]; then
    exec scripts/with-redis.sh swift run portal-bff serve --sandbox-at "$SANDBOX_AT"
fi
exec scripts/with-redis.sh swift run portal-bff serve --sandbox
