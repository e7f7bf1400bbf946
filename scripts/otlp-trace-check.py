#!/usr/bin/python3
"""A trace follows a request into every upstream, checked from outside: an OTLP/gRPC receiver built on the
OpenTelemetry project's own protobuf definitions (PyPI opentelemetry-proto, grpcio) receives what a running
`portal-bff serve --sandbox` exports, and the sandbox tells which `traceparent` each upstream call carried.

A cold `GET /api/dashboard` with a caller's `traceparent` must give: one server span continuing the caller's
trace, cache lookup spans and client spans (one per upstream attempt) beneath it, client spans of different
systems overlapping in time (the dashboard's calls run in parallel), each upstream call carrying the
traceparent of its own client span, and the request's log lines carrying the trace id. A request without a
traceparent starts a trace of its own, and the Pub/Sub subscription's RPCs carry the trace of their
connection span. Prints one line per problem; exits 1 when there is any.
"""
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from concurrent import futures

import grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.proto.trace.v1 import trace_pb2

from portal_harness import free_ports, get, start_bff, stop, token, wait

NAME = "otlp-trace-check"
SERVER, CLIENT = trace_pb2.Span.SPAN_KIND_SERVER, trace_pb2.Span.SPAN_KIND_CLIENT


class Receiver(trace_service_pb2_grpc.TraceServiceServicer):
    """Keeps every exported span, as dictionaries of the fields the checks read."""

    def __init__(self):
        self.lock = threading.Lock()
        self.spans = []

    def Export(self, request, context):
        with self.lock:
            for resource in request.resource_spans:
                service = next((a.value.string_value for a in resource.resource.attributes if a.key == "service.name"), "")
                for scope in resource.scope_spans:
                    for span in scope.spans:
                        self.spans.append({
                            "trace": span.trace_id.hex(), "id": span.span_id.hex(), "parent": span.parent_span_id.hex(),
                            "name": span.name, "kind": span.kind, "start": span.start_time_unix_nano, "end": span.end_time_unix_nano,
                            "attributes": {a.key: getattr(a.value, a.value.WhichOneof("value")) for a in span.attributes if a.value.WhichOneof("value")},
                            "service": service,
                        })
        return trace_service_pb2.ExportTraceServiceResponse()

    def of(self, trace):
        with self.lock:
            return [span for span in self.spans if span["trace"] == trace]


def descends(span, ancestor, by_id):
    while span["parent"] and span["parent"] in by_id:
        span = by_id[span["parent"]]
        if span["id"] == ancestor["id"]:
            return True
    return False


def check_dashboard(spans, sandbox_port, problems):
    by_id = {span["id"]: span for span in spans}
    servers = [span for span in spans if span["kind"] == SERVER]
    if len(servers) != 1:
        problems.append(f"{len(servers)} server spans in the dashboard's trace, expected 1")
        return
    server = servers[0]
    clients = [span for span in spans if span["kind"] == CLIENT]
    lookups = [span for span in spans if span["name"].startswith("cache lookup")]
    systems = sorted({span["attributes"].get("upstream.system") for span in clients})
    if len(systems) < 2:
        problems.append(f"client spans of {systems} only; the dashboard calls several systems")
    for span in clients + lookups:
        if not descends(span, server, by_id):
            problems.append(f"span {span['name']} is not beneath the request's span")
    if not any(span["attributes"].get("cache.outcome") == "absent" for span in lookups):
        problems.append("no cache lookup span that found nothing (the dashboard was cold)")
    overlapping = [(a, b) for a in clients for b in clients
                   if a["attributes"].get("upstream.system") < b["attributes"].get("upstream.system")
                   and a["start"] < b["end"] and b["start"] < a["end"]]
    if not overlapping:
        problems.append("no two client spans of different systems overlap: the upstream calls did not run in parallel")
    for system in systems:
        # A WHMCS caller is named after its instance (`whmcs:default`); the sandbox has one WHMCS.
        status, _, body = get(sandbox_port, f"/_control/{system.split(':')[0]}/calls?detail=true")
        if status != 200:
            problems.append(f"the sandbox has no calls of {system} ({status})")
            continue
        carried = {call["traceparent"] for call in json.loads(body) if call.get("traceparent")}
        for span in (s for s in clients if s["attributes"].get("upstream.system") == system):
            if not any(value.split("-")[1:3] == [span["trace"], span["id"]] for value in carried):
                problems.append(f"{system} received no call with the traceparent of span {span['name']} ({span['id']})")
    return server


def main():
    api_port, sandbox_port, receiver_port = free_ports(3)
    receiver = Receiver()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(receiver, server)
    server.add_insecure_port(f"127.0.0.1:{receiver_port}")
    server.start()
    work = tempfile.mkdtemp(prefix="portal-otlp.")
    log_path = os.path.join(work, "bff.log")
    environment = {"TRACING_OTLP_ENDPOINT": f"http://127.0.0.1:{receiver_port}", "OTEL_BSP_SCHEDULE_DELAY": "100", "LOG_FORMAT": "json",
                   "HTTP_OPERATOR_PORT": "0"}
    redis_url = os.environ.get("REDIS_URL")
    arguments = ["--sandbox-port", str(sandbox_port)] + (["--redis", redis_url.rsplit("/", 1)[0] + "/14"] if redis_url else [])
    if redis_url:
        subprocess.run(["redis-cli", "-u", redis_url.rsplit("/", 1)[0] + "/14", "FLUSHDB"], capture_output=True, check=False)
    bff = start_bff(NAME, api_port, log_path, arguments, environment)
    problems, spans, subscribes = [], [], []
    try:
        trace, parent = secrets.token_hex(16), secrets.token_hex(8)
        status, _, _ = get(api_port, "/api/dashboard", {"Authorization": "Bearer " + token(), "traceparent": f"00-{trace}-{parent}-01"})
        if status != 200:
            problems.append(f"the cold dashboard answered {status}")
        wait(NAME, "the dashboard's spans exported", lambda: any(s["kind"] == SERVER for s in receiver.of(trace)), seconds=20)
        time.sleep(1)
        spans = receiver.of(trace)
        request_span = check_dashboard(spans, sandbox_port, problems)
        if request_span and request_span["parent"] != parent:
            problems.append(f"the request's span has parent {request_span['parent']}, not the caller's {parent}")
        lines = [json.loads(line) for line in open(log_path) if line.startswith("{")]
        upstream_lines = [line for line in lines if line.get("message") == "upstream call" and line.get("trace_id") == trace]
        if not upstream_lines:
            problems.append("no 'upstream call' log line carries the request's trace id")

        before = {span["trace"] for span in receiver.spans}
        get(api_port, "/api/profile", {"Authorization": "Bearer " + token()})
        wait(NAME, "a trace started for a request without traceparent",
             lambda: any(s["kind"] == SERVER and s["trace"] not in before and not s["parent"] for s in receiver.spans), seconds=20)

        _, _, body = get(sandbox_port, "/_control/pubsub/calls?detail=true")
        subscribes = [call for call in json.loads(body) if call["action"] == "pubsub.Subscribe"]
    finally:
        # The connection span ends with its stream, at shutdown, and is exported then.
        stop(bff)
    if not subscribes or not all(call.get("traceparent") for call in subscribes):
        problems.append(f"Subscribe calls without a traceparent: {subscribes}")
    else:
        carried = {tuple(call["traceparent"].split("-")[1:3]) for call in subscribes}
        connections = {(span["trace"], span["id"]) for span in receiver.spans if span["name"].startswith("pubsub subscribe")}
        if not carried & connections:
            problems.append(f"no exported 'pubsub subscribe' span is the one whose traceparent Subscribe carried ({sorted(carried)})")
    server.stop(0)
    for problem in problems:
        print(f"{NAME}:", problem)
    if not problems:
        print(f"{NAME}: a cold dashboard's trace has {len(spans)} spans across the request, its cache lookups and "
              f"{len([s for s in spans if s['kind'] == CLIENT])} upstream attempts, each upstream saw its span's traceparent")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
