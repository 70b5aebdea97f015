"""Records every outbound connect and name lookup of the process it is loaded into.

Put this folder on ``PYTHONPATH`` and name a file in ``GUARD_AUDIT_FILE``: Python imports
``sitecustomize`` at start-up, and the audit hook appends one JSON line per socket event
(``sys.addaudithook``, PEP 578). The first line, ``hook.installed``, shows it was active.
Used by ``tests/app/test_server_guard.py`` on the app server's process.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

AUDIT_FILE = os.environ.get("GUARD_AUDIT_FILE")
# The events of Python's socket module that reach another host or ask about a name.
RECORDED = {
    "socket.connect": "address",
    "socket.sendto": "address",
    "socket.sendmsg": "address",
    "socket.getaddrinfo": "host",
    "socket.gethostbyname": "host",
    "socket.gethostbyaddr": "host",
    "socket.getnameinfo": "address",
    "urllib.Request": "url",
}
# Events whose first argument is the socket itself.
SOCKET_FIRST = frozenset({"socket.connect", "socket.sendto", "socket.sendmsg"})


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, type(None))):
        return value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return repr(value)


def _write(record: dict[str, Any]) -> None:
    assert AUDIT_FILE is not None
    with open(AUDIT_FILE, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def _target(event: str, args: tuple[Any, ...]) -> Any:
    """What the event reaches: the address of a connect/send, the name of a lookup."""
    if event in ("socket.connect", "socket.sendto"):
        return _plain(args[1])
    if event == "socket.sendmsg":
        return _plain(args[1]) if len(args) > 1 else None
    return _plain(args[0])


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event not in RECORDED:
        return
    family = getattr(args[0], "family", None) if event in SOCKET_FIRST else None
    _write({
        "event": event,
        "target": _target(event, args),
        "family": int(family) if family is not None else None,
        "pid": os.getpid(),
    })


if AUDIT_FILE:
    _write({"event": "hook.installed", "target": None, "family": None, "pid": os.getpid()})
    sys.addaudithook(_hook)
