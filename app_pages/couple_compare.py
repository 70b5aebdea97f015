"""Together: the comparison both partners agreed to, drawn from a couple plan (a page part).

Shown only when ``checkup.couple.comparable`` found both partners' shares and neither
partner's latest check-up is flagged; otherwise the one neutral line "not available yet",
whatever the reason. Everything here is built from shares (scores and chosen areas' answers),
which hold no safety answer and no flag. The PDF is built only when its button is pressed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import frame, state
from app_pages.store_access import attempt
from checkup import couple, couple_view, keeping
from reports.content import load_content
from reports.couple_chart import couple_figure
from reports.couple_pdf import couple_filename, render_couple
from reports.couple_plan import CouplePlan, Talk, names_of
from storage import SavedCheckup, SharedSnapshot

CHART_CONFIG = {"staticPlot": True, "displayModeBar": False, "responsive": True}
PLAN = "couple_plan"  # memo key: the comparison made for this set of shares
WHOSE = {"first": "app.couple.steps.first", "second": "app.couple.steps.second"}


def _say(message_id: str, **params: Any) -> str:
    """A word of the app in this session's language (read per call: this module is imported
    once per process, and sessions may differ in language)."""
    return state.words().text(message_id, **params)


def _when(moment: dt.datetime) -> str:
    return keeping.when_text(moment, state.words())


def _norms(saved: Sequence[SavedCheckup]) -> couple_view.Norms:
    bank = state.bank()
    others = attempt(lambda store: store.all_answers(bank.version)).value
    return couple_view.couple_norms(saved, others, bank)


def _table(plan: CouplePlan) -> None:
    rows = [
        {
            _say("app.couple.column.area"): r.name,
            _say("app.couple.column.you"): keeping.whole_text(r.first),
            _say("app.couple.column.partner"): keeping.whole_text(r.second),
            _say("app.couple.column.gap"): keeping.whole_text(r.gap),
            _say("app.couple.column.view"): r.words,
        }
        for r in plan.rows
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="couple_table")


def _talks(heading: str, talks: Sequence[Talk]) -> None:
    if not talks:
        return
    label = _say("app.couple.starter")
    lines = [f"- **{t.name}**: {t.detail}  \n  {label} *{t.starter}*" for t in talks]
    frame.section(heading, "\n".join(lines))


def _agreement(plan: CouplePlan) -> None:
    say = load_content(plan.locale).text
    if not plan.agreement:
        frame.section(say("report.couple.heading.agreement"), say("report.couple.agreement.none"))
        return
    lines = "\n".join(f"- **{t.name}**: {t.detail}" for t in plan.agreement)
    frame.section(say("report.couple.heading.agreement"), lines)


def _steps(plan: CouplePlan) -> None:
    say = load_content(plan.locale).text
    st.header(say("report.couple.heading.steps"), anchor=False)
    if not plan.steps:
        st.markdown(say("report.couple.steps.none"))
    for step in plan.steps:
        card = step.card
        whose = _say(WHOSE[step.side])
        with st.container(border=True):
            frame.paragraphs(
                [
                    f"**{card.title}**  \n{whose}",
                    card.why,
                    _say("app.results.try_this_week", text=card.try_this_week),
                    _say("app.results.prompt", label=card.prompt_label, text=card.prompt),
                ]
            )


def _over_time(plan: CouplePlan, shares: Sequence[SharedSnapshot]) -> None:
    say = load_content(plan.locale).text
    found = plan.over_time
    st.header(say("report.couple.heading.over_time"), anchor=False)
    if found is None:
        st.markdown(_say("app.couple.over_time_later"))
        return
    note = say("report.couple.over_time.note", first=found.first_when, last=found.last_when)
    blocks = [note, *([found.points_note] if found.points_note else [])]
    blocks.append("\n".join(f"- {line}" for line in found.gaps))
    for title_id, lines in (
        ("app.couple.over_time.you", found.first),
        ("app.couple.over_time.partner", found.second),
    ):
        if lines:
            title = _say(title_id)
            blocks.append(f"**{title}**\n\n" + "\n".join(f"- {line}" for line in lines))
    frame.paragraphs(blocks)
    pairs = couple_view.occasions(shares)
    date = _say("app.couple.column.date")
    table = couple_view.gap_table(pairs, state.bank(), _when, date)
    st.dataframe(table, hide_index=True, key="couple_gaps")


def _pdf(pair: couple.Pair, shares: Sequence[SharedSnapshot], norms: couple_view.Norms) -> bytes:
    """The couple PDF, named with the aliases the two shares carry (built on click)."""
    bank = state.bank()
    content = load_content(bank.locale)
    aliases = {"first": pair.mine.snapshot.alias, "second": pair.theirs.snapshot.alias}
    plan = couple_view.couple_plan(
        pair, shares, bank, content, names_of(content, aliases), norms, _when
    )
    return render_couple(plan)


def _planned(
    pair: couple.Pair, shares: Sequence[SharedSnapshot], owner_saved: Sequence[SavedCheckup]
) -> tuple[CouplePlan, couple_view.Norms]:
    """The plan and the norms, made once per set of shares and saved check-ups (kept in the
    session's memo: the norms read every unprotected check-up of the database)."""
    bank = state.bank()
    key = (bank.locale, tuple(s.id for s in shares), tuple(e.id for e in owner_saved))
    memo = state.current().memo
    kept = memo.get(PLAN)
    if kept is not None and kept[0] == key:
        return kept[1], kept[2]
    content = load_content(bank.locale)
    names = (_say("app.couple.column.you"), _say("app.couple.column.partner"))
    norms = _norms(owner_saved) if len(couple_view.occasions(shares)) > 1 else {}
    plan = couple_view.couple_plan(pair, shares, bank, content, names, norms, _when)
    memo[PLAN] = (key, plan, norms)
    return plan, norms


def show(
    pair: couple.Pair, shares: Sequence[SharedSnapshot], owner_saved: Sequence[SavedCheckup]
) -> None:
    """The comparison of the latest pair of shares, with the change over every paired share."""
    plan, norms = _planned(pair, shares, owner_saved)
    say = load_content(plan.locale).text
    frame.section(say("report.couple.heading.chart"), say("report.couple.chart.note"))
    st.plotly_chart(couple_figure(plan), config=CHART_CONFIG, key="couple_chart")
    st.caption(_say("app.couple.chart_table"))
    _table(plan)
    _talks(say("report.couple.heading.most_agreement"), plan.most_agreement)
    _talks(say("report.couple.heading.widest_gaps"), plan.widest_gaps)
    _agreement(plan)
    _steps(plan)
    _over_time(plan, shares)
    st.download_button(
        _say("app.couple.download_pdf"),
        data=lambda: _pdf(pair, shares, norms),
        file_name=couple_filename(dt.date.today()),
        mime="application/pdf",
        on_click="ignore",
        icon=":material/download:",
        key="couple_pdf",
    )
