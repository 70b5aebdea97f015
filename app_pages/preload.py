"""Load the results page's heavy modules in the background, once per server process.

The first pages stay light (the welcome page opens fast), but the first "See my results"
after a server start used to wait about a second for imports (scoring, plotly, reportlab,
SQLAlchemy and Alembic: bench_app.py). A daemon thread imports them while the person answers;
an import that is still running when the results page needs it is simply waited for (Python's
per-module import lock). Only modules are loaded: no person's data is touched.
"""

from __future__ import annotations

import importlib
import threading

MODULES = (
    "scoring.result",
    "scoring.norms",
    "reports",
    "reports.screen_chart",
    "storage",
    "checkup.results",
    "checkup.keeping",
)
_started = threading.Event()


def _load() -> None:
    for name in MODULES:
        importlib.import_module(name)


def start() -> None:
    """Start the background import the first time it is called in this process."""
    if not _started.is_set():
        _started.set()
        threading.Thread(target=_load, name="preload", daemon=True).start()
