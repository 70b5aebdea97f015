"""The couple's view over time from real shares, on SQLite and PostgreSQL: shares paired by
time (within 14 days), the gap's reliable change in words, a withdrawn share and leaving.

The storage suite's fixtures (``db_url``, ``store``, the PostgreSQL server the run starts) are
loaded from ``tests/storage/conftest.py`` so both backends are the same as there.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, timedelta
from pathlib import Path

from checkup import couple, couple_view
from questions import load_bank
from reports.content import load_content
from scoring.norms import DimensionNorm
from storage import CoupleSnapshot, Principal, Store

_spec = importlib.util.spec_from_file_location(
    "couple_view_storage_fixtures", Path(__file__).parents[1] / "storage" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
postgres_server = _fixtures.postgres_server
postgres_suite_url = _fixtures.postgres_suite_url
db_url = _fixtures.db_url
clock = _fixtures.clock
store = _fixtures.store

ALEX = Principal("Alex", "alex passphrase")
BO = Principal("Bo", "bo passphrase")
BANK = load_bank()
WITHHELD = couple.withheld_ids(BANK)
START = datetime(2026, 10, 1, 20, 0, tzinfo=UTC)
NORM = DimensionNorm(alpha=0.84, sd=20.0, n=40)  # SE 8: a gap's S = sqrt(2 * 128) = 16


def _share(store: Store, who: Principal, day: int, scores: dict[str, float]) -> str:
    role = "hurt" if who is ALEX else "broke"
    snap = CoupleSnapshot(
        alias=who.alias,
        role=role,
        relationship="romantic",
        bank_version=BANK.version,
        created_at=START + timedelta(days=day),
        scores=scores,
    )
    return store.couples.share(who, snap, withheld=WITHHELD)


def _when(moment: datetime) -> str:
    return moment.date().isoformat()


def test_over_time_from_real_shares(store: Store) -> None:
    store.couples.join(store.couples.create(ALEX).code, BO)
    _share(store, ALEX, 0, {"suspicion": 90.0, "honesty": 50.0})
    _share(store, BO, 3, {"suspicion": 30.0, "honesty": 55.0})
    _share(store, BO, 20, {"suspicion": 20.0})  # 20 days after Alex's first, 10 before the next
    _share(store, ALEX, 30, {"suspicion": 60.0, "honesty": 50.0})
    late = _share(store, BO, 60, {"suspicion": 55.0, "honesty": 90.0})  # no Alex share near

    shares = store.couples.shares(ALEX)
    pairs = couple_view.occasions(shares)
    days = [(p.mine.snapshot.created_at - START).days for p in pairs]
    assert days == [0, 30]
    assert [(p.theirs.snapshot.created_at - START).days for p in pairs] == [3, 20]
    content = load_content()
    changed = couple_view.over_time(pairs, BANK, content, {"suspicion": NORM}, _when)
    assert changed is not None
    assert (changed.first_when, changed.last_when) == ("2026-10-01", "2026-10-31")
    # suspicion: gap 60 then 40, RC = -20 / 16 = -1.25: no reliable change
    assert changed.gaps[0] == (
        "Doubts about what you are told: gap 60 then 40 points, no reliable change in the gap"
    )
    assert changed.points_note  # honesty has no norm: in points only, said once
    table = couple_view.gap_table(pairs, BANK, _when, "Shared")
    assert list(table.columns) == ["Shared", "Doubts about what you are told", "Honesty"]
    assert list(table["Shared"]) == ["2026-10-01", "2026-10-31"]
    assert list(table["Doubts about what you are told"]) == [60, 40]
    assert table["Honesty"][0] == 5 and table["Honesty"].isna()[1]  # not shared the 2nd time

    assert store.couples.withdraw(late, BO)
    assert len(couple_view.occasions(store.couples.shares(BO))) == 2
    store.couples.leave(BO)
    assert store.couples.shares(ALEX) == [] and couple_view.occasions([]) == []


def test_a_wide_move_reads_moving_closer_on_both_backends(store: Store) -> None:
    store.couples.join(store.couples.create(ALEX).code, BO)
    _share(store, ALEX, 0, {"suspicion": 100.0})
    _share(store, BO, 1, {"suspicion": 20.0})
    _share(store, ALEX, 40, {"suspicion": 50.0})
    _share(store, BO, 41, {"suspicion": 40.0})
    pairs = couple_view.occasions(store.couples.shares(BO))  # Bo's view: Bo first
    changed = couple_view.over_time(pairs, BANK, load_content(), {"suspicion": NORM}, _when)
    assert changed is not None  # gap 80 then 10: RC = -70 / 16 = -4.4
    assert changed.gaps == ("Doubts about what you are told: gap 80 then 10 points, moving closer",)
    assert changed.points_note == ""  # every change here has its norm
    pair = couple.comparable(store.couples.shares(BO))
    assert pair is not None and pair.mine.snapshot.alias == "Bo"
    plan = couple_view.couple_plan(
        pair,
        store.couples.shares(BO),
        BANK,
        load_content(),
        ("You", "Your partner"),
        {"suspicion": NORM},
        _when,
    )
    assert [(r.area, r.first, r.second) for r in plan.rows] == [("suspicion", 40.0, 50.0)]
    assert plan.over_time == changed
