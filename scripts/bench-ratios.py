#!/usr/bin/env python3
"""Prints mapping/parsing ratios from an ordo-one benchmark `histogramPercentiles` export.

The export is what scripts/bench.sh asks the benchmark plugin for:

    swift package --package-path Benchmarks --allow-writing-to-directory DIR \\
        benchmark run --target DomainMapping --format histogramPercentiles --path DIR --no-progress
    python3 scripts/bench-ratios.py DIR

The plugin writes one TSV per benchmark and metric, named
`<baseline>.<target>.<benchmark>.<metric>.histogram.percentiles.tsv`: a header
`Percentile<TAB><metric> (<unit>) *`, then rows `0`..`100` with the metric at that percentile.

Each benchmark `X.map` is paired with `X.JSONSerialization`, and their p50 wall clocks compared.
The cache's group invalidation is compared across keyspace sizes and with `KEYS pattern` + DEL, and its
hit rate with redis-benchmark's GET rate, which bench.sh writes to `redis-benchmark.txt` in DIR.
Goals are reported, never asserted: the exit status is non-zero only when results are missing.
Linux samples CPU time in scheduler ticks (10 ms), so per-iteration cpuTotal is 0 or 10 ms and only
its mean, estimated from the percentiles, is shown.
"""

import pathlib
import re
import sys

SUFFIX = ".histogram.percentiles.tsv"
GOAL = 2.0
HITS_PER_ITERATION = 10_000
TIME_UNITS_IN_MS = {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}
COUNT_SCALES = {"#": 1, "K": 1e3, "M": 1e6, "G": 1e9}
COLUMNS = [("wallClock", "wall p50"), ("cpuTotal", "cpu ~mean"), ("mallocCountTotal", "mallocs p50"),
           ("peakMemoryResident", "peak RSS p50")]


def read_export(path):
    """Returns {benchmark: {metric: (percentiles, unit)}} with values at percentiles 0..100."""
    results = {}
    for file in sorted(path.glob("*" + SUFFIX)):
        parts = file.name[: -len(SUFFIX)].split(".")
        if len(parts) < 4:
            continue
        benchmark, metric = ".".join(parts[2:-1]), parts[-1]
        lines = file.read_text(encoding="utf-8").splitlines()
        units = re.findall(r"\(([^()]*)\)", lines[0])
        unit = units[-1] if len(units) > 1 else "#"
        values = {int(p): float(v) for p, v in (line.split("\t") for line in lines[1:] if line.strip())}
        results.setdefault(benchmark, {})[metric] = (values, unit)
    return results


def as_ms(values, unit, percentile):
    return values[percentile] * TIME_UNITS_IN_MS[unit]


def render(metric, values, unit):
    if metric == "cpuTotal":
        mean = sum(values[p] for p in range(1, 101)) / 100 * TIME_UNITS_IN_MS[unit]
        return f"{mean:.2f} ms"
    if unit in TIME_UNITS_IN_MS:
        return f"{as_ms(values, unit, 50):.2f} ms"
    count = values[50] * COUNT_SCALES.get(unit, 1)
    return f"{count / 1e6:.0f} MB" if metric == "peakMemoryResident" else f"{count:.0f}"


def p50_ms(results, name):
    if name not in results or "wallClock" not in results[name]:
        return None
    return as_ms(*results[name]["wallClock"], 50)


def report_cache(results, directory):
    """Prints the cache ratios; returns False when a result they need is missing."""
    ours = {size: p50_ms(results, f"cache.invalidate.{size}keys") for size in ("1e4", "1e6")}
    keys = {size: p50_ms(results, f"keysPattern.invalidate.{size}keys") for size in ("1e4", "1e6")}
    hits_ms = p50_ms(results, f"cache.hit.{HITS_PER_ITERATION}")
    baseline_file = directory / "redis-benchmark.txt"
    baseline = re.search(r"GET: ([0-9.]+) requests per second", baseline_file.read_text()) if baseline_file.exists() else None
    if None in ours.values() or None in keys.values() or hits_ms is None or baseline is None:
        print("cache: results missing")
        return False
    print("cache invalidation of one customer's 3 groups (p50 wall clock)")
    print(f"  cache: {ours['1e4']:.3f} ms with 1e4 unrelated keys, {ours['1e6']:.3f} ms with 1e6: "
          f"ratio 1e6/1e4 {ours['1e6'] / ours['1e4']:.2f} (goal: flat)")
    print(f"  KEYS + DEL: {keys['1e4']:.2f} ms with 1e4, {keys['1e6']:.2f} ms with 1e6: "
          f"{keys['1e6'] / ours['1e6']:.0f}x the cache's time at 1e6 (goal >= 100x)")
    rate = HITS_PER_ITERATION / (hits_ms / 1000)
    redis_rate = float(baseline.group(1))
    print(f"cache hits: {rate:,.0f}/s vs redis-benchmark GET {redis_rate:,.0f}/s at the same concurrency: "
          f"ratio {rate / redis_rate:.2f} (goal >= 0.5)")
    near_ms = p50_ms(results, f"cache.hit.near.{HITS_PER_ITERATION}")
    evalsha_ms, eval_ms = (p50_ms(results, f"script.{name}.{HITS_PER_ITERATION}") for name in ("evalsha", "eval"))
    if None in (near_ms, evalsha_ms, eval_ms):
        print("cache: near-cache or script results missing")
        return False
    near_rate = HITS_PER_ITERATION / (near_ms / 1000)
    print(f"near-cache hits: {near_rate:,.0f}/s, {near_rate / rate:.1f}x the Redis hits and "
          f"{near_rate / redis_rate:.1f}x redis-benchmark GET")
    print(f"store script: EVALSHA {HITS_PER_ITERATION / (evalsha_ms / 1000):,.0f}/s vs the whole text by EVAL "
          f"{HITS_PER_ITERATION / (eval_ms / 1000):,.0f}/s: {eval_ms / evalsha_ms:.2f}x faster")
    return True


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} EXPORT_DIR")
    directory = pathlib.Path(sys.argv[1])
    results = read_export(directory)
    pairs = sorted({name.rsplit(".", 1)[0] for name in results if name.endswith((".map", ".JSONSerialization"))})
    if not pairs:
        sys.exit(f"no benchmark results in {sys.argv[1]}")

    missing = not report_cache(results, directory)
    print()
    print("mapping/parsing ratio (p50 wall clock)")
    for pair in pairs:
        mapping, parsing = results.get(pair + ".map", {}), results.get(pair + ".JSONSerialization", {})
        if "wallClock" not in mapping or "wallClock" not in parsing:
            print(f"{pair}: wall clock results missing")
            missing = True
            continue
        map_ms, parse_ms = (as_ms(*r["wallClock"], 50) for r in (mapping, parsing))
        print(f"{pair}: map {map_ms:.2f} ms, JSONSerialization {parse_ms:.2f} ms, "
              f"ratio {map_ms / parse_ms:.2f} (goal <= {GOAL})")

    width = max(len(name) for name in results)
    print()
    print(f"{'benchmark':<{width}}  " + "  ".join(f"{title:>12}" for _, title in COLUMNS) + "  wall p0..p90")
    for name in sorted(results):
        cells = [render(m, *results[name][m]) if m in results[name] else "-" for m, _ in COLUMNS]
        spread = ""
        if "wallClock" in results[name]:
            values, unit = results[name]["wallClock"]
            spread = f"{as_ms(values, unit, 0):.2f}..{as_ms(values, unit, 90):.2f} ms"
        print(f"{name:<{width}}  " + "  ".join(f"{cell:>12}" for cell in cells) + f"  {spread}")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
