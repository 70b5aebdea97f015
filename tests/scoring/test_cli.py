"""``python -m scoring``: formats, and every bad input exits 2 with one line, writing nothing."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from questions import Bank
from scoring.cli import main

from .conftest import all_answers

ROOT = Path(__file__).parents[2]


def _response(
    bank: Bank, role: str = "hurt", respondent: str = "r1", **extra: object
) -> dict[str, object]:
    return {
        "respondent": respondent,
        "role": role,
        "relationship": "romantic",
        "answers": all_answers(bank, role, 4),
        **extra,
    }


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_json_in_json_out_on_stdout(
    bank: Bank, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps([_response(bank), _response(bank, "broke", "r2")]))
    assert main([str(source)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["respondent"] for r in records] == ["r1", "r2"]
    assert records[0]["scores"]["anxious_clinging"] is not None
    assert "transparency" not in records[0]["scores"] and "transparency" in records[1]["scores"]
    assert records[0]["flags"] == [] and {"trust_strain", "repair_readiness"} <= set(records[0])


def test_single_object_and_csv_output(bank: Bank, tmp_path: Path) -> None:
    source = tmp_path / "one.json"
    source.write_text(json.dumps(_response(bank, "both", "=HYPERLINK(1)", answers={"fear_1": 3})))
    out = tmp_path / "scores.csv"
    assert main([str(source), "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 1
    assert rows[0]["respondent"] == "'=HYPERLINK(1)"  # formula injection defused
    assert {"safety", "danger"} <= set(rows[0]["flags"].split(";")) and rows[0]["role"] == "both"


def test_csv_input_with_blanks(
    bank: Bank, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [i.id for i in bank.items_for("hurt")]
    values = [3] * len(items)
    values[0] = ""  # cling_1 unanswered: 3 of 4 still scores
    source = _write_csv(
        tmp_path / "in.csv",
        ["respondent", "role", "relationship", *items],
        [["a", "hurt", "work", *values]],
    )
    assert main([str(source)]) == 0
    record = json.loads(capsys.readouterr().out)[0]
    assert record["scores"]["anxious_clinging"] is not None
    assert record["respondent"] == "a"


BAD_JSON: list[tuple[str, object, str]] = [
    ("unknown role", {"role": "ex"}, "response 1 (respondent 'r1'): unknown role 'ex'"),
    ("unknown relationship", {"relationship": "pet"}, "unknown relationship 'pet'"),
    ("unknown item", {"answers": {"nope_1": 3}}, "unknown item id 'nope_1'"),
    ("non-numeric", {"answers": {"cling_1": "often"}}, "item 'cling_1': 'often' is not a number"),
    (
        "out of scale",
        {"answers": {"cling_1": 6}},
        "item 'cling_1': 6 is outside the item's scale 1-5",
    ),
    ("fraction", {"answers": {"cling_1": 2.5}}, "item 'cling_1': 2.5 is not a whole number"),
    ("boolean", {"answers": {"cling_1": True}}, "is not a number"),
    ("not asked of role", {"answers": {"acct_1": 3}}, "item 'acct_1': is not asked of role 'hurt'"),
    ("missing respondent", {"respondent": ""}, "respondent is missing"),
    ("answers not an object", {"answers": [1, 2]}, "answers must be an object"),
    ("unknown field", {"score": 3}, "unknown field 'score'"),
]


@pytest.mark.parametrize(("name", "change", "message"), BAD_JSON, ids=[b[0] for b in BAD_JSON])
def test_bad_json_response(
    name: str,
    change: dict[str, object],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "in.json"
    response = {
        "respondent": "r1",
        "role": "hurt",
        "relationship": "romantic",
        "answers": {"cling_1": 3},
    }
    response.update(change)
    source.write_text(json.dumps([response]))
    _assert_rejected(source, tmp_path, message, capsys)


def _assert_rejected(
    source: Path, tmp_path: Path, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    before = set(tmp_path.iterdir())
    assert main([str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert set(tmp_path.iterdir()) == before  # no output, no temp file left


def test_one_bad_row_rejects_the_whole_file_and_names_it(
    bank: Bank, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [[f"p{n}", "hurt", "romantic", 3] for n in range(5)]
    rows[3][3] = 9
    source = _write_csv(
        tmp_path / "in.csv", ["respondent", "role", "relationship", "cling_1"], rows
    )
    _assert_rejected(
        source, tmp_path, "in.csv: row 4 (respondent 'p3'), item 'cling_1': 9 is outside", capsys
    )


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("65539", "65539 is outside the item's scale 1-5"),  # 3 once cut to 16 bits
        ("-65533", "-65533 is outside the item's scale 1-5"),
        ("1e300", "1e+300 is outside the item's scale 1-5"),
        ("65539.5", "65539.5 is not a whole number"),
        ("3.000001", "3.000001 is not a whole number"),  # not shown rounded to "3"
    ],
)
def test_csv_answers_that_wrap_onto_the_scale_as_small_integers_are_refused(
    bank: Bank, tmp_path: Path, capsys: pytest.CaptureFixture[str], answer: str, message: str
) -> None:
    """The chunk check tests whole numbers by a cast to a small integer type; a value that
    wraps round onto the scale there (65539 -> 3) is still refused, in the right words."""
    rows = [[f"p{n}", "hurt", "romantic", 3] for n in range(700)]
    rows[600][3] = answer
    source = _write_csv(
        tmp_path / "in.csv", ["respondent", "role", "relationship", "cling_1"], rows
    )
    where = "row 601 (respondent 'p600'), item 'cling_1': "
    _assert_rejected(source, tmp_path, where + message, capsys)


BAD_FILES: list[tuple[str, str, str, str]] = [
    ("empty", "in.csv", "", "the file is empty"),
    ("malformed json", "in.json", '{"respondent": ', "not valid JSON (line 1"),
    ("empty list", "in.json", "[]", "holds no responses"),
    ("header only", "in.csv", "respondent,role,relationship,cling_1\n", "holds no responses"),
    (
        "missing column",
        "in.csv",
        "respondent,role,cling_1\na,hurt,3\n",
        "missing column 'relationship'",
    ),
    (
        "unknown column",
        "in.csv",
        "respondent,role,relationship,zz_9\na,hurt,work,3\n",
        "column 4: unknown item id 'zz_9'",
    ),
    (
        "duplicate column",
        "in.csv",
        "respondent,role,relationship,cling_1,cling_1\na,hurt,work,3,3\n",
        "appears twice",
    ),
    (
        "extra field",
        "in.csv",
        "respondent,role,relationship,cling_1\na,hurt,work,3,4\n",
        "line 2 does not have the header's 4 fields",
    ),
    (
        "short row",
        "in.csv",
        "respondent,role,relationship,cling_1\na,hurt,work,3\nb,hurt\n",
        "line 3 does not have the header's 4 fields",
    ),
    (
        "non-numeric csv",
        "in.csv",
        "respondent,role,relationship,cling_1\na,hurt,work,lots\n",
        "row 1 (respondent 'a'), item 'cling_1': 'lots' is not a number",
    ),
    (
        "unknown relationship csv",
        "in.csv",
        "respondent,role,relationship\na,hurt,spouse\n",
        "row 1 (respondent 'a'): unknown relationship 'spouse'",
    ),
    ("wrong type", "in.txt", "x", "unknown file type"),
    ("not utf-8", "in.csv", "respondent,role,relationship\n\xff\xfe,hurt,work\n", "not UTF-8"),
]


@pytest.mark.parametrize(
    ("name", "filename", "content", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES]
)
def test_bad_files(
    name: str,
    filename: str,
    content: str,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / filename
    source.write_bytes(content.encode("latin-1"))
    _assert_rejected(source, tmp_path, message, capsys)


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _assert_rejected(tmp_path / "absent.csv", tmp_path, "absent.csv: no such file", capsys)


def test_bad_output_name_and_folder(
    bank: Bank, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(_response(bank)))
    assert main([str(source), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert "unknown output type" in capsys.readouterr().err
    assert main([str(source), "-o", str(tmp_path / "nofolder" / "out.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


def test_existing_output_is_kept_when_input_is_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    out.write_text("previous results")
    bad = tmp_path / "in.json"
    bad.write_text("[")
    assert main([str(bad), "-o", str(out)]) == 2
    assert out.read_text() == "previous results"


def test_as_a_real_command(bank: Bank, tmp_path: Path) -> None:
    good = tmp_path / "in.json"
    good.write_text(json.dumps(_response(bank)))
    done = subprocess.run(
        [sys.executable, "-m", "scoring", str(good)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0 and json.loads(done.stdout)[0]["respondent"] == "r1"
    bad = tmp_path / "bad.json"
    bad.write_text('{"respondent": "x", "role": "boss", "relationship": "work", "answers": {}}')
    done = subprocess.run(
        [sys.executable, "-m", "scoring", str(bad)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1


class _Terminal:
    """A stand-in for stderr on a terminal: records what is drawn."""

    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(("tty", "drawn"), [(True, True), (False, False)])
def test_progress_bar_covers_reading_scoring_and_writing_on_a_terminal(
    bank: Bank, tty: bool, drawn: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scoring.cli

    items = [i.id for i in bank.items_for("hurt")]
    rows = [[f"r{n}", "hurt", "work", *([3] * len(items))] for n in range(70_000)]
    source = _write_csv(tmp_path / "big.csv", ["respondent", "role", "relationship", *items], rows)
    assert source.stat().st_size >= scoring.cli.PROGRESS_MIN_BYTES
    stream = _Terminal(tty)
    monkeypatch.setattr(scoring.cli.sys, "stderr", stream)
    assert main([str(source), "-o", str(tmp_path / "out.csv")]) == 0
    assert ("scoring [" in stream.text) is drawn
    if drawn:  # several steps (one per chunk read, scored and written), ending full
        steps = stream.text.split("\r")[1:]
        assert len(steps) >= 3 and steps[-1].startswith("scoring [" + "#" * 30 + "] 100%")
        assert stream.text.endswith("\n")
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 70_001


def test_no_progress_bar_for_small_inputs(
    bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scoring.cli

    source = tmp_path / "in.json"
    source.write_text(json.dumps(_response(bank)))
    stream = _Terminal(True)
    monkeypatch.setattr(scoring.cli.sys, "stderr", stream)
    assert main([str(source), "-o", str(tmp_path / "out.csv")]) == 0
    assert stream.text == ""


def test_spaces_around_csv_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "respondent,role,relationship,cling_1,cling_2,cling_3\n"
        " a, hurt, work, 3 ,  ,4\n"
        "b,broke,family,   , 2,5\n"
    )
    assert main([str(source)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["respondent"] for r in records] == ["a", "b"]
    assert [r["role"] for r in records] == ["hurt", "broke"]
    assert records[0]["unscored"]["anxious_clinging"].startswith("2 of 4")
