# The Swift files `swift format` owns, for scripts/format.sh and scripts/lint.sh (sourced, not run): every
# Swift directory of the three packages and their manifests. Sets `swift_sources` to the ones that exist.
swift_sources=()
for path in Package.swift Sources Tests Packages/Domain/Package.swift Packages/Domain/Sources Packages/Domain/Tests Benchmarks; do
    if [[ -e "$path" ]]; then swift_sources+=("$path"); fi
done
