"""``python -m reports couple A.json B.json -o couple.pdf``: personas through the command line.

Ordinary partners (hurt and broke, both and both, aliases or none) get one PDF; a safety flag
on either side writes nothing, exits 3 and prints one line that is the same whichever side;
bad input exits 2 with one line and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reports.cli import main

SAFETY_LINE = "error: a safety answer needs attention first; no comparison was made\n"


def _partner(tmp: Path, bank, name: str, role: str, *, level: int, **extra) -> Path:
    """A response file: every scored item at ``level``, safety "never" (or ``flag`` items
    at 4), context calm."""
    flag = extra.pop("flag", None)
    answers: dict[str, int] = {}
    for item in bank.items_for(role):
        kind = bank.kind_of(item)
        if kind == "safety" and not (flag == "blank" and item.id == "fear_1"):  # not screened
            answers[item.id] = 4 if item.id == flag else 1
        elif kind != "context":
            answers[item.id] = level
    data = {"respondent": name, "role": role, "relationship": "romantic", "answers": answers}
    path = tmp / f"{name}.json"
    path.write_text(json.dumps({**data, **extra}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("roles", "aliases", "names"),
    [
        (("hurt", "broke"), ("Sam", "Robin"), "Sam and Robin"),
        (("both", "both"), (None, None), "Partner A and Partner B"),
        (("broke", "hurt"), ("  ", "Robin"), "Partner A and Robin"),
    ],
)
def test_two_partners_get_one_pdf(tmp_path, bank, pdf_text, capsys, roles, aliases, names):
    files = [
        _partner(tmp_path, bank, f"p{n}", role, level=2 + 2 * n, **({"alias": a} if a else {}))
        for n, (role, a) in enumerate(zip(roles, aliases, strict=True))
    ]
    out = tmp_path / "couple.pdf"
    assert main(["couple", *map(str, files), "-o", str(out), "--date", "2026-12-01"]) == 0
    assert capsys.readouterr().out == f"{out}\n"
    text = pdf_text(out.read_bytes())
    assert "Check-up comparison" in text and names in text and "1 December 2026" in text
    assert "You see this" in text


@pytest.mark.parametrize("side", [0, 1])
@pytest.mark.parametrize("flag", ["fear_1", "harm_choke", "selfharm_wish", "selfharm_plan", "blank"])
def test_a_flag_on_either_side_writes_nothing_and_exits_3(tmp_path, bank, capsys, side, flag):
    files = [
        _partner(tmp_path, bank, f"p{n}", "hurt", level=3, **({"flag": flag} if n == side else {}))
        for n in range(2)
    ]
    out = tmp_path / "couple.pdf"
    assert main(["couple", *map(str, files), "-o", str(out)]) == 3
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", SAFETY_LINE)  # the same line either side
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["p0.json", "p1.json"]


def test_bad_input_exits_2_with_one_line(tmp_path, bank, capsys) -> None:
    good = _partner(tmp_path, bank, "p0", "hurt", level=3)
    two = tmp_path / "two.json"
    record = json.loads(good.read_text())
    two.write_text(json.dumps([record, {**record, "respondent": "x"}]), encoding="utf-8")
    out = tmp_path / "couple.pdf"
    cases = [
        [str(good), str(two), "-o", str(out)],  # two responses in one file
        [str(good), str(tmp_path / "missing.json"), "-o", str(out)],
        [str(good), str(good), "-o", str(good)],  # the output is an input
        [str(good), str(good), "-o", str(tmp_path)],  # a folder
    ]
    for argv in cases:
        assert main(["couple", *argv]) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("error:"), err
        assert "Traceback" not in err
    assert not out.exists()
    assert json.loads(good.read_text()) == record  # the input was not overwritten
