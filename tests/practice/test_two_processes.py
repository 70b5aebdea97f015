"""Two app processes on one PostgreSQL behind nginx (deploy/nginx/trustcheck.conf), as a
practice runs them (issue 12 item 9).

One set of servers for the module: a practice set up with ``python -m practice init`` and
``add-therapist`` (password files), two ``python -m practice serve`` processes, nginx from
Debian with a certificate made here. Checked: both processes behind the proxy, TLS and the
security headers (once each), http redirected, foreign names refused, a route cookie keeping
a browser on one process, the websocket through the proxy, and an intake completed through the
proxy on process 2 while the therapist reads it on process 1 (real Chromium).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from _site import NGINX, PUBLIC_NAME, THERAPIST_PASSWORD, ProxyPorts, running_site, set_up_practice
from _storage_helpers import new_pg_database
from test_browser import answer_all, click

CHROMIUM = shutil.which("chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    f"--host-resolver-rules=MAP {PUBLIC_NAME} 127.0.0.1",  # the practice's name, here
]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
ROUTE = "trustcheck_route"

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]
_MISSING = [name for name, found in (("nginx", NGINX), ("chromium", CHROMIUM)) if found is None]
if _MISSING and os.environ.get("CI") != "true":
    pytestmark.append(pytest.mark.skip(reason=f"{', '.join(_MISSING)} not installed (CI needs it)"))


class _ToLoopback(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 under the practice's name (TLS server name and certificate check)."""

    def connect(self) -> None:
        raw = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


@dataclass
class Site:
    """The running practice: the proxy's address, its ports, CA file and access log."""

    url: str
    ports: ProxyPorts
    ca: Path
    log: Path
    database_url: str

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))

    def get(self, path: str, cookie: str | None = None,
            host: str | None = None) -> http.client.HTTPResponse:
        """One request through the proxy, the certificate checked against the test's CA."""
        connection = _ToLoopback(PUBLIC_NAME, self.ports.https, context=self.context(),
                                 timeout=10)
        headers = {"Host": host or f"{PUBLIC_NAME}:{self.ports.https}"}
        if cookie is not None:
            headers["Cookie"] = f"{ROUTE}={cookie}"
        connection.request("GET", path, headers=headers)
        reply = connection.getresponse()
        reply.read()
        connection.close()
        return reply

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def upstream_of(self, cookie: str) -> str:
        """The process that served a health check with this route cookie (from the log).

        nginx writes the log line after it has sent the response, so the line is waited for.
        """
        before = len(self.lines())
        assert self.get("/_stcore/health", cookie=cookie).status == 200
        deadline = time.monotonic() + 10
        while len(self.lines()) <= before:
            assert time.monotonic() < deadline, "nginx wrote no log line for the request"
            time.sleep(0.01)
        return self.lines()[before].split()[-1]

    def route_to(self, port: int) -> str:
        """A route cookie value that the proxy sends to the process on ``port``."""
        for number in range(64):
            value = f"route{number}"
            if self.upstream_of(value) == f"127.0.0.1:{port}":
                return value
        raise AssertionError(f"no route of 64 reached port {port}")


@pytest.fixture(scope="module")
def site(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if _MISSING:
        pytest.fail(f"{', '.join(_MISSING)} not installed; CI must run this test", pytrace=False)
    folder = tmp_path_factory.mktemp("site")
    database_url = new_pg_database(postgres_server)
    with running_site(set_up_practice(database_url, folder), folder) as running:
        site = Site(running.base, running.ports, running.cert, running.log, database_url)
        _wait_for_proxy(site, running.processes[-1])
        yield site


def _wait_for_proxy(site: Site, nginx: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert nginx.poll() is None, "nginx exited"
        try:
            if site.get("/_stcore/health").status == 200:
                return
        except OSError:
            assert time.monotonic() < deadline, "nginx did not answer"
            time.sleep(0.1)


def test_both_processes_serve_through_the_proxy_and_a_route_cookie_keeps_one(site: Site) -> None:
    first, second = site.ports.upstreams
    to_first, to_second = site.route_to(first), site.route_to(second)
    for _ in range(8):
        assert site.upstream_of(to_second) == f"127.0.0.1:{second}"
        assert site.upstream_of(to_first) == f"127.0.0.1:{first}"


def test_the_proxy_sends_tls_and_each_security_header_once(site: Site) -> None:
    reply = site.get("/")
    assert reply.status == 200
    headers = reply.headers

    def one(name: str) -> str:
        values = headers.get_all(name) or []
        assert len(values) == 1, (name, values)
        return str(values[0])

    assert int(re.search(r"max-age=(\d+)", one("Strict-Transport-Security"))[1]) >= 31_536_000
    policy = one("Content-Security-Policy")
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert one("X-Frame-Options") == "DENY" and one("X-Content-Type-Options") == "nosniff"
    assert one("Referrer-Policy") == "no-referrer" and one("Server") == "nginx"
    cookie = one("Set-Cookie")
    assert cookie.startswith(f"{ROUTE}=") and {"Secure", "HttpOnly", "SameSite=Lax"} <= {
        part.strip() for part in cookie.split(";")
    }


def test_http_is_redirected_and_other_names_get_nothing(site: Site) -> None:
    plain = http.client.HTTPConnection("127.0.0.1", site.ports.http, timeout=10)
    plain.request("GET", "/?intake=ABCD", headers={"Host": PUBLIC_NAME})
    reply = plain.getresponse()
    assert reply.status == 301 and reply.headers["Location"].startswith(f"https://{PUBLIC_NAME}")
    plain.close()
    other = ssl.create_default_context(cafile=str(site.ca))
    other.check_hostname = False
    raw = _socket(site.ports.https)
    with pytest.raises(ssl.SSLError):  # no certificate is offered for another name at all
        other.wrap_socket(raw, server_hostname="evil.example")
    raw.close()
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        site.get("/", host="evil.example")  # the right name in TLS, another in Host: 444
    direct = http.client.HTTPConnection("127.0.0.1", site.ports.upstreams[0], timeout=10)
    direct.request("GET", "/", headers={"Host": "evil.example"})
    assert direct.getresponse().status == 400  # the app's own guard, behind the proxy
    direct.close()
    named = http.client.HTTPConnection("127.0.0.1", site.ports.upstreams[0], timeout=10)
    named.request("GET", "/", headers={"Host": PUBLIC_NAME})  # the --base-url name: served
    assert named.getresponse().status == 200
    assert "intake" not in site.log.read_text(encoding="utf-8")  # codes stay out of the log


def _socket(port: int) -> Any:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _open(browser: Any, site: Site, route: str, path: str = "/") -> tuple[Any, list[str]]:
    """A fresh browser (context) pinned to one process by its route cookie; its page and the
    console lines that report a Content-Security-Policy violation."""
    # The test's own CA is not in Chromium's store (Python's checks above verify the chain).
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280,
                                                                       "height": 800})
    context.set_default_timeout(60_000)  # first results on a loaded 2-core machine: seconds
    context.add_cookies([{"name": ROUTE, "value": route, "domain": PUBLIC_NAME, "path": "/",
                          "secure": True, "httpOnly": True, "sameSite": "Lax"}])
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.goto(f"{site.url}{path}")
    page.wait_for_selector(IDLE, timeout=30_000)
    return page, violations


def test_the_app_runs_through_the_proxy_websocket_and_all(site: Site, browser: Any) -> None:
    page, violations = _open(browser, site, site.route_to(site.ports.upstreams[0]))
    page.wait_for_selector("[data-testid=stMain] h1", timeout=30_000)  # drawn over the websocket
    page.context.close()  # nginx logs the websocket when it closes
    deadline = time.monotonic() + 15
    while not (stream := [line for line in site.lines() if '"GET /_stcore/stream"' in line]):
        assert time.monotonic() < deadline, "no websocket went through the proxy"
        time.sleep(0.05)
    assert " 101 " in stream[-1] and stream[-1].endswith(f"127.0.0.1:{site.ports.upstreams[0]}")
    assert violations == []



def _button(page: Any, name: str) -> Any:
    return page.get_by_role("button", name=name, exact=True)


def _therapist_invites(page: Any) -> str:
    """theo signs in, adds a client and invites them to the quick check-in; the link."""
    page.get_by_label("Username", exact=True).fill("theo")
    page.get_by_label("Password", exact=True).fill(THERAPIST_PASSWORD)
    click(page, _button(page, "Sign in"))
    page.get_by_role("heading", name="Your clients").wait_for()
    page.get_by_label("Code or alias").fill("Client P-2")
    click(page, _button(page, "Add client"))
    page.get_by_role("heading", name="Client P-2").wait_for()
    click(page, page.get_by_text("Quick check-in", exact=True))
    click(page, _button(page, "Make an invitation"))
    return str(page.locator("[data-testid=stCode]").first.inner_text().strip())


def _client_answers(page: Any) -> str:
    """The client agrees, says who they are and answers every page; the results' text."""
    main = page.inner_text("[data-testid=stMain]")
    assert "Theo Okafor" in main and "Harbour Counselling" in main
    click(page, page.get_by_text("I agree that", exact=False))
    click(page, _button(page, "Start"))
    click(page, page.get_by_text("My trust was broken", exact=True))
    click(page, page.get_by_text("A partner", exact=True))
    click(page, _button(page, "Continue"))
    answer_all(page)
    return str(page.inner_text("[data-testid=stMain]"))


def _streams_to(site: Site, port: int, before: int) -> list[str]:
    """Websocket log lines after line ``before`` that went to the process on ``port``."""
    return [line for line in site.lines()[before:]
            if '"GET /_stcore/stream"' in line and line.endswith(f"127.0.0.1:{port}")]


def test_an_intake_on_process_2_is_read_by_the_therapist_on_process_1(
    site: Site, browser: Any
) -> None:
    first, second = site.ports.upstreams
    before = len(site.lines())
    desk, desk_violations = _open(browser, site, site.route_to(first))
    link = _therapist_invites(desk)
    assert link.startswith(f"{site.url}/?intake="), link
    phone, phone_violations = _open(browser, site, site.route_to(second), link[len(site.url):])
    phone.set_viewport_size({"width": 390, "height": 844})
    results = _client_answers(phone)
    assert "Your answers were sent to Theo Okafor" in results
    phone.locator(".js-plotly-plot").first.wait_for()  # the chart, drawn under the proxy's CSP
    phone.context.close()
    click(desk, _button(desk, "Done: hide the link"))  # a rerun reads the client's check-ups
    desk.get_by_role("heading", name="Answers").wait_for(timeout=20_000)
    assert "Quick check-in" in desk.inner_text("[data-testid=stMain]")
    desk.context.close()
    deadline = time.monotonic() + 15
    while not (_streams_to(site, first, before) and _streams_to(site, second, before)):
        assert time.monotonic() < deadline, "each browser's websocket should reach its process"
        time.sleep(0.05)
    assert desk_violations == [] and phone_violations == []
