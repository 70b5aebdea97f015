"""My check-ups: open saved check-ups by name (and passphrase), see the trend and the change,
export, import and delete them. Logic lives in ``checkup.keeping`` and ``scoring.norms``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from app_pages import frame, state
from app_pages.store_access import attempt, rerun_when_done
from checkup import couple, keeping
from checkup.session import Notice, clean_alias, next_round, with_notice, with_owner
from reports.trend_chart import build_trend_figure, tick_labels
from scoring.norms import (
    MIN_RESPONDENTS,
    DimensionChange,
    describe_changes,
    dimension_norm_status,
)
from storage import Principal, SavedCheckup, Store

CHART_CONFIG = {"displayModeBar": False, "responsive": True}
EXPORTS = "exports"  # memo key: the export files of the open check-ups
TREND_AREAS = 4  # areas charted at first, beside the two overall scores
words = state.words()


def _round() -> int:
    return state.current().round


def _changed(message_id: str, **params: object) -> None:
    state.apply(with_notice, "checkups", Notice(message_id, "success", params))
    state.apply(next_round)


def _open_form() -> None:
    with st.form("open_checkups", border=False):
        alias = st.text_input(
            words.text("app.checkups.alias"),
            value=state.current().respondent.alias or "",
            max_chars=80,
            key="open_alias",
        )
        passphrase = st.text_input(
            words.text("app.checkups.passphrase"), type="password", key="open_pass"
        )
        pressed = st.form_submit_button(words.text("app.checkups.open"), type="primary")
    if pressed:
        name = clean_alias(alias, most=80)
        if name is None:
            st.warning(words.text("app.checkups.alias_needed"))
            return
        state.apply(with_owner, Principal(name, passphrase or None))
        st.rerun()


def _trend(owner: Principal, saved: Sequence[SavedCheckup]) -> None:
    """Each score over time, from the store's fast history read (scores only): the two overall
    scores and the areas that moved most, others on request; quick check-ins and bank changes
    marked; the numbers as a table too."""
    outcome = attempt(lambda s: s.history(owner))
    if not outcome.ok or outcome.value is None or not len(outcome.value):
        return
    trend = keeping.trend_frame(outcome.value, saved)
    series = keeping.trend_series(state.bank(), trend, words)
    if not series:
        return
    frame.section(
        words.text("app.checkups.over_time"), words.text("app.checkups.over_time_note")
    )
    overall = [entry for entry in series if entry.id in keeping.composite_labels(words)]
    areas = [entry for entry in series if entry not in overall]
    names = {entry.id: entry.name for entry in areas}
    shown = st.multiselect(
        words.text("app.checkups.areas"),
        list(names),
        default=keeping.most_changed(trend, areas, TREND_AREAS),
        format_func=names.__getitem__,
        key=f"trend_areas_{_round()}",
    )
    chosen = overall + [entry for entry in areas if entry.id in shown]
    figure = build_trend_figure(
        trend, chosen, locale=words.locale, marks=keeping.trend_marks(words)
    )
    st.plotly_chart(figure, config=CHART_CONFIG, key="trend")
    note = keeping.marks_note(trend, words)
    if note:
        st.caption(note)
    dates = tick_labels(trend, words.babel_locale)
    with st.expander(words.text("app.checkups.numbers")):
        table = keeping.trend_table(trend, series, dates, words)
        st.dataframe(table, hide_index=True, key="trend_numbers")


def _list(owner: Principal, saved: Sequence[SavedCheckup]) -> None:
    st.header(words.text("app.checkups.saved"), anchor=False)
    table = keeping.overview(saved, state.bank(), words)
    st.dataframe(table, hide_index=True, key="overview")
    _trend(owner, saved)
    if len(saved) == 1:
        st.caption(words.text("app.checkups.one_only"))


def _others(store: Store) -> pd.DataFrame:
    """Everyone's unprotected answers to this bank version (people as opaque ids)."""
    return store.all_answers(state.bank().version)


def _change_line(change: DimensionChange, mixed: bool) -> str:
    """One line; "points only" is said when other lines do have words."""
    before, after = (keeping.whole_text(v) for v in (change.before, change.after))
    move = words.text(
        "app.checkups.move", before=before, after=after, points=_points(change.points)
    )
    if change.words:
        return words.text(
            "app.checkups.change_words", name=change.name, words=change.words, move=move
        )
    line = words.text("app.checkups.change_points", name=change.name, move=move)
    return line + (words.text("app.checkups.points_only") if mixed else "")


def _points(points: float | None) -> str:
    if points is None:
        return words.text("app.checkups.points.missing")
    whole = round(points)
    if whole == 0:
        return words.text("app.checkups.points.same")
    key = "app.checkups.points.higher" if whole > 0 else "app.checkups.points.lower"
    return words.plural(key, abs(whole), count=abs(whole))


def _labeller(labels: Sequence[str]) -> Callable[[int], str]:
    return lambda index: labels[index] if 0 <= index < len(labels) else ""


def _choose(select: Callable[..., object], saved: Sequence[SavedCheckup], label_id: str,
            index: int, key: str) -> int:
    """A saved check-up chosen by its date (its place in ``saved``) with ``select`` (a
    selectbox, of a column or the page), ``index`` at first; the key is new each round, so a
    changed list starts from ``index`` again."""
    labels = [keeping.when_text(entry.record.created_at, words) for entry in saved]
    chosen = select(
        words.text(label_id),
        range(len(saved)),
        index=index,
        format_func=_labeller(labels),
        key=f"{key}_{_round()}",
    )
    return chosen if isinstance(chosen, int) else index


def _pick(saved: Sequence[SavedCheckup]) -> tuple[int, int]:
    first, second = st.columns(2)
    earlier = _choose(first.selectbox, saved, "app.checkups.earlier", len(saved) - 2, "change_from")
    later = _choose(second.selectbox, saved, "app.checkups.later", len(saved) - 1, "change_to")
    return earlier, later


def _changes(saved: Sequence[SavedCheckup]) -> None:
    st.header(words.text("app.checkups.what_changed"), anchor=False)
    earlier, later = _pick(saved)
    if earlier == later:
        st.info(words.text("app.checkups.choose_two"))
        return
    outcome = attempt(_others)
    own = keeping.answers_frame(saved, state.bank())
    status = dimension_norm_status(keeping.norms_frame(own, outcome.value), state.bank())
    norms = {key: found.norm for key, found in status.items()}
    before, after = saved[earlier].record.scores, saved[later].record.scores
    changes = describe_changes(before, after, state.bank(), norms)
    with_words = sum(c.words is not None for c in changes)
    _norm_notes({status[c.id].status for c in changes if c.words is None and c.id in status})
    overall = keeping.composite_changes(before, after, words)
    lines = [_overall_line(label, first, second) for label, first, second in overall]
    lines += [_change_line(c, with_words > 0) for c in changes]
    st.markdown("\n".join(f"- {line}" for line in lines))


def _norm_notes(reasons: set[str]) -> None:
    """Why some changes are in points only: too few answer sets saved, or answers that do not
    give a usable reliability yet (each said only when it is the case)."""
    if "too_few" in reasons:
        st.info(words.text("app.checkups.reliable_note", least=MIN_RESPONDENTS))
    if "unusable" in reasons:
        st.info(words.text("app.checkups.unusable_note"))


def _overall_line(label: str, before: float | None, after: float | None) -> str:
    points = None if before is None or after is None else after - before
    move = words.text(
        "app.checkups.move",
        before=keeping.whole_text(before),
        after=keeping.whole_text(after),
        points=_points(points),
    )
    return words.text("app.checkups.change_points", name=label, move=move)


def _exports(owner: Principal, saved: Sequence[SavedCheckup]) -> tuple[str, str] | None:
    key = (owner, tuple(entry.id for entry in saved))
    memo = state.current().memo
    cached = memo.get(EXPORTS)
    if cached is not None and cached[0] == key:
        files: tuple[str, str] = cached[1]
        return files
    outcome = attempt(lambda s: (s.export_json(owner), s.export_csv(owner)))
    if not outcome.ok or outcome.value is None:
        st.error(outcome.message)
        return None
    memo[EXPORTS] = (key, outcome.value)
    return outcome.value


def _export(owner: Principal, saved: Sequence[SavedCheckup]) -> None:
    frame.section(words.text("app.checkups.export"), words.text("app.checkups.export_note"))
    files = _exports(owner, saved)
    if files is None:
        return
    today = dt.date.today()
    formats = (
        ("json", "application/json", "app.checkups.download_json"),
        ("csv", "text/csv", "app.checkups.download_csv"),
    )
    for column, text, (ext, mime, label) in zip(st.columns(2), files, formats, strict=True):
        column.download_button(
            words.text(label),
            text.encode(),
            keeping.file_name(today, ext),
            mime=mime,
            on_click="ignore",
            key=f"export_{ext}",
            icon=":material/download:",
        )


def _import(owner: Principal) -> None:
    frame.section(words.text("app.checkups.import"), words.text("app.checkups.import_note"))
    upload = st.file_uploader(
        words.text("app.checkups.import_file"), type=["json"], key=f"import_{_round()}"
    )
    pressed = st.button(
        words.text("app.checkups.import_go"), key="import_go", disabled=upload is None
    )
    if not pressed or upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        st.error(words.text("app.checkups.not_an_export"))
        return
    outcome = attempt(lambda s: s.import_json(text, owner))
    rerun_when_done(outcome, lambda: _imported(owner, int(outcome.value or 0)))


def _imported(owner: Principal, count: int) -> None:
    if count:  # an imported newer check-up may be flagged: the couple gate applies at once
        attempt(lambda s: couple.withdraw_when_latest_flagged(s, owner))
        _changed("app.checkups.imported", count=count)
    else:
        _changed("app.checkups.nothing_new")


def _sure_then(ids: tuple[str, str, str], key: str, change: Callable[[Store], object]) -> None:
    """A deletion: a box to tick and a button (``ids``: their words and the notice when done).
    Once pressed, ``change`` on the store; its failure shown, else the notice and a new round."""
    sure_id, button_id, done_id = ids
    sure = st.checkbox(words.text(sure_id), key=f"{key}_sure_{_round()}")
    if not st.button(words.text(button_id), key=key, disabled=not sure):
        return
    rerun_when_done(attempt(change), lambda: _changed(done_id))


def _delete_one(owner: Principal, saved: Sequence[SavedCheckup]) -> None:
    chosen = _choose(st.selectbox, saved, "app.checkups.delete_pick", len(saved) - 1, "delete_pick")
    ids = ("app.checkups.delete_one_sure", "app.checkups.delete_one", "app.checkups.deleted_one")
    _sure_then(ids, "delete_one", lambda s: s.delete_checkup(saved[chosen].id, owner))


def _delete_all(owner: Principal) -> None:
    ids = ("app.checkups.delete_all_sure", "app.checkups.delete_all", "app.checkups.deleted_all")
    _sure_then(ids, "delete_all", lambda s: s.delete_all(owner))


def _delete(owner: Principal, saved: Sequence[SavedCheckup]) -> None:
    frame.section(words.text("app.checkups.delete"), words.text("app.checkups.delete_note"))
    _delete_one(owner, saved)
    st.divider()
    _delete_all(owner)


def _show(owner: Principal) -> None:
    protected = words.text("app.checkups.protected") if owner.protected else ""
    name = frame.escape_markdown(owner.alias)
    st.markdown(words.text("app.checkups.of", alias=name, protected=protected))
    frame.show_notice("checkups")
    outcome = attempt(lambda s: s.list_checkups(owner))
    if not outcome.ok or outcome.value is None:
        st.error(outcome.message)
        return
    saved = outcome.value
    unreadable = saved.unreadable_message()
    if unreadable is not None:
        st.warning(unreadable.render(words))
    if not saved:
        st.info(words.text("app.checkups.none_found"))
    else:
        _list(owner, saved)
        if len(saved) > 1:
            _changes(saved)
        _export(owner, saved)
    _import(owner)
    if saved:
        _delete(owner, saved)
    if owner.protected and st.button(words.text("app.checkups.to_couple"), key="to_couple"):
        st.switch_page("app_pages/couple.py")
    if st.button(words.text("app.checkups.close"), key="checkups_close"):
        state.apply(with_owner, None)
        st.rerun()


frame.follow_goto({"about": "app_pages/about.py"})
st.title(words.text("app.checkups.title"), anchor=False)
current = state.current().owner
if current is None:
    st.markdown(words.text("app.checkups.intro"))
    _open_form()
else:
    _show(current)
with st.container(horizontal=True):
    if st.button(words.text("app.checkups.home"), key="checkups_home"):
        st.switch_page("app_pages/welcome.py")
    st.button(words.text("app.new_checkup"), key="new_checkup", on_click=state.start_over)
