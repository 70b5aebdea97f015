"""At rest: a copy of the database shows no answer, label, alias, flag or score of a client,
nor a password, code or private key (every value of every table, both backends); after an
erasure the SQLite files hold no copy, while open and after closing."""

from __future__ import annotations

from pathlib import Path

from _practice_helpers import (
    ANA_PW,
    FLAG,
    ITEM,
    LABEL,
    SCORE,
    Practice,
    consent,
    intake_record,
    make_practice,
)
from sqlalchemy import select

from storage import Store, open_store
from storage.models import Base

ALIAS = "Zqalias Person"


def _needles(practice: Practice, extra: list[bytes]) -> list[bytes]:
    assert practice.ana.private_key is not None
    return [LABEL.encode(), LABEL.lower().encode(), ITEM.encode(), FLAG.encode(),
            str(SCORE).encode(), ALIAS.encode(), ANA_PW.encode(),
            practice.ana.private_key.private_bytes_raw(), practice.recovery.text.encode(),
            *extra]


def _all_values(store: Store) -> list[tuple[str, bytes]]:
    found = []
    with store._reader.connect() as conn:
        for name, table in Base.metadata.tables.items():
            for row in conn.execute(select(table)):
                found += [(name, v if isinstance(v, bytes) else str(v).encode()) for v in row]
    return found


def _fill(store: Store, practice: Practice) -> tuple[str, list[bytes]]:
    """Ana's client with a submitted intake and a pending one; the codes as needles."""
    p = store.practice
    client = p.create_client(practice.ana, LABEL)
    used = p.invite(practice.ana, client).code
    p.submit_intake(used, intake_record(alias=ALIAS), consent(compare=True))
    pending = p.invite(practice.ana, client).code
    p.client_checkups(practice.ana, client)
    p.note_export(practice.ana, client, "fhir")
    codes = [c.replace("-", "").encode() for c in (used, pending)]
    return client, codes + [c.encode() for c in (used, pending)]


def test_no_table_holds_anything_readable_of_a_client(store: Store) -> None:
    practice = make_practice(store)
    _, codes = _fill(store, practice)
    values = _all_values(store)
    assert {name for name, _ in values} >= {"clients", "client_checkups", "intake_invites",
                                              "audit_log", "staff", "therapists"}
    assert any(b"Harbour Practice" in value for _, value in values)  # the search finds plain
    for needle in _needles(practice, codes):
        hits = [name for name, value in values if needle in value]
        assert hits == [], (needle, hits)


def _raw(path: Path) -> bytes:
    parts = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]
    return b"".join(part.read_bytes() for part in parts if part.exists())


def test_erasure_leaves_no_copy_in_the_sqlite_files(tmp_path: Path) -> None:
    path = tmp_path / "practice.sqlite3"
    store = open_store(f"sqlite:///{path}")
    reader = open_store(f"sqlite:///{path}")  # another process keeps the file open
    try:
        practice = make_practice(store)
        client, _ = _fill(store, practice)
        sealed = [value for name, value in _all_values(store)
                  if name in ("clients", "client_checkups") and len(value) > 60]
        ids = [client.encode(), *(c.checkup_id.encode()
                                  for c in store.practice.client_checkups(practice.ana, client))]
        assert sealed and all(blob in _raw(path) for blob in sealed)
        assert len(reader.practice.clients(practice.ana)) == 1
        store.practice.erase_client(practice.ana, client)
        assert reader.practice.clients(practice.ana) == []
        for needle in [*sealed, *ids]:
            assert needle not in _raw(path)
    finally:
        reader.close()
        store.close()
    for needle in [*sealed, *ids]:
        assert needle not in _raw(path)
