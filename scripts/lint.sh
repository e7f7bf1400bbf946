#!/usr/bin/env bash
# Checks formatting (`swift format lint --strict` with .swift-format; scripts/format.sh fixes it) and the module
# graph (scripts/check-layering.py: every target's dependencies against the arrows of architecture.md, kept in
# scripts/layers.json, after the check's own tests). `scripts/lint.sh format` or `scripts/lint.sh layering` runs
# one of the two. Prints one summary line per check and exits non-zero on any finding.
set -uo pipefail

cd "$(dirname "$0")/.."
checks=("$@")
[[ ${#checks[@]} -gt 0 ]] || checks=(format layering)
shown=20

check_format() {
    source scripts/swift-sources.sh
    local output findings files
    if ! swift format --version >/dev/null 2>&1; then
        echo "lint: swift format: FAILED, this toolchain has no 'swift format' (Swift 6 toolchains ship it)"
        return 1
    fi
    output=$(swift format lint --strict --recursive --parallel --configuration .swift-format "${swift_sources[@]}" 2>&1)
    local status=$?
    findings=$(grep -c ': error: ' <<<"$output")
    files=$(grep ': error: ' <<<"$output" | cut -d: -f1 | sort -u | wc -l)
    if [[ $status -eq 0 && $findings -eq 0 ]]; then
        echo "lint: swift format: clean (${swift_sources[*]})"
        return 0
    fi
    head -n "$shown" <<<"$output"
    [[ $(wc -l <<<"$output") -le $shown ]] || echo "... (first $shown lines of $(wc -l <<<"$output"))"
    echo "lint: swift format: FAILED, $findings finding(s) in $files file(s); scripts/format.sh formats the tree"
    return 1
}

check_layering() {
    local output
    if ! output=$(python3 -m unittest discover -s scripts -p 'test_check_layering.py' 2>&1); then
        echo "$output"
        echo "lint: layering: FAILED, the layering check's own tests fail (scripts/test_check_layering.py)"
        return 1
    fi
    if output=$(python3 scripts/check-layering.py --summary); then
        echo "lint: $output"
        return 0
    fi
    head -n -1 <<<"$output"
    echo "lint: $(tail -n 1 <<<"$output" | sed 's/^layering: /layering: FAILED, /')"
    return 1
}

status=0
for check in "${checks[@]}"; do
    case "$check" in
    format) check_format || status=1 ;;
    layering) check_layering || status=1 ;;
    *) echo "lint.sh: unknown check '$check' (format, layering)" >&2; exit 2 ;;
    esac
done
exit "$status"
