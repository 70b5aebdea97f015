"""Hostile files for both command-line tools (issue 14): exit 2, one line, nothing written.

Each case of the issue's table, for ``python -m scoring`` and ``python -m reports``; the
output refused when it is an input under any spelling; a byte-order mark read; duplicate
respondent ids warned about once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from questions import Bank
from reports.cli import main as reports_main
from scoring.cli import main as scoring_main

ROOT = Path(__file__).resolve().parents[2]
Main = Callable[[list[str]], int]
TOOLS: dict[str, tuple[Main, str]] = {
    "scoring": (scoring_main, "out.json"),
    "reports": (reports_main, "out.pdf"),
}
HEADER = "respondent,role,relationship,cling_1\n"


def _response(**change: object) -> dict[str, object]:
    base: dict[str, object] = {
        "respondent": "r1",
        "role": "hurt",
        "relationship": "work",
        "answers": {"cling_1": 3, "cling_2": 4, "cling_3": 2},
    }
    return base | change


HOSTILE: dict[str, tuple[str, str, str]] = {  # case -> (file name, content, words in the error)
    "nested 100,000 deep": ("in.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "nested object": ("in.json", '{"a":' * 100_000 + "1" + "}" * 100_000, "nested too deeply"),
    "integer of 5,000 digits": (
        "in.json",
        json.dumps(_response()).replace('"cling_1": 3', '"cling_1": ' + "7" * 5000),
        "a number has more than",
    ),
    "huge integer below the digit limit": (
        "in.json",
        json.dumps(_response()).replace('"cling_1": 3', '"cling_1": ' + "9" * 400),
        "item 'cling_1': 99999",
    ),
    "lone surrogate in respondent": (
        "in.json",
        json.dumps(_response()).replace('"r1"', '"r\\udcff"'),
        "respondent is not valid text",
    ),
    "lone surrogate in alias": (
        "in.json",
        json.dumps(_response(alias="x")).replace('"x"', '"\\ud800"'),
        "alias is not valid text",
    ),
    "lone surrogate as item id": (
        "in.json",
        json.dumps(_response()).replace('"cling_1"', '"\\udcff"'),
        "unknown item id '\\udcff'",
    ),
    "infinity": (
        "in.json",
        json.dumps(_response()).replace(": 3", ": 1e999"),
        "inf is not a number",
    ),
    "NaN literal": (
        "in.json",
        json.dumps(_response()).replace(": 3", ": NaN"),
        "nan is not a number",
    ),
    "quoted CSV field over 131,072 characters": (
        "in.csv",
        HEADER + '"' + "x" * 140_000 + '",hurt,work,3\n',
        "line 2: a field is longer than 131072 characters",
    ),
    "respondent over 131,072 characters": (
        "in.csv",
        HEADER + "x" * 140_000 + ",hurt,work,3\n",
        "respondent is longer than 131072 characters",
    ),
    "header field over 131,072 characters": (
        "in.csv",
        '"' + "h" * 140_000 + '",role\n',
        "line 1: a field is longer than 131072 characters",
    ),
    "answer over 131,072 characters": (
        "in.csv",
        HEADER + "r1,hurt,work," + "9" * 140_000 + "\n",
        "item 'cling_1'",
    ),
    "a NUL byte": ("in.csv", HEADER + "r1,hurt,work,3\x00\n", "item 'cling_1'"),
}


@pytest.mark.parametrize("tool", sorted(TOOLS))
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_exits_2_with_one_line(
    tool: str, case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main, out_name = TOOLS[tool]
    name, content, words = HOSTILE[case]
    source = tmp_path / name
    source.write_text(content, encoding="utf-8", errors="surrogatepass")
    before = sorted(tmp_path.iterdir())
    assert main([str(source), "-o", str(tmp_path / out_name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err[:300]
    assert str(source) in err and words in err
    assert len(err) < 600  # the offending value is shortened
    assert sorted(tmp_path.iterdir()) == before


def _spellings(tmp_path: Path, source: Path) -> dict[str, str]:
    (tmp_path / "link.json").symlink_to(source)
    os.link(source, tmp_path / "hard.json")
    (tmp_path / "sub").mkdir()
    return {
        "same": str(source),
        "absolute": str(source.resolve()),
        "relative": "in.json",
        "dot": "./in.json",
        "detour": "sub/../in.json",
        "symlink": str(tmp_path / "link.json"),
        "hard link": str(tmp_path / "hard.json"),
    }


@pytest.mark.parametrize("tool", sorted(TOOLS))
@pytest.mark.parametrize(
    "spelling", ["same", "absolute", "relative", "dot", "detour", "symlink", "hard link"]
)
def test_output_equal_to_an_input_is_refused_before_reading(
    tool: str,
    spelling: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main = TOOLS[tool][0]
    source = tmp_path / "in.json"
    source.write_text("this is not JSON: had it been read, the error would say so")
    out = _spellings(tmp_path, source)[spelling]
    monkeypatch.chdir(tmp_path)
    assert main([str(source), "-o", out]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is the input file" in err and "not valid JSON" not in err
    assert source.read_text().startswith("this is not JSON")


def test_output_equal_to_the_second_input_of_reports_is_refused(
    bank: Bank, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one, two = tmp_path / "a.json", tmp_path / "b.json"
    for path in (one, two):
        path.write_text(json.dumps(_response()))
    assert reports_main([str(one), str(two), "-o", str(two)]) == 2
    assert "is the input file" in capsys.readouterr().err
    assert json.loads(two.read_text())["respondent"] == "r1"


def test_csv_with_a_byte_order_mark_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes("\ufeff".encode() + (HEADER + "r1,hurt,work,3\n").encode())
    assert scoring_main([str(source)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["respondent"] == "r1"
    assert reports_main([str(source), "-o", str(tmp_path / "r.pdf")]) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_duplicate_respondents_give_one_warning_line(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = ["a", "b", "a", "c", "b", "a"] + [f"d{n}" for n in range(7) for _ in (0, 1)]
    source = tmp_path / f"in{suffix}"
    if suffix == ".csv":
        source.write_text(HEADER + "".join(f"{i},hurt,work,3\n" for i in ids))
    else:
        source.write_text(json.dumps([_response(respondent=i) for i in ids]))
    assert scoring_main([str(source), "-o", str(tmp_path / "out.csv")]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("warning: ")
    assert "9 respondent ids appear more than once: 'a', 'b', 'd0', 'd1', 'd2' and 4 more" in err
    assert len((tmp_path / "out.csv").read_text().splitlines()) == len(ids) + 1


def test_one_duplicate_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "x,hurt,work,3\ny,hurt,work,3\nx,hurt,work,2\n")
    assert scoring_main([str(source), "-o", str(tmp_path / "o.json")]) == 0
    assert (
        capsys.readouterr().err == f"warning: {source}: respondent id 'x' appears more than once\n"
    )


@pytest.mark.parametrize("module", ["scoring", "reports"])
def test_stdout_on_a_full_disk_is_one_line_not_a_traceback(module: str, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(_response()))
    args = [str(source)] if module == "scoring" else [str(source), "-o", str(tmp_path / "r.pdf")]
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr == "error: standard output cannot be written (No space left on device)\n"


@pytest.mark.parametrize("module", ["scoring", "reports"])
def test_hostile_file_as_a_real_command(module: str, tmp_path: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_text("[" * 100_000 + "]" * 100_000)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            module,
            str(source),
            "-o",
            str(tmp_path / "o.pdf" if module == "reports" else tmp_path / "o.json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "nested too deeply" in done.stderr
