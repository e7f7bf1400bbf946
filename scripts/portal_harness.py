"""What the scripts that check a running BFF share: free loopback ports, plain HTTP, waiting, and a
`portal-bff serve --sandbox` (the debug build) with a token for a seeded customer."""
import http.client
import os
import signal
import socket
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "debug", "portal-bff")
CONFIG = os.path.join(ROOT, "config", "development.json")


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for each in sockets:
        each.bind(("127.0.0.1", 0))
    ports = [each.getsockname()[1] for each in sockets]
    for each in sockets:
        each.close()
    return ports


def get(port, path, headers=None, method="GET", body=None):
    """(status, headers, body) of one request to 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict((name.lower(), value) for name, value in response.getheaders()), response.read()
    finally:
        connection.close()


def wait(name, what, condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{name}: {what} did not happen within {seconds} s")


def start_bff(name, port, log_path, arguments=(), environment=None):
    """`serve --sandbox` on `port`, its output in `log_path`; returns once /healthz answers."""
    process = subprocess.Popen([BINARY, "serve", "--sandbox", "--config", CONFIG, "--port", str(port), *arguments],
                               env=dict(os.environ, **(environment or {})), stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    try:
        wait(name, "the BFF listening", lambda: get(port, "/healthz")[0] == 200)
    except BaseException:
        stop(process)
        raise
    return process


def token(customer="cust-001"):
    return subprocess.run([BINARY, "token", "--customer", customer, "--config", CONFIG], capture_output=True, text=True,
                          check=True).stdout.strip()


def stop(*processes):
    for process in processes:
        if process:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
