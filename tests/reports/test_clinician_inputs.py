"""The clinician report's inputs and pages: hostile labels, bad input and settings, stored
check-ups, answer states, the trend panels, and the pages as images."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from clinician_kit import (
    CRITICAL,
    EN,
    FLAGGED,
    SCORES_AT,
    WHEN,
    norms_for,
    squash,
    text_of,
)
from pypdf import PdfReader

from questions import load_bank
from reports.clinician_layout import cut, plain_text
from reports.clinician_model import SETTINGS_FILE, partner_from, read_settings, visits_from
from reports.clinician_pdf import Partner, Visit, clinician_filename, clinician_pdf
from reports.clinician_sections import VIEW_WORDS
from reports.fonts import load_fonts
from reports.yaml_checks import ContentError
from scoring.couple import load_couple_rules
from scoring.result import score_one
from scoring.rules import load_rules


def test_every_couple_view_has_its_words() -> None:
    assert {key for key, _ in load_couple_rules().views} <= set(VIEW_WORDS)


HOSTILE = [  # each piece printed, twice (client and practice), in either direction
    ('<font color="red">x</font> &amp; <b>', ('<fontcolor="red">x</font>&amp;<b>',)),
    ("שרה (אמא)", ("שרה", "אמא")),
    ("محمد علي", ("محمد", "علي")),
    ("王小明 Zoë", ("王小明Zoë",)),
]


@pytest.mark.parametrize(("label", "pieces"), HOSTILE)
def test_hostile_labels_print_literally(bank, visit, label, pieces) -> None:
    data = clinician_pdf(bank, [visit(5)], client_label=label, practice=label, when=WHEN)
    first = squash(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    for piece in pieces:
        want = squash(piece)
        assert first.count(want) + first.count(want[::-1]) >= 2, piece
    assert "<b>" not in first or label.startswith("<font")


def test_a_huge_label_is_cut_and_quick(bank, visit) -> None:
    huge = "<b>" + "A" * 200_000
    started = time.perf_counter()
    data = clinician_pdf(bank, [visit(5)], client_label=huge, therapist="x" * 10_000, when=WHEN)
    assert time.perf_counter() - started < 20
    first = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "<b>AAAA" in first and "A" * 90 not in first.replace("\n", "")
    assert cut(huge, 80) == huge[:79] + "\u2026" and cut("  \n ", 80) is None


def test_bad_input_is_refused_by_name(bank, visit) -> None:
    with pytest.raises(ValueError, match="at least one check-up"):
        clinician_pdf(bank, [])
    wrong = visit(6)
    odd = Visit(wrong.taken_at, wrong.result, wrong.answers, form="weekly")
    with pytest.raises(ValueError, match=r"check-up 1 \(2026-11-06\): unknown form 'weekly'"):
        clinician_pdf(bank, [odd])


def test_settings_errors_name_the_file_and_key(tmp_path: Path) -> None:
    flags = tuple(f.name for f in load_rules().flags)
    assert read_settings(SETTINGS_FILE, flags).critical_flags[0] == "urgent"
    bad = tmp_path / "clinician.yaml"
    text = SETTINGS_FILE.read_text(encoding="utf-8")
    bad.write_text(text.replace("[urgent,", "[panic,"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"clinician\.yaml: 'critical_flags' must be"):
        read_settings(bad, flags)
    bad.write_text(text.replace("visit_columns: 4", "visit_columns: 0"), encoding="utf-8")
    with pytest.raises(ContentError, match="'visit_columns' must be a whole number"):
        read_settings(bad, flags)


def test_many_check_ups_and_the_pseudo_locale(bank, visit) -> None:
    visits = [visit(day, {"suspicion": 25 * (day % 5)}) for day in range(1, 9)]
    data = clinician_pdf(bank, visits, norms=norms_for(bank), locale="qps-ploc", when=WHEN)
    text = text_of(data)
    assert "8" in text and data.startswith(b"%PDF-")
    assert EN.text("report.clinician.change.heading") not in text  # every word is wrapped


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None and os.environ.get("CI") != "true",
    reason="pdftoppm (poppler-utils) is not installed",
)
def test_pages_render_to_png(bank, visit, answers_for, tmp_path: Path) -> None:
    theirs = answers_for("broke", {"suspicion": 0})
    partner = Partner(score_one(bank, "broke", "romantic", theirs), theirs, "Sam")
    visits = [visit(1, {"suspicion": 100}), visit(8, {"commitment": 25}), visit(15, {}, FLAGGED)]
    pdf = tmp_path / clinician_filename(WHEN)
    pdf.write_bytes(
        clinician_pdf(
            bank, visits, client_label="Řehoř 王小明 שרה", norms=norms_for(bank), partner=partner
        )
    )
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == len(PdfReader(str(pdf)).pages) >= 6
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_stored_check_ups_become_visits_scored_by_their_form(bank, answers_for) -> None:
    from storage import CheckupRecord, ClientCheckup, Consent

    pulse = load_bank(form="pulse")
    full = answers_for("hurt", {"suspicion": 100})
    short = {
        k: v for k, v in answers_for("hurt", {"suspicion": 50}).items() if k in pulse.item_by_id
    }
    stored = []
    for day, answers, form in ((1, full, "full"), (9, short, "pulse")):
        when = dt.datetime(2026, 11, day, tzinfo=dt.UTC)
        record = CheckupRecord("client", "hurt", "romantic", bank.version, answers, {}, form=form)
        stored.append(ClientCheckup(f"c{day}", when, record, Consent(when)))
    visits = visits_from(list(reversed(stored)), bank)
    assert [v.form_name for v in visits] == ["pulse", "full"]
    assert visits[0].result.form == "pulse" and visits[1].result.form == "full"
    assert visits[0].result.dimensions["suspicion"].score == 50.0
    assert len(visits[0].result.dimensions) < len(visits[1].result.dimensions)
    partner = partner_from(stored, bank, "Sam")
    assert partner.result.form == "pulse" and partner.label == "Sam"
    text = text_of(clinician_pdf(bank, visits, when=WHEN))
    assert "2, from 1 November 2026 to 9 November 2026" in text
    with pytest.raises(ValueError, match="at least one check-up"):
        partner_from([], bank)


def test_plain_cells_only_for_text_the_body_font_draws_as_it_is() -> None:
    body = load_fonts().body
    assert plain_text("Completely true (5)", body)
    for text in ("שרה", "محمد", "王", "a\x07b"):
        assert not plain_text(text, body), text


def test_unscored_areas_and_blank_safety_questions_are_said(bank, visit) -> None:
    latest = visit(7, {"suspicion": 50})
    answers = dict(latest.answers)
    for item in bank.items_for("hurt", "suspicion")[:3]:
        del answers[item.id]
    del answers["fear_1"]
    result = score_one(bank, "hurt", "romantic", answers)
    assert result.dimensions["suspicion"].score is None and "safety_not_screened" in result.flags
    text = text_of(clinician_pdf(bank, [Visit(latest.taken_at, result, answers)], when=WHEN))
    assert "Some safety questions were left blank at the latest check-up" in text
    assert "Doubts about what you are told – – Not scored: too few of its questions" in text
    assert squash("fear_1, Fear of the other person") in squash(text)
    assert "Not answered" in text


def test_every_critical_flag_has_its_words() -> None:
    from reports.clinician_layout import FLAG_WORDS
    from reports.clinician_model import load_settings

    for flag in load_settings().critical_flags:
        statement, name = FLAG_WORDS[flag]
        assert EN.has(statement) and EN.has(name)


def test_an_older_question_set_gets_no_interval_and_no_rc(bank, visit) -> None:
    old = visit(1, {"suspicion": 100})
    old = Visit(old.taken_at, old.result, old.answers, bank_version="1.1.0")
    text = text_of(clinician_pdf(bank, [old, visit(9)], norms=norms_for(bank), when=WHEN))
    assert "no RC: earlier questions" in text and "RC -" not in text.split("First to latest")[1]
    latest_only = text_of(clinician_pdf(bank, [old], norms=norms_for(bank), when=WHEN))
    assert "this check-up used an earlier question set; the reliability is for version 2.0.0" in (
        latest_only
    )


def test_trend_panels_break_the_line_where_a_check_up_has_no_score() -> None:
    from reportlab.graphics.shapes import Circle, PolyLine

    from reports.clinician_chart import trend_drawing
    from reports.trend_chart import TrendSeries

    days = [dt.datetime(2026, 11, d, tzinfo=dt.UTC) for d in (1, 2, 3, 4, 5)]
    series = [TrendSeries("a", "Area A", "sign"), TrendSeries("b", "שרה 王", "willingness")]
    values = [[10.0, 20.0, None, 40.0, 50.0], [None, None, 70.0, None, None]]
    fonts = load_fonts()
    drawing = trend_drawing(series, values, days, fonts, width=400, columns=4, date_locale="en")
    shapes = drawing.getContents()
    assert sum(isinstance(s, Circle) for s in shapes) == 5  # one dot per score
    assert sum(isinstance(s, PolyLine) for s in shapes) == 2  # 10-20 and 40-50; 70 stands alone
    assert drawing.width == 400
    with pytest.raises(ValueError, match="at least one series"):
        trend_drawing([], [], days, fonts, width=400, columns=4, date_locale="en")


def test_a_record_that_keeps_does_not_apply_passes_it_on(bank, answers_for) -> None:
    from types import SimpleNamespace

    answers = answers_for("hurt", {})
    answers.pop("appr_1")
    record = SimpleNamespace(
        role="hurt",
        relationship="romantic",
        answers=answers,
        form="full",
        bank_version=bank.version,
        not_applicable=["appr_1"],
    )
    when = dt.datetime(2026, 11, 3, tzinfo=dt.UTC)
    (made,) = visits_from([SimpleNamespace(submitted_at=when, record=record)], bank)
    assert made.not_applicable == frozenset({"appr_1"})
    del record.not_applicable
    (plain,) = visits_from([SimpleNamespace(submitted_at=when, record=record)], bank)
    assert plain.not_applicable == frozenset()


def test_an_answer_off_the_scale_is_said_plainly(bank, visit) -> None:
    latest = visit(3)
    answers = {**latest.answers, "harm_choke": 9}
    result = score_one(bank, "hurt", "romantic", answers)
    assert "high_danger" in result.flags
    text = text_of(clinician_pdf(bank, [Visit(latest.taken_at, result, answers)], when=WHEN))
    critical = text[text.index(CRITICAL) : text.index(SCORES_AT)]
    assert "Answer: Not on the scale (9)" in critical
    assert squash("Not on the scale (9)") in squash(text.split("Every answer")[1])
