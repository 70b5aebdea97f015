"""What the server guard costs: per request, and to start, as a ratio to a floor in the same run.

    .venv/bin/python benchmarks/bench_server_guard.py [--requests 200] [--rounds 7]

Per request: batches of GET /_stcore/health (a new connection each), against the guarded
launcher (``python -m app_pages.serve``) and against the floor: the same ``st.App`` of
``survey_app.py`` without the guard's middleware (``guard_floor.py``), so the only difference is
the guard. The two take turns; the figure is the median batch of each. Plain ``streamlit run``
(Streamlit's own server class) is shown for reference. Start-up: whole processes, from spawn
to the first ``ok`` from /_stcore/health, launcher against ``streamlit run``.
Run on demand on a quiet machine, never in CI. Writes the table to
benchmarks/results/server_guard.txt as well.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "server_guard.txt"
SERVERS = {
    "guarded": [sys.executable, "-m", "app_pages.serve"],
    "floor": [sys.executable, str(HERE / "guard_floor.py")],
    "streamlit run": [sys.executable, "-m", "streamlit", "run", "survey_app.py"],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(command: list[str]) -> tuple[subprocess.Popen[bytes], int, float]:
    """Start a server; its process, port and seconds from spawn to healthy."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    began = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{command} exited")
        try:
            url = f"http://127.0.0.1:{port}/_stcore/health"
            with urllib.request.urlopen(url, timeout=1) as reply:
                if reply.read().strip() == b"ok":
                    return process, port, time.perf_counter() - began
        except OSError:
            time.sleep(0.02)


def batch(port: int, count: int) -> float:
    """Seconds for ``count`` GETs of /_stcore/health, each on a new connection.

    A new connection each time, as a health probe makes them: on a kept-alive connection
    Streamlit's server (with or without the guard) waits for a delayed ACK, about 40 ms a
    reply, which would hide what is measured.
    """
    began = time.perf_counter()
    for _ in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/_stcore/health", headers={"Host": f"127.0.0.1:{port}"})
        reply = connection.getresponse()
        assert reply.status == 200 and reply.read().strip() == b"ok"
        connection.close()
    return time.perf_counter() - began


def per_request(requests: int, rounds: int) -> dict[str, float]:
    """Median seconds per request of each server, the servers taking turns."""
    started = {name: start(command) for name, command in SERVERS.items()}
    times: dict[str, list[float]] = {name: [] for name in SERVERS}
    try:
        for _, port, _ in started.values():
            batch(port, requests)  # warm-up
        names = list(started)
        for round_number in range(rounds):  # each server goes first in turn
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                times[name].append(batch(started[name][1], requests) / requests)
    finally:
        for process, _, _ in started.values():
            process.terminate()
            process.wait(timeout=15)
    return {name: statistics.median(values) for name, values in times.items()}


def start_up(rounds: int) -> dict[str, float]:
    """Median seconds from spawn to healthy, launcher and ``streamlit run`` taking turns."""
    times: dict[str, list[float]] = {"guarded": [], "streamlit run": []}
    for _ in range(rounds):
        for name in times:
            process, _, seconds = start(SERVERS[name])
            times[name].append(seconds)
            process.terminate()
            process.wait(timeout=15)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    medians = per_request(args.requests, args.rounds)
    floor = medians["floor"]
    lines = [f"per request, median of {args.rounds} batches of {args.requests} GET /_stcore/health"]
    for name, seconds in medians.items():
        lines.append(f"  {name:14} {seconds * 1e6:8.1f} us  {seconds / floor:5.2f}x floor")
    starts = start_up(max(3, args.rounds // 2))
    lines.append("start-up to healthy, median (whole process)")
    for name, seconds in starts.items():
        ratio = seconds / starts["streamlit run"]
        lines.append(f"  {name:14} {seconds:8.2f} s   {ratio:5.2f}x streamlit run")
    print("\n".join(lines))
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
