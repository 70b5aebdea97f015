"""Couple spaces on both backends: create, join, share, list, withdraw, leave, who can read."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from _couple_helpers import ALEX, BO, STRANGER, WITHHELD, paired, snapshot
from _storage_helpers import FakeClock, make_record
from sqlalchemy import func, select

from storage import CoupleSnapshot, InvalidRecord, Principal, Store, TooManyTries, open_store
from storage.models import Couple, CoupleInvite, CoupleMember, CoupleShare
from storage.resume import MAX_WRONG_CODES


def _count(store: Store, table: type) -> int:
    with store._reader.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_create_and_join_give_both_partners_the_space(store: Store, clock: FakeClock) -> None:
    pairing = store.couples.create(ALEX)
    assert pairing.expires_at == clock.now + timedelta(days=7)
    assert len(pairing.code) == 14 and pairing.code.count("-") == 2
    assert pairing.code not in repr(pairing)
    status = store.couples.status(ALEX)
    assert status is not None and status.side == "a" and status.members == 1
    assert status.invite_expires_at == pairing.expires_at
    assert store.couples.status(BO) is None
    assert store.couples.join(pairing.code.lower().replace("-", " "), BO) is True
    for who, side in ((ALEX, "a"), (BO, "b")):
        got = store.couples.status(who)
        assert got is not None and (got.side, got.members, got.invite_expires_at) == (side, 2, None)
    assert _count(store, CoupleInvite) == 0  # single use: the invite is gone


def test_wrong_used_expired_and_malformed_codes_get_one_neutral_answer(
    store: Store, clock: FakeClock
) -> None:
    pairing = store.couples.create(ALEX)
    assert store.couples.join("ABCD-EFGH-JKLM", BO) is False  # wrong
    assert store.couples.join("not a code", BO) is False  # malformed
    assert store.couples.join(pairing.code, BO) is True
    assert store.couples.join(pairing.code, STRANGER) is False  # used
    other = Principal("Dee", "dee-passphrase")
    late = store.couples.create(other)
    clock.advance(timedelta(days=7, seconds=1))
    assert store.couples.join(late.code, STRANGER) is False  # expired
    assert store.couples.status(STRANGER) is None
    assert _count(store, CoupleInvite) == 0  # expired invites are purged


def test_wrong_codes_are_limited_like_resume_codes(store: Store) -> None:
    pairing = store.couples.create(ALEX)
    for number in range(MAX_WRONG_CODES):
        assert store.couples.join(f"ABCD-EFGH-{number:04d}".replace("0", "A").replace("1", "B"),
                                  STRANGER) is False
    with pytest.raises(TooManyTries):
        store.couples.join(pairing.code, BO)  # the right code too, while the limit holds
    assert store.couples.status(BO) is None


def test_a_couple_member_needs_a_passphrase_and_one_space_at_a_time(store: Store) -> None:
    with pytest.raises(InvalidRecord) as error:
        store.couples.create(Principal("Alex Quorra"))
    assert error.value.field == "passphrase"
    pairing = store.couples.create(ALEX)
    with pytest.raises(InvalidRecord) as again:
        store.couples.create(ALEX)
    assert (again.value.field, again.value.problem_text.message_id) == (
        "principal", "storage.problem.already_in_couple")
    with pytest.raises(InvalidRecord):
        store.couples.join(pairing.code, ALEX)
    assert store.couples.join(pairing.code, BO) is True  # the refused join used nothing up
    with pytest.raises(InvalidRecord):
        store.couples.share(STRANGER, snapshot(), withheld=WITHHELD)


def test_both_partners_list_both_shares_newest_first(store: Store, clock: FakeClock) -> None:
    paired(store)
    first = store.couples.share(ALEX, snapshot(day=1), withheld=WITHHELD)
    clock.advance(timedelta(hours=1))
    second = store.couples.share(BO, snapshot("Bo Vexley", day=2, role="broke"),
                                 withheld=WITHHELD)
    clock.advance(timedelta(hours=1))
    third = store.couples.share(ALEX, snapshot(day=3, scores={"cling": 10.0}), withheld=WITHHELD)
    for who, mine in ((ALEX, [True, False, True]), (BO, [False, True, False])):
        shares = store.couples.shares(who)
        assert [s.id for s in shares] == [third, second, first]
        assert [s.mine for s in shares] == mine
        assert [s.side for s in shares] == ["a", "b", "a"]
        assert shares[0].shared_at == clock.now and shares.unreadable == 0
        assert shares[1].snapshot.alias == "Bo Vexley" and shares[1].snapshot.role == "broke"
        assert shares[0].snapshot.scores == {"cling": 10.0}
        assert shares[2].snapshot == snapshot(day=1)


def test_item_answers_of_chosen_areas_are_shared_only_when_chosen(
    store: Store, clock: FakeClock
) -> None:
    paired(store)
    record = make_record("Alex Quorra", answers={"cling_1": 4, "guard_1": 5, "fear_1": 3},
                         flags=["danger", "safety"])
    plain = CoupleSnapshot.from_record(record)
    with_items = CoupleSnapshot.from_record(record, answers={"cling_1"}, areas=["cling"])
    assert plain.answers == {} and with_items.answers == {"cling_1": 4}
    store.couples.share(ALEX, plain, withheld=WITHHELD)
    clock.advance(timedelta(minutes=1))
    store.couples.share(ALEX, with_items, withheld=WITHHELD)
    got = store.couples.shares(BO)
    assert [s.snapshot.answers for s in got] == [{"cling_1": 4}, {}]
    assert got[0].snapshot.areas == ("cling",)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"answers": {"cling_1": 3, "fear_1": 2}}, "answers.fear_1"),
    ({"scores": {"cling": 20.0, "safety": 100.0}}, "scores.safety"),
    ({"scores": {"self_harm": 0.0}}, "scores.self_harm"),
    ({"areas": ("cling", "danger")}, "areas.danger"),
])
def test_a_snapshot_with_safety_data_is_refused(
    store: Store, overrides: dict[str, object], field: str
) -> None:
    paired(store)
    with pytest.raises(InvalidRecord) as error:
        store.couples.share(ALEX, snapshot(**overrides), withheld=WITHHELD)
    assert error.value.field == field
    assert error.value.problem_text.message_id == "storage.problem.never_shared"
    assert store.couples.shares(BO) == [] and _count(store, CoupleShare) == 0


def test_sharing_needs_the_list_of_what_is_withheld(store: Store) -> None:
    paired(store)
    for withheld in (set(), "fear_1", None):
        with pytest.raises(InvalidRecord) as error:
            store.couples.share(ALEX, snapshot(), withheld=withheld)  # type: ignore[arg-type]
        assert error.value.field == "withheld"
    with pytest.raises(InvalidRecord):
        store.couples.share(ALEX, make_record(), withheld=WITHHELD)  # type: ignore[arg-type]


def test_nobody_else_reads_the_shares(store: Store) -> None:
    paired(store)
    store.couples.share(ALEX, snapshot(), withheld=WITHHELD)
    for who in (Principal("Bo Vexley", "not-bo-passphrase"), Principal("Bo Vexley"),
                STRANGER, Principal("Alex Quorra", "alex-passphrase-2")):
        if who.protected:
            assert store.couples.shares(who) == [] and store.couples.status(who) is None
        else:
            with pytest.raises(InvalidRecord):
                store.couples.shares(who)
    assert len(store.couples.shares(BO)) == 1


def test_a_partner_withdraws_only_their_own_share(store: Store) -> None:
    paired(store)
    mine = store.couples.share(ALEX, snapshot(), withheld=WITHHELD)
    theirs = store.couples.share(BO, snapshot("Bo Vexley"), withheld=WITHHELD)
    assert store.couples.withdraw(theirs, ALEX) is False
    assert store.couples.withdraw(mine, BO) is False
    assert store.couples.withdraw(mine, ALEX) is True
    assert store.couples.withdraw(mine, ALEX) is False
    assert [s.id for s in store.couples.shares(BO)] == [theirs]
    assert _count(store, CoupleShare) == 1
    with pytest.raises(InvalidRecord):
        store.couples.withdraw(theirs, STRANGER)


@pytest.mark.parametrize("leaver", [ALEX, BO])
def test_leaving_ends_the_space_for_both_and_deletes_every_share(
    store: Store, leaver: Principal
) -> None:
    paired(store)
    store.couples.share(ALEX, snapshot(), withheld=WITHHELD)
    store.couples.share(BO, snapshot("Bo Vexley"), withheld=WITHHELD)
    assert store.couples.leave(leaver) == 2
    for who in (ALEX, BO):
        assert store.couples.status(who) is None and store.couples.shares(who) == []
    for table in (Couple, CoupleMember, CoupleInvite, CoupleShare):
        assert _count(store, table) == 0
    assert store.couples.leave(leaver) == 0
    again = store.couples.create(BO)  # either can start afresh
    assert store.couples.join(again.code, ALEX) is True


def test_leaving_before_the_partner_joins_voids_the_code(store: Store) -> None:
    pairing = store.couples.create(ALEX)
    assert store.couples.leave(ALEX) == 0
    assert store.couples.join(pairing.code, BO) is False
    assert _count(store, CoupleInvite) == 0 and _count(store, Couple) == 0


def test_shares_and_check_ups_are_independent(store: Store) -> None:
    """Deleting one's check-ups does not touch the couple space, and leaving keeps them."""
    paired(store)
    store.save_checkup(make_record("Alex Quorra"), ALEX)
    store.couples.share(ALEX, snapshot(), withheld=WITHHELD)
    assert store.couples.leave(BO) == 1
    assert len(store.list_checkups(ALEX)) == 1


def test_migration_0004_replaces_couple_links_and_downgrades(tmp_path: Path) -> None:
    """A database at 0003 upgrades (its check-ups kept) and 0004 downgrades cleanly."""
    from sqlalchemy import create_engine, inspect

    from storage.engine import migrate_to

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)

    def run(target: str, down: bool = False) -> set[str]:
        with engine.begin() as conn:
            migrate_to(conn, target, down)
        return set(inspect(engine).get_table_names())

    assert "couple_links" in run("0003")
    with open_store(url) as upgraded:  # opening upgrades to head
        upgraded.save_checkup(make_record("Alex Quorra"), ALEX)
        paired(upgraded)
    tables = set(inspect(engine).get_table_names())
    assert "couple_links" not in tables and {"couples", "couple_shares"} <= tables
    after = run("0003", down=True)
    assert "couple_links" in after and "couples" not in after
    engine.dispose()
    with open_store(url) as again:
        assert len(again.list_checkups(ALEX)) == 1 and again.couples.status(ALEX) is None


def test_a_damaged_share_is_left_out_and_counted(store: Store, clock: FakeClock) -> None:
    from sqlalchemy import update

    paired(store)
    broken = store.couples.share(ALEX, snapshot(), withheld=WITHHELD)
    clock.advance(timedelta(minutes=1))
    kept = store.couples.share(BO, snapshot("Bo Vexley"), withheld=WITHHELD)
    with store._writer.begin() as conn:  # a blob moved to another row fails authentication
        blob = conn.execute(select(CoupleShare.sealed).where(CoupleShare.id == kept)).scalar()
        conn.execute(update(CoupleShare).where(CoupleShare.id == broken).values(sealed=blob))
    shares = store.couples.shares(BO)
    assert [s.id for s in shares] == [kept] and shares.unreadable == 1
    assert store.couples.withdraw(broken, BO) is True  # either partner can remove a damaged one


@pytest.mark.parametrize(("overrides", "field"), [
    ({"scores": {"cling": 101.0}}, "scores.cling"),
    ({"answers": {"cling_1": 11}}, "answers.cling_1"),
    ({"alias": " "}, "alias"),
    ({"areas": ("Not An Id",)}, "areas[0]"),
    ({"areas": "cling"}, "areas"),
    ({"created_at": snapshot().created_at.replace(tzinfo=None)}, "created_at"),
])
def test_a_snapshot_is_checked_like_a_check_up(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidRecord) as error:
        snapshot(**overrides)
    assert error.value.field == field


def test_a_snapshot_repr_shows_no_alias_or_score() -> None:
    shown = repr(snapshot())
    assert "Alex" not in shown and "37" not in shown
