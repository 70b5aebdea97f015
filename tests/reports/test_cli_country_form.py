"""Issues 9 and 10 through both CLIs: --country, --form pulse, one persona per safety flag and
per context path (the flags in ``python -m scoring`` output, the PDF from ``python -m reports``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from questions import Bank
from reports.cli import main as reports_main
from reports.helplines import load_helplines
from scoring.cli import main as scoring_main
from scoring.rules import load_rules

SAFE = 1  # the safety scale's minimum: "never"
HIGH = 4


def _answers(bank: Bank, role: str, raised: tuple[str, ...] = ()) -> dict[str, int | None]:
    """Middle answers, safety items at their minimum, ``raised`` items endorsed."""
    answers: dict[str, int | None] = {}
    for item in bank.items_for(role):
        if item.id in raised:
            answers[item.id] = HIGH
        elif bank.kind_of(item) == "safety":
            answers[item.id] = SAFE
        elif bank.kind_of(item) != "context":
            answers[item.id] = 3
    return answers


def _write(path: Path, role: str, answers: dict[str, int | None]) -> Path:
    data = {"respondent": "p1", "role": role, "relationship": "romantic", "answers": answers}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _flags(capsys: pytest.CaptureFixture[str], args: list[str]) -> list[str]:
    assert scoring_main(args) == 0
    out = json.loads(capsys.readouterr().out)
    record = out[0] if isinstance(out, list) else out["results"][0]
    return list(record["flags"])


def _text(path: Path) -> str:
    return " ".join(p.extract_text() for p in PdfReader(str(path)).pages)


PERSONAS = {
    "none": (),
    "danger": ("fear_1",),
    "high_danger": ("harm_choke",),
    "self_harm": ("selfharm_wish",),
    "urgent": ("selfharm_wish", "selfharm_1", "selfharm_intent"),
}


@pytest.mark.parametrize("flag", sorted(PERSONAS))
def test_one_persona_per_flag_through_both_clis(tmp_path, bank, capsys, flag) -> None:
    src = _write(tmp_path / "in.json", "hurt", _answers(bank, "hurt", PERSONAS[flag]))
    flags = _flags(capsys, [str(src)])
    if flag == "none":
        assert flags == []
    else:
        assert flag in flags and "safety" in flags
    assert "safety_not_screened" not in flags
    out = tmp_path / "r.pdf"
    assert reports_main([str(src), "-o", str(out), "--date", "2026-12-01"]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_blank_safety_section_is_not_screened(tmp_path, bank, capsys) -> None:
    answers = {
        k: v
        for k, v in _answers(bank, "hurt").items()
        if bank.kind_of(bank.item_by_id[k]) != "safety"
    }
    src = _write(tmp_path / "in.json", "hurt", answers)
    assert "safety_not_screened" in _flags(capsys, [str(src)])


@pytest.mark.parametrize(("ongoing", "wants"), [(1, 1), (2, 3), (3, 4)])
def test_context_answers_are_read_like_items(tmp_path, bank, capsys, ongoing, wants) -> None:
    answers = _answers(bank, "hurt") | {"ongoing": ongoing, "wants": wants}
    src = _write(tmp_path / "in.json", "hurt", answers)
    assert _flags(capsys, [str(src)]) == []
    out = tmp_path / "r.pdf"
    assert reports_main([str(src), "-o", str(out), "--date", "2026-12-01"]) == 0


def test_country_puts_its_help_lines_in_the_pdf(tmp_path, bank) -> None:
    src = _write(tmp_path / "in.json", "hurt", _answers(bank, "hurt", ("fear_1",)))
    out = tmp_path / "r.pdf"
    assert reports_main([str(src), "-o", str(out), "--country", "gb"]) == 0
    text = " ".join(_text(out).split())
    assert any(line.name in text for line in load_helplines()["GB"].lines)
    plain = tmp_path / "plain.pdf"
    assert reports_main([str(src), "-o", str(plain)]) == 0
    text = " ".join(_text(plain).split())
    assert not any(line.name in text for line in load_helplines()["GB"].lines)


def test_unknown_country_exits_2_naming_the_known_ones(tmp_path, bank, capsys) -> None:
    src = _write(tmp_path / "in.json", "hurt", _answers(bank, "hurt"))
    out = tmp_path / "r.pdf"
    assert reports_main([str(src), "-o", str(out), "--country", "XX"]) == 2
    err = capsys.readouterr().err
    assert "XX" in err and "GB" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_pulse_form_scores_and_reports(tmp_path, bank, capsys) -> None:
    pulse = bank.for_form("pulse")
    src = _write(tmp_path / "in.json", "hurt", _answers(pulse, "hurt"))
    assert _flags(capsys, [str(src), "--form", "pulse"]) == []
    out = tmp_path / "r.pdf"
    assert reports_main([str(src), "-o", str(out), "--form", "pulse"]) == 0


def test_pulse_form_refuses_items_it_does_not_ask(tmp_path, bank, capsys) -> None:
    pulse_items = {i.id for i in bank.for_form("pulse").items}
    src = _write(tmp_path / "in.json", "hurt", _answers(bank, "hurt"))
    assert any(i not in pulse_items for i in _answers(bank, "hurt"))
    assert scoring_main([str(src), "--form", "pulse"]) == 2
    assert scoring_main([str(src), "--form", "nope"]) == 2
    assert "pulse" in capsys.readouterr().err


def test_rules_raise_every_flag_the_personas_name() -> None:
    assert {f.name for f in load_rules().flags} >= set(PERSONAS) - {"none"}
