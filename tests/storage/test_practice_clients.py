"""Clients and intakes on both backends: invite, the client's intake, the therapist's reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from _practice_helpers import LABEL, Practice, consent, intake_record, make_practice
from _storage_helpers import FakeClock

from locales import catalogue
from storage import (
    ClientCheckupList,
    Consent,
    IntakeUnavailable,
    InvalidRecord,
    Store,
    TooManyTries,
)
from storage.resume import MAX_WRONG_CODES

QPS = catalogue("qps-ploc")


@pytest.fixture
def practice(store: Store) -> Practice:
    return make_practice(store)


def test_a_client_takes_an_intake_and_the_therapist_reads_it(
    store: Store, practice: Practice, clock: FakeClock
) -> None:
    p = store.practice
    client = p.create_client(practice.ana, f"  {LABEL} ")
    invitation = p.invite(practice.ana, client, form="pulse", days=3)
    assert invitation.expires_at == clock.now + timedelta(days=3)
    assert invitation.code not in repr(invitation)
    info = p.intake(invitation.code.lower().replace("-", " "))  # typed loosely
    assert (info.practice_name, info.therapist_name, info.form) == (
        "Harbour Practice", "Ana Therapist", "pulse")
    [summary] = p.clients(practice.ana)
    assert summary.label == LABEL and summary.last_seen is None and len(summary.pending) == 1
    clock.advance(timedelta(hours=2))
    record = intake_record(form="pulse")
    p.submit_intake(invitation.code, record, consent(compare=True))
    [checkup] = p.client_checkups(practice.ana, client)
    assert checkup.record == record and checkup.consent == consent(compare=True)
    assert checkup.submitted_at == clock.now
    [summary] = p.clients(practice.ana)
    assert summary.last_seen == clock.now and summary.pending == []
    assert [c.checkup_id for c in summary.checkups] == [checkup.checkup_id]
    assert p.clients(practice.ben) == []


def test_a_client_can_be_invited_again_and_checkups_are_oldest_first(
    store: Store, practice: Practice, clock: FakeClock
) -> None:
    p = store.practice
    client = p.create_client(practice.ana, "C-7")
    for day in (1, 2):
        code = p.invite(practice.ana, client).code
        clock.advance(timedelta(days=1))
        p.submit_intake(code, intake_record(scores={"cling": float(day)}), consent())
    listed = p.client_checkups(practice.ana, client)
    assert isinstance(listed, ClientCheckupList) and listed.unreadable == 0
    assert [c.record.scores["cling"] for c in listed] == [1.0, 2.0]


def test_a_used_expired_or_unknown_code_gives_one_neutral_error(
    store: Store, practice: Practice, clock: FakeClock
) -> None:
    p = store.practice
    client = p.create_client(practice.ana, "C-1")
    used = p.invite(practice.ana, client).code
    p.submit_intake(used, intake_record(), consent())
    expired = p.invite(practice.ana, client, days=1).code
    clock.advance(timedelta(days=1))
    errors = []
    for code in (used, expired, "ABCD-EFGH-JKLM", "not a code", "", None, "A" * 10_000):
        for call in (lambda c: p.intake(c), lambda c: p.submit_intake(c, intake_record(),
                                                                     consent())):
            with pytest.raises(IntakeUnavailable) as caught:
                call(code)
            errors.append((caught.value.message_id, caught.value.message))
    assert len(set(errors)) == 1 and "new one" in errors[0][1]
    assert len(p.client_checkups(practice.ana, client)) == 1


def test_wrong_codes_are_limited_like_resume_codes(store: Store, practice: Practice) -> None:
    p = store.practice
    client = p.create_client(practice.ana, "C-2")
    right = p.invite(practice.ana, client).code
    for number in range(MAX_WRONG_CODES):
        with pytest.raises(IntakeUnavailable):
            p.intake(f"ABCD-EFGH-{number:04d}".replace("0", "A").replace("1", "B"))
    with pytest.raises(TooManyTries) as caught:
        p.intake(right)  # the right code too, so the answer tells a guesser nothing
    assert caught.value.retry_after_minutes >= 1
    with pytest.raises(TooManyTries):
        p.submit_intake(right, intake_record(), consent())


def test_intake_input_is_checked(store: Store, practice: Practice) -> None:
    p = store.practice
    client = p.create_client(practice.ana, "C-3")
    for form, days, field in (("Full!", 7, "form"), ("full", 0, "days"), ("full", 31, "days"),
                              ("full", True, "days"), ("full", "7", "days"), (None, 7, "form")):
        with pytest.raises(InvalidRecord) as caught:
            p.invite(practice.ana, client, form=form, days=days)  # type: ignore[arg-type]
        assert caught.value.field == field and caught.value.message_in(QPS)
    code = p.invite(practice.ana, client).code
    with pytest.raises(InvalidRecord) as record:
        p.submit_intake(code, {"answers": {}}, consent())  # type: ignore[arg-type]
    assert record.value.field == "record"
    with pytest.raises(InvalidRecord) as agreed:
        p.submit_intake(code, intake_record(), "yes")  # type: ignore[arg-type]
    assert agreed.value.field == "consent"
    with pytest.raises(InvalidRecord):
        Consent(datetime(2025, 3, 1), False)  # naive time
    with pytest.raises(InvalidRecord):
        Consent(datetime(2025, 3, 1, tzinfo=UTC), "yes")  # type: ignore[arg-type]
    p.intake(code)  # nothing above used the code up


HOSTILE_LABELS: list[tuple[object, str]] = [
    ("", "must not be empty"),
    ("   ", "must not be empty"),
    ("x" * 81, "at most 80"),
    ("x" * 10_000_000, "at most 80"),
    ("bad\x00label", "control characters"),
    ("right\u202eleft", "control characters"),
    ("lone \udcff", "not valid text"),
    (42, "must be text"),
    (None, "must be text"),
]


def test_hostile_labels_get_a_clear_error(store: Store, practice: Practice) -> None:
    for label, field_problem in HOSTILE_LABELS:
        with pytest.raises(InvalidRecord) as caught:
            store.practice.create_client(practice.ana, label)  # type: ignore[arg-type]
        assert caught.value.field == "label" and field_problem in caught.value.message
    assert store.practice.clients(practice.ana) == []


def test_odd_but_valid_unicode_labels_round_trip(
    store: Store, practice: Practice, clock: FakeClock
) -> None:
    labels = ["שרה (אמא)", "Zoë 👩‍❤️‍👨", "e\u0301 nfc"]
    for label in labels:
        store.practice.create_client(practice.ana, label)
        clock.advance(timedelta(seconds=1))
    shown = [c.label for c in store.practice.clients(practice.ana)]
    assert shown == ["שרה (אמא)", "Zoë 👩‍❤️‍👨", "é nfc"]
