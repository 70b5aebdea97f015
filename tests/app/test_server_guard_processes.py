"""The server guard with real servers: the launcher (``python -m app_pages.serve``) runs with
``_guard/sitecustomize.py`` recording every connect and name lookup of the server's process,
gets the hostile requests of issue 14, and that record is read. A control run of plain
``streamlit run`` shows the recorder does catch Streamlit's look-ups.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from guard_kit import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FOREIGN,
    FOREIGN_ORIGIN,
    GUARD_DIR,
    IDLE,
    LOOPBACK_NAMES,
    PRACTICE,
    ROOT,
    SECURITY,
    WS_KEY,
    base_env,
)

from app_pages import server_guard


@dataclass
class Server:
    """A started app server: its port, process and the audit file of its process."""

    port: int
    process: subprocess.Popen[bytes]
    audit: Path

    def records(self) -> list[dict[str, Any]]:
        lines = self.audit.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited during start-up")
        try:
            url = f"http://127.0.0.1:{port}/_stcore/health"
            with urllib.request.urlopen(url, timeout=1) as reply:
                if reply.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("the server did not become healthy")


@pytest.fixture
def start(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    started: list[subprocess.Popen[bytes]] = []

    def _start(command: list[str], extra_env: dict[str, str] | None = None) -> Server:
        port = _free_port()
        audit = tmp_path_factory.mktemp("audit") / "events.jsonl"
        env = {**base_env(), "PYTHONPATH": str(GUARD_DIR), "GUARD_AUDIT_FILE": str(audit)}
        env.update({k: v.replace("{port}", str(port)) for k, v in (extra_env or {}).items()})
        flags = ["--server.port", str(port), "--server.headless", "true"]
        process = subprocess.Popen(
            [sys.executable, "-m", *command, *flags], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        started.append(process)
        _wait_healthy(port, process)
        return Server(port, process, audit)

    yield _start
    for process in started:
        process.terminate()
        process.wait(timeout=15)


def _get(port: int, path: str, host: str, origin: str | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host)
    if origin:
        connection.putheader("Origin", origin)
    connection.endheaders()
    reply = connection.getresponse()
    reply.read()
    connection.close()
    return reply


def _websocket(port: int, host: str, origin: str | None = None) -> int:
    """The HTTP status the server answers a websocket handshake on /_stcore/stream with."""
    lines = [
        "GET /_stcore/stream HTTP/1.1", f"Host: {host}", "Upgrade: websocket",
        "Connection: Upgrade", f"Sec-WebSocket-Key: {WS_KEY}", "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: streamlit",
    ]
    if origin:
        lines.append(f"Origin: {origin}")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def _static_path(port: int, host: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", "/", skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    page = connection.getresponse().read().decode()
    connection.close()
    found = re.search(r"""["'](?:\./)?(static/[^"']+\.js)["']""", page)
    assert found, "the index page names no static script"
    return "/" + found.group(1)


def _assert_nothing_left_the_machine(server: Server) -> None:
    records = server.records()
    assert any(r["event"] == "hook.installed" and r["pid"] == server.process.pid for r in records)
    for record in records:
        target = record["target"]
        if record["event"] in ("socket.connect", "socket.sendto", "socket.sendmsg"):
            if record["family"] in (socket.AF_INET, socket.AF_INET6):
                assert ipaddress.ip_address(target[0]).is_loopback, record
        elif record["event"] == "urllib.Request":
            pytest.fail(f"HTTP request made: {record}")
        elif record["event"] != "hook.installed":  # a lookup: only of this machine's names
            assert target in LOOPBACK_NAMES or _is_local(target), record


def _is_local(address: str) -> bool:
    """Loopback, or the "every interface" address a server binds to (no lookup)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return parsed.is_loopback or parsed.is_unspecified


def _hostile_requests(server: Server, good_host: str) -> None:
    """Issue 14's requests: a foreign Host everywhere, a foreign Origin on a good Host."""
    port = server.port
    static = _static_path(port, good_host)
    for path in ("/", "/_stcore/health", static, "/_stcore/host-config"):
        for host in (FOREIGN, f"{FOREIGN}:{port}"):
            assert 400 <= _get(port, path, host).status < 500, (path, host)
    assert 400 <= _websocket(port, FOREIGN) < 500
    assert 400 <= _websocket(port, FOREIGN, FOREIGN_ORIGIN) < 500
    assert 400 <= _websocket(port, good_host, FOREIGN_ORIGIN) < 500
    page = _get(port, "/", good_host, FOREIGN_ORIGIN)
    assert page.getheader("access-control-allow-origin") in (None, "")
    assert 400 <= _get(port, "/_stcore/health", FOREIGN, FOREIGN_ORIGIN).status < 500


def _assert_served_with_headers(server: Server, host: str) -> None:
    port = server.port
    for path in ("/", "/_stcore/health", _static_path(port, host)):
        reply = _get(port, path, host)
        assert reply.status == 200, (path, host)
        for name, value in SECURITY.items():
            assert reply.getheader(name) == value, (path, name)
    assert _websocket(port, host) == 101
    assert _websocket(port, host, f"http://{host}") == 101


@pytest.mark.slow
def test_individual_mode_serves_only_its_own_address_and_never_reaches_out(start: Any) -> None:
    server = start(["app_pages.serve"])
    _hostile_requests(server, f"localhost:{server.port}")
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        _assert_served_with_headers(server, host)
    assert 400 <= _get(server.port, "/", f"localhost:{server.port + 1}").status < 500
    _assert_nothing_left_the_machine(server)


@pytest.mark.slow
def test_practice_mode_serves_only_the_listed_hosts_and_never_reaches_out(start: Any) -> None:
    # A practice server listens on every interface behind its proxy; its start-up banner
    # would look up the machine's IPs (Network URL, External URL) without the guard.
    server = start(
        ["app_pages.serve", "--server.address", "0.0.0.0"],
        {server_guard.ENV_ALLOWED_HOSTS: f"{PRACTICE}, 127.0.0.1:{{port}}"},
    )
    _hostile_requests(server, PRACTICE)
    _assert_served_with_headers(server, PRACTICE)
    assert 400 <= _get(server.port, "/", f"localhost:{server.port}").status < 500
    assert 400 <= _websocket(server.port, f"localhost:{server.port}") < 500
    _assert_nothing_left_the_machine(server)


@pytest.mark.slow
def test_control_plain_streamlit_run_is_caught_reaching_out(start: Any) -> None:
    """Without the launcher, a foreign Origin before any session makes Streamlit look up IPs.

    This proves the recorder sees what the other tests say is absent; config.toml's
    ``server.allowedHosts`` still refuses a foreign Host on the websocket.
    """
    server = start(["streamlit", "run", "survey_app.py", "--server.fileWatcherType", "none"])
    assert 400 <= _websocket(server.port, FOREIGN) < 500
    assert 400 <= _websocket(server.port, f"localhost:{server.port}", FOREIGN_ORIGIN) < 500
    targets = [record["target"] for record in server.records()]
    assert ["8.8.8.8", 1] in targets
    assert "checkip.amazonaws.com" in targets


@pytest.mark.browser
@pytest.mark.skipif(
    CHROMIUM is None and os.environ.get("CI") != "true", reason="chromium is not installed"
)
def test_a_browser_runs_the_app_through_the_guard_but_no_page_can_frame_it(start: Any) -> None:
    from playwright.sync_api import sync_playwright

    server = start(["app_pages.serve"])
    url = f"http://127.0.0.1:{server.port}/"
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector(IDLE, timeout=30_000)
        # The first page ran, with the app's own once-per-session script (st.html) running
        # (it puts the quick exit first in the tab order), so the headers did not stop it.
        page.wait_for_function("() => window.__quickExitFirst === true")
        framing = browser.new_page()
        framing.set_content(f'<iframe src="{url}" width="600" height="400"></iframe>')
        framing.wait_for_function("document.querySelector('iframe') !== null")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not framing.frames[1].url.startswith("chrome-error:"):
            time.sleep(0.1)
        assert framing.frames[1].url.startswith("chrome-error:"), framing.frames[1].url
        browser.close()
    _assert_nothing_left_the_machine(server)
