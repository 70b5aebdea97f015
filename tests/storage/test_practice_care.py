"""Exports, deletion, erasure, partner links, the audit log and recovery (both backends)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from _practice_helpers import (
    ANA_PW,
    LABEL,
    Practice,
    consent,
    intake_record,
    make_practice,
)
from _storage_helpers import FakeClock
from sqlalchemy import select

from storage import (
    AccessDenied,
    AccountLocked,
    ClientNotFound,
    InvalidRecord,
    RecoveryFailed,
    SignInFailed,
    Store,
)
from storage.models import Base
from storage.practice_keys import new_key_pair, recovery_key_text


@pytest.fixture
def practice(store: Store) -> Practice:
    return make_practice(store)


def _client_with_checkups(store: Store, practice: Practice, count: int = 2,
                          label: str = LABEL) -> str:
    client = store.practice.create_client(practice.ana, label)
    for _ in range(count):
        code = store.practice.invite(practice.ana, client).code
        store.practice.submit_intake(code, intake_record(), consent())
    return client


def _actions(store: Store, practice: Practice) -> list[tuple[str, str, str | None]]:
    return [(e.actor, e.action, e.client_ref) for e in store.practice.audit_log(practice.admin)]


def test_exports_views_and_deletes_are_audited_without_values(
    store: Store, practice: Practice, clock: FakeClock
) -> None:
    client = _client_with_checkups(store, practice)
    clock.advance(timedelta(minutes=5))
    first, second = store.practice.client_checkups(practice.ana, client)
    store.practice.note_export(practice.ana, client, "csv")
    assert store.practice.delete_checkup(practice.ana, client, first.checkup_id) is True
    assert store.practice.delete_checkup(practice.ana, client, first.checkup_id) is False
    assert store.practice.delete_checkup(practice.ana, client, 42) is False  # type: ignore[arg-type]
    with pytest.raises(InvalidRecord, match="pdf, fhir, csv, json"):
        store.practice.note_export(practice.ana, client, "xlsx")
    log = store.practice.audit_log(practice.admin)
    newest = log[:3]
    assert [(e.action, e.actor, e.client_ref) for e in newest] == [
        ("delete", "ana", client), ("export", "ana", client), ("view", "ana", client)]
    assert newest[0].checkup_ref == first.checkup_id and newest[1].detail == "csv"
    assert newest[0].at == clock.now
    assert ("client", "intake", client) in _actions(store, practice)
    assert ("cli", "add_account", None) in _actions(store, practice)
    text = repr(log)
    assert LABEL not in text and "41.3125" not in text and "zqpractice" not in text
    assert [c.checkup_id for c in store.practice.client_checkups(practice.ana, client)] == [
        second.checkup_id]
    assert len(store.practice.audit_log(practice.admin, limit=2)) == 2
    with pytest.raises(InvalidRecord):
        store.practice.audit_log(practice.admin, limit=0)


def test_sign_in_events_are_audited(store: Store, practice: Practice) -> None:
    with pytest.raises(SignInFailed):
        store.practice.sign_in("ana", "wrong-password-a")
    with pytest.raises(SignInFailed):
        store.practice.sign_in("nobody", "wrong-password-a")
    actions = _actions(store, practice)
    assert actions[:2] == [("unknown", "sign_in_failed", None), ("ana", "sign_in_failed", None)]
    assert ("ana", "sign_in", None) in actions


def test_erasure_removes_every_row_of_the_client_and_keeps_the_fact(
    store: Store, practice: Practice, clock: FakeClock
) -> None:
    client = _client_with_checkups(store, practice)
    partner = _client_with_checkups(store, practice, 1, "Partner")
    store.practice.link_partners(practice.ana, client, partner)
    store.practice.invite(practice.ana, client)
    checkups = [c.checkup_id for c in store.practice.client_checkups(practice.ana, client)]
    clock.advance(timedelta(minutes=1))
    store.practice.erase_client(practice.ana, client)
    with store._reader.connect() as conn:
        for name, table in Base.metadata.tables.items():
            for row in conn.execute(select(table)):
                for needle in (client, *checkups):
                    assert needle not in [str(v) for v in row], (name, row)
    assert [c.client_id for c in store.practice.clients(practice.ana)] == [partner]
    assert store.practice.clients(practice.ana)[0].partner_id is None
    newest = store.practice.audit_log(practice.admin)[0]
    assert (newest.action, newest.actor, newest.client_ref, newest.at) == (
        "erased", "ana", None, clock.now)
    with pytest.raises(ClientNotFound):
        store.practice.client_checkups(practice.ana, client)
    with pytest.raises(ClientNotFound):
        store.practice.erase_client(practice.ana, client)


def test_partners_link_both_ways_and_unlink(store: Store, practice: Practice) -> None:
    a = _client_with_checkups(store, practice, 0, "A")
    b = _client_with_checkups(store, practice, 0, "B")
    c = _client_with_checkups(store, practice, 0, "C")
    store.practice.link_partners(practice.ana, a, b)
    store.practice.link_partners(practice.ana, b, a)  # again: harmless
    partners = {s.client_id: s.partner_id for s in store.practice.clients(practice.ana)}
    assert partners == {a: b, b: a, c: None}
    with pytest.raises(InvalidRecord, match="already linked"):
        store.practice.link_partners(practice.ana, a, c)
    assert store.practice.unlink_partners(practice.ana, b) is True
    assert store.practice.unlink_partners(practice.ana, a) is False
    partners = {s.client_id: s.partner_id for s in store.practice.clients(practice.ana)}
    assert set(partners.values()) == {None}


def test_recovery_reseals_to_a_new_key_pair(
    store: Store, practice: Practice, clock: FakeClock
) -> None:
    client = _client_with_checkups(store, practice, 1)
    before = store.practice.client_checkups(practice.ana, client)
    for _ in range(5):
        with pytest.raises((SignInFailed, AccountLocked)):
            store.practice.sign_in("ana", "forgotten-pw-xx")
    with pytest.raises(RecoveryFailed) as malformed:
        store.practice.recover("TCRK-NOT-A-KEY", practice.ana_id, "fresh-password-1")
    assert malformed.value.reason == "malformed"
    other = recovery_key_text(new_key_pair())  # another practice's key
    with pytest.raises(RecoveryFailed) as wrong:
        store.practice.recover(other, practice.ana_id, "fresh-password-1")
    assert wrong.value.reason == "wrong"
    typo = practice.recovery.text[:-1] + ("A" if practice.recovery.text[-1] != "A" else "B")
    with pytest.raises(RecoveryFailed, match="typing"):
        store.practice.recover(typo, practice.ana_id, "fresh-password-1")
    with pytest.raises(InvalidRecord):
        store.practice.recover(practice.recovery.text, "nobody", "fresh-password-1")
    store.practice.recover(practice.recovery.text.lower().replace("-", " "), practice.ana_id,
                           "fresh-password-1")
    with pytest.raises(AccessDenied) as stale:  # the old session's key is gone
        store.practice.clients(practice.ana)
    assert stale.value.reason == "not_signed_in"
    with pytest.raises(SignInFailed):
        store.practice.sign_in("ana", ANA_PW)
    ana = store.practice.sign_in("ana", "fresh-password-1")  # recovery also unlocked
    assert ana.private_key is not None and practice.ana.private_key is not None
    assert ana.private_key.private_bytes_raw() != practice.ana.private_key.private_bytes_raw()
    after = store.practice.client_checkups(ana, client)
    assert [c.record for c in after] == [c.record for c in before]
    assert store.practice.clients(ana)[0].label == LABEL
    assert ("cli", "recover", None) in _actions(store, practice)
