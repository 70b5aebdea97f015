"""Constants of the server-guard tests (the unit and the whole-server modules)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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


def base_env() -> dict[str, str]:
    """This process's environment without the app's and Streamlit's own settings."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("TRUSTCHECK_", "STREAMLIT_"))}
