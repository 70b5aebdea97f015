"""My check-ups: open saved check-ups by name (and passphrase), see the trend and the change,
export, import and delete them. Logic lives in ``keeping`` and ``scoring.norms``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from app_pages import keeping, state
from app_pages.flow import clean_alias, escape_markdown
from app_pages.store_access import attempt
from reports.trend_chart import build_trend_figure
from scoring.norms import MIN_RESPONDENTS, DimensionChange, describe_changes, dimension_norms
from scoring.norms import points_text as points_words
from storage import Principal, SavedCheckup, Store

OWNER = keeping.OWNER
ROUND = "checkups_round"  # bumped after each change, so confirmations and uploads reset
NOTICE = "checkups_notice"
EXPORTS = "checkups_exports"
CHART_CONFIG = {"displayModeBar": False, "responsive": True}
NONE_FOUND = (
    "No saved check-ups were found for this name and passphrase. Names are not case "
    "sensitive; a passphrase must be typed exactly as when saving."
)

Owner = tuple[str, str | None]


def _round() -> int:
    return int(state.get(ROUND, 0))


def _changed(message: str) -> None:
    state.put(NOTICE, message)
    state.put(ROUND, _round() + 1)
    state.put(EXPORTS, None)


def _open_form() -> None:
    with st.form("open_checkups", border=False):
        alias = st.text_input(
            "Name or alias", value=state.get(state.ALIAS) or "", max_chars=80, key="open_alias"
        )
        passphrase = st.text_input(
            "Passphrase (only if you used one)", type="password", key="open_pass"
        )
        pressed = st.form_submit_button("Open my check-ups", type="primary")
    if pressed:
        name = clean_alias(alias, most=80)
        if name is None:
            st.warning("Please enter the name or alias you saved your check-ups under.")
            return
        state.put(OWNER, (name, passphrase or None))
        state.put(EXPORTS, None)
        st.rerun()


def _list(saved: Sequence[SavedCheckup]) -> None:
    st.subheader("Saved check-ups")
    st.dataframe(keeping.overview(saved, state.bank()), hide_index=True, key="overview")
    history = keeping.history(saved)
    series = keeping.trend_series(state.bank(), history)
    if series:
        st.subheader("Over time")
        st.caption("Each panel is one score from 0 to 100, one point per check-up.")
        st.plotly_chart(build_trend_figure(history, series), config=CHART_CONFIG, key="trend")
    if len(saved) == 1:
        st.caption("Save another check-up later to see a change over time.")


def _others(store: Store) -> pd.DataFrame:
    """Everyone's unprotected answers to this bank version (people as opaque ids)."""
    return store.all_answers(state.bank().version)


def _change_line(change: DimensionChange, mixed: bool) -> str:
    """One line; "points only" is said when other lines do have words."""
    before, after = (keeping.whole_text(v) for v in (change.before, change.after))
    move = f"{before} → {after}, {points_words(change.points)}"
    if change.words:
        return f"- **{change.name}**: {change.words} ({move})"
    return f"- **{change.name}**: {move}" + ("; change in points only" if mixed else "")


def _labeller(labels: Sequence[str]) -> Callable[[int], str]:
    return lambda index: labels[index] if 0 <= index < len(labels) else ""


def _pick(saved: Sequence[SavedCheckup]) -> tuple[int, int]:
    labels = [keeping.when_text(entry.record.created_at) for entry in saved]
    first, second = st.columns(2)
    earlier = first.selectbox(
        "Earlier check-up",
        range(len(saved)),
        index=len(saved) - 2,
        format_func=_labeller(labels),
        key=f"change_from_{_round()}",
    )
    later = second.selectbox(
        "Later check-up",
        range(len(saved)),
        index=len(saved) - 1,
        format_func=_labeller(labels),
        key=f"change_to_{_round()}",
    )
    return int(earlier or 0), int(later if later is not None else len(saved) - 1)


def _changes(saved: Sequence[SavedCheckup]) -> None:
    st.subheader("What changed")
    earlier, later = _pick(saved)
    if earlier == later:
        st.info("Please choose two different check-ups.")
        return
    outcome = attempt(_others)
    own = keeping.answers_frame(saved, state.bank())
    norms = dimension_norms(keeping.norms_frame(own, outcome.value), state.bank())
    before, after = saved[earlier].record.scores, saved[later].record.scores
    changes = describe_changes(before, after, state.bank(), norms)
    with_words = sum(c.words is not None for c in changes)
    if with_words < len(changes):
        st.info(
            "Whether a change is reliable (more than the usual ups and downs of answers) is "
            "worked out from saved check-ups. For some areas there are not enough yet: at "
            f"least {MIN_RESPONDENTS} complete sets of answers are needed. For those areas "
            "only the change in points is shown."
        )
    st.markdown("\n".join(_change_line(c, with_words > 0) for c in changes))


def _exports(owner: Owner, saved: Sequence[SavedCheckup]) -> tuple[str, str] | None:
    key = (owner, tuple(entry.id for entry in saved))
    cached = state.get(EXPORTS)
    if cached is not None and cached[0] == key:
        files: tuple[str, str] = cached[1]
        return files
    outcome = attempt(lambda s: (s.export_json(Principal(*owner)), s.export_csv(Principal(*owner))))
    if not outcome.ok or outcome.value is None:
        st.error(outcome.message)
        return None
    state.put(EXPORTS, (key, outcome.value))
    return outcome.value


def _export(owner: Owner, saved: Sequence[SavedCheckup]) -> None:
    st.subheader("Export all my data")
    st.caption(
        "Files with neutral names. The CSV opens in a spreadsheet; the JSON can be "
        "imported here again."
    )
    files = _exports(owner, saved)
    if files is None:
        return
    today = dt.date.today()
    formats = (("json", "JSON", "application/json"), ("csv", "CSV", "text/csv"))
    for column, text, (ext, label, mime) in zip(st.columns(2), files, formats, strict=True):
        column.download_button(
            f"Download {label}",
            text.encode(),
            keeping.file_name(today, ext),
            mime=mime,
            on_click="ignore",
            key=f"export_{ext}",
            icon=":material/download:",
        )


def _import(owner: Owner) -> None:
    st.subheader("Import check-ups")
    st.caption(
        "From a JSON file exported by Trust Check-up. Check-ups already here are "
        "skipped; a file that cannot be used changes nothing."
    )
    upload = st.file_uploader("Export file (JSON)", type=["json"], key=f"import_{_round()}")
    if not st.button("Import", key="import_go", disabled=upload is None) or upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        st.error("That file is not an export from Trust Check-up.")
        return
    outcome = attempt(lambda s: s.import_json(text, Principal(*owner)))
    if not outcome.ok:
        st.error(outcome.message)
        return
    count = int(outcome.value or 0)
    _changed(
        f"Imported {count} check-up{'s' if count != 1 else ''}."
        if count
        else "Nothing new to import: those check-ups are already here."
    )
    st.rerun()


def _delete_one(owner: Owner, saved: Sequence[SavedCheckup]) -> None:
    labels = [keeping.when_text(entry.record.created_at) for entry in saved]
    chosen = st.selectbox(
        "Check-up to delete",
        range(len(saved)),
        index=len(saved) - 1,
        format_func=_labeller(labels),
        key=f"delete_pick_{_round()}",
    )
    sure = st.checkbox("Yes, delete this check-up", key=f"delete_one_sure_{_round()}")
    if st.button("Delete this check-up", key="delete_one", disabled=not sure):
        target = saved[int(chosen or 0)].id
        outcome = attempt(lambda s: s.delete_checkup(target, Principal(*owner)))
        if not outcome.ok:
            st.error(outcome.message)
            return
        _changed("The check-up is deleted.")
        st.rerun()


def _delete_all(owner: Owner) -> None:
    sure = st.checkbox("Yes, delete all my saved check-ups", key=f"delete_all_sure_{_round()}")
    if st.button("Delete everything", key="delete_all", disabled=not sure):
        outcome = attempt(lambda s: s.delete_all(Principal(*owner)))
        if not outcome.ok:
            st.error(outcome.message)
            return
        _changed("All your saved check-ups are deleted.")
        st.rerun()


def _delete(owner: Owner, saved: Sequence[SavedCheckup]) -> None:
    st.subheader("Delete")
    st.caption("Deleting cannot be undone. Export first if you may want them later.")
    _delete_one(owner, saved)
    st.divider()
    _delete_all(owner)


def _show(owner: Owner) -> None:
    st.markdown(
        f"Check-ups of **{escape_markdown(owner[0])}**" + (" (with passphrase)" if owner[1] else "")
    )
    notice = state.get(NOTICE)
    if notice:
        st.success(notice)
        state.put(NOTICE, None)
    outcome = attempt(lambda s: s.list_checkups(Principal(*owner)))
    if not outcome.ok or outcome.value is None:
        st.error(outcome.message)
        return
    saved = outcome.value
    if not saved:
        st.info(NONE_FOUND)
    else:
        _list(saved)
        if len(saved) > 1:
            _changes(saved)
        _export(owner, saved)
    _import(owner)
    if saved:
        _delete(owner, saved)
    if st.button("Close my check-ups", key="checkups_close"):
        state.put(OWNER, None)
        state.put(EXPORTS, None)
        st.rerun()


st.title("My check-ups")
current = state.get(OWNER)
if current is None:
    st.markdown(
        "Check-ups you chose to keep on this computer. Enter the name or alias you saved "
        "them under, and the passphrase if you used one."
    )
    _open_form()
else:
    _show(current)
if st.button("Back to the start", key="checkups_home"):
    st.switch_page("app_pages/welcome.py")
