"""Principal (who acts on saved check-ups) and migration 0002 (form and locale)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _storage_helpers import make_record, save
from sqlalchemy import create_engine, text

from storage import InvalidRecord, Principal, Store, open_store
from storage.crypto import derive_owner_key
from storage.engine import migrate_to

PASS = "correct horse battery"


def test_principal_repr_shows_neither_passphrase_nor_alias() -> None:
    shown = repr(Principal("Sam Secret", PASS)) + str(Principal("Sam Secret", PASS))
    assert PASS not in shown and "Sam Secret" not in shown
    assert "protected=True" in shown and "person" in shown


def test_principal_trims_and_treats_empty_passphrase_as_none() -> None:
    sam = Principal("  Sam ", "")
    assert (sam.alias, sam.passphrase, sam.protected, sam.key) == ("Sam", None, False, "sam")


@pytest.mark.parametrize(
    ("alias", "passphrase", "field"),
    [("", None, "alias"), ("x" * 81, None, "alias"), (7, None, "alias"), ("S\udcff", None, "alias"),
     ("Sam", 7, "passphrase"), ("Sam", "long enough \udcff", "passphrase"),
     ("Sam", "x" * 1025, "passphrase")],
)
def test_principal_refuses_bad_input(alias: object, passphrase: object, field: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        Principal(alias, passphrase)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_principal_is_frozen() -> None:
    with pytest.raises(AttributeError):
        Principal("Sam").alias = "Alex"  # type: ignore[misc]


def test_a_person_saves_only_their_own_check_ups(store: Store) -> None:
    with pytest.raises(InvalidRecord) as caught:
        store.save_checkup(make_record("Sam"), Principal("Alex"))
    assert caught.value.field == "alias"
    assert store.list_checkups(Principal("Alex")) == store.list_checkups(Principal("Sam")) == []


def test_every_person_method_refuses_a_bare_alias(store: Store) -> None:
    with pytest.raises(InvalidRecord) as caught:
        store.list_checkups("Sam")  # type: ignore[arg-type]
    assert caught.value.field == "principal"


@pytest.mark.parametrize("passphrase", [None, PASS])
def test_form_and_locale_round_trip(store: Store, passphrase: str | None) -> None:
    save(store, make_record(form="pulse", locale="qps-ploc"), passphrase)
    [saved] = store.list_checkups(Principal("Sam", passphrase))
    assert (saved.record.form, saved.record.locale) == ("pulse", "qps-ploc")


@pytest.mark.parametrize(
    ("field", "value"), [("form", "Full!"), ("form", ""), ("locale", "EN"), ("locale", "e n")]
)
def test_form_and_locale_are_validated(field: str, value: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        make_record(**{field: value})
    assert caught.value.field == field


def test_protected_rows_keep_form_and_locale_only_in_the_blob(store: Store, db_url: str) -> None:
    save(store, make_record(form="pulse"), PASS)
    save(store, make_record("Alex"))
    engine = create_engine(db_url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT form, locale, sealed IS NULL FROM checkups")).all()
    engine.dispose()
    assert sorted(found, key=str) == sorted([(None, None, False), ("full", "en", True)], key=str)


def _at_revision_0001(path: Path) -> str:
    """A SQLite database migrated to 0001 only, with one plain and one sealed check-up."""
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    with engine.begin() as conn:
        migrate_to(conn, "0001")
        salt = base64.b64decode(conn.execute(text("SELECT value FROM settings")).scalar_one())
        key = derive_owner_key(PASS, "sam", salt)
        when = datetime(2025, 1, 2, tzinfo=UTC).replace(tzinfo=None)
        blob = key.seal(
            b'{"answers":{"a":1},"bank_version":"1","created_at":"2025-01-02T00:00:00+00:00",'
            b'"flags":[],"relationship":"work","role":"hurt","scores":{"s":5.0}}',
            "checkup:c2",
        )
        conn.execute(text(
            "INSERT INTO persons VALUES ('p1', 'a:sam', 'Sam', NULL, :t),"
            " ('p2', :tag, NULL, :alias, :t)"
        ), {"t": when, "tag": key.tag, "alias": key.seal(b"Sam", "person:p2")})
        conn.execute(text(
            "INSERT INTO checkups (id, person_id, bank_version, role, relationship, answers,"
            " scores, flags, sealed, created_at, updated_at) VALUES"
            " ('c1', 'p1', '1', 'hurt', 'work', :answers, :scores, '[]', NULL, :t, :t),"
            " ('c2', 'p2', NULL, NULL, NULL, NULL, NULL, NULL, :blob, :t, :t)"
        ), {"t": when, "blob": blob, "answers": '{"a":1}', "scores": '{"s":5.0}'})
    engine.dispose()
    return url


def test_migration_0002_gives_earlier_check_ups_full_and_english(tmp_path: Path) -> None:
    url = _at_revision_0001(tmp_path / "old.sqlite3")
    with open_store(url) as upgraded:
        [plain] = upgraded.list_checkups(Principal("Sam"))
        [sealed] = upgraded.list_checkups(Principal("Sam", PASS))
        assert (plain.record.form, plain.record.locale) == ("full", "en")
        assert (sealed.record.form, sealed.record.locale) == ("full", "en")
        assert sealed.record.relationship == "work" and plain.record.answers == {"a": 1}
    engine = create_engine(url)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        columns = conn.execute(text("SELECT form, locale FROM checkups ORDER BY id")).all()
    engine.dispose()
    assert version >= "0002"
    assert [tuple(row) for row in columns] == [("full", "en"), (None, None)]
