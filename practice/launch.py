"""``serve``: the app in practice mode, through the project's launcher in a process of its own.

It checks what would otherwise fail later in a browser (the database URL, that the database is
reachable and upgraded, that ``init`` has run), then replaces itself (``exec``) with
``python -m app_pages.serve`` (the server guard in front of Streamlit), so that systemd or a
terminal's Ctrl-C reach the server directly and nothing stays between them. The environment it
hands over: ``TRUSTCHECK_MODE=practice`` and, unless the administrator set it,
``TRUSTCHECK_ALLOWED_HOSTS``: the host of ``--base-url`` (the address clients open, on any
port: the proxy forwards it) and the loopback names on ``--port`` (health checks). A path in
``--base-url`` (``https://example.org/checkup``) becomes Streamlit's ``server.baseUrlPath``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from practice.errors import CliError

ROOT = Path(__file__).resolve().parents[1]
MODE_ENV = "TRUSTCHECK_MODE"  # checkup.practice_state.MODE_ENV
PRACTICE_MODE = "practice"
ALLOWED_HOSTS_ENV = "TRUSTCHECK_ALLOWED_HOSTS"  # app_pages.server_guard.ENV_ALLOWED_HOSTS
LOOPBACK = ("127.0.0.1", "localhost")
WILDCARDS = frozenset({"0.0.0.0", "::", ""})  # noqa: S104 (names, not a bind)
DEFAULT_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8501


@dataclass(frozen=True)
class Launch:
    """What ``serve`` runs: the launcher's arguments and the environment it gets."""

    argv: list[str]
    env: dict[str, str]


def _public(base_url: str | None, port: int) -> tuple[str, str]:
    """(host, base path) of ``--base-url``; without one, the loopback on ``port``."""
    if base_url is None:
        return f"localhost:{port}", ""
    parts = urlsplit(base_url.strip())
    try:
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError when out of range)
    except ValueError:
        host = None
    if parts.scheme not in ("https", "http") or not host or parts.query or parts.fragment:
        raise CliError("cli.practice.serve.bad_base_url", url=base_url)
    if parts.username or parts.password:
        raise CliError("cli.practice.serve.bad_base_url", url=base_url)
    return host, parts.path.strip("/")


def plan(address: str, port: int, base_url: str | None, environ: Mapping[str, str]) -> Launch:
    """The launcher's command line and environment for these options (nothing is started)."""
    if not 1 <= port <= 65535:
        raise CliError("cli.practice.serve.bad_port", port=port)
    host, path = _public(base_url, port)
    env = {**environ, MODE_ENV: PRACTICE_MODE}
    if not environ.get(ALLOWED_HOSTS_ENV, "").strip():
        names = [host, *(f"{name}:{port}" for name in LOOPBACK)]
        listening = address.strip().strip("[]")
        if listening not in WILDCARDS and listening not in LOOPBACK:
            names.append(f"[{listening}]:{port}" if ":" in listening else f"{listening}:{port}")
        env[ALLOWED_HOSTS_ENV] = ",".join(dict.fromkeys(names))
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(ROOT), environ.get("PYTHONPATH", "")) if part
    )
    argv = [sys.executable, "-m", "app_pages.serve", "--server.address", address,
            "--server.port", str(port), "--server.headless", "true"]
    if path:
        argv += ["--server.baseUrlPath", path]
    return Launch(argv, env)


def run(launch: Launch) -> None:
    """Become the launcher (``exec``): this process is the server from here on."""
    os.chdir(ROOT)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(launch.argv[0], launch.argv, launch.env)  # noqa: S606 (no shell: a fixed argv)
