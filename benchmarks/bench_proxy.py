"""What the practice's proxy costs per request: nginx with TLS (deploy/nginx/trustcheck.conf) in
front of two ``python -m practice serve`` processes, against the same processes directly.

    .venv/bin/python benchmarks/bench_proxy.py [--requests 200] [--rounds 5]

A SQLite practice is set up with the command line (as tests/practice does), then batches of
GET /_stcore/health take turns: straight to a process on a new connection each (the floor),
through nginx on one kept-alive TLS connection (a browser's case), and through nginx with a
new TLS connection each (the worst case: a full handshake every time). The figure is the
median batch of each, as a ratio to the floor. Run on demand on a quiet machine, never in CI;
writes benchmarks/results/proxy.txt as well. Needs Debian's nginx.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import ssl
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "practice")]

from _site import PUBLIC_NAME, running_site, set_up_practice  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "proxy.txt"


def _tls(port: int, context: ssl.SSLContext) -> http.client.HTTPSConnection:
    connection = http.client.HTTPSConnection(PUBLIC_NAME, port, context=context, timeout=10)
    raw = socket.create_connection(("127.0.0.1", port), 10)
    connection.sock = context.wrap_socket(raw, server_hostname=PUBLIC_NAME)
    return connection


def _get(connection: http.client.HTTPConnection, host: str) -> None:
    connection.request("GET", "/_stcore/health", headers={"Host": host})
    reply = connection.getresponse()
    assert reply.status == 200 and reply.read().strip() == b"ok"


def direct(port: int, count: int) -> float:
    began = time.perf_counter()
    for _ in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        _get(connection, f"127.0.0.1:{port}")
        connection.close()
    return (time.perf_counter() - began) / count


def proxied(port: int, context: ssl.SSLContext, count: int, reuse: bool) -> float:
    host = f"{PUBLIC_NAME}:{port}"
    began = time.perf_counter()
    connection = _tls(port, context)
    for _ in range(count):
        if not reuse:
            connection.close()
            connection = _tls(port, context)
        _get(connection, host)
    connection.close()
    return (time.perf_counter() - began) / count


def measure(requests: int, rounds: int, folder: Path) -> dict[str, float]:
    """Median seconds per request of each way, the ways taking turns."""
    env = set_up_practice(f"sqlite:///{folder / 'practice.sqlite3'}", folder)
    with running_site(env, folder) as site:
        ports, context = site.ports, ssl.create_default_context(cafile=str(site.cert))
        ways = {
            "direct, new connection": lambda: direct(ports.upstreams[0], requests),
            "nginx TLS, kept alive": lambda: proxied(ports.https, context, requests, True),
            "nginx TLS, new each": lambda: proxied(ports.https, context, requests, False),
        }
        times: dict[str, list[float]] = {name: [] for name in ways}
        for way in ways.values():
            way()  # warm-up
        names = list(ways)
        for number in range(rounds):
            shift = number % len(names)
            for name in names[shift:] + names[:shift]:
                times[name].append(ways[name]())
        return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-proxy-") as folder:
        medians = measure(args.requests, args.rounds, Path(folder))
    floor = medians["direct, new connection"]
    lines = [f"per request, median of {args.rounds} batches of {args.requests} "
             "GET /_stcore/health"]
    lines += [f"  {name:24} {seconds * 1e6:8.1f} us  {seconds / floor:5.2f}x direct"
              for name, seconds in medians.items()]
    print("\n".join(lines))
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
