"""Every command line speaks Spanish with ``--lang es`` (help, errors, summaries)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_scoring_and_reports_say_what_is_wrong_in_spanish(tmp_path: Path) -> None:
    missing = tmp_path / "no-hay.csv"
    for module in ("scoring", "reports"):
        extra = ("-o", str(tmp_path / "x.pdf")) if module == "reports" else ()
        done = _run(module, "--lang", "es", str(missing), *extra)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == f"error: {missing}: no existe ese archivo"


def test_help_and_summary_in_spanish() -> None:
    helped = _run("scoring", "--lang", "es", "--help")
    assert helped.returncode == 0 and helped.stdout.startswith("uso: python -m scoring")
    assert "Puntúa respuestas" in helped.stdout
    checked = _run("questions", "--lang", "es", "check")
    assert checked.returncode == 0 and checked.stdout.startswith("banco "), checked.stdout
    assert "áreas" in checked.stdout and "preguntas" in checked.stdout
