"""Who sees what: therapist A cannot read, list, export, change or infer B's clients; an
administrator is refused by every client method; a disabled or recovered account's open
session is refused at its next call. On both backends."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from _practice_helpers import BEN_PW, Practice, consent, intake_record, make_practice

from storage import AccessDenied, ClientNotFound, InvalidRecord, Staff, Store

Call = Callable[[Store, Staff, str], Any]

CLIENT_METHODS: dict[str, Call] = {
    "invite": lambda s, who, c: s.practice.invite(who, c),
    "client_checkups": lambda s, who, c: s.practice.client_checkups(who, c),
    "note_export": lambda s, who, c: s.practice.note_export(who, c, "pdf"),
    "delete_checkup": lambda s, who, c: s.practice.delete_checkup(who, c, "0" * 32),
    "erase_client": lambda s, who, c: s.practice.erase_client(who, c),
    "unlink_partners": lambda s, who, c: s.practice.unlink_partners(who, c),
    "link_partners_a": lambda s, who, c: s.practice.link_partners(who, c, _own(s, who)),
    "link_partners_b": lambda s, who, c: s.practice.link_partners(who, _own(s, who), c),
}
ALL_CLIENT_METHODS: dict[str, Call] = {
    **CLIENT_METHODS,
    "create_client": lambda s, who, c: s.practice.create_client(who, "X-1"),
    "clients": lambda s, who, c: s.practice.clients(who),
    "link_partners": lambda s, who, c: s.practice.link_partners(who, c, c),
}
ADMIN_METHODS: dict[str, Call] = {
    "accounts": lambda s, who, c: s.practice.accounts(who),
    "audit_log": lambda s, who, c: s.practice.audit_log(who),
    "set_disabled": lambda s, who, c: s.practice.set_disabled(who, c, True),
    "unlock": lambda s, who, c: s.practice.unlock(who, c),
    "add_account": lambda s, who, c: s.practice.add_account("zed", BEN_PW, "Zed", by=who),
}


def _own(store: Store, who: Staff) -> str:
    """One client of ``who`` (made once), the partner in link calls."""
    found = [c.client_id for c in store.practice.clients(who) if c.label == "own"]
    return found[0] if found else store.practice.create_client(who, "own")


@pytest.fixture
def practice(store: Store) -> Practice:
    return make_practice(store)


def _anas_client(store: Store, practice: Practice) -> str:
    client = store.practice.create_client(practice.ana, "Ana's client")
    code = store.practice.invite(practice.ana, client).code
    store.practice.submit_intake(code, intake_record(), consent(compare=True))
    return client


def _error(call: Call, store: Store, who: Staff, client: str) -> tuple[object, ...]:
    with pytest.raises(ClientNotFound) as caught:
        call(store, who, client)
    error = caught.value
    return type(error), error.message_id, error.message, dict(error.params), error.reason


def test_another_therapists_client_is_exactly_like_no_client(
    store: Store, practice: Practice
) -> None:
    """Every client method, one practice (a method per test would redo the Argon2 setup)."""
    client = _anas_client(store, practice)
    for method, call in CLIENT_METHODS.items():
        theirs = _error(call, store, practice.ben, client)
        missing = _error(call, store, practice.ben, uuid.uuid4().hex)
        not_an_id = _error(call, store, practice.ben, "../" + client)
        assert theirs == missing == not_an_id, method
    # nothing happened to Ana's client, and nothing of it shows for Ben
    [summary] = [c for c in store.practice.clients(practice.ana) if c.client_id == client]
    assert len(summary.checkups) == 1 and summary.pending == [] and summary.partner_id is None
    assert all(c.label == "own" for c in store.practice.clients(practice.ben))


def test_nothing_of_another_therapists_clients_is_listed_or_counted(
    store: Store, practice: Practice
) -> None:
    _anas_client(store, practice)
    ben = store.practice.clients(practice.ben)
    assert ben == []
    mine = store.practice.create_client(practice.ben, "Ben's")
    [only] = store.practice.clients(practice.ben)
    assert only.client_id == mine and only.checkups == []


def test_linking_across_therapists_is_refused_like_a_missing_client(
    store: Store, practice: Practice
) -> None:
    anas = _anas_client(store, practice)
    bens = store.practice.create_client(practice.ben, "Ben's")
    with pytest.raises(ClientNotFound):
        store.practice.link_partners(practice.ana, anas, bens)
    with pytest.raises(InvalidRecord) as same:
        store.practice.link_partners(practice.ana, anas, anas)
    assert same.value.field == "client_b"


def test_an_administrator_is_refused_by_every_client_method(
    store: Store, practice: Practice
) -> None:
    client = _anas_client(store, practice)
    for method, call in ALL_CLIENT_METHODS.items():
        with pytest.raises(AccessDenied) as caught:
            call(store, practice.admin, client)
        assert caught.value.reason == "therapists_only", method
        assert "no answers" in caught.value.message


def test_a_therapist_is_refused_by_every_admin_method(
    store: Store, practice: Practice
) -> None:
    for method, call in ADMIN_METHODS.items():
        with pytest.raises(AccessDenied) as caught:
            call(store, practice.ana, practice.ben_id)
        assert caught.value.reason == "admins_only", method


def test_a_disabled_account_is_refused_at_its_next_call(
    store: Store, practice: Practice
) -> None:
    client = _anas_client(store, practice)
    store.practice.set_disabled(practice.admin, practice.ana_id, True)
    for call in ALL_CLIENT_METHODS.values():
        with pytest.raises(AccessDenied) as caught:
            call(store, practice.ana, client)
        assert caught.value.reason == "disabled"
    store.practice.set_disabled(practice.admin, practice.ana_id, False)
    assert len(store.practice.client_checkups(practice.ana, client)) == 1
    with pytest.raises(InvalidRecord) as own:
        store.practice.set_disabled(practice.admin, practice.admin.account_id, True)
    assert own.value.field == "account_id"


def test_admin_sees_accounts_but_no_client_data(store: Store, practice: Practice) -> None:
    _anas_client(store, practice)
    infos = store.practice.accounts(practice.admin)
    assert [i.username for i in infos] == ["admin", "ana", "ben"]
    text = repr(infos) + repr(store.practice.audit_log(practice.admin))
    assert "Ana's client" not in text and "41.3125" not in text
    with pytest.raises(InvalidRecord):
        store.practice.unlock(practice.admin, "no-such-account")
