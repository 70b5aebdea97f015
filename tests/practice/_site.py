"""Helpers of the practice tests: the command line as a process, password files, app servers,
and nginx from Debian in front of them with deploy/nginx/trustcheck.conf and a certificate made
here (``cryptography``). Importable by name (conftest puts this folder on sys.path)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SITE_CONFIG = ROOT / "deploy" / "nginx" / "trustcheck.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
ADMIN_PASSWORD = "correct horse battery staple"
# The practice's public name in the tests (.test is reserved: it never resolves on the
# Internet); connections go to 127.0.0.1 with this name in TLS and Host, Chromium maps it.
PUBLIC_NAME = "checkup.test"
THERAPIST_PASSWORD = "listening-carefully-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without TRUSTCHECK_/STREAMLIT_ settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRUSTCHECK_", "STREAMLIT_"))}
    return {**env, **extra}


def run_cli(*args: str, env: Mapping[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m practice ARGS`` as its own process, with no stdin (as under CI or cron)."""
    return subprocess.run(
        [sys.executable, "-m", "practice", *args], cwd=ROOT, env=dict(env),
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
    )


def secret_file(folder: Path, name: str, text: str, mode: int = 0o600) -> Path:
    """A file holding ``text`` (one line), with ``mode``."""
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def init_practice(env: Mapping[str, str],
                  folder: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``init`` of "Harbour Counselling" with administrator "ada" (her password file written
    in ``folder``); the finished command and that file."""
    admin = secret_file(folder, "admin.pw", ADMIN_PASSWORD)
    done = run_cli("init", "--practice-name", "Harbour Counselling", "--username", "ada",
                   "--display-name", "Ada Admin", "--password-file", str(admin), env=env)
    return done, admin


def set_up_practice(url: str, folder: Path) -> dict[str, str]:
    """``init`` (admin "ada") and ``add-therapist`` ("theo") with password files; the env."""
    env = clean_env(TRUSTCHECK_DATABASE_URL=url)
    done, _ = init_practice(env, folder)
    assert done.returncode == 0, done.stderr
    therapist = secret_file(folder, "theo.pw", THERAPIST_PASSWORD)
    done = run_cli("add-therapist", "--username", "theo", "--display-name", "Theo Okafor",
                   "--password-file", str(therapist), env=env)
    assert done.returncode == 0, done.stderr
    return env


def wait_ok(url: str, process: subprocess.Popen[bytes], context: ssl.SSLContext | None = None,
            seconds: float = 60) -> None:
    """Poll ``url`` until it answers ``ok`` (the health check); fail if ``process`` exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as reply:
                if reply.read().strip() == b"ok":
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not become healthy")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for PUBLIC_NAME (it is its own CA); (cert, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, PUBLIC_NAME)])
    now = dt.datetime.now(dt.UTC)
    names = [x509.DNSName(PUBLIC_NAME), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "site.crt", folder / "site.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    key_path.chmod(0o600)
    return cert_path, key_path


@dataclass(frozen=True)
class ProxyPorts:
    https: int
    http: int
    upstreams: tuple[int, int]


def render_site(ports: ProxyPorts, cert: Path, key: Path, log: Path) -> str:
    """deploy/nginx/trustcheck.conf on this machine's ports, certificate and log file.

    Each placeholder must be found exactly as shipped, so a change of the shipped file that
    this no longer fits fails here instead of testing something else.
    """
    text = SITE_CONFIG.read_text(encoding="utf-8")
    first, second = ports.upstreams
    swaps = [
        ("server 127.0.0.1:8501 ", f"server 127.0.0.1:{first} "),
        ("server 127.0.0.1:8502 ", f"server 127.0.0.1:{second} "),
        ("    listen [::]:80;\n", ""),
        ("    listen [::]:443 ssl default_server;\n", ""),
        ("    listen [::]:443 ssl;\n", ""),
        ("listen 80;", f"listen 127.0.0.1:{ports.http};"),
        ("listen 443 ssl default_server;", f"listen 127.0.0.1:{ports.https} ssl default_server;"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{ports.https} ssl;"),
        ("server_name checkup.example.org;", f"server_name {PUBLIC_NAME};"),
        ("/etc/letsencrypt/live/checkup.example.org/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/checkup.example.org/privkey.pem", str(key)),
        ("/var/log/nginx/trustcheck.access.log", str(log)),
    ]
    for old, new in swaps:
        assert old in text, f"{SITE_CONFIG.name} no longer holds {old!r}"
        text = text.replace(old, new)
    return text


def start_nginx(folder: Path, site: str) -> subprocess.Popen[bytes]:
    """nginx in the foreground with ``site`` as its only site; everything under ``folder``."""
    assert NGINX is not None
    (folder / "site.conf").write_text(site, encoding="utf-8")
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                              "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\nevents {{ worker_connections 256; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n{temp}\n"
        f"    include {folder / 'site.conf'};\n}}\n",
        encoding="utf-8",
    )
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"),
               "-e", str(folder / "error.log"), "-g", "daemon off;"]
    checked = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@dataclass(frozen=True)
class RunningSite:
    """Two app processes behind nginx: the public base URL, the ports, the certificate (its
    own CA), nginx's access log and the processes (the two apps, then nginx)."""

    base: str
    ports: ProxyPorts
    cert: Path
    log: Path
    processes: tuple[subprocess.Popen[bytes], ...]


def _serve(port: int, base: str, env: Mapping[str, str], folder: Path) -> subprocess.Popen[bytes]:
    """``python -m practice serve`` on ``port``, its output in ``folder``/app-PORT.log."""
    with open(folder / f"app-{port}.log", "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "practice", "serve", "--port", str(port), "--base-url", base],
            cwd=ROOT, env=dict(env), stdin=subprocess.DEVNULL, stdout=out, stderr=out,
        )


@contextmanager
def running_site(env: Mapping[str, str], folder: Path) -> Iterator[RunningSite]:
    """Two ``practice serve`` processes on free ports with nginx in front of them
    (deploy/nginx/trustcheck.conf, a certificate made here), until the block ends; each app
    answers its health check before it is given (nginx may still be starting). The tests and
    benchmarks/bench_proxy.py set the site up alike through this."""
    ports = ProxyPorts(free_port(), free_port(), (free_port(), free_port()))
    base = f"https://{PUBLIC_NAME}:{ports.https}"
    started: list[subprocess.Popen[bytes]] = []
    try:
        started += [_serve(port, base, env, folder) for port in ports.upstreams]
        cert, key = make_certificate(folder)
        log = folder / "access.log"
        started.append(start_nginx(folder, render_site(ports, cert, key, log)))
        for port, process in zip(ports.upstreams, started, strict=False):
            wait_ok(f"http://127.0.0.1:{port}/_stcore/health", process)
        yield RunningSite(base, ports, cert, log, tuple(started))
    finally:
        for process in started:
            stop(process)


def one_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    """The single stderr line of a refused command (no traceback), after checking the status."""
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def run_main(monkeypatch: Any, capsys: Any, *argv: str,
             env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``practice.cli.main(argv)`` in this process with ``env`` as its environment
    (pytest's monkeypatch and capsys fixtures)."""
    from practice.cli import main

    for name in [n for n in os.environ if n.startswith(("TRUSTCHECK_", "STREAMLIT_"))]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        if name.startswith("TRUSTCHECK_"):
            monkeypatch.setenv(name, value)
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse refusals leave through scoring.cli.start
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(list(argv), code, out, err)
