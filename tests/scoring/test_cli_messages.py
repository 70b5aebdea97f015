"""Every line the command-line tools print comes from ``locales/<locale>/cli.po`` by id.

With ``--lang qps-ploc`` (or ``TRUSTCHECK_LANG=qps-ploc``) each such line is visibly wrapped
in ⟦…⟧; values the person gave (file names, respondent ids) are filled in unwrapped.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from locales import LOCALES, catalogue
from reports.cli import main as reports_main
from scoring.cli import main as scoring_main

ROOT = Path(__file__).resolve().parents[2]
# every package whose command line or export words are cli.* ids (cli.po, cli-*.po)
CLI_PACKAGES = ("scoring", "reports", "questions", "practice")
SOURCES = sorted(p for name in CLI_PACKAGES for p in (ROOT / name).rglob("*.py"))
WRAPPED = re.compile(r"⟦[^⟧]*⟧")


def _cli_ids_in_source() -> set[str]:
    found = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and re.fullmatch(r"cli(\.[a-z0-9_]+)+", text):
                found.add(text)
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_every_cli_id_used_exists_and_none_is_unused(locale: str) -> None:
    used = _cli_ids_in_source()
    shipped = {i for i in catalogue(locale).ids() if i.startswith("cli.")}
    assert len(used) > 50
    assert used - shipped == set(), "ids used but missing from cli.po"
    assert shipped - used == set(), "ids in cli.po that no code uses"


def _run(
    module: str, *args: str, lang: str | None = "qps-ploc"
) -> subprocess.CompletedProcess[str]:
    extra = ["--lang", lang] if lang else []
    return subprocess.run(
        [sys.executable, "-m", module, *args, *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("module", ["scoring", "reports"])
def test_help_in_the_pseudo_locale_is_wrapped(module: str) -> None:
    done = _run(module, "--help")
    assert done.returncode == 0
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    # only the command, option names, metavars and parameters are left unwrapped
    leftovers = set(re.findall(r"[a-z]{3,}", WRAPPED.sub("", done.stdout)))
    assert leftovers <= {
        "python",
        "scoring",
        "reports",
        "help",
        "lang",
        "output",
        "input",
        "inputs",
        "date",
        "form",
        "country",
        "fhir",
    }
    assert sum("⟦" in line for line in lines) >= 5


@pytest.mark.parametrize("module", ["scoring", "reports"])
def test_error_lines_in_the_pseudo_locale_are_wrapped(module: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"respondent": "Ann", "role": "boss", "relationship": "work", "answers": {}})
    )
    done = _run(
        module, str(bad), "-o", str(tmp_path / ("o.pdf" if module == "reports" else "o.json"))
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("⟦éŕŕöŕ: ")
    assert "'Ann'" in done.stderr and "'boss'" in done.stderr and str(bad) in done.stderr
    assert "unknown role" not in done.stderr  # the words themselves are pseudo-localised


def test_argument_errors_and_warnings_are_wrapped(tmp_path: Path) -> None:
    done = _run("scoring")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "⟦" in done.stderr
    source = tmp_path / "in.csv"
    source.write_text("respondent,role,relationship,cling_1\nx,hurt,work,3\nx,hurt,work,2\n")
    done = _run("scoring", str(source), "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 0 and done.stderr.startswith("⟦ŵåŕñîñĝ: ") and "'x'" in done.stderr


def test_environment_variable_chooses_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTCHECK_LANG", "qps-ploc")
    assert scoring_main([str(tmp_path / "absent.csv")]) == 2
    assert capsys.readouterr().err.startswith("⟦")
    assert scoring_main([str(tmp_path / "absent.csv"), "--lang", "en"]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'absent.csv'}: no such file\n"


@pytest.mark.parametrize("main", [scoring_main, reports_main])
def test_unknown_language_exits_2_naming_the_languages(
    main: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main([str(tmp_path / "x.json"), "-o", str(tmp_path / "o.pdf"), "--lang", "xx"])  # type: ignore[operator]
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err == f"error: unknown language 'xx'; available: {', '.join(LOCALES)}\n"


def test_report_in_the_pseudo_locale(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(
            {"respondent": "r1", "role": "hurt", "relationship": "work", "answers": {"cling_1": 3}}
        )
    )
    out = tmp_path / "r.pdf"
    assert reports_main([str(source), "-o", str(out), "--lang", "qps-ploc"]) == 0
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "⟦" in text
