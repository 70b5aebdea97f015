"""Partners on two computers: the join file and share files, and hostile files rejected.

Computer A is the backend under test (SQLite or PostgreSQL); computer B is its own SQLite file
with its own database salt. Hostile files are named cases plus hypothesis fuzzing, like the
import of exports: each either imports or raises ImportRejected whose message renders in
English and qps-ploc, and a rejected file adds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from _couple_helpers import ALEX, BO, SCORE, STRANGER, WITHHELD, paired, snapshot
from _storage_helpers import FakeClock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locales import catalogue
from storage import ImportRejected, InvalidRecord, Principal, Store, open_store
from storage.couple_files import SHARE_FORMAT, seal_file
from storage.couple_records import snapshot_to_payload
from storage.couples import MemberKeys, find_member, share_content


@pytest.fixture
def computer_b(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'b.sqlite3'}", clock=clock) as opened:
        yield opened


def _two_computers(a: Store, b: Store) -> str:
    pairing = a.couples.create(ALEX)
    assert b.couples.join_file(pairing.join_file, pairing.code, BO) is True
    return pairing.join_file


def test_the_join_file_pairs_a_partner_on_another_computer(
    store: Store, computer_b: Store, clock: FakeClock
) -> None:
    pairing = store.couples.create(ALEX)
    text = pairing.join_file
    assert set(json.loads(text)) == {"format", "format_version", "salt", "sealed"}
    assert "Alex" not in text and "alex" not in text
    assert computer_b.couples.join_file(text, "ABCD-EFGH-JKLM", BO) is False  # wrong code
    assert computer_b.couples.join_file(text, "nonsense", BO) is False
    assert computer_b.couples.status(BO) is None
    assert computer_b.couples.join_file(text, pairing.code, BO) is True
    status = computer_b.couples.status(BO)
    assert status is not None and (status.side, status.members) == ("b", 1)


def test_an_expired_join_file_pairs_nobody(store: Store, computer_b: Store,
                                           clock: FakeClock) -> None:
    pairing = store.couples.create(ALEX)
    clock.advance(timedelta(days=7, seconds=1))
    assert computer_b.couples.join_file(pairing.join_file, pairing.code, BO) is False


def test_shares_travel_both_ways_and_compare_the_same(store: Store, computer_b: Store,
                                                      clock: FakeClock) -> None:
    _two_computers(store, computer_b)
    bo_share = computer_b.couples.share(BO, snapshot("Bo Vexley", role="broke"),
                                        withheld=WITHHELD)
    clock.advance(timedelta(hours=2))
    alex_share = store.couples.share(ALEX, snapshot(answers={"cling_1": 4}, areas=("cling",)),
                                     withheld=WITHHELD)
    bo_file = computer_b.couples.export_share(bo_share, BO)
    alex_file = store.couples.export_share(alex_share, ALEX)
    assert bo_file is not None and alex_file is not None
    for text in (bo_file, alex_file):
        assert set(json.loads(text)) == {"format", "format_version", "sealed"}
        assert not any(word in text for word in ("Vexley", "Quorra", str(SCORE), "cling"))
    assert store.couples.import_share(bo_file, ALEX, withheld=WITHHELD) == bo_share
    assert computer_b.couples.import_share(alex_file, BO, withheld=WITHHELD) == alex_share
    assert store.couples.import_share(bo_file, ALEX, withheld=WITHHELD) == bo_share  # twice
    on_a, on_b = store.couples.shares(ALEX), computer_b.couples.shares(BO)
    assert [(s.id, s.side, s.shared_at, s.snapshot) for s in on_a] == [
        (s.id, s.side, s.shared_at, s.snapshot) for s in on_b]
    assert [s.mine for s in on_a] == [True, False] and [s.mine for s in on_b] == [False, True]
    assert on_a[1].snapshot.alias == "Bo Vexley" and on_b[0].snapshot.answers == {"cling_1": 4}


def test_a_share_file_opens_only_in_its_own_couple_space(store: Store,
                                                         computer_b: Store) -> None:
    _two_computers(store, computer_b)
    text = store.couples.export_share(store.couples.share(ALEX, snapshot(), withheld=WITHHELD),
                                      ALEX)
    assert text is not None
    other = Principal("Dee Other", "dee-passphrase")
    pairing = computer_b.couples.create(STRANGER)
    assert computer_b.couples.join(pairing.code, other) is True
    with pytest.raises(ImportRejected) as error:
        computer_b.couples.import_share(text, STRANGER, withheld=WITHHELD)
    assert error.value.message_id == "storage.couple_file.not_ours"
    assert computer_b.couples.shares(STRANGER) == []
    with pytest.raises(InvalidRecord):  # someone in no couple space
        computer_b.couples.import_share(text, Principal("Eve", "eve-passphrase"),
                                        withheld=WITHHELD)
    assert store.couples.export_share("0" * 32, ALEX) is None


def _forged(store: Store, payload: dict[str, Any]) -> str:
    """A share file sealed with the real couple key (a partner's own tampering)."""
    from storage.couple_keys import member_keys

    owner = store._owner(ALEX)
    assert owner.key is not None
    with store._reader.connect() as conn:
        member = find_member(conn, MemberKeys(*member_keys(owner.key)))
    assert member is not None
    return seal_file(SHARE_FORMAT, member.sealer, payload)


def test_a_share_file_with_safety_data_is_refused(store: Store) -> None:
    paired(store)
    valid = share_content("a" * 32, "b", snapshot().created_at, snapshot("Bo Vexley"))
    valid["snapshot"]["answers"] = {"fear_1": 3}
    with pytest.raises(ImportRejected) as error:
        store.couples.import_share(_forged(store, valid), ALEX, withheld=WITHHELD)
    assert error.value.message_id == "storage.couple_file.field"
    assert "answers.fear_1" in error.value.message
    assert store.couples.shares(ALEX) == []


@pytest.mark.parametrize(("change", "field"), [
    ({"id": "../../etc"}, "id"), ({"side": "c"}, "side"), ({"shared_at": "yesterday"}, "shared_at"),
    ({"snapshot": {"alias": "x"}}, None), ({"extra": 1}, "sealed"),
])
def test_a_forged_share_names_what_is_wrong(store: Store, change: dict[str, Any],
                                            field: str | None) -> None:
    paired(store)
    content = share_content("a" * 32, "b", snapshot().created_at, snapshot("Bo Vexley"))
    content.update(change)
    with pytest.raises(ImportRejected) as error:
        store.couples.import_share(_forged(store, content), ALEX, withheld=WITHHELD)
    if field is not None:
        assert error.value.field == field
    _renders(error.value)
    assert snapshot_to_payload(snapshot())  # the valid payload itself still builds


def _renders(error: ImportRejected) -> None:
    for lang in ("en", "qps-ploc"):
        text = error.message_in(catalogue(lang))
        assert text and not any("\ud800" <= ch <= "\udfff" for ch in text)


HOSTILE: list[object] = [
    b"{}", 42, None, "", "x" * (1024 * 1024 + 1), '{"format": "\udcff"}', "[1, 2",
    '{"format": "trust-checkup-export"}', "[]", '"text"', "[" * 100_000 + "]" * 100_000,
    '{"format": "trust-checkup-couple-share", "format_version": 99, "sealed": ""}',
    '{"format": "trust-checkup-couple-share", "format_version": true, "sealed": ""}',
    '{"format": "trust-checkup-couple-share", "format_version": 1}',
    '{"format": "trust-checkup-couple-share", "format_version": 1, "sealed": "***"}',
    '{"format": "trust-checkup-couple-share", "format_version": 1, "sealed": "AAAA"}',
    '{"format": "trust-checkup-couple-share", "format_version": 1, "sealed": 5}',
    '{"format": "trust-checkup-couple-share", "format_version": 1, "sealed": "", "x": 1}',
    '{"format": "trust-checkup-couple-share", "format_version": 1' + "0" * 5000 + "}",
    '{"format": "trust-checkup-couple-share", "format_version": NaN, "sealed": ""}',
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_share_files_are_rejected_with_a_clear_error(store: Store,
                                                             hostile: object) -> None:
    paired(store)
    with pytest.raises(ImportRejected) as error:
        store.couples.import_share(hostile, ALEX, withheld=WITHHELD)  # type: ignore[arg-type]
    _renders(error.value)
    assert store.couples.shares(ALEX) == []


@pytest.mark.parametrize("hostile", HOSTILE[:12], ids=range(12))
def test_hostile_join_files_are_rejected_with_a_clear_error(store: Store,
                                                            hostile: object) -> None:
    with pytest.raises(ImportRejected) as error:
        store.couples.join_file(hostile, "ABCD-EFGH-JKLM", BO)  # type: ignore[arg-type]
    _renders(error.value)
    assert store.couples.status(BO) is None


FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    path = tmp_path_factory.mktemp("couplefuzz") / "fuzz.sqlite3"
    with open_store(f"sqlite:///{path}") as opened:
        paired(opened)
        share_id = opened.couples.share(BO, snapshot("Bo Vexley"), withheld=WITHHELD)
        text = opened.couples.export_share(share_id, BO)
        assert text is not None and opened.couples.withdraw(share_id, BO)
        yield opened, text


def _import_or_reject(store: Store, text: Any) -> None:
    before = len(store.couples.shares(ALEX))
    try:
        store.couples.import_share(text, ALEX, withheld=WITHHELD)
    except ImportRejected as error:
        _renders(error)
        assert len(store.couples.shares(ALEX)) == before
    else:
        assert len(store.couples.shares(ALEX)) in (before, before + 1)


@FUZZ
@given(st.text(max_size=200) | st.binary(max_size=50))
def test_fuzz_raw_share_input(fuzz_store: tuple[Store, str], hostile: Any) -> None:
    _import_or_reject(fuzz_store[0], hostile)


@FUZZ
@given(field=st.sampled_from(["format", "format_version", "sealed", "salt", "other"]),
       value=st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                          lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                          max_leaves=8))
def test_fuzz_any_value_in_the_envelope(fuzz_store: tuple[Store, str], field: str,
                                        value: Any) -> None:
    store, text = fuzz_store
    envelope = json.loads(text)
    envelope[field] = value
    _import_or_reject(store, json.dumps(envelope))


@FUZZ
@given(st.data())
def test_fuzz_damaged_share_bytes(fuzz_store: tuple[Store, str], data: st.DataObject) -> None:
    store, text = fuzz_store
    raw = bytearray(text.encode())
    for _ in range(data.draw(st.integers(1, 4))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    _import_or_reject(store, raw.decode("utf-8", errors="replace"))


def test_the_join_file_works_on_each_backend_and_on_the_same_computer(
    store: Store, computer_b: Store
) -> None:
    elsewhere = computer_b.couples.create(ALEX)  # made on another computer, joined here
    assert store.couples.join_file(elsewhere.join_file, elsewhere.code, BO) is True
    status = store.couples.status(BO)
    assert status is not None and (status.side, status.members) == ("b", 1)
    here = store.couples.create(STRANGER)  # made here, joined here with the file
    other = Principal("Dee Other", "dee-passphrase")
    assert store.couples.join_file(here.join_file, here.code, other) is True
    status = store.couples.status(other)
    assert status is not None and (status.members, status.invite_expires_at) == (2, None)
    assert store.couples.join(here.code, Principal("Eve", "eve-passphrase")) is False


@pytest.mark.parametrize(("text", "message_id"), [
    (b"{}", "storage.couple_file.not_text"),
    (" " * (1024 * 1024 + 1), "storage.couple_file.too_large"),
    ('{"format": "\ud800"}', "storage.couple_file.bad_text"),
])
def test_a_couple_file_that_is_no_readable_text_is_refused_before_parsing(
    store: Store, text: object, message_id: str
) -> None:
    paired(store)
    with pytest.raises(ImportRejected) as error:
        store.couples.import_share(text, ALEX, withheld=WITHHELD)  # type: ignore[arg-type]
    assert error.value.message_id == message_id
    assert store.couples.shares(ALEX) == []
