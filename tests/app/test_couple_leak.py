"""The leak test: nothing partner B can reach tells "A's answers raised a safety flag" apart
from "A has not shared", and nothing B can reach holds A's safety answers.

For each scenario a fresh database: A and B pair up, B shares. Then A either (flagged) shares
and later saves a check-up with a safety answer (the save panel's gate withdraws A's shares),
or (not shared) does nothing, or (withdrawn) shares and takes it back. Every page B can reach
(Together, My check-ups), B's exports and the Together page's parts are rendered; the three
scenarios must give the same text, apart from the times and ids that differ in any two runs.
With A shared and not flagged (the comparison, its chart and its PDF), and in every scenario,
B's text holds none of A's safety item texts, flag names or safety panel sentences.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from app_kit import new_app, texts
from pypdf import PdfReader
from store_kit import level_answers, open_at, record, use_database
from streamlit.testing.v1 import AppTest

from checkup import couple, couple_view
from locales import catalogue
from questions import load_bank
from reports.content import load_content
from reports.couple_pdf import render_couple
from reports.couple_plan import names_of
from scoring.rules import load_rules
from storage import CoupleSnapshot, Principal, Store

ALEX = Principal("Alex", "alex passphrase")
BO = Principal("Bo", "bo passphrase")
BANK = load_bank()
FLAGGED = {**level_answers(2, "hurt"), "fear_1": 4, "harm_choke": 3, "selfharm_plan": 2}
TIME = re.compile(r"\d{1,2} \w{3} \d{4}(, \d{2}:\d{2})?|\d{4}-\d{2}-\d{2}[T ][\d:.+]+|[0-9a-f]{32}")


def forbidden() -> list[str]:
    """A's safety item texts (every variant), the flag names, the safety panels' sentences."""
    content, words = load_content(), catalogue("en")
    safety = {f"bank.item.{i.id}" for i in BANK.items if BANK.kind_of(i) == "safety"}
    found = {form for (key, _), forms in words.messages.items() if key in safety for form in forms}
    found |= {f.name for f in load_rules().flags if f.name != "safety"}
    for block in content.texts.text_blocks.values():
        if block is not content.texts.support:
            found |= {block.title, *block.paragraphs}
    return sorted(t for t in found if len(t) > 4)


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() or "" for page in pages).split())


def everything(at: AppTest) -> str:
    """Every visible word of the page: text, labels, table cells, options, the chart."""
    parts = [texts(at)]
    for kind in ("button", "checkbox", "text_input", "multiselect", "download_button"):
        for widget in at.get(kind):
            parts.append(str(getattr(widget, "label", "")) + str(getattr(widget, "options", "")))
    parts += [frame.value.to_csv() for frame in at.dataframe]
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]
    return "\n".join(parts)


def together(who: Principal) -> AppTest:
    at = new_app()
    at.button(key="to_checkups").click().run()
    at.text_input(key="open_alias").input(who.alias)
    at.text_input(key="open_pass").input(who.passphrase or "")
    at = next(b for b in at.button if b.label == "Open my check-ups").click().run()
    return at


def _flagged(store: Store) -> None:
    store.couples.share(ALEX, _snapshot(store, ALEX), withheld=couple.withheld_ids(BANK))
    store.save_checkup(record("Alex", FLAGGED, role="hurt"), ALEX)
    assert couple.withdraw_when_flagged(store, ALEX, ["safety", "danger"]) == 1


def _withdrawn(store: Store) -> None:
    share = store.couples.share(ALEX, _snapshot(store, ALEX), withheld=couple.withheld_ids(BANK))
    assert store.couples.withdraw(share, ALEX)


def _snapshot(store: Store, who: Principal) -> CoupleSnapshot:
    newest = couple.latest(store.list_checkups(who))
    assert newest is not None and not couple.flagged(newest)
    return couple.snapshot_of(newest, BANK, ["suspicion", "honesty"])


def _shared(store: Store) -> None:
    store.couples.share(ALEX, _snapshot(store, ALEX), withheld=couple.withheld_ids(BANK))


SCENARIOS: dict[str, Callable[[Store], None]] = {
    "flagged": _flagged,
    "not shared": lambda store: None,
    "withdrawn": _withdrawn,
}


def _paired(store: Store) -> None:
    """Alex (hurt) and Bo (broke) each save an unflagged check-up and pair up."""
    store.save_checkup(record("Alex", level_answers(2, "hurt"), role="hurt"), ALEX)
    store.save_checkup(record("Bo", level_answers(4, "broke"), role="broke"), BO)
    store.couples.join(store.couples.create(ALEX).code, BO)


def bo_sees(
    tmp: Path,
    monkeypatch: pytest.MonkeyPatch,
    scenario: Callable[[Store], None],
    pdf: bool = False,
) -> str:
    """Everything Bo can reach after the scenario, times and ids blanked."""
    url = use_database(monkeypatch, tmp / "checkups.sqlite3")
    with open_at(url) as store:
        _paired(store)
        store.couples.share(BO, _snapshot(store, BO), withheld=couple.withheld_ids(BANK))
        scenario(store)
        exports = [store.export_json(BO), store.export_csv(BO)]
    bo = together(BO)
    pages = [everything(bo)]
    bo.button(key="to_couple").click().run()
    pages.append(everything(bo))
    offered = "couple_pdf" in {b.key for b in bo.get("download_button")}
    assert not bo.exception and offered == pdf  # the couple PDF only with a comparison
    return TIME.sub("<t>", "\n=====\n".join(pages + exports))


def test_flagged_looks_exactly_like_not_shared(tmp_path: Path, monkeypatch) -> None:
    seen = {}
    for n, (name, scenario) in enumerate(SCENARIOS.items()):
        (tmp_path / str(n)).mkdir()
        seen[name] = bo_sees(tmp_path / str(n), monkeypatch, scenario)
    assert "The comparison is not available yet." in seen["flagged"]
    assert seen["flagged"] == seen["not shared"] == seen["withdrawn"]
    (tmp_path / "control").mkdir()  # the comparison itself does change Bo's page
    assert bo_sees(tmp_path / "control", monkeypatch, _shared, pdf=True) != seen["not shared"]
    words = forbidden()
    for name, text in seen.items():
        assert not [w for w in words if w in text], name
        assert not re.search(r"\b(danger|self_harm|urgent|high_danger)\b", text), name


def test_the_searched_words_are_the_ones_a_flagged_report_shows() -> None:
    """The search is not empty: A's own flagged report does hold those words."""
    from reports import build_pdf
    from scoring.result import score_one

    flagged = score_one(BANK, "hurt", "romantic", FLAGGED)
    assert {"danger", "high_danger", "self_harm", "urgent"} <= set(flagged.flags)
    own = pdf_text(build_pdf(flagged, BANK))
    assert len([w for w in forbidden() if w in own]) >= 5


def test_the_comparison_and_its_pdf_hold_nothing_of_a_safety_screen(
    tmp_path: Path, monkeypatch
) -> None:
    """Alex shared an unflagged check-up: Bo's page, chart, tables and PDF, searched."""
    url = use_database(monkeypatch, tmp_path / "checkups.sqlite3")
    with open_at(url) as store:
        _paired(store)
        for who in (ALEX, BO):
            store.couples.share(who, _snapshot(store, who), withheld=couple.withheld_ids(BANK))
        shares = store.couples.shares(BO)
    bo = together(BO)
    bo.button(key="to_couple").click().run()
    page = everything(bo)
    assert "You see this" in page and json.loads(bo.get("plotly_chart")[0].proto.spec)
    pair = couple.comparable(shares)
    assert pair is not None
    content = load_content()
    names = names_of(content, {"first": "Bo", "second": "Alex"})
    plan = couple_view.couple_plan(pair, shares, BANK, content, names, {}, str)
    pdf = pdf_text(render_couple(plan))
    assert "Check-up comparison" in pdf
    for name, text in (("page", page), ("pdf", pdf)):
        assert not [w for w in forbidden() if w in text], name
        assert not re.search(r"\b(danger|self_harm|urgent|high_danger)\b", text), name
