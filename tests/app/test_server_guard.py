"""The server guard (issue 14, item 1), unit tests: the host rules, the ASGI middleware, the
launcher's flags and the patch of Streamlit's IP look-ups (the whole-server tests are in
test_server_guard_processes.py)."""

from __future__ import annotations

import asyncio
import inspect
import re
import socket
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import pytest
import streamlit as st
from guard_kit import (
    FOREIGN,
    FOREIGN_ORIGIN,
    PRACTICE,
    ROOT,
    SECURITY,
    base_env,
)
from streamlit import config, net_util
from streamlit.web.server import server_util

from app_pages import serve, server_guard
from app_pages.server_guard import AllowedHosts, GuardError, HostGuard

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
        cwd=ROOT, env={**base_env(), **environ}, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "Traceback" not in done.stderr


# ---------------------------------------------------------------- real servers
