"""``python -m scoring couple``: two ordinary partners, and a flag on either side (exit 3,
nothing on stdout, the same line whichever side)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from questions import Bank
from scoring.cli import main


def _partner(tmp: Path, bank: Bank, name: str, role: str, flagged: bool = False) -> Path:
    answers: dict[str, int] = {}
    for item in bank.items_for(role):
        kind = bank.kind_of(item)
        if kind == "safety":
            answers[item.id] = 4 if flagged and item.id == "fear_1" else 1
        elif kind != "context":
            answers[item.id] = 4 if role == "hurt" else 2
    data = {"respondent": name, "role": role, "relationship": "romantic", "answers": answers}
    path = tmp / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_two_ordinary_partners(tmp_path, bank, capsys) -> None:
    a = _partner(tmp_path, bank, "a", "hurt")
    b = _partner(tmp_path, bank, "b", "broke")
    assert main(["couple", str(a), str(b)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "suspicion" in out["dimensions"]
    d = out["dimensions"]["suspicion"]
    assert d["gap"] == round(abs(d["first"]["score"] - d["second"]["score"]), 2)
    assert len(out["widest_gaps"]) == 3
    assert set(out["agreement"]) <= set(out["dimensions"])
    assert "flags" not in json.dumps(out)


@pytest.mark.parametrize("side", ["first", "second"])
def test_a_flag_on_either_side_exits_3_with_one_neutral_line(tmp_path, bank, capsys, side):
    a = _partner(tmp_path, bank, "a", "hurt", flagged=side == "first")
    b = _partner(tmp_path, bank, "b", "broke", flagged=side == "second")
    assert main(["couple", str(a), str(b)]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "safety" in captured.err
    assert "a.json" not in captured.err and "b.json" not in captured.err


def test_the_line_is_the_same_whichever_side(tmp_path, bank, capsys) -> None:
    lines = []
    for side in ("first", "second"):
        a = _partner(tmp_path, bank, "a", "hurt", flagged=side == "first")
        b = _partner(tmp_path, bank, "b", "broke", flagged=side == "second")
        assert main(["couple", str(a), str(b)]) == 3
        lines.append(capsys.readouterr().err)
    assert lines[0] == lines[1]
