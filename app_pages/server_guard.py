"""The server guard: only the configured hosts are served, nothing reaches out, no framing.

Why (issue 14): a DNS-rebinding page reaches a local server under the attacker's own name
(``Host: attacker.example``), so a server that answers any ``Host`` hands its pages and
websocket to that page. And Streamlit's websocket origin check, when an ``Origin`` is not
localhost, asks ``streamlit.net_util`` for the machine's internal IP (a UDP connect to 8.8.8.8)
and external IP (an HTTP GET to checkip.amazonaws.com): a hostile page can make the app reach
out, which breaks the promise of no network calls.

Two parts, both installed by ``app_pages.serve`` before the server takes its first request:

- ``install()`` replaces those two look-ups with "unknown" (``None``), which Streamlit already
  treats as "no match" (the origin is refused; the start-up banner leaves the line out).
  Streamlit has no setting for this, so it is a narrow patch of two module attributes; it
  raises ``GuardError`` if a Streamlit upgrade moves them, and ``tests/app/test_server_guard.py``
  checks that the origin check then makes no connection at all.
- ``HostGuard``, ASGI middleware passed to Streamlit's own ``st.App(middleware=...)`` hook,
  refuses a request or websocket whose ``Host`` is not allowed (400; websocket refused before
  the handshake, which the server answers with 403) and adds ``SECURITY_HEADERS`` to every
  response.

Under a plain ``streamlit run survey_app.py`` (no launcher) there is less: ``survey_app.py``
calls ``install()`` on every script run, so the look-ups stop from the first session on (not
for a request that comes before any session), and ``.streamlit/config.toml`` sets Streamlit's
own ``server.allowedHosts``, which refuses a foreign ``Host`` on the websocket only; pages and
files are still served to any ``Host`` and carry no security headers.

Allowed hosts: ``$TRUSTCHECK_ALLOWED_HOSTS`` (comma-separated ``host[:port]``; a host without
a port is allowed on any port) when set, as on a practice server; otherwise the configured
``server.address`` (unless it is a wildcard such as 0.0.0.0), ``localhost`` and ``127.0.0.1``,
each with the configured ``server.port``.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from streamlit import config, net_util
from streamlit.web.server import server_util

from locales import Catalogue, UnknownLocale, catalogue, resolve_locale

ENV_ALLOWED_HOSTS = "TRUSTCHECK_ALLOWED_HOSTS"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")
# Listening addresses that mean "every interface": not a name a browser puts in Host.
WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 (names, not a bind)
DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}
# Added to every HTTP response: no framing by any page (clickjacking), no MIME sniffing,
# no Referer (the app's addresses name pages) to anything the page links to.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)
# The net_util functions that reach the network; server_util and bootstrap call them as
# ``net_util.<name>`` at call time, so replacing the module attribute covers every caller.
NETWORK_LOOKUPS = ("get_internal_ip", "get_external_ip")
# Verdicts kept per raw Host value (a handful in practice); bounded so that a flood of
# made-up names cannot grow it.
VERDICT_CACHE_SIZE = 256

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def words() -> Catalogue:
    """The launcher's catalogue: ``$TRUSTCHECK_LANG``, else English (also when that is unknown)."""
    try:
        return catalogue(resolve_locale())
    except UnknownLocale:
        return catalogue()


class GuardError(Exception):
    """The guard cannot be set up: a bad allowed-hosts entry, or Streamlit changed under it.

    The text is the catalogue's ``message_id`` (``app.serve.guard.*``) with ``params`` filled.
    """

    def __init__(self, message_id: str, /, **params: Any) -> None:
        super().__init__(words().text(message_id, **params))
        self.message_id = message_id


def _no_lookup() -> str | None:
    """Stands in for a net_util IP look-up: "unknown", without touching the network."""
    return None


def install() -> None:
    """Stop Streamlit's IP look-ups for this process; safe to call on every script run.

    Raises ``GuardError`` when the attributes it replaces are gone or have been copied
    into ``server_util`` (a Streamlit upgrade would otherwise bypass the patch silently).
    """
    if all(getattr(net_util, name, None) is _no_lookup for name in NETWORK_LOOKUPS):
        return
    for name in NETWORK_LOOKUPS:
        if not callable(getattr(net_util, name, None)):
            raise GuardError("app.serve.guard.lookup_gone", name=name)
        if hasattr(server_util, name):
            raise GuardError("app.serve.guard.lookup_copied", name=name)
    if getattr(server_util, "net_util", None) is not net_util:
        raise GuardError("app.serve.guard.no_net_util")
    for name in NETWORK_LOOKUPS:
        setattr(net_util, name, _no_lookup)


@dataclass(frozen=True)
class AllowedHosts:
    """The (host, port) pairs a request may name in ``Host``; port ``None`` means any port."""

    entries: frozenset[tuple[str, int | None]]

    @classmethod
    def parse(cls, listed: str) -> AllowedHosts:
        """Read a comma-separated ``host[:port]`` list, as in ``$TRUSTCHECK_ALLOWED_HOSTS``."""
        items = [item.strip() for item in listed.split(",")]
        entries = frozenset(_parse_entry(item) for item in items if item)
        if not entries:
            raise GuardError("app.serve.guard.no_host", env=ENV_ALLOWED_HOSTS)
        return cls(entries)

    @classmethod
    def defaults(cls, address: str, port: int) -> AllowedHosts:
        """The listening address (unless a wildcard) and the loopback names, on ``port``."""
        names = set(LOOPBACK_HOSTS)
        if address.strip() not in WILDCARD_ADDRESSES:
            names.add(_normal_name(address.strip().strip("[]")))
        return cls(frozenset((name, port) for name in names))

    def names(self) -> list[str]:
        """The host names alone, for Streamlit's own ``server.allowedHosts`` websocket check."""
        return sorted({name for name, _ in self.entries})

    def allows(self, host_header: str | None, scheme: str = "http") -> bool:
        """True when ``host_header`` (the raw ``Host`` value) names an allowed host and port."""
        if host_header is None:
            return False
        try:
            name, port = _split_host(host_header)
        except ValueError:
            return False
        port = port if port is not None else DEFAULT_PORTS.get(scheme, 80)
        return (name, port) in self.entries or (name, None) in self.entries


def allowed_hosts(environ: Mapping[str, str] | None = None) -> AllowedHosts:
    """This server's allowed hosts: ``$TRUSTCHECK_ALLOWED_HOSTS``, else the configured ones."""
    listed = (os.environ if environ is None else environ).get(ENV_ALLOWED_HOSTS)
    if listed is not None:
        return AllowedHosts.parse(listed)
    address = str(config.get_option("server.address") or "")
    return AllowedHosts.defaults(address, int(config.get_option("server.port")))


def _normal_name(name: str) -> str:
    """Host names compare case-blind and without a trailing dot (``Localhost.`` = localhost)."""
    return name.lower().rstrip(".")


def _split_host(value: str) -> tuple[str, int | None]:
    """``name[:port]`` or ``[v6]:port`` -> (name, port); ValueError when it is not just that."""
    if not value or any(char in value for char in "/?#@\\ \t"):
        raise ValueError(value)
    parts = urlsplit(f"//{value}")
    name, port = parts.hostname, parts.port  # .port raises ValueError when out of range
    if not name:
        raise ValueError(value)
    return _normal_name(name), port


def _parse_entry(item: str) -> tuple[str, int | None]:
    try:
        return _split_host(item)
    except ValueError:
        raise GuardError(
            "app.serve.guard.bad_entry", env=ENV_ALLOWED_HOSTS, item=repr(item)
        ) from None


def _host_header(scope: Scope) -> str | None:
    """The one ``Host`` header of a request; ``None`` when it is missing or repeated."""
    values = [value for key, value in scope.get("headers", ()) if key == b"host"]
    return values[0].decode("latin-1") if len(values) == 1 else None


def with_security_headers(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` plus each of ``SECURITY_HEADERS`` that is not already there."""
    merged = list(headers)
    present = {key.lower() for key, _ in merged}
    merged.extend(item for item in SECURITY_HEADERS if item[0] not in present)
    return merged


class HostGuard:
    """ASGI middleware: refuse a foreign ``Host``; add ``SECURITY_HEADERS`` to responses."""

    def __init__(self, app: ASGIApp, hosts: AllowedHosts | None = None) -> None:
        # Built when the server starts (after config and port are final), not at import.
        self.app = app
        self.hosts = hosts if hosts is not None else allowed_hosts()
        self._verdicts: dict[tuple[str | None, str], bool] = {}

    def allows(self, scope: Scope) -> bool:
        """Whether this request's Host is allowed (parsed once per distinct Host value)."""
        key = (_host_header(scope), str(scope.get("scheme", "http")))
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self.hosts.allows(*key)
            if len(self._verdicts) < VERDICT_CACHE_SIZE:
                self._verdicts[key] = verdict
        return verdict

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if not self.allows(scope):
            await _refuse(kind, send)
            return
        if kind == "websocket":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = with_security_headers(message.get("headers", ()))
            await send(message)

        await self.app(scope, receive, send_secured)


async def _refuse(kind: str, send: Send) -> None:
    """400 with no body for HTTP; a websocket closed before its handshake (the server: 403)."""
    if kind == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    headers = with_security_headers([(b"content-length", b"0")])
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
