#!/usr/bin/python3
"""A real Prometheus scrapes a running BFF, and every series name and label the alert rules use must exist.

Starts `portal-bff serve --sandbox` (debug build, Redis from REDIS_URL, operator listener on a free port),
makes the traffic that creates the lazily made series (a read, a refused webhook), starts Debian's
`prometheus` scraping the operator listener every second, and checks, rule by rule, that each metric the
rule's expression names has series in Prometheus and that each label the expression matches or groups by is
on one of them. Prints one line per problem; exits 1 when there is any.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

from portal_harness import ROOT, free_ports, get, start_bff, stop, token, wait

RULES = os.path.join(ROOT, "contrib", "prometheus", "portal-bff-rules.yml")
# Labels Prometheus adds or histograms carry rather than the BFF's own series.
IMPLICIT_LABELS = {"instance", "job", "le", "__name__"}
NAME = "prometheus-scrape"


def rule_expressions():
    """(alert, expression) of every rule, read from the YAML without a YAML library: `expr:` is either on
    its line or a `|` block indented below it."""
    rules, alert, lines = [], None, open(RULES).read().splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if match := re.match(r"\s*- alert: (\S+)", line):
            alert = match.group(1)
        elif match := re.match(r"(\s*)expr: (.*)", line):
            text = match.group(2).strip()
            if text == "|":
                indent = len(match.group(1))
                block = []
                while index + 1 < len(lines) and (not lines[index + 1].strip() or len(lines[index + 1]) - len(lines[index + 1].lstrip()) > indent):
                    index += 1
                    block.append(lines[index].strip())
                text = " ".join(block)
            rules.append((alert, text))
        index += 1
    return rules


def names_and_labels(expression):
    without_strings = re.sub(r'"[^"]*"', '""', expression)
    metrics = set(re.findall(r"\b((?:portal|hb)_[a-z0-9_]+)\b", without_strings))
    labels = set(re.findall(r"\b([a-z_]+)\s*(?:=~|!=|!~|=)\s*\"", expression))
    for group in re.findall(r"\bby\s*\(([^)]*)\)", expression):
        labels |= {label.strip() for label in group.split(",") if label.strip()}
    return metrics, labels - IMPLICIT_LABELS


def main():
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        raise SystemExit("prometheus-scrape: REDIS_URL is not set")
    bff_port, operator_port, prometheus_port = free_ports(3)
    work = tempfile.mkdtemp(prefix="portal-prometheus.")
    bff = start_bff(NAME, bff_port, os.path.join(work, "bff.log"), ["--redis", redis_url],
                    {"HTTP_OPERATOR_PORT": str(operator_port), "LOG_LEVEL": "warning"})
    prometheus = None
    try:
        get(bff_port, "/api/invoices", {"Authorization": "Bearer " + token()})
        get(bff_port, "/webhooks/whmcs/default", {"Content-Type": "application/json"}, method="POST", body=b"{}")
        with open(os.path.join(work, "prometheus.yml"), "w") as config:
            config.write("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: portal-bff\n"
                         f"    static_configs:\n      - targets: ['127.0.0.1:{operator_port}']\n")
        prometheus = subprocess.Popen(["prometheus", f"--config.file={work}/prometheus.yml", f"--storage.tsdb.path={work}/data",
                                       f"--web.listen-address=127.0.0.1:{prometheus_port}"],
                                      stdout=open(os.path.join(work, "prometheus.log"), "w"), stderr=subprocess.STDOUT)

        def query(expression):
            status, _, body = get(prometheus_port, "/api/v1/query?" + urllib.parse.urlencode({"query": expression}))
            return json.loads(body)["data"]["result"] if status == 200 else []

        # Two scrapes after the gauges' first sample, so that every series is in.
        wait(NAME, "a scrape of the BFF", lambda: any(r["value"][1] == "1" for r in query('up{job="portal-bff"}')))
        time.sleep(3)
        problems = []
        for alert, expression in rule_expressions():
            metrics, labels = names_and_labels(expression)
            seen_labels = set()
            for metric in sorted(metrics):
                status, _, body = get(prometheus_port, "/api/v1/series?" + urllib.parse.urlencode({"match[]": metric}))
                series = json.loads(body)["data"] if status == 200 else []
                if not series:
                    problems.append(f"{alert}: no series {metric} in Prometheus")
                for each in series:
                    seen_labels |= set(each)
            for label in sorted(labels - seen_labels):
                problems.append(f"{alert}: no series of {', '.join(sorted(metrics))} has the label {label}")
        for problem in problems:
            print("prometheus-scrape:", problem)
        if not problems:
            print(f"prometheus-scrape: every series and label of {len(rule_expressions())} alert rules is in a real Prometheus's scrape")
        return 1 if problems else 0
    finally:
        stop(prometheus, bff)

if __name__ == "__main__":
    sys.exit(main())
