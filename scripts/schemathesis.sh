#!/usr/bin/env bash
# Fuzzes the public API against its own OpenAPI document: schemathesis (installed from PyPI when missing)
# against a live `portal-bff serve --sandbox` on free loopback ports, in its own Redis database, with a token of
# a seeded customer. Fails on any 5xx, any status the document does not list, any body or header that
# violates its schema, and any wrong method not answered 405 with `Allow`. Bounded to a few minutes.
# Needs REDIS_URL (run through scripts/with-redis.sh); SCHEMATHESIS_EXAMPLES sets the examples per operation.
set -euo pipefail

cd "$(dirname "$0")/.."
[[ -n "${REDIS_URL:-}" ]] || { echo "schemathesis.sh: REDIS_URL is not set" >&2; exit 2; }
version=4.32.5

if [[ "$(schemathesis --version 2>/dev/null)" != *"version $version"* ]]; then
    echo "schemathesis.sh: installing schemathesis $version from PyPI" >&2
    timeout 300 python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$version" >&2
fi

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
swift build --product portal-bff 2>&1 | grep -E "error:|Compiling|Build" | grep -v Compiling | tail -3 >&2
bff="$(swift build --show-bin-path)/portal-bff"
work=$(mktemp -d "${TMPDIR:-/tmp}/portal-bff-schemathesis.XXXXXX")
port=$(free_port)
redis_url="${REDIS_URL%/*}/9"

bff_pid=
stop() {
    if [[ -n "$bff_pid" ]]; then
        kill -TERM "$bff_pid" 2>/dev/null || true
        wait "$bff_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap stop EXIT

# One customer sends every request: lift its budget and the upstreams' so the run measures the API, not the limits.
budgets=(API_CUSTOMER_REQUESTS_PER_MINUTE=1000000 API_CUSTOMER_BURST=1000000)
for system in WHMCS SALESFORCE FREEBIT; do budgets+=("UPSTREAM_${system}_PER_MINUTE=100000" "UPSTREAM_${system}_BURST=10000"); done
env "${budgets[@]}" LOG_LEVEL=warning "$bff" serve --sandbox --config config/development.json --port "$port" --operator-port 0 \
    --redis "$redis_url" >"$work/bff.log" 2>&1 &
bff_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$bff_pid" 2>/dev/null || { echo "schemathesis.sh: portal-bff did not start:" >&2; cat "$work/bff.log" >&2; exit 1; }
    sleep 0.2
done
token=$("$bff" token --customer cust-003 --config config/development.json)

# From the work directory, so that schemathesis leaves nothing in the repository. Writes a JUnit report to $1.
fuzz() {
    (cd "$work" && timeout 300 schemathesis run "http://127.0.0.1:$port/openapi.json" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,unsupported_method,allow_header_conformance \
        --header "Authorization: Bearer $token" --max-examples "${SCHEMATHESIS_EXAMPLES:-50}" --workers 2 \
        --request-timeout 20 --suppress-health-check too_slow,filter_too_much --generation-database none \
        --report junit --report-junit-path "$1" --no-color)
}

# Whether a failed run found nothing against the API and stopped only on exceptions inside the tool itself
# ("Runtime Error": CPython 3.11's ast module sometimes raises SystemError "AST constructor recursion depth
# mismatch" inside hypothesis). Network errors, unresponsive operations and check failures never qualify.
only_tool_errors() {
    python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as tree
try:
    cases = tree.parse(sys.argv[1]).getroot().iter("testcase")
except (OSError, tree.ParseError):
    sys.exit(1)
failures, errors = [], []
for case in cases:
    failures += case.findall("failure")
    errors += case.findall("error")
messages = [(error.get("message") or "") + (error.text or "") for error in errors]
sys.exit(0 if errors and not failures and all(m.lstrip().startswith("Runtime Error") for m in messages) else 1)
PY
}

set +e
fuzz "$work/junit.xml"
status=$?
if [[ $status -ne 0 ]] && only_tool_errors "$work/junit.xml" && kill -0 "$bff_pid" 2>/dev/null; then
    echo "schemathesis.sh: the run stopped on an exception inside schemathesis itself, not on a finding; running once more" >&2
    fuzz "$work/junit-again.xml"
    status=$?
fi
set -e
if [[ $status -ne 0 ]]; then
    echo "schemathesis.sh: failed ($status); the server's warnings and errors:" >&2
    tail -40 "$work/bff.log" >&2
fi
exit "$status"
