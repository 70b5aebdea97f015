"""``python -m reports``: one file, a folder, and every bad input (exit 2, one line, no files)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from questions import Bank
from reports.cli import main, safe_name

ROOT = Path(__file__).resolve().parents[2]


def _response(bank: Bank, respondent: str, role: str = "hurt", **extra: object) -> dict:
    answers = {i.id: 3 for i in bank.items_for(role)}
    answers |= {
        i.id: 1
        for i in bank.items_for(role)
        if i.dimension in ("fear", "harm", "control", "self_harm")
    }
    return {
        "respondent": respondent,
        "role": role,
        "relationship": "friendship",
        "answers": answers,
        **extra,
    }


def _json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _csv(path: Path, bank: Bank, rows: list[dict]) -> Path:
    items = [i.id for i in bank.items]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["respondent", "role", "relationship", "alias", *items])
    writer.writeheader()
    for row in rows:
        writer.writerow({k: v for k, v in row.items() if k != "answers"} | row["answers"])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _text(path: Path) -> str:
    return " ".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_one_response_writes_one_pdf(tmp_path, bank, capsys) -> None:
    src = _json(tmp_path / "in.json", _response(bank, "r1", alias="Řehoř <b>"))
    out = tmp_path / "report.pdf"
    assert main([str(src), "-o", str(out), "--date", "2026-11-23"]) == 0
    text = _text(out)
    assert "Řehoř <b>" in text and "23 November 2026" in text and "A friend" in text
    assert capsys.readouterr().out.strip() == str(out)


def test_several_responses_write_a_folder(tmp_path, bank) -> None:
    rows = [
        _response(bank, "r/1", alias="Ann"),
        _response(bank, "r 2", role="broke"),
        _response(bank, "", role="both") | {"respondent": "Ł3"},
    ]
    src = _csv(tmp_path / "in.csv", bank, rows)
    out = tmp_path / "reports"
    assert main([str(src), "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["checkup-001-r-1.pdf", "checkup-002-r-2.pdf", "checkup-003-3.pdf"]
    assert "Ann" in _text(out / names[0])
    assert "I broke someone's trust" in _text(out / names[1])


def test_several_inputs_write_a_folder(tmp_path, bank) -> None:
    one = _json(tmp_path / "a.json", _response(bank, "a"))
    two = _json(tmp_path / "b.json", [_response(bank, "b")])
    out = tmp_path / "out"
    out.mkdir()
    assert main([str(one), str(two), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["checkup-001-a.pdf", "checkup-002-b.pdf"]


@pytest.mark.parametrize(
    ("respondent", "name"),
    [
        ("r1", "checkup-001-r1.pdf"),
        ("../../etc/passwd", "checkup-001-etc-passwd.pdf"),
        ("王小明", "checkup-001.pdf"),
        ("a" * 80, "checkup-001-" + "a" * 40 + ".pdf"),
    ],
)
def test_safe_name(respondent, name) -> None:
    assert safe_name(1, respondent) == name


def _bad_cases(tmp: Path, bank: Bank) -> dict[str, tuple[list[str], str]]:
    good = _json(tmp / "good.json", _response(bank, "g"))
    bad_role = _json(tmp / "role.json", _response(bank, "x", role="victim"))
    out_of_range = _response(bank, "y")
    out_of_range["answers"]["commit_1"] = 9
    unknown_item = _response(bank, "z")
    unknown_item["answers"]["nope_1"] = 2
    (tmp / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp / "empty.csv").write_text("", encoding="utf-8")
    (tmp / "dir").mkdir()
    text_answer = _response(bank, "row2")
    text_answer["answers"]["commit_2"] = "lots"
    _csv(tmp / "text.csv", bank, [_response(bank, "row1"), text_answer])
    header = "respondent,role,relationship,mystery\nr,hurt,work,1\n"
    (tmp / "column.csv").write_text(header, encoding="utf-8")
    return {
        "csv_text": (
            [str(tmp / "text.csv")],
            "text.csv: row 2 (respondent 'row2'), item 'commit_2'",
        ),
        "csv_column": ([str(tmp / "column.csv")], "unknown item id 'mystery'"),
        "role": ([str(bad_role)], "role.json: response 1 (respondent 'x'): unknown role"),
        "range": ([str(_json(tmp / "range.json", out_of_range))], "item 'commit_1'"),
        "item": ([str(_json(tmp / "item.json", unknown_item))], "unknown item id 'nope_1'"),
        "json": ([str(tmp / "broken.json")], "broken.json: not valid JSON"),
        "empty": ([str(tmp / "empty.csv")], "empty.csv: the file is empty"),
        "missing": ([str(tmp / "missing.json")], "missing.json: no such file"),
        "type": ([str(_json(tmp / "r.txt", {}))], "unknown file type"),
        "second_bad": ([str(good), str(bad_role)], "unknown role"),
        "out_is_dir": ([str(good), "-o", str(tmp / "dir")], "is a folder"),
        "no_parent": ([str(good), "-o", str(tmp / "nope" / "r.pdf")], "does not exist"),
    }


CASES = [
    "csv_text",
    "csv_column",
    "role",
    "range",
    "item",
    "json",
    "empty",
    "missing",
    "type",
    "second_bad",
    "out_is_dir",
    "no_parent",
]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, bank, capsys, case) -> None:
    args, expected = _bad_cases(tmp_path, bank)[case]
    if "-o" not in args:
        args = [*args, "-o", str(tmp_path / "out")]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert expected in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_module_entry_point_has_no_traceback(tmp_path, bank) -> None:
    bad = _json(tmp_path / "role.json", _response(bank, "x", role="victim"))
    run = subprocess.run(
        [sys.executable, "-m", "reports", str(bad), "-o", str(tmp_path / "o")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_json_reports_and_help_leave_pandas_scipy_and_pyarrow_unloaded(tmp_path, bank) -> None:
    """A report of JSON files is scored as records: the heavy data modules stay unloaded
    (pandas is most of a few reports' start-up); --help loads no reportlab either."""
    src = _json(tmp_path / "in.json", _response(bank, "r1"))
    probe = (
        "import sys\n"
        "from reports.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('pandas', 'scipy', 'pyarrow', 'reportlab')\n"
        "print('loaded:', *(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    seen = {}
    for name, args in {
        "report": [str(src), "-o", str(tmp_path / "o.pdf")],
        "help": ["--help"],
    }.items():
        out = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        seen[name] = out.stderr.strip().splitlines()[-1]
    assert (tmp_path / "o.pdf").stat().st_size > 10_000
    assert seen == {"report": "loaded: reportlab", "help": "loaded:"}
