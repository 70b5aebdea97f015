"""At rest: a copy of the database shows no shared score or alias, and not who is a couple;
withdrawn and left shares leave no copy in the SQLite files (the raw-bytes search of delete)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _couple_helpers import ALEX, BO, SCORE, WITHHELD, paired, snapshot
from sqlalchemy import select

from storage import Store, open_store
from storage.models import Base, CoupleMember, CoupleShare, Person

ITEM = "zqcoupleitem_1"
NEEDLES = [b"Alex Quorra", b"Bo Vexley", b"alex quorra", b"bo vexley", str(SCORE).encode(),
           ITEM.encode()]
COUPLE_TABLES = ("couples", "couple_members", "couple_invites", "couple_shares")


def _raw(path: Path) -> bytes:
    parts = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]
    return b"".join(part.read_bytes() for part in parts if part.exists())


def _rows(store: Store, table: str) -> list[tuple[object, ...]]:
    with store._reader.connect() as conn:
        return [tuple(row) for row in conn.execute(select(Base.metadata.tables[table]))]


def _share_everything(store: Store) -> None:
    paired(store)
    store.couples.share(ALEX, snapshot(answers={ITEM: 4}, areas=("cling",)), withheld=WITHHELD)
    store.couples.share(BO, snapshot("Bo Vexley", day=2), withheld=WITHHELD)
    store.save_checkup(_record("Alex Quorra"), ALEX)  # both are also saved, protected persons
    store.save_checkup(_record("Bo Vexley"), BO)


def _record(alias: str) -> object:
    from _storage_helpers import make_record

    return make_record(alias, scores={"cling": 12.5}, flags=[])


def test_no_alias_score_or_answer_in_any_couple_row(store: Store) -> None:
    """On both backends: every value of every couple table, text or bytes, is opaque."""
    _share_everything(store)
    person_ids = {row.id for row in _read(store, select(Person.id))}
    lookups = {row.lookup for row in _read(store, select(Person.lookup))}
    for table in COUPLE_TABLES:
        for row in _rows(store, table):
            for value in row:
                raw = value if isinstance(value, bytes) else str(value).encode()
                assert not any(needle in raw for needle in NEEDLES), (table, value)
                assert str(value) not in person_ids  # no couple row names a person
                assert str(value) not in lookups
    tags = {row.tag for row in _read(store, select(CoupleMember.tag))}
    assert len(tags) == 2 and not tags & {lookup.removeprefix("p:") for lookup in lookups}


def _read(store: Store, stmt: object) -> list[object]:
    with store._reader.connect() as conn:
        return list(conn.execute(stmt))  # type: ignore[call-overload]


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    path = tmp_path / "checkups.sqlite3"
    with open_store(f"sqlite:///{path}") as opened:
        yield opened, path


def test_the_raw_file_holds_no_shared_alias_score_or_answer(
    sqlite_file: tuple[Store, Path],
) -> None:
    store, path = sqlite_file
    _share_everything(store)
    assert len(store.couples.shares(BO)) == 2
    assert [needle for needle in NEEDLES if needle in _raw(path)] == []
    store.close()
    assert [needle for needle in NEEDLES if needle in _raw(path)] == []


def _blobs(store: Store) -> dict[str, bytes]:
    return {row.id: row.sealed for row in _read(store, select(CoupleShare.id, CoupleShare.sealed))}


def test_a_withdrawn_share_leaves_no_copy_while_running_and_after(
    sqlite_file: tuple[Store, Path],
) -> None:
    store, path = sqlite_file
    paired(store)
    kept = store.couples.share(BO, snapshot("Bo Vexley"), withheld=WITHHELD)
    gone = store.couples.share(ALEX, snapshot(answers={ITEM: 2}), withheld=WITHHELD)
    blob = _blobs(store)[gone][13:61]  # ciphertext, past the version byte and nonce
    with open_store(f"sqlite:///{path}") as second:  # another app process on the same file
        assert len(second.couples.shares(ALEX)) == 2
        assert blob in _raw(path)  # the test can see it while it is there
        assert store.couples.withdraw(gone, ALEX) is True
        assert blob not in _raw(path), "a copy is left while the app keeps running"
        assert [s.id for s in second.couples.shares(BO)] == [kept]
    store.close()
    assert blob not in _raw(path), "a copy is left after the app stopped"


def test_leaving_leaves_no_copy_of_shares_or_wrapped_keys(
    sqlite_file: tuple[Store, Path],
) -> None:
    store, path = sqlite_file
    _share_everything(store)
    secrets = [blob[13:61] for blob in _blobs(store).values()]
    secrets += [row.wrapped[13:61] for row in _read(store, select(CoupleMember.wrapped))]
    assert len(secrets) == 4 and all(secret in _raw(path) for secret in secrets)
    assert store.couples.leave(BO) == 2
    assert [secret for secret in secrets if secret in _raw(path)] == []
    assert len(store.list_checkups(ALEX)) == 1  # their own check-ups stay
