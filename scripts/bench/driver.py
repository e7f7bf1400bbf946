#!/usr/bin/python3
"""Load and probe steps of `make bench-http` and `make chaos`, each printing one JSON object.

Standard library only. Every loop is bounded by a count and a time limit, and only loopback is contacted.
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid


def request(port, path, token=None, method="GET", body=None, headers=None, timeout=10):
    """(status, headers dict, body bytes) of one request on a new connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    all_headers = dict(headers or {})
    if token:
        all_headers["Authorization"] = "Bearer " + token
    try:
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        connection.close()


def redis_command(port, *words):
    return subprocess.run(["redis-cli", "-p", str(port), *words], capture_output=True, text=True, timeout=10).stdout.strip()


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, int(round(share * (len(ordered) - 1)))))
    return ordered[index]


def parse_wrk(text):
    """Requests/s, latency percentiles (ms), requests and errors from `wrk --latency` output."""
    def millis(value):
        number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    result = {"rps": None, "p50_ms": None, "p90_ms": None, "p99_ms": None, "requests": 0, "non2xx": 0, "socket_errors": 0}
    for line in text.splitlines():
        line = line.strip()
        match = re.match(r"(50|90|99)%\s+(\S+)", line)
        if match:
            result[f"p{match.group(1)}_ms"] = round(millis(match.group(2)), 3)
        if line.startswith("Requests/sec:"):
            result["rps"] = float(line.split()[1])
        match = re.match(r"(\d+) requests in", line)
        if match:
            result["requests"] = int(match.group(1))
        if line.startswith("Non-2xx or 3xx responses:"):
            result["non2xx"] = int(line.split()[-1])
        if line.startswith("Socket errors:"):
            result["socket_errors"] = sum(int(n) for n in re.findall(r"(\d+)", line))
    return result


def command_wrk(args):
    print(json.dumps(parse_wrk(open(args.file).read())))


def command_cold_fanout(args):
    """Dashboard latency with the cache emptied before each request."""
    samples = []
    deadline = time.monotonic() + args.time_limit
    for _ in range(args.count):
        if time.monotonic() > deadline:
            break
        redis_command(args.redis_port, "FLUSHDB")
        started = time.perf_counter()
        status, headers, _ = request(args.port, "/api/dashboard", args.token)
        elapsed = (time.perf_counter() - started) * 1000
        if status == 200 and headers.get("cache-status", "").startswith("portal-bff; fwd=miss"):
            samples.append(elapsed)
    print(json.dumps({"samples": len(samples), "p50_ms": round(statistics.median(samples), 1) if samples else None,
                      "p90_ms": round(percentile(samples, 0.9), 1) if samples else None}))


def sandbox_calls(port, system):
    status, _, body = request(port, f"/_control/{system}/calls")
    return json.loads(body) if status == 200 else {}


def command_calls(args):
    total = sum(sum(sandbox_calls(args.sandbox_port, system).values()) for system in ("whmcs", "salesforce", "freebit"))
    print(total)


def command_stampede(args):
    """N concurrent requests for one cold key, released together; upstream calls counted by the sandbox."""
    redis_command(args.redis_port, "FLUSHDB")
    before = sandbox_calls(args.sandbox_port, "whmcs").get(args.action, 0)
    barrier = threading.Barrier(args.count, timeout=30)
    statuses = []
    lock = threading.Lock()

    def one():
        try:
            barrier.wait()
            status, _, _ = request(args.port, args.path, args.token, timeout=30)
        except Exception as error:  # noqa: BLE001 - any failure is counted as one
            status = type(error).__name__
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=one) for _ in range(args.count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    after = sandbox_calls(args.sandbox_port, "whmcs").get(args.action, 0)
    ok = sum(1 for status in statuses if status == 200)
    print(json.dumps({"requests": args.count, "ok": ok, "failed": args.count - ok, "upstream_calls": after - before}))


def sign(secret, event_id, timestamp, body):
    mac = hmac.new(secret.encode(), f"{event_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def invoice_webhook(port, secret, client, invoice, instance="default"):
    """The status of one signed WHMCS InvoicePaid notification."""
    event_id = "bench-" + uuid.uuid4().hex
    body = json.dumps({"id": event_id, "event": "InvoicePaid", "occurredAt": "2026-11-23T10:00:00Z",
                       "data": {"invoiceid": invoice, "userid": client}}).encode()
    timestamp = str(int(time.time()))
    status, _, _ = request(port, f"/webhooks/whmcs/{instance}", method="POST", body=body, headers={
        "Content-Type": "application/json", "webhook-id": event_id, "webhook-timestamp": timestamp,
        "webhook-signature": sign(secret, event_id, timestamp, body)})
    return status


def command_stale_check(args):
    """Lanes of rounds, one invoice each: change its due date in the sandbox, signed webhook on the writer
    instance, read on the reader instance right after the 200; a read that still shows the old due date is stale."""
    invoices = [int(number) for number in args.invoices.split(",")]
    totals = {"rounds": 0, "stale": 0, "webhook_failed": 0, "read_failed": 0, "memory_answers": 0}
    webhook_ms = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.duration
    first_due = datetime.date(2027, 1, 1)

    def lane(invoice):
        for number in range(1, 100000):
            if time.monotonic() >= deadline:
                return
            due = (first_due + datetime.timedelta(days=number)).isoformat()
            outcome = "rounds"
            try:
                status, _, _ = request(args.sandbox_port, f"/_control/whmcs/invoices/{invoice}", method="PUT",
                                       body=json.dumps({"dueDate": due}).encode(), headers={"Content-Type": "application/json"})
                if status != 200:
                    raise RuntimeError(f"the sandbox answered {status} to the change")
                sent = time.monotonic()
                if invoice_webhook(args.writer_port, args.secret, args.client, invoice) != 200:
                    outcome = "webhook_failed"
                else:
                    elapsed = (time.monotonic() - sent) * 1000
                    status, headers, body = request(args.reader_port, args.path, args.token)
                    listed = {item.get("id"): item for item in json.loads(body).get("items", [])} if status == 200 else {}
                    if invoice not in listed:
                        outcome = "read_failed"
                    else:
                        with lock:
                            webhook_ms.append(elapsed)
                            totals["memory_answers"] += headers.get("cache-status", "").endswith("detail=memory")
                            totals["stale"] += listed[invoice].get("dueOn") != due
            except Exception:  # noqa: BLE001 - counted, and the lane goes on
                outcome = "read_failed"
            with lock:
                totals[outcome] += 1

    threads = [threading.Thread(target=lane, args=(invoice,)) for invoice in invoices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.duration + 60)
    totals.update({"lanes": len(invoices), "webhook_p50_ms": round(percentile(webhook_ms, 0.5) or 0, 1),
                   "webhook_p99_ms": round(percentile(webhook_ms, 0.99) or 0, 1)})
    print(json.dumps(totals))


def command_first_page(args):
    """The ids of the invoices on the reader's first page, comma-separated (the lanes of stale-check)."""
    status, _, body = request(args.port, args.path, args.token)
    if status != 200:
        print(f"first-page: {args.path} answered {status}", file=sys.stderr)
        return 1
    print(",".join(str(item["id"]) for item in json.loads(body).get("items", [])[: args.count]))
    return 0


def command_metrics(args):
    """Chosen series of the operator listener's /metrics, as name → value (summed over labels)."""
    _, _, body = request(args.operator_port, "/metrics")
    wanted = args.names.split(",")
    values = {name: 0.0 for name in wanted}
    for line in body.decode().splitlines():
        name = re.split(r"[{ ]", line, maxsplit=1)[0]
        if name in values and not line.startswith("#"):
            values[name] += float(line.rsplit(" ", 1)[1])
    print(json.dumps(values))


def command_webhook_storm(args):
    """Signed InvoicePaid events for one client at a fixed rate for a fixed time."""
    results = {"sent": 0, "ok": 0, "failed": 0}
    lock = threading.Lock()
    interval = 1.0 / args.rate
    started = time.monotonic()
    threads = []

    def send():
        try:
            status = invoice_webhook(args.port, args.secret, args.client, args.invoice)
        except Exception:  # noqa: BLE001
            status = None
        with lock:
            results["sent"] += 1
            results["ok" if status == 200 else "failed"] += 1

    for index in range(int(args.rate * args.duration)):
        due = started + index * interval
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        thread = threading.Thread(target=send)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=30)
    results["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(results))


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


def command_rss(args):
    print(json.dumps({"rss_mb": rss_mb(args.pid)}))


def command_rss_samples(args):
    """RSS every `interval` seconds for `duration` seconds, and the fitted growth per minute."""
    samples = []
    started = time.monotonic()
    while time.monotonic() - started <= args.duration:
        samples.append((round(time.monotonic() - started, 1), rss_mb(args.pid)))
        time.sleep(args.interval)
    xs = [x for x, _ in samples]
    ys = [y for _, y in samples]
    slope = 0.0
    if len(samples) > 2:
        mean_x, mean_y = statistics.mean(xs), statistics.mean(ys)
        denominator = sum((x - mean_x) ** 2 for x in xs) or 1
        slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / denominator
    print(json.dumps({"samples": samples, "growth_mb_per_minute": round(slope * 60, 3), "max_mb": max(ys) if ys else None}))


def command_sigterm(args):
    """Keeps `workers` requests in flight on new connections, sends SIGTERM to the BFF, and sorts the outcomes:
    a request the server accepted but never answered is a failed in-flight request; a refused connection
    after the listener closed is not."""
    stop = threading.Event()
    counts = {"answered": 0, "refused_after_close": 0, "failed_in_flight": 0}
    failures = []
    lock = threading.Lock()

    def worker():
        for _ in range(100000):
            if stop.is_set():
                return
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=15)
            try:
                connection.connect()
            except OSError:
                with lock:
                    counts["refused_after_close"] += 1
                time.sleep(0.05)
                continue
            try:
                connection.request("GET", args.path, headers={"Authorization": "Bearer " + args.token})
                response = connection.getresponse()
                response.read()
                with lock:
                    counts["answered"] += 1
            except Exception as error:  # noqa: BLE001
                with lock:
                    counts["failed_in_flight"] += 1
                    failures.append(type(error).__name__)
            finally:
                connection.close()

    threads = [threading.Thread(target=worker) for _ in range(args.workers)]
    for thread in threads:
        thread.start()
    time.sleep(args.after)
    os.kill(args.pid, signal.SIGTERM)
    signalled = time.monotonic()
    exited = None
    for _ in range(int(args.time_limit * 20)):
        try:
            os.kill(args.pid, 0)
        except ProcessLookupError:
            exited = time.monotonic()
            break
        time.sleep(0.05)
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=20)
    counts["failures"] = sorted(set(failures))
    counts["exit_seconds"] = round(exited - signalled, 2) if exited else None
    print(json.dumps(counts))


def command_recovery(args):
    """Seconds until the BFF stores into (then hits) the cache again after Redis came back."""
    started = time.monotonic()
    while time.monotonic() - started < args.time_limit:
        try:
            _, headers, _ = request(args.port, args.path, args.token, timeout=5)
            status = headers.get("cache-status", "")
            if "hit" in status or "stored" in status:
                print(json.dumps({"recovery_seconds": round(time.monotonic() - started, 2), "cache_status": status}))
                return
        except Exception:  # noqa: BLE001
            pass
        time.sleep(0.1)
    print(json.dumps({"recovery_seconds": None}))


def command_status_share(args):
    """Share of 200s over `count` sequential requests, with the other statuses."""
    statuses = {}
    deadline = time.monotonic() + args.time_limit
    for _ in range(args.count):
        if time.monotonic() > deadline:
            break
        try:
            status, _, _ = request(args.port, args.path, args.token, timeout=15)
        except Exception as error:  # noqa: BLE001
            status = type(error).__name__
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    total = sum(statuses.values())
    print(json.dumps({"requests": total, "statuses": statuses, "share_200": round(statuses.get("200", 0) / total, 5) if total else None}))


class Resp:
    """A minimal RESP2 client on one socket (the standard library has none), enough for XREAD and XREVRANGE."""

    def __init__(self, port, timeout=10):
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.reader = self.socket.makefile("rb")

    def command(self, *words):
        parts = [b"*%d\r\n" % len(words)]
        for word in words:
            data = word if isinstance(word, bytes) else str(word).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
        self.socket.sendall(b"".join(parts))
        return self.reply()

    def reply(self):
        line = self.reader.readline()
        if not line:
            raise ConnectionError("redis closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            length = int(rest)
            if length < 0:
                return None
            data = self.reader.read(length + 2)
            return data[:-2].decode()
        if kind == b"*":
            count = int(rest)
            return None if count < 0 else [self.reply() for _ in range(count)]
        raise RuntimeError(f"unexpected RESP reply {line!r}")

    def close(self):
        self.socket.close()


def salesforce_id(prefix15):
    """The 18-character form of a 15-character Salesforce id (its case-checksum suffix appended)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    suffix = ""
    for block in range(3):
        bits = sum(1 << offset for offset, char in enumerate(prefix15[block * 5:block * 5 + 5]) if "A" <= char <= "Z")
        suffix += alphabet[bits]
    return prefix15 + suffix


JOB_STREAM = "pb:{provisioning}:jobs"


def watch_queued(redis_port, wanted, queued, ready, done, deadline):
    """Timestamps (perf_counter) each new entry of the provisioning stream whose orderId is wanted."""
    redis = Resp(redis_port, timeout=5)
    try:
        last = redis.command("XREVRANGE", JOB_STREAM, "+", "-", "COUNT", 1)
        last_id = last[0][0] if last else "0-0"
        ready.set()
        while not done.is_set() and time.monotonic() < deadline and len(queued) < len(wanted):
            reply = redis.command("XREAD", "COUNT", 1000, "BLOCK", 200, "STREAMS", JOB_STREAM, last_id)
            now = time.perf_counter()
            for _, entries in reply or []:
                for entry_id, fields in entries:
                    last_id = entry_id
                    order_id = dict(zip(fields[::2], fields[1::2])).get("orderId")
                    if order_id in wanted and order_id not in queued:
                        queued[order_id] = now
    finally:
        ready.set()
        redis.close()


def command_events(args):
    """Publishes `count` provisioning requests (Pub/Sub through the sandbox, or signed HTTP notifications to the
    BFF) from `concurrency` keep-alive clients, as fast as they go or paced at `rate` per second, and times each
    from its request's send to its job's entry in the provisioning stream."""
    tag = uuid.uuid4().hex[:4].upper()
    order_ids = [salesforce_id(f"801{tag}{index:08d}") for index in range(args.count)]
    wanted = set(order_ids)
    account = salesforce_id("001BENCH0000001")
    sent, queued, failures = {}, {}, {}
    lock = threading.Lock()
    deadline = time.monotonic() + args.time_limit
    ready, done = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch_queued, args=(args.redis_port, wanted, queued, ready, done, deadline))
    watcher.start()
    ready.wait(10)
    if args.via == "pubsub":
        port, path = args.sandbox_port, "/_control/salesforce/events/OrderProvisionRequested__e"
    else:
        port, path = args.port, "/webhooks/salesforce"

    def message(order_id):
        if args.via == "pubsub":
            return json.dumps({"orderId__c": order_id, "idemKey__c": "bench-" + order_id}).encode(), {"Content-Type": "application/json"}
        event_id = "bench-" + uuid.uuid4().hex
        body = json.dumps({"id": event_id, "event": "OrderProvisionRequested", "occurredAt": "2026-11-23T10:00:00Z",
                           "data": {"orderId": order_id, "accountId": account}}).encode()
        timestamp = str(int(time.time()))
        return body, {"Content-Type": "application/json", "webhook-id": event_id, "webhook-timestamp": timestamp,
                      "webhook-signature": sign(args.secret, event_id, timestamp, body)}

    pending = list(reversed(list(enumerate(order_ids))))
    begun = time.monotonic()

    def publisher():
        connection = None
        while time.monotonic() < deadline:
            with lock:
                if not pending:
                    break
                index, order_id = pending.pop()
            if args.rate > 0:  # paced: event i is due i / rate seconds after the start
                pause = begun + index / args.rate - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
            body, headers = message(order_id)
            status = None
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                started = time.perf_counter()
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except Exception as error:  # noqa: BLE001 - any failure is counted as one
                status = type(error).__name__
                if connection is not None:
                    connection.close()
                connection = None
            with lock:
                if status == 200:
                    sent[order_id] = started
                else:
                    failures[str(status)] = failures.get(str(status), 0) + 1
        if connection is not None:
            connection.close()

    publishers = [threading.Thread(target=publisher) for _ in range(args.concurrency)]
    for thread in publishers:
        thread.start()
    for thread in publishers:
        thread.join(timeout=max(deadline - time.monotonic(), 0) + 15)
    # Every accepted event should reach the stream; the watcher stops once all have, or at the time limit.
    while time.monotonic() < deadline and not all(order_id in queued for order_id in sent):
        time.sleep(0.05)
    done.set()
    watcher.join(timeout=10)
    with lock:
        latencies = [(queued[order_id] - started) * 1000 for order_id, started in sent.items() if order_id in queued]
        first_send = min(sent.values()) if sent else None
        last_queued = max((queued[order_id] for order_id in sent if order_id in queued), default=None)
    span = (last_queued - first_send) if first_send is not None and last_queued is not None else None
    print(json.dumps({
        "via": args.via, "events": args.count, "accepted": len(sent), "queued": len(latencies),
        "not_queued": len(sent) - len(latencies), "failed": failures, "concurrency": args.concurrency, "rate": args.rate,
        "seconds": round(span, 3) if span else None,
        "events_per_second": round(len(latencies) / span, 1) if span else None,
        "p50_ms": round(percentile(latencies, 0.5), 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 2) if latencies else None,
        "max_ms": round(max(latencies), 2) if latencies else None}))


def command_wait_check(args):
    """Waits until the operator listener's detailed /readyz shows the named check `up` with `detail` in its
    detail (a standby Pub/Sub subscription is `up` too, but not subscribed); prints the check."""
    deadline = time.monotonic() + args.time_limit
    check = None
    while time.monotonic() < deadline:
        try:
            status, _, body = request(args.operator_port, "/readyz", timeout=5)
            check = json.loads(body).get("checks", {}).get(args.check) if status == 200 else None
            if check and check.get("status") == "up" and args.detail in (check.get("detail") or ""):
                print(json.dumps(check))
                return 0
        except Exception:  # noqa: BLE001
            pass
        time.sleep(0.2)
    print(json.dumps({"check": args.check, "last": check, "error": "not up in time"}))
    return 1


PORT = ("--port", int, None)
TOKEN = ("--token", str, None)
REDIS_PORT = ("--redis-port", int, None)
SANDBOX_PORT = ("--sandbox-port", int, None)
PID = ("--pid", int, None)

# name → (function, options as (flag, type, default); a default of None makes the option required)
def command_failover(args):
    """A Redis master killed under load: readers of the customer whose slot it served, a signed webhook round
    every 0.5 s (change an invoice in the sandbox, notify, read it back after a 200) and a provisioning job
    queued just before the kill. Reports non-200 answers, seconds from the promotion to the first cache hit,
    the webhooks' answers and stale reads, and how many times WHMCS was asked to add the order. `restore_after`
    seconds after the promotion the killed server is started again (an operator replacing the node): it
    rejoins as the new master's replica, which the replicated writes wait for."""
    def cache_hit():
        _, headers, _ = request(args.port, args.path, args.token, timeout=5)
        return "hit" in headers.get("cache-status", "")

    deadline = time.monotonic() + 30
    while not cache_hit():
        if time.monotonic() > deadline:
            raise SystemExit("failover: the cache never answered before the kill")
        time.sleep(0.1)
    items = ",".join(json.dumps({"productId": product}) for product in ("01t5g0000000001AAA", "01t5g0000000004AAA"))
    status, _, body = request(args.port, "/api/orders", args.token, method="POST", body=('{"items":[%s]}' % items).encode(),
                              headers={"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex})
    if status != 201:
        raise SystemExit(f"failover: placing the order answered {status}")
    order_id = json.loads(body)["id"]
    adds_before = sum(count for action, count in sandbox_calls(args.sandbox_port, "whmcs").items() if "AddOrder" in action)

    stop = threading.Event()
    lock = threading.Lock()
    reads = []  # (monotonic time, status, cache-status)
    rounds_before_restore = {}
    webhook_times = []  # (monotonic time, status)
    webhooks = {}
    totals = {"stale": 0, "webhook_rounds": 0}

    def reader():
        while not stop.is_set():
            try:
                status, headers, _ = request(args.port, args.path, args.token, timeout=10)
                record = (time.monotonic(), status, headers.get("cache-status", ""))
            except Exception:  # noqa: BLE001 - a refused or dropped connection is a failed answer
                record = (time.monotonic(), 0, "")
            with lock:
                reads.append(record)

    def webhook_lane():
        first_due = datetime.date(2028, 1, 1)
        for number in range(1, 100000):
            if stop.is_set():
                return
            due = (first_due + datetime.timedelta(days=number)).isoformat()
            try:
                request(args.sandbox_port, f"/_control/whmcs/invoices/{args.invoice}", method="PUT",
                        body=json.dumps({"dueDate": due}).encode(), headers={"Content-Type": "application/json"})
                status = invoice_webhook(args.port, args.secret, args.client, args.invoice)
                stale = False
                if status == 200:
                    answer, _, body = request(args.port, args.path, args.token)
                    listed = {item.get("id"): item for item in json.loads(body).get("items", [])} if answer == 200 else {}
                    stale = args.invoice in listed and listed[args.invoice].get("dueOn") != due
            except Exception:  # noqa: BLE001
                status, stale = 0, False
            with lock:
                webhook_times.append((time.monotonic(), status))
                webhooks[str(status)] = webhooks.get(str(status), 0) + 1
                totals["webhook_rounds"] += 1
                totals["stale"] += stale
            stop.wait(0.5)

    threads = [threading.Thread(target=reader) for _ in range(args.readers)] + [threading.Thread(target=webhook_lane)]
    for thread in threads:
        thread.start()
    time.sleep(args.kill_after)
    provisioning = {}
    for _ in range(50):
        event_id = "chaos-" + uuid.uuid4().hex
        body = json.dumps({"id": event_id, "event": "OrderProvisionRequested", "occurredAt": "2026-11-23T10:00:00Z",
                           "data": {"orderId": order_id, "accountId": args.account}}).encode()
        timestamp = str(int(time.time()))
        status, _, _ = request(args.port, "/webhooks/salesforce", method="POST", body=body, headers={
            "Content-Type": "application/json", "webhook-id": event_id, "webhook-timestamp": timestamp,
            "webhook-signature": sign(args.salesforce_secret, event_id, timestamp, body)})
        provisioning[str(status)] = provisioning.get(str(status), 0) + 1
        if status == 200:
            break
        time.sleep(0.1)
    killed_at = time.monotonic()
    subprocess.run(args.kill, shell=True, check=True)
    promoted_at = restored_at = None
    while time.monotonic() - killed_at < args.duration:
        if promoted_at is None and subprocess.run(args.promoted, shell=True).returncode == 0:
            promoted_at = time.monotonic()
        if promoted_at and restored_at is None and time.monotonic() - promoted_at >= args.restore_after:
            subprocess.run(args.restore, shell=True, check=True)
            restored_at = time.monotonic()
            with lock:
                rounds_before_restore = dict(webhooks)
        time.sleep(0.1)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    adds = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        adds = sum(count for action, count in sandbox_calls(args.sandbox_port, "whmcs").items() if "AddOrder" in action) - adds_before
        if adds >= 1:
            time.sleep(3)
            adds = sum(count for action, count in sandbox_calls(args.sandbox_port, "whmcs").items() if "AddOrder" in action) - adds_before
            break
        time.sleep(0.2)
    after_kill = [read for read in reads if read[0] >= killed_at]
    first_ok = next((at for at, status in webhook_times if restored_at and at >= restored_at and status == 200), None)
    first_hit = next((read[0] for read in after_kill if promoted_at and read[0] >= promoted_at and "hit" in read[2]), None)
    print(json.dumps({
        "reads": len(reads), "reads_after_kill": len(after_kill), "non_200": sum(1 for read in reads if read[1] != 200),
        "promoted_after_seconds": round(promoted_at - killed_at, 2) if promoted_at else None,
        "hits_back_after_promotion_seconds": round(first_hit - promoted_at, 2) if first_hit else None,
        "webhooks": webhooks, "webhook_rounds": totals["webhook_rounds"], "stale_reads_after_200": totals["stale"],
        "provisioning_webhook": provisioning, "whmcs_add_order_calls": adds,
        "restored_after_promotion_seconds": round(restored_at - promoted_at, 2) if restored_at else None,
        "webhooks_before_restore": rounds_before_restore,
        "webhook_200_again_after_restore_seconds": round(first_ok - restored_at, 2) if first_ok else None,
    }))


COMMANDS = {
    "cold-fanout": (command_cold_fanout, [PORT, REDIS_PORT, TOKEN, ("--count", int, 40), ("--time-limit", float, 60)]),
    "calls": (command_calls, [SANDBOX_PORT]),
    "stampede": (command_stampede, [PORT, REDIS_PORT, SANDBOX_PORT, TOKEN, ("--path", str, "/api/invoices"),
                                    ("--action", str, "whmcs.GetInvoices"), ("--count", int, 500)]),
    "webhook-storm": (command_webhook_storm, [PORT, ("--secret", str, None), ("--client", int, None), ("--invoice", int, None),
                                              ("--rate", float, 200), ("--duration", float, 30)]),
    "stale-check": (command_stale_check, [("--writer-port", int, None), ("--reader-port", int, None), SANDBOX_PORT, TOKEN,
                                          ("--secret", str, None), ("--client", int, None), ("--invoices", str, None),
                                          ("--path", str, "/api/invoices"), ("--duration", float, 30)]),
    "first-page": (command_first_page, [PORT, TOKEN, ("--path", str, "/api/invoices"), ("--count", int, 8)]),
    "metrics": (command_metrics, [("--operator-port", int, None), ("--names", str, None)]),
    "rss": (command_rss, [PID]),
    "rss-samples": (command_rss_samples, [PID, ("--duration", float, 300), ("--interval", float, 10)]),
    "sigterm": (command_sigterm, [PORT, PID, TOKEN, ("--path", str, "/api/dashboard"), ("--workers", int, 32),
                                  ("--after", float, 3), ("--time-limit", float, 30)]),
    "recovery": (command_recovery, [PORT, TOKEN, ("--path", str, "/api/invoices"), ("--time-limit", float, 60)]),
    "events": (command_events, [REDIS_PORT, ("--via", str, None), ("--port", int, 0), ("--sandbox-port", int, 0),
                                ("--secret", str, ""), ("--count", int, 2000), ("--concurrency", int, 16),
                                ("--rate", float, 0), ("--time-limit", float, 180)]),
    "wait-check": (command_wait_check, [("--operator-port", int, None), ("--check", str, "salesforce-pubsub"),
                                        ("--detail", str, "subscribed"),
                                        ("--time-limit", float, 60)]),
    "failover": (command_failover, [PORT, SANDBOX_PORT, TOKEN, ("--path", str, "/api/invoices"), ("--secret", str, None),
                                    ("--salesforce-secret", str, None), ("--client", int, None), ("--invoice", int, None),
                                    ("--account", str, None), ("--kill", str, None), ("--promoted", str, None),
                                    ("--restore", str, None), ("--restore-after", float, 5),
                                    ("--readers", int, 4), ("--kill-after", float, 5), ("--duration", float, 30)]),
    "status-share": (command_status_share, [PORT, TOKEN, ("--path", str, "/api/invoices"), ("--count", int, 2000),
                                            ("--time-limit", float, 120)]),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    wrk = commands.add_parser("wrk", help="parse `wrk --latency` output")
    wrk.add_argument("file")
    wrk.set_defaults(run=command_wrk)
    for name, (function, options) in COMMANDS.items():
        command = commands.add_parser(name, help=(function.__doc__ or "").split("\n")[0])
        for flag, kind, default in options:
            if default is None:
                command.add_argument(flag, type=kind, required=True)
            else:
                command.add_argument(flag, type=kind, default=default)
        command.set_defaults(run=function)
    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
