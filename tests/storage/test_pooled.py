"""Store.all_answers: answers pooled across people for norms, never protected ones."""

from __future__ import annotations

import math

from _storage_helpers import make_record, save
from sqlalchemy import create_engine, text

from storage import Store


def test_pooled_answers_hold_unprotected_checkups_of_the_version(store: Store) -> None:
    save(store, make_record("Ana", answers={"cling_1": 4, "cling_2": 2}))
    save(store, make_record("Ben", role="broke", answers={"cling_1": 1}))
    save(store, make_record("Cy", bank_version="0.9.0", answers={"cling_1": 5}))
    save(store, make_record("Dee", answers={"cling_1": 3}), passphrase="long enough pass")
    frame = store.all_answers("1.0.0")
    assert len(frame) == 2  # other version and the protected check-up are left out
    assert list(frame.columns[:3]) == ["person", "created_at", "role"]
    assert sorted(frame["role"]) == ["broke", "hurt"]
    assert sorted(frame["cling_1"]) == [1.0, 4.0]
    ben = frame[frame["role"] == "broke"].iloc[0]
    assert math.isnan(ben["cling_2"])
    text = frame.to_csv()
    assert "Ana" not in text and "Ben" not in text  # people are opaque ids
    assert frame["person"].nunique() == 2


def test_pooled_answers_empty_store(store: Store) -> None:
    frame = store.all_answers("1.0.0")
    assert frame.empty and list(frame.columns) == ["person", "created_at", "role"]


def test_a_damaged_row_is_left_out_of_the_pool(store: Store, db_url: str) -> None:
    save(store, make_record("Ana", answers={"cling_1": 4}))
    broken = save(store, make_record("Ben", answers={"cling_1": 2}))
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE checkups SET answers = '{\"cling_1\": ' WHERE id = :i"),
                     {"i": broken})
    engine.dispose()
    frame = store.all_answers("1.0.0")
    assert list(frame["cling_1"]) == [4.0] and broken not in frame.index
