"""Storage messages come from the catalogue (locales/<lang>/storage.po) by stable id."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from locales import catalogue
from storage import (
    CheckupList,
    ImportRejected,
    InvalidRecord,
    Principal,
    StorageError,
    Store,
    TooManyTries,
)
from storage.engine import _MESSAGES, _unavailable

ROOT = Path(__file__).resolve().parents[2]
EN, QPS = catalogue("en"), catalogue("qps-ploc")
_ID = re.compile(r"""["'](storage(?:\.[a-z0-9_]+)+)["']""")


def _ids_in_source() -> set[str]:
    return {
        found
        for path in (ROOT / "storage").rglob("*.py")
        for found in _ID.findall(path.read_text(encoding="utf-8"))
    }


def test_every_id_the_code_uses_is_in_the_catalogue_and_none_is_unused() -> None:
    used = _ids_in_source()
    shipped = {i for i in EN.ids() if i.startswith("storage.")}
    assert used - shipped == set(), "ids used but missing from storage.po"
    assert shipped - used == set(), "ids in storage.po that no code uses"


@pytest.mark.parametrize("reason", sorted(_MESSAGES))
def test_unavailable_messages_by_reason(reason: str) -> None:
    error = _unavailable(reason)
    assert error.message_id == f"storage.unavailable.{reason}" and error.reason == reason
    assert error.message == EN.text(error.message_id) == str(error)
    assert error.message_in(QPS).startswith("⟦") and error.message_in(QPS).endswith("⟧")


def test_invalid_record_keeps_field_problem_and_english_message() -> None:
    error = InvalidRecord("answers.cling_1", "storage.problem.out_of_range", value="42",
                          low=0, high=10)
    assert error.field == "answers.cling_1"
    assert error.problem == "42 is out of range 0..10"
    assert error.message == "answers.cling_1: 42 is out of range 0..10"
    assert error.message_id == "storage.invalid.field"
    assert isinstance(error, ValueError) and isinstance(error, StorageError)


def test_a_nested_problem_renders_in_the_same_language(store: Store) -> None:
    with pytest.raises(ImportRejected) as caught:
        store.import_json('{"format": "trust-checkup-export", "format_version": 2, "alias": '
                          '"Sam", "checkups": [5], "integrity": {}}', Principal("Sam"))
    assert caught.value.message == "The export has no valid 'integrity' field."
    problem = InvalidRecord("role", "storage.problem.not_identifier", value="'Hurt!'")
    error = ImportRejected("storage.import.checkup_field", checkup=3, field="role",
                           problem=problem.problem_text)
    assert error.message == "Check-up 3: field 'role' 'Hurt!' is not a valid identifier."
    pseudo = error.message_in(QPS)
    assert pseudo.startswith("⟦") and pseudo.count("⟦") == 2  # the problem is wrapped as well
    assert "'Hurt!'" in pseudo and "role" in pseudo  # values are filled in as typed


def test_user_text_in_parameters_is_never_pseudo_localised() -> None:
    error = ImportRejected("storage.import.file_field", field="alias",
                           problem=InvalidRecord("alias", "storage.problem.too_long",
                                                 limit=80).problem_text)
    assert "80" in error.message_in(QPS)


def test_unreadable_count_and_too_many_tries_use_plural_forms() -> None:
    assert CheckupList().unreadable_message() is None
    one, two = CheckupList(unreadable=1), CheckupList(unreadable=2)
    assert str(one.unreadable_message()).startswith("1 saved check-up could not be read: it")
    assert str(two.unreadable_message()).startswith("2 saved check-ups could not be read: they")
    assert TooManyTries(1).message.endswith("in 1 minute.")
    assert TooManyTries(30).message.endswith("in 30 minutes.")
    assert TooManyTries(0).retry_after_minutes == 1
    message = two.unreadable_message()
    assert message is not None and message.render(QPS).startswith("⟦")


def test_errors_survive_pickling_with_their_message() -> None:
    errors = [
        InvalidRecord("role", "storage.problem.not_identifier", value="'X'"),
        ImportRejected("storage.import.not_json", line=3, column=4),
        TooManyTries(12),
        _unavailable("busy"),
    ]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and copy.message == error.message
        assert copy.message_in(QPS) == error.message_in(QPS)
    assert pickle.loads(pickle.dumps(errors[0])).field == "role"
