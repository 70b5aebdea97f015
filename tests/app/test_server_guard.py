"""The server guard (issue 14, item 1): only configured hosts, nothing reaches out, no framing.

Unit tests cover the host rules, the ASGI middleware, the launcher's flags and the patch of
Streamlit's IP look-ups. The server tests start the real launcher (``python -m
app_pages.serve``) with ``_guard/sitecustomize.py`` recording every connect and name lookup of
the server's process, send the hostile requests of issue 14, and read that record. A control
run of plain ``streamlit run`` shows the recorder does catch Streamlit's look-ups.
"""

from __future__ import annotations

import asyncio
import http.client
import inspect
import ipaddress
import json
import os
import re
import shutil
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
import streamlit as st
from streamlit import config, net_util
from streamlit.web.server import server_util

from app_pages import serve, server_guard
from app_pages.server_guard import AllowedHosts, GuardError, HostGuard

ROOT = Path(__file__).resolve().parents[2]
GUARD_DIR = Path(__file__).parent / "_guard"
FOREIGN = "attacker.example"
FOREIGN_ORIGIN = f"http://{FOREIGN}"
PRACTICE = "checkup.practice.example"
SECURITY = {
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
}
WS_KEY = "dGhlIHNhbXBsZSBub25jZQ=="
CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
LOOPBACK_NAMES = {"localhost", None}


# ---------------------------------------------------------------- host rules


@pytest.mark.parametrize(
    ("listed", "host", "scheme", "allowed"),
    [
        ("localhost:8501", "localhost:8501", "http", True),
        ("localhost:8501", "LOCALHOST.:8501", "http", True),
        ("localhost:8501", "localhost:8502", "http", False),
        ("localhost:8501", "localhost", "http", False),
        ("localhost:80", "localhost", "http", True),
        ("checkup.example", "checkup.example", "https", True),
        ("checkup.example", "checkup.example:8443", "https", True),
        ("checkup.example:443", "checkup.example", "https", True),
        ("checkup.example:443", "checkup.example", "http", False),
        ("checkup.example", "evil.checkup.example", "http", False),
        ("checkup.example", "checkup.example.evil", "http", False),
        ("[::1]:8501", "[::1]:8501", "http", True),
        ("localhost:8501", "user@localhost:8501", "http", False),
        ("localhost:8501", "localhost:8501/x", "http", False),
        ("localhost:8501", "localhost:99999", "http", False),
        ("localhost:8501", "", "http", False),
        (f"localhost:8501,{FOREIGN}", FOREIGN, "http", True),
    ],
)
def test_hosts_match_by_name_and_port(listed: str, host: str, scheme: str, allowed: bool) -> None:
    assert AllowedHosts.parse(listed).allows(host, scheme) is allowed


@pytest.mark.parametrize("listed", ["", " , ", "a b", "host:port", "host:99999", "u@host", "h/x", "[::1"])
def test_a_bad_allowed_hosts_list_is_refused_naming_the_entry(listed: str) -> None:
    with pytest.raises(GuardError, match=server_guard.ENV_ALLOWED_HOSTS) as caught:
        AllowedHosts.parse(listed)
    if listed.strip(" ,"):
        assert repr(listed.strip()) in str(caught.value)


def test_defaults_are_the_listening_address_and_loopback_on_the_port() -> None:
    hosts = AllowedHosts.defaults("192.168.1.5", 8501)
    assert hosts.names() == ["127.0.0.1", "192.168.1.5", "localhost"]
    assert hosts.allows("192.168.1.5:8501") and hosts.allows("localhost:8501")
    assert not hosts.allows("192.168.1.5:8502")
    assert AllowedHosts.defaults("0.0.0.0", 8501).names() == ["127.0.0.1", "localhost"]
    assert AllowedHosts.defaults("::1", 8501).allows("[::1]:8501")


def test_the_practice_list_replaces_the_defaults() -> None:
    hosts = server_guard.allowed_hosts({server_guard.ENV_ALLOWED_HOSTS: PRACTICE})
    assert hosts.names() == [PRACTICE]
    assert not hosts.allows(f"localhost:{config.get_option('server.port')}")


# ---------------------------------------------------------------- the middleware


@dataclass
class Exchange:
    """What an ASGI app under test sent, and whether the inner app was reached."""

    sent: list[dict[str, Any]]
    reached: bool


def _call(scope_type: str, headers: list[tuple[bytes, bytes]]) -> Exchange:
    reached = False

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        nonlocal reached
        reached = True
        if scope["type"] == "http":
            start_headers = [(b"content-type", b"text/plain"), (b"x-content-type-options", b"nosniff")]
            await send({"type": "http.response.start", "status": 200, "headers": start_headers})
            await send({"type": "http.response.body", "body": b"ok"})

    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    guard = HostGuard(inner, AllowedHosts.parse("localhost:8501"))
    scope = {"type": scope_type, "scheme": "http", "headers": headers}
    asyncio.run(guard(scope, receive, send))
    return Exchange(sent, reached)


def _headers(message: dict[str, Any]) -> list[tuple[str, str]]:
    return [(key.decode(), value.decode()) for key, value in message["headers"]]


@pytest.mark.parametrize(
    "headers",
    [
        [(b"host", FOREIGN.encode())],
        [(b"host", b"localhost:8502")],
        [],
        [(b"host", b"localhost:8501"), (b"host", FOREIGN.encode())],
    ],
)
def test_a_foreign_missing_or_doubled_host_gets_400_and_never_reaches_streamlit(
    headers: list[tuple[bytes, bytes]],
) -> None:
    http = _call("http", headers)
    assert not http.reached
    assert http.sent[0]["status"] == 400
    assert SECURITY.items() <= dict(_headers(http.sent[0])).items()
    websocket = _call("websocket", headers)
    assert not websocket.reached
    assert websocket.sent == [{"type": "websocket.close", "code": 1008}]


def test_an_allowed_host_reaches_streamlit_and_gets_each_header_once() -> None:
    http = _call("http", [(b"host", b"localhost:8501")])
    assert http.reached and http.sent[0]["status"] == 200
    names = [name for name, _ in _headers(http.sent[0])]
    for header in SECURITY:
        assert names.count(header) == 1, header
    assert _call("websocket", [(b"host", b"localhost:8501")]).reached
    assert _call("lifespan", []).reached


def test_verdicts_are_remembered_but_a_flood_of_names_cannot_grow_the_memory() -> None:
    guard = HostGuard(lambda *args: None, AllowedHosts.parse("localhost:8501"))  # type: ignore[arg-type,return-value]
    for number in range(server_guard.VERDICT_CACHE_SIZE * 3):
        assert not guard.allows({"scheme": "http", "headers": [(b"host", f"h{number}.example".encode())]})
    assert len(guard._verdicts) == server_guard.VERDICT_CACHE_SIZE
    assert guard.allows({"scheme": "http", "headers": [(b"host", b"localhost:8501")]})
    assert not guard.allows({"scheme": "http", "headers": [(b"host", b"h0.example")]})


# ---------------------------------------------------------------- the patch of Streamlit


def test_install_stops_the_ip_lookups_of_the_origin_check(monkeypatch: pytest.MonkeyPatch) -> None:
    reached: list[object] = []
    monkeypatch.setattr(net_util, "_internal_ip", None)  # no answer cached from earlier
    monkeypatch.setattr(net_util, "_external_ip", None)
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: reached.append(address))
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kw: reached.append(args[0]) or [])
    server_guard.install()
    server_guard.install()  # idempotent: a second call (every script run) changes nothing
    assert server_util.is_url_from_allowed_origins(FOREIGN_ORIGIN) is False
    assert server_util.is_url_from_allowed_origins("http://localhost:8501") is True
    assert reached == []
    assert net_util.get_internal_ip() is None and net_util.get_external_ip() is None


@pytest.mark.parametrize("name", server_guard.NETWORK_LOOKUPS)
def test_install_fails_loudly_if_streamlit_moves_what_it_patches(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.delattr(net_util, name)
    with pytest.raises(GuardError, match=name):
        server_guard.install()
    monkeypatch.undo()
    monkeypatch.setattr(net_util, name, lambda: "192.0.2.1")  # an unpatched look-up again
    monkeypatch.setattr(server_util, name, lambda: "192.0.2.1", raising=False)  # copied in
    with pytest.raises(GuardError, match=name):
        server_guard.install()


def test_streamlit_still_offers_the_hooks_the_launcher_uses() -> None:
    assert "middleware" in inspect.signature(st.App).parameters
    assert config._config_options_template["server.allowedHosts"].multiple
    assert "get_internal_ip" in inspect.getsource(server_util.is_url_from_allowed_origins)


# ---------------------------------------------------------------- the launcher's flags


def test_flags_and_variables_pass_through_typed_with_streamlit_run_precedence() -> None:
    argv = [
        "--server.port", "8502", "--server.headless=true",
        "--server.corsAllowedOrigins", "http://a.example", "--server.corsAllowedOrigins=http://b.example",
    ]
    environ = {"STREAMLIT_SERVER_PORT": "9000", "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "5"}
    assert serve.parse_flags(argv, environ) == {
        "server.port": 8502,
        "server.headless": True,
        "server.corsAllowedOrigins": ["http://a.example", "http://b.example"],
        "server.maxUploadSize": 5,
    }


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--server.bogus", "1"], "--server.bogus"),
        (["--server.port", "x"], "--server.port"),
        (["--server.headless", "maybe"], "--server.headless"),
        (["--server.port"], "--server.port"),
        (["survey_app.py"], "survey_app.py"),
        (["--server.allowedHosts", "x"], server_guard.ENV_ALLOWED_HOSTS),
    ],
)
def test_a_bad_flag_is_refused_naming_it(argv: list[str], named: str) -> None:
    with pytest.raises(serve.FlagError, match=re.escape(named)):
        serve.parse_flags(argv, {})


@pytest.mark.parametrize(
    ("argv", "environ", "named"),
    [
        (["--server.port", "x"], {}, "--server.port"),
        ([], {server_guard.ENV_ALLOWED_HOSTS: "a b"}, "'a b'"),
    ],
)
def test_the_launcher_exits_2_with_one_line_before_starting(
    argv: list[str], environ: dict[str, str], named: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app_pages.serve", *argv],
        cwd=ROOT, env={**_base_env(), **environ}, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "Traceback" not in done.stderr


# ---------------------------------------------------------------- real servers


@dataclass
class Server:
    """A started app server: its port, process and the audit file of its process."""

    port: int
    process: subprocess.Popen[bytes]
    audit: Path

    def records(self) -> list[dict[str, Any]]:
        lines = self.audit.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]


def _base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRUSTCHECK_", "STREAMLIT_"))}
    return env


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
        env = {**_base_env(), "PYTHONPATH": str(GUARD_DIR), "GUARD_AUDIT_FILE": str(audit)}
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
