"""The clinician report: every item, the interval and its source, critical items first, change,
partner gaps only with a partner."""

from __future__ import annotations

import datetime as dt
import io
import math
import re

import pytest
from clinician_kit import (
    CRITICAL,
    EN,
    FLAGGED,
    NORM,
    PARTNER,
    SCORES_AT,
    WHEN,
    norms_for,
    squash,
    text_of,
)
from pypdf import PdfReader

from questions import load_bank
from reports.clinician_numbers import interval
from reports.clinician_pdf import Partner, Visit, clinician_filename, clinician_pdf
from scoring.norms import NormStatus
from scoring.result import score_one


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


