"""A check-up saved under bank 1.0.0 still opens, charts, exports and imports under 2.0.0."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from checkup.keeping import trend_frame, trend_series
from locales import catalogue
from questions import load_bank
from storage import CheckupRecord, Principal, open_store

BANK = load_bank()
OLD = BANK.dimensions_of_version("1.0.0")


def _old_record() -> CheckupRecord:
    scores: dict[str, float | None] = {d.id: 50.0 for d in OLD}
    scores |= {"trust_strain": 40.0, "repair_readiness": 60.0}
    return CheckupRecord(
        alias="Ana",
        role="hurt",
        relationship="romantic",
        bank_version="1.0.0",
        answers={"cling_1": 3, "selfharm_1": 1},
        scores=scores,
        created_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
    )


def test_an_old_check_up_opens_charts_exports_and_imports(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    me = Principal("Ana", None)
    store.save_checkup(_old_record(), me)
    frame = trend_frame(store.history(me))
    series = trend_series(BANK, frame, catalogue("en"))
    charted = {s.id: s.name for s in series}
    for dim in OLD:
        if dim.id in frame.columns:
            assert charted[dim.id] == BANK.dimension_by_id[dim.id].name  # today's words
    assert charted["anxious_clinging"] == "Needing reassurance"
    exported = store.export_json(me)
    again = open_store(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    assert again.import_json(exported, me) == 1
    (saved,) = again.list_checkups(me)
    assert saved.record.bank_version == "1.0.0" and saved.record.scores == _old_record().scores
    assert "1.0.0" not in BANK.norm_versions  # its answers do not pool with 2.0.0's
