"""The results page's modules are loaded in the background once the app has started."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys, time
from app_pages import preload
assert "reports" not in sys.modules and "storage" not in sys.modules
preload.start(); preload.start()
deadline = time.monotonic() + 60
while not all(name in sys.modules for name in preload.MODULES) and time.monotonic() < deadline:
    time.sleep(0.05)
import threading
print(sorted(set(preload.MODULES) - set(sys.modules)),
      sum(t.name == "preload" for t in threading.enumerate()) <= 1)
"""


def test_the_heavy_modules_load_in_the_background_once() -> None:
    found = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[] True"
