"""``python -m questions``: words from the catalogue, one clear line for every error."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import questions.__main__ as cli
from questions import BankError, load_bank

ROOT = Path(__file__).parents[2]
WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "questions", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env=env,
    )


def test_check_prints_a_summary() -> None:
    done = _run("check")
    bank = load_bank()
    assert done.returncode == 0
    assert (
        done.stdout
        == f"bank {bank.version}: {len(bank.dimensions)} dimensions, {len(bank.items)} items\n"
    )


@pytest.mark.parametrize("args", [["--lang", "qps-ploc", "check"], ["check", "--lang", "qps-ploc"]])
def test_the_language_is_chosen_before_or_after_the_command(args: list[str]) -> None:
    done = _run(*args)
    assert done.returncode == 0, done.stderr
    assert WRAPPED.fullmatch(done.stdout.strip())


def test_help_in_the_pseudo_locale_has_no_unwrapped_words() -> None:
    done = _run("--lang", "qps-ploc", "--help")
    assert done.returncode == 0
    # What is left once wrapped text, option names, metavars and the program name are removed.
    rest = WRAPPED.sub("", done.stdout)
    rest = re.sub(
        r"python -m questions|--?[a-z]+|LOCALE|\{export,check\}|export|check|[\[\]:.,$\s]", "", rest
    )
    assert rest == ""


def test_a_bad_command_is_one_line_and_status_2() -> None:
    done = _run("frobnicate")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "frobnicate" in done.stderr
    assert done.stderr.startswith("error: ")


def test_a_broken_bank_is_one_line_and_status_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(locale: str) -> None:
        raise BankError("questions/data/bank.yaml", "dimension 'x'", "unknown section 'y'")

    monkeypatch.setattr(cli, "load_bank", broken)
    assert cli.main(["check"]) == 2
    err = capsys.readouterr().err
    assert err == "error: questions/data/bank.yaml: dimension 'x': unknown section 'y'\n"


def test_the_language_can_come_from_the_environment() -> None:
    done = _run("check", env={**os.environ, "TRUSTCHECK_LANG": "qps-ploc"})
    assert done.returncode == 0 and WRAPPED.fullmatch(done.stdout.strip())
