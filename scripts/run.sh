#!/usr/bin/env bash
# Runs the BFF locally against the in-process upstream sandbox, beside a local redis-server.
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-redis.sh swift run portal-bff serve --sandbox
