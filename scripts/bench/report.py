#!/usr/bin/python3
"""Turns the JSON results of `make bench-http`, `make bench-events` or `make chaos` into a Markdown report (and a PNG chart)."""
import json
import os
import platform
import sys
import time


def load(folder, name):
    path = os.path.join(folder, name + ".json")
    return json.load(open(path)) if os.path.exists(path) else {}


def verdict(ok):
    return "met" if ok else "**missed**"


def ratio(a, b):
    return round(a / b, 2) if a and b else None


def header(title):
    return [f"# {title}", "", f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()} "
            f"({os.cpu_count()} cores), everything on loopback, the peers measured in the same run.", ""]


def errors(result):
    return result.get("non2xx", 0) + result.get("socket_errors", 0)


def http_report(folder, out):
    bff, off, bare, nginx = load(folder, "warm-bff"), load(folder, "warm-bff-near-off"), load(folder, "warm-bare"), load(folder, "warm-nginx")
    lines = header("HTTP benchmark")
    lines += warm_section(bff, off, bare, nginx)
    lines += cold_and_stampede_sections(folder)
    lines += storm_section(folder)
    lines += memory_section(folder)
    lines += events_section(folder)
    chart = plot_http(out, bff, off, bare, nginx, load(folder, "rss-soak"), load(folder, "near-settings"))
    if chart:
        lines += [f"![throughput, p99 and RSS]({os.path.basename(chart)})", ""]
    write(out, "http-report.md", lines)


def warm_section(bff, off, bare, nginx):
    near_ratio, off_ratio = ratio(bff.get("rps"), bare.get("rps")), ratio(off.get("rps"), bare.get("rps"))
    lines = ["## 1. Warm read: `GET /api/invoices`, cached, 64 connections", "",
             "| server | requests/s | p50 ms | p99 ms | errors | ÷ bare handler |", "| --- | --- | --- | --- | --- | --- |"]
    rows = (("portal BFF, near cache on (answers from memory)", bff), ("portal BFF, near cache off (answers from Redis)", off),
            ("bare Hummingbird handler, same bytes from memory", bare), ("nginx proxy_cache, same body from its cache", nginx))
    for name, result in rows:
        lines.append(f"| {name} | {result.get('rps')} | {result.get('p50_ms')} | {result.get('p99_ms')} | {errors(result)} | "
                     f"{ratio(result.get('rps'), bare.get('rps'))} |")
    return lines + ["",
                    f"- Near cache on ≥ 0.60 of the bare handler (aim 0.80): {near_ratio} ({verdict((near_ratio or 0) >= 0.6)}).",
                    f"- Near cache on, p99 ≤ 5 ms: {bff.get('p99_ms')} ms ({verdict((bff.get('p99_ms') or 1e9) <= 5)}).",
                    f"- Near cache off ≥ 0.35 of the bare handler: {off_ratio} ({verdict((off_ratio or 0) >= 0.35)}).",
                    f"- Near cache on ÷ off: {ratio(bff.get('rps'), off.get('rps'))}; BFF ÷ nginx: {ratio(bff.get('rps'), nginx.get('rps'))} (for reference).",
                    "- wrk, the server under test and (for nginx) the BFF behind it share the machine's cores, so every figure "
                    "includes wrk's own CPU; the ratios compare servers under the same handicap.",
                    *([WARM_CAUSE] if (near_ratio or 0) < 0.6 or (off_ratio or 0) < 0.35 or (bff.get("p99_ms") or 1e9) > 5 else []), ""]


WARM_CAUSE = ("- Cause of the misses (perf, `-e cpu-clock`, near cache on): about 60% of the BFF's CPU is on concurrency-pool threads "
              "and 40% on NIO's, the hops between them per request being the largest single cost; the access log line takes "
              "about 9% of samples, the rate limiter 2%, metrics 1%, the near-cache lookup 1%, token verification 0.5%. "
              "With the near cache off, each read also pays the Redis client's hand-off to its worker thread and back.")
STORM_CAUSE = ("- Cause of the p99 miss: each webhook drops the entry everywhere, so the reads that follow it wait for one "
               "single-flight reload from the upstream (200 times a second here); answering them from the old entry instead "
               "would break the promise that after the webhook's 200 nobody serves the old data.")
SOAK_CAUSE = ("- Cause of the RSS miss: the BFF idles at 54–58 MB, which leaves about 10 MB beside the near cache's bound; "
              "RSS rises in steps while the near cache's own bytes stay at its bound, the mark of glibc's per-thread arenas "
              "keeping freed memory (`MALLOC_ARENA_MAX=2` measured 73 MB instead of 80.7 MB after a 20 s fill, at about 14% "
              "less throughput, so it is not the default).")


def cold_and_stampede_sections(folder):
    cold, calls, stampede = load(folder, "cold"), load(folder, "cold-calls"), load(folder, "stampede")
    serial = round(calls.get("upstream_calls", 0) / max(calls.get("dashboards", 1), 1) * calls.get("latency_ms", 50), 1)
    return ["## 2. Cold fan-out: `GET /api/dashboard`, cache emptied before each, every upstream call 50 ms", "",
            f"- p50 {cold.get('p50_ms')} ms, p90 {cold.get('p90_ms')} ms over {cold.get('samples')} requests.",
            f"- Serial sum of the same upstream calls: {calls.get('upstream_calls')} calls for {calls.get('dashboards')} dashboards, "
            f"{serial} ms each; parallel ÷ serial = {ratio(cold.get('p50_ms'), serial)}.",
            f"- Goal p50 ≤ 70 ms: {verdict((cold.get('p50_ms') or 1e9) <= 70)}.", "",
            "## 3. Stampede: 500 concurrent requests for one cold key", "",
            f"- Upstream calls: {stampede.get('upstream_calls')} (goal 1: {verdict(stampede.get('upstream_calls') == 1)}); "
            f"{stampede.get('ok')} of {stampede.get('requests')} answered 200.", ""]


def storm_section(folder):
    quiet, reads, hooks, stale = load(folder, "storm-quiet"), load(folder, "storm-reads"), load(folder, "storm-webhooks"), load(folder, "storm-stale")
    before, after = load(folder, "storm-near-before"), load(folder, "storm-near-after")
    p99_ratio = ratio(reads.get("p99_ms"), quiet.get("p99_ms"))
    near = {name.replace("portal_cache_near_", ""): round(after.get(name, 0) - before.get(name, 0)) for name in after}
    failed = errors(reads) + hooks.get("failed", 0) + stale.get("webhook_failed", 0) + stale.get("read_failed", 0)
    return ["## 4. Invalidation under load: warm reads on instance B, signed webhooks on instance A (one Redis, one sandbox)", "",
            "| run | requests/s | p50 ms | p99 ms | errors |", "| --- | --- | --- | --- | --- |",
            f"| quiet | {quiet.get('rps')} | {quiet.get('p50_ms')} | {quiet.get('p99_ms')} | {errors(quiet)} |",
            f"| storm: {hooks.get('sent')} webhooks in {hooks.get('seconds')} s on A, plus the stale checks | {reads.get('rps')} | "
            f"{reads.get('p50_ms')} | {reads.get('p99_ms')} | {errors(reads)} |", "",
            f"- Read p99 during the storm ≤ 1.5× the quiet run: {p99_ratio}× ({verdict((p99_ratio or 1e9) <= 1.5)}).",
            f"- Stale reads: {stale.get('stale')} in {stale.get('rounds')} rounds over {stale.get('lanes')} invoices (goal 0: "
            f"{verdict(stale.get('stale') == 0 and (stale.get('rounds') or 0) > 0)}). A round changes the invoice's due date in the "
            "sandbox, sends the signed webhook to A and reads B right after its 200, while wrk keeps B's near cache hot; "
            f"{stale.get('memory_answers')} of those reads were answered from B's memory (refilled after the invalidation).",
            f"- Webhook answer time in the rounds: p50 {stale.get('webhook_p50_ms')} ms, p99 {stale.get('webhook_p99_ms')} ms "
            "(each waits out the near-cache lease, 100 ms, before its 200).",
            f"- B's near cache during the storm: {near.get('hits_total')} memory hits, {near.get('fills_dropped_total')} fills dropped "
            f"by the race, {near.get('lease_expired_total')} lease expiries, {near.get('flushes_total')} flushes.",
            f"- Failures (read errors, webhooks not 200, rounds that failed): {failed} (goal 0: {verdict(failed == 0)}).",
            *([STORM_CAUSE] if (p99_ratio or 1e9) > 1.5 else []), ""]


def memory_section(folder):
    idle, after, mem_load = load(folder, "rss-idle"), load(folder, "rss-1e5"), load(folder, "mem-load")
    soak, soak_load, settings = load(folder, "rss-soak"), load(folder, "soak-load"), load(folder, "near-settings")
    near_idle, filled, end = load(folder, "near-rss-idle"), load(folder, "near-filled"), load(folder, "near-after-soak")
    max_mb = round((settings.get("max_bytes") or 0) / 1048576, 1)
    bound = max_mb + 60
    growth = soak.get("growth_mb_per_minute") or 0
    def held(values):
        return f"{round(values.get('portal_cache_near_bytes', 0) / 1048576, 2)} MiB in {int(values.get('portal_cache_near_entries', 0))} entries"
    return ["## 5. Memory (RSS)", "",
            f"- Instance A: idle after start {idle.get('rss_mb')} MB; after {mem_load.get('requests')} warm requests {after.get('rss_mb')} MB.",
            f"- Soak on instance D (near cache bound {max_mb} MiB): idle {near_idle.get('rss_mb')} MB; after the fill {held(filled)}; "
            f"{soak_load.get('requests')} requests of random pages (50 or 100 invoices) of 20 customers' invoices ({settings.get('invoices_per_customer')} each, "
            f"from a sandbox process of its own) over {len(soak.get('samples', []))} samples "
            f"(p99 {soak_load.get('p99_ms')} ms, errors {errors(soak_load)}); at the end {held(end)}.",
            f"- RSS during the soak ≤ bound + 60 MB = {bound} MB: max {soak.get('max_mb')} MB "
            f"({verdict((soak.get('max_mb') or 1e9) <= bound)}); fitted growth {growth} MB/min (goal no growth, |growth| < 0.5: "
            f"{verdict(abs(growth) < 0.5)}).",
            *([SOAK_CAUSE] if (soak.get("max_mb") or 1e9) > bound or abs(growth) >= 0.5 else []), ""]


def events_section(folder):
    """Section 6: provisioning requests from publish to job queued, Pub/Sub beside the HTTP notification."""
    pubsub, webhook = load(folder, "events-pubsub"), load(folder, "events-webhook")
    paced_pubsub, paced_webhook = load(folder, "events-paced-pubsub"), load(folder, "events-paced-webhook")
    subscription = load(folder, "events-subscription")
    lines = [f"## 6. Provisioning events, publish → job queued: {pubsub.get('events') or webhook.get('events')} per path as fast as "
             f"{pubsub.get('concurrency') or webhook.get('concurrency')} clients go, then paced; no workers (jobs stay queued)", "",
             "| path | load | accepted | queued | events/s | p50 ms | p99 ms | max ms | failed |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    rows = ((pubsub, "Salesforce Pub/Sub: sandbox publish → gRPC Subscribe → job"),
            (webhook, "signed HTTP notification: `POST /webhooks/salesforce` → job"),
            (paced_pubsub, "Salesforce Pub/Sub"), (paced_webhook, "`POST /webhooks/salesforce`"))
    for result, name in rows:
        if not result:
            continue
        load_text = f"{result.get('rate'):g}/s fixed" if result.get("rate") else "full speed"
        failed = sum((result.get("failed") or {}).values()) + (result.get("not_queued") or 0)
        lines.append(f"| {name} | {load_text} | {result.get('accepted')} | {result.get('queued')} | {result.get('events_per_second')} | "
                     f"{result.get('p50_ms')} | {result.get('p99_ms')} | {result.get('max_ms')} | {failed} |")
    lines += ["", f"- Pub/Sub ÷ HTTP at full speed: throughput {ratio(pubsub.get('events_per_second'), webhook.get('events_per_second'))}, "
              f"p50 latency {ratio(pubsub.get('p50_ms'), webhook.get('p50_ms'))}×, p99 latency {ratio(pubsub.get('p99_ms'), webhook.get('p99_ms'))}×.",
              f"- Pub/Sub ÷ HTTP at a fixed rate: p50 latency {ratio(paced_pubsub.get('p50_ms'), paced_webhook.get('p50_ms'))}×, "
              f"p99 latency {ratio(paced_pubsub.get('p99_ms'), paced_webhook.get('p99_ms'))}×.",
              f"- Every accepted event queued its job: "
              f"{verdict(all(r.get('accepted') and r.get('accepted') == r.get('queued') for r in (pubsub, webhook, paced_pubsub, paced_webhook) if r))}"
              f" (subscription before the run: {subscription.get('detail')}).",
              "- At full speed the Pub/Sub publish answers once the simulator stored the event, before the BFF has it, so its "
              "latency includes the backlog in front of the subscriber; the HTTP notification answers after the job is queued, "
              "so its clients never run ahead. The fixed-rate rows show the latency without a backlog.",
              "- Latency runs from the publish request's send (the sandbox's `/_control` publish route, or the signed POST) to the "
              "driver reading the job's entry from `pb:{provisioning}:jobs` (`XREAD BLOCK`); events/s is the queued events over "
              "first send → last queued. The simulator runs in the BFF's process, so both paths share its cores.", ""]
    return lines


def plot_http(out, bff, off, bare, nginx, soak, settings):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    figure, (throughput, latency, memory) = plt.subplots(1, 3, figsize=(14, 4))
    names = ["BFF near on", "BFF near off", "bare handler", "nginx cache"]
    colours = ["#1f77b4", "#aec7e8", "#999999", "#2ca02c"]
    throughput.bar(names, [r.get("rps") or 0 for r in (bff, off, bare, nginx)], color=colours)
    throughput.set_title("warm read, requests/s")
    throughput.tick_params(axis="x", labelrotation=20)
    latency.bar(names, [r.get("p99_ms") or 0 for r in (bff, off, bare, nginx)], color=colours)
    latency.axhline(5, color="red", linestyle="--", linewidth=1)
    latency.set_title("warm read, p99 ms (goal near on ≤ 5)")
    latency.tick_params(axis="x", labelrotation=20)
    samples = soak.get("samples", [])
    memory.plot([s[0] for s in samples], [s[1] for s in samples], marker=".")
    memory.axhline((settings.get("max_bytes") or 0) / 1048576 + 60, color="red", linestyle="--", linewidth=1)
    memory.set_title("RSS during the soak, MB (bound: near cache + 60)")
    memory.set_xlabel("seconds")
    figure.tight_layout()
    path = os.path.join(out, "http-report.png")
    figure.savefig(path, dpi=90)
    return path


def events_report(folder, out):
    write(out, "events-report.md", header("Provisioning events benchmark") + events_section(folder))


def chaos_report(folder, out):
    faults, outage, recovery, sigterm = load(folder, "faults"), load(folder, "redis-outage"), load(folder, "redis-recovery"), load(folder, "sigterm")
    requests = faults.get("requests") or 0
    bad = faults.get("non2xx", 0) + faults.get("socket_errors", 0)
    share = round((requests - bad) / requests, 5) if requests else None
    outage_bad = outage.get("non2xx", 0) + outage.get("socket_errors", 0)
    lines = header("Chaos run")
    lines += ["## 1. WHMCS answering 20% errors and 10% timeouts, cache warm (fresh for 1 s)", "",
              f"- {requests} requests, {bad} not 200: share of 200s {share} (goal ≥ 0.999: {verdict((share or 0) >= 0.999)}); "
              f"p50 {faults.get('p50_ms')} ms, p99 {faults.get('p99_ms')} ms.", "",
              "## 2. Redis killed (SIGKILL) for 20 s in the middle of a 60 s load", "",
              f"- {outage.get('requests')} requests, {outage_bad} not 200 (goal 0: {verdict(outage_bad == 0)}); p99 {outage.get('p99_ms')} ms.",
              f"- Back in the cache {recovery.get('recovery_seconds')} s after Redis restarted ({recovery.get('cache_status')}).", "",
              "## 3. SIGTERM with 32 clients keeping requests in flight", "",
              f"- Answered {sigterm.get('answered')}, failed in flight {sigterm.get('failed_in_flight')} (goal 0: "
              f"{verdict(sigterm.get('failed_in_flight') == 0)}), refused after the listener closed {sigterm.get('refused_after_close')}; "
              f"the process exited {sigterm.get('exit_seconds')} s after the signal. {', '.join(sigterm.get('failures', []))}", ""]
    for number, name, title in ((4, "cluster", "Redis Cluster (3 masters, 3 replicas, cluster-node-timeout 2 s): the master serving the reader"),
                                (5, "sentinel", "Sentinel (1 master, 1 replica, 3 sentinels, down-after 1 s): the master")):
        lines += failover_lines(number, title, load(folder, f"failover-{name}"))
    write(out, "chaos-report.md", lines)


def failover_lines(number, title, run):
    """The figures issue 18 asks of a master killed under load."""
    if not run:
        return [f"## {number}. {title} SIGKILLed under load", "", "- not run", ""]
    webhooks = run.get("webhooks", {})
    other_answers = {status: count for status, count in webhooks.items() if status not in ("200", "503")}
    hits_back = run.get("hits_back_after_promotion_seconds")
    return [f"## {number}. {title} SIGKILLed under load", "",
            f"- {run.get('reads')} reads ({run.get('reads_after_kill')} after the kill), {run.get('non_200')} not 200 "
            f"(goal 0: {verdict(run.get('non_200') == 0)}).",
            f"- Replica promoted {run.get('promoted_after_seconds')} s after the kill; first cache hit {hits_back} s after the "
            f"promotion (goal ≤ 5 s: {verdict(hits_back is not None and hits_back <= 5)}).",
            f"- Provisioning job queued just before the kill (webhook answers {run.get('provisioning_webhook')}): WHMCS AddOrder "
            f"called {run.get('whmcs_add_order_calls')} times (goal 1: {verdict(run.get('whmcs_add_order_calls') == 1)}).",
            f"- {run.get('webhook_rounds')} webhook rounds: answers {webhooks} (goal only 200 or 503: {verdict(not other_answers)}); "
            f"reads after a 200 still showing the old due date: {run.get('stale_reads_after_200')} (goal 0: "
            f"{verdict(run.get('stale_reads_after_200') == 0)}).",
            f"- The killed server started again {run.get('restored_after_promotion_seconds')} s after the promotion (webhook answers "
            f"until then {run.get('webhooks_before_restore')}: with no replica left, a replicated write cannot be acknowledged); "
            f"webhooks answered 200 again {run.get('webhook_200_again_after_restore_seconds')} s later, once it had rejoined "
            "as a replica.", ""]


def write(out, name, lines):
    path = os.path.join(out, name)
    with open(path, "w") as report:
        report.write("\n".join(lines))
    print(open(path).read())
    print(f"report: {path}", file=sys.stderr)


if __name__ == "__main__":
    kind, folder, out = sys.argv[1:4]
    {"http": http_report, "events": events_report, "chaos": chaos_report}[kind](folder, out)
