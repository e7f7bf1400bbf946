#!/usr/bin/env bash
# Formats the tree in place with `swift format` and the repository's .swift-format; scripts/lint.sh checks it.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/swift-sources.sh
swift format format --in-place --recursive --parallel --configuration .swift-format "${swift_sources[@]}"
swift format lint --strict --recursive --parallel --configuration .swift-format "${swift_sources[@]}" ||
    { echo "format.sh: the findings above are not fixed by formatting; fix them by hand" >&2; exit 1; }
