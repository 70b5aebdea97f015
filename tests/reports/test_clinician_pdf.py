"""The clinician report: every item, the interval and its source, critical items first, change,
partner gaps only with a partner, hostile labels, the file name, and the pages as images."""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import shutil
import subprocess
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from locales import catalogue
from questions import Bank, load_bank
from reports.clinician_layout import cut, plain_text
from reports.clinician_model import SETTINGS_FILE, partner_from, read_settings, visits_from
from reports.clinician_numbers import interval
from reports.clinician_pdf import Partner, Visit, clinician_filename, clinician_pdf
from reports.clinician_sections import VIEW_WORDS
from reports.fonts import load_fonts
from reports.yaml_checks import ContentError
from scoring.couple import load_couple_rules
from scoring.norms import DimensionNorm, NormStatus
from scoring.result import score_one
from scoring.rules import load_rules

WHEN = dt.date(2026, 12, 1)
EN = catalogue("en")
NORM = DimensionNorm(alpha=0.80, sd=20.0, n=40)
CRITICAL = EN.text("report.clinician.critical.heading")
SCORES_AT = "Scores at the latest check-up"
PARTNER = EN.text("report.clinician.partner.heading")
# answers that raise every critical flag: intent (urgent), strangulation (high danger)
FLAGGED = {"harm_choke": 3, "selfharm_2": 3, "selfharm_intent": 2}


def squash(text: str) -> str:
    """NFKC (Arabic presentation forms back to letters), no whitespace at all."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def text_of(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((p.extract_text() or "") for p in pages).split())


MakeVisit = Callable[..., Visit]


@pytest.fixture(scope="module")
def visit(answers_for) -> MakeVisit:
    """``visit(day, {dim: score}, safety, role=, form=)``: a scored check-up on 2026-11-<day>."""

    def make(day, scores=None, safety=None, *, role="hurt", form=None, na=frozenset()):
        answers = answers_for(role, scores or {}, safety)
        for item in na:
            answers.pop(item, None)
        result = score_one(load_bank(), role, "romantic", answers)
        taken = dt.datetime(2026, 11, day, 9, 30, tzinfo=dt.UTC)
        return Visit(taken, result, answers, frozenset(na), form=form)

    return make


def norms_for(bank: Bank, **special: NormStatus) -> dict[str, NormStatus]:
    out = {d.id: NormStatus("ok", NORM.n, NORM) for d in bank.scored_dimensions}
    return {**out, **special}


@pytest.fixture(scope="module")
def plain(bank, visit) -> tuple[list[Visit], str]:
    """Two calm check-ups (suspicion 100 -> 50), with norms, no partner."""
    visits = [visit(1, {"suspicion": 100}), visit(15, {"suspicion": 50})]
    data = clinician_pdf(bank, visits, client_label="Ann", norms=norms_for(bank), when=WHEN)
    return visits, text_of(data)


@pytest.fixture(scope="module")
def flagged(bank, visit) -> str:
    visits = [visit(1), visit(15, {"suspicion": 50}, FLAGGED)]
    return text_of(clinician_pdf(bank, visits, norms=norms_for(bank), when=WHEN))


def test_file_name_and_metadata_are_neutral(bank, visit) -> None:
    assert clinician_filename(WHEN) == "checkup-report-2026-12-01.pdf"
    data = clinician_pdf(bank, [visit(3)], client_label="Ann Lee", therapist="Dr Tom", when=WHEN)
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title == EN.text("report.clinician.title")
    for field in (meta.title, meta.subject, meta.author, meta.creator, clinician_filename(WHEN)):
        lowered = (field or "").lower()
        for word in ("trust", "abuse", "betray", "affair", "ann", "tom"):
            assert word not in lowered, (word, field)


def test_every_item_of_the_latest_check_up_is_there_with_its_answer(bank, plain) -> None:
    visits, text = plain
    flat = squash(text)
    latest = visits[-1]
    items = bank.items_for("hurt")
    assert len(items) > 100
    for item in items:
        if not bank.is_asked(item, latest.answers):
            continue
        assert squash(item.text_for("hurt", "romantic")) in flat, item.id
        assert squash(f"{item.id}, {bank.dimension_by_id[item.dimension].name}") in flat
    suspicion = bank.items_for("hurt", "suspicion")[0]
    point = latest.answers[suspicion.id]
    assert squash(f"{suspicion.scale.labels[point]} ({point})") in flat


def test_the_interval_is_score_plus_minus_z_sem_with_its_source(plain) -> None:
    _, text = plain
    sem = 20.0 * math.sqrt(1 - 0.80)  # 8.94
    assert round(50 - 1.96 * sem) == 32 and round(50 + 1.96 * sem) == 68  # by hand
    assert "50 moderate 32 to 68 alpha 0.80 (n = 40), SEM 8.9" in text
    assert "82 to 100" in text  # 100 - 17.5, cut at 100
    assert "SEM = SD x sqrt(1 - r)" in text and "this practice's own clients" in text
    assert "Nunnally and Bernstein 1994" in text


def test_interval_cuts_to_the_scale() -> None:
    span = interval(5.0, NORM, 1.96)
    assert span.low == 0.0 and span.high == pytest.approx(5 + 1.96 * 20 * math.sqrt(0.2))


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (NormStatus("too_few", 12), "12 of the practice's clients answered every question"),
        (NormStatus("unusable", 44), "the answers of the practice's 44 clients give no usable"),
    ],
)
def test_no_interval_says_why(bank, visit, status, says) -> None:
    norms = norms_for(bank, suspicion=status)
    text = text_of(clinician_pdf(bank, [visit(2, {"suspicion": 50})], norms=norms, when=WHEN))
    assert says in text
    assert "50 moderate No interval" in text


def test_without_norms_no_interval_and_no_invented_reliability(bank, visit) -> None:
    visits = [visit(1, {"suspicion": 100}), visit(15, {"suspicion": 50})]
    text = text_of(clinician_pdf(bank, visits, when=WHEN))
    assert "No interval: the practice's norms were not given" in text
    assert "alpha" not in text.replace("Cronbach's alpha", "")
    assert "82 to 100" not in text and "RC +" not in text and "no RC: no norms" in text
    assert text.count("the practice's norms were not given") == 1
    assert "No interval (see the note under the table)" in text


def test_a_pulse_check_in_gets_no_interval_and_no_rc(bank, visit) -> None:
    pulse = load_bank(form="pulse")
    answers = {
        k: v for k, v in visit(1, {"suspicion": 50}).answers.items() if k in pulse.item_by_id
    }
    result = score_one(pulse, "hurt", "romantic", answers)
    checkin = Visit(dt.datetime(2026, 11, 20, tzinfo=dt.UTC), result, answers)
    text = text_of(
        clinician_pdf(bank, [visit(1, {"suspicion": 100}), checkin], norms=norms_for(bank))
    )
    assert "pulse check-in)" in text and "No interval: a pulse check-in asks fewer" in text
    assert "no RC: pulse check-in" in text
    items = text.split("Every answer at the latest check-up")[1]
    left_out = next(i for i in bank.items_for("hurt") if i.id not in pulse.item_by_id)
    kept = next(i for i in pulse.items_for("hurt") if pulse.kind_of(i) == "sign")
    assert squash(f"{left_out.id}, ") not in squash(items)
    assert squash(f"{kept.id}, ") in squash(items)


def test_reliable_change_by_hand(plain) -> None:
    _, text = plain
    s_diff = math.sqrt(2) * 20.0 * math.sqrt(1 - 0.80)
    rc = (50 - 100) / s_diff  # -3.95: fewer doubts, better for a sign
    assert f"50 RC {rc:+.2f}: reliably better" in text
    assert "RC +0.00" in text  # unchanged areas: the index, no words


def test_critical_items_come_first_when_flagged(bank, flagged) -> None:
    start = flagged.index(CRITICAL)
    assert start < flagged.index(SCORES_AT)
    section = flagged[start : flagged.index(SCORES_AT)]
    assert section.index("Urgent:") < section.index("High danger:") < section.index("Self-harm:")
    for item, answer in (("selfharm_intent", "Once or twice (2)"), ("harm_choke", "Sometimes (3)")):
        said = squash(bank.item_by_id[item].text_for("hurt", "romantic"))
        assert said in squash(section), item
        assert squash(f"Answer: {answer}") in squash(section)
    assert squash("! high danger") in squash(flagged)  # the item's mark in the answers


def test_no_critical_section_without_a_critical_flag(plain) -> None:
    _, text = plain
    assert CRITICAL not in text and "Urgent:" not in text


def test_an_earlier_flagged_check_up_still_shows(bank, visit) -> None:
    visits = [visit(1, {}, {"fear_1": 4}), visit(15)]
    text = text_of(clinician_pdf(bank, visits, when=WHEN))
    section = text[text.index(CRITICAL) : text.index(SCORES_AT)]
    assert "Earlier check-ups with critical flags" in section
    assert "1 November 2026: danger" in section


def test_answer_states_in_words(bank, visit) -> None:
    skipped = "appr_1"  # presumes an event: "Does not apply"
    assert bank.item_by_id[skipped].does_not_apply
    latest = visit(4, na={skipped})
    stepped = [i.id for i in bank.items if i.ask_if is not None]
    answers = {k: v for k, v in latest.answers.items() if k not in stepped}  # as the app keeps
    latest = Visit(latest.taken_at, latest.result, answers, latest.not_applicable)
    flat = squash(text_of(clinician_pdf(bank, [latest], when=WHEN)))
    assert squash(f"{stepped[0]}, ") in flat
    assert squash(f"{skipped}, ") in flat
    assert squash(bank.does_not_apply) in flat
    assert squash("Not asked (the follow-up was not needed)") in flat  # intent, plan: calm


def test_partner_gaps_only_with_a_partner(bank, visit, answers_for, plain) -> None:
    _, without = plain
    assert PARTNER not in without
    theirs = answers_for("broke", {"suspicion": 0})
    partner = Partner(score_one(bank, "broke", "romantic", theirs), theirs, "Sam")
    visits = [visit(15, {"suspicion": 50})]
    text = text_of(clinician_pdf(bank, visits, partner=partner, when=WHEN))
    gaps = text[text.index(PARTNER) :]
    assert "Partner: Sam" in gaps
    assert "Doubts about what you are told 50 0 50 far apart" in gaps
    assert "Owning it, as you see it partner: Accountability and apology" in gaps
    assert "both answered 100% of its questions on the same side" in gaps


@pytest.mark.parametrize("flagged_side", ["client", "partner"])
def test_gaps_withheld_alike_when_either_side_is_flagged(bank, visit, answers_for, flagged_side):
    theirs = answers_for("broke", {"suspicion": 0}, FLAGGED if flagged_side == "partner" else None)
    partner = Partner(score_one(bank, "broke", "romantic", theirs), theirs)
    mine = visit(15, {"suspicion": 50}, FLAGGED if flagged_side == "client" else None)
    text = text_of(clinician_pdf(bank, [mine], partner=partner, when=WHEN))
    gaps = text[text.index(PARTNER) :]
    assert gaps.startswith(f"{PARTNER} {EN.text('report.clinician.partner.withheld')}")
    assert "far apart" not in gaps
    if flagged_side == "partner":  # nothing of the partner's safety answers reaches the client's
        alone = text_of(clinician_pdf(bank, [mine], when=WHEN))
        footer = EN.text("report.clinician.footer")

        def body(whole: str) -> list[str]:
            return (
                re.sub(r"Page \d+ of \d+", "", whole.split(PARTNER)[0]).replace(footer, "").split()
            )

        assert body(text) == body(alone)
        assert CRITICAL not in text  # the partner's safety answers never reach this report


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
