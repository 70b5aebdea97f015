"""Together in the pseudo-locale: the comparison, its chart, agreement, starters, steps and
over time are every word from the catalogue (``qps-ploc`` wraps them all)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from app_kit import new_app, texts
from store_kit import level_answers, open_at, record, use_database
from streamlit.testing.v1 import AppTest
from test_pseudo_locale import _check

from checkup import couple
from locales import PSEUDO_LOCALE
from questions import load_bank
from storage import Principal

ALEX = Principal("Zoë Łódź", "alex passphrase")
BO = Principal("Bo", "bo passphrase")
BANK = load_bank()


def _open_together(who: Principal) -> AppTest:
    at = new_app()
    at.button(key="to_checkups").click().run()
    at.text_input(key="open_alias").input(who.alias)
    at.text_input(key="open_pass").input(who.passphrase or "")
    submit = next(b for b in at.button if b.proto.form_id)
    submit.click().run()
    at.button(key="to_couple").click().run()
    return at


def test_the_comparison_is_all_catalogue_words(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = use_database(monkeypatch, tmp_path / "checkups.sqlite3")
    withheld = couple.withheld_ids(BANK)
    now = dt.datetime.now(dt.UTC)
    with open_at(url) as store:
        for when in (now - dt.timedelta(days=30), now):
            for who, role, level in ((ALEX, "hurt", 2), (BO, "broke", 4)):
                store.save_checkup(
                    record(who.alias, level_answers(level, role), role=role, when=when), who
                )
        store.couples.join(store.couples.create(ALEX).code, BO)
        for who in (ALEX, BO):
            for entry in sorted(store.list_checkups(who), key=lambda e: e.record.created_at):
                snap = couple.snapshot_of(entry, BANK, ["suspicion", "honesty"])
                store.couples.share(who, snap, withheld=withheld)
    english = _open_together(BO)  # first in English, in this same process
    assert "Where your answers agree" in texts(english)
    monkeypatch.setenv("TRUSTCHECK_LANG", PSEUDO_LOCALE)
    at = _open_together(BO)  # a new session in another language: no English carried over
    assert at.get("plotly_chart") and len(at.dataframe) == 2  # the comparison and over time
    _check(at, "together, with the comparison and over time")
    shown = texts(at)
    assert "⟦" in shown and "Where your answers agree" not in shown  # pseudo, not English
