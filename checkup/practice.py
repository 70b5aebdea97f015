"""Practice mode, pure: the session moves, the idle timeout, intake links, the roster.

No streamlit and no I/O: the therapist and client pages (``app_pages/practice_*.py``) render
what these functions return and hand their button presses to the moves. Storage's records
(``ClientSummary``, ``ClientCheckup``) come in as they are; the roster reads only the fields
named in the protocols below. Reliable change is Jacobson & Truax (1991), computed by
``scoring.norms`` with norms from the practice's own clients (one check-up per client), and
said to be unknown when there are too few of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import quote, urlsplit, urlunsplit

from checkup.practice_state import (
    Agreement,
    IntakeInfo,
    PracticeState,
    ShownInvitation,
    Staff,
    clean_code,
)
from checkup.session import FORMS, Memo, Mode, Session, new_session
from locales import Catalogue

if TYPE_CHECKING:  # pandas and the norms load with the roster, not with the first page
    from questions import Bank
    from scoring.norms import DimensionChange, NormStatus
    from storage import CheckupRecord

__all__ = [
    "CRITICAL_FLAGS",
    "DEFAULT_IDLE_MINUTES",
    "Agreement",
    "ChangeSummary",
    "RosterRow",
    "ShownInvitation",
    "idle_minutes",
    "idle_over",
    "intake_link",
    "roster",
]

CRITICAL_FLAGS = ("urgent", "high_danger", "self_harm", "danger")
"""The flags a therapist must see first, most serious first (scoring/rules.yaml)."""
_FLAG_WORDS = {
    "urgent": "app.practice.flag.urgent",
    "high_danger": "app.practice.flag.high_danger",
    "self_harm": "app.practice.flag.self_harm",
    "danger": "app.practice.flag.danger",
}
DEFAULT_IDLE_MINUTES = 15
MOST_IDLE_MINUTES = 12 * 60
IDLE_ENV = "TRUSTCHECK_IDLE_MINUTES"
ChangeState = Literal["first", "too_few", "measured"]


# -- moves -----------------------------------------------------------------------------------


def start_session(locale: str, mode: Mode, intake: str | None = None) -> Session:
    """A fresh session of ``mode``; a client's carries the intake code of the address ("" for
    one that cannot be a code: the intake page then gives the neutral message at once)."""
    session = new_session(locale, mode)
    if mode != "client":
        return session
    return replace(session, practice=PracticeState(code=clean_code(intake) or ""))


def _practice(session: Session, **changes: Any) -> Session:
    return replace(session, practice=replace(session.practice, **changes))


def signed_in(session: Session, staff: Staff, now: dt.datetime) -> Session:
    """Someone signed in: a clean therapist session holding ``staff`` (and its key)."""
    fresh = new_session(session.locale, "therapist")
    state = PracticeState(staff=staff, active_at=now)
    return replace(fresh, practice=state, frame_ready=session.frame_ready)


def signed_out(session: Session, reason: str | None = None) -> Session:
    """Signed out (``reason``: the catalogue id saying why, e.g. the idle timeout): the Staff
    and its key, the open client and everything derived (the memo) are dropped."""
    fresh = new_session(session.locale, "therapist")
    return replace(fresh, practice=PracticeState(farewell=reason), frame_ready=session.frame_ready)


def without_farewell(session: Session) -> Session:
    """The reason for the last sign-out has been shown."""
    return _practice(session, farewell=None)


def touched(session: Session, now: dt.datetime) -> Session:
    """The signed-in person acted at ``now`` (the idle timeout counts from here)."""
    return _practice(session, active_at=now)


def with_client(session: Session, client_id: str | None) -> Session:
    """The client open on the client page (None: back to the roster). An invitation shown
    for another client is forgotten, and so is everything derived for the last one."""
    shown = session.practice.invitation
    keep = shown if shown is not None and shown.client_id == client_id else None
    return _practice(replace(session, memo=Memo()), client_id=client_id, invitation=keep)


def with_invitation(session: Session, shown: ShownInvitation | None) -> Session:
    """An invitation to show once (None: it was shown and is forgotten)."""
    return _practice(session, invitation=shown)


def dropped_memo(session: Session) -> Session:
    """After a change to a client's data: what was derived from it is made again."""
    return replace(session, memo=Memo())


def as_client(session: Session, code: str | None) -> Session:
    """Someone on the sign-in page typed an intake code: a client session for that code."""
    return replace(start_session(session.locale, "client", code), frame_ready=session.frame_ready)


def with_intake(session: Session, code: str | None, intake: IntakeInfo | None) -> Session:
    """The intake code and what the practice says of it (None: not, or no longer, valid);
    the check-up's form is the one the therapist chose."""
    changed = _practice(session, code=code, intake=intake, agreement=None)
    form = next((f for f in FORMS if intake is not None and f == intake.form), None)
    return changed if form is None or form == session.form else replace(changed, form=form)


def with_agreement(session: Session, agreement: Agreement | None) -> Session:
    """The client agreed (None: not yet)."""
    return _practice(session, agreement=agreement)


def with_submitted(session: Session) -> Session:
    """The client's check-up reached the practice (the code is used up)."""
    return _practice(session, submitted=True)


# -- idle timeout, links ---------------------------------------------------------------------


def idle_minutes(raw: str | None) -> int:
    """Minutes of no action after which a therapist is signed out, from TRUSTCHECK_IDLE_MINUTES
    (unset or blank: 15). Anything but a whole number from 1 to 720 is refused with a
    ValueError naming the setting: a mistyped timeout must not silently become a long one."""
    if raw is None or not raw.strip():
        return DEFAULT_IDLE_MINUTES
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MOST_IDLE_MINUTES:
        raise ValueError(f"{IDLE_ENV}={raw!r}: a whole number of minutes, 1 to {MOST_IDLE_MINUTES}")
    return int(text)


def idle_over(active_at: dt.datetime | None, now: dt.datetime, minutes: int) -> bool:
    """Whether a session last active at ``active_at`` has been idle ``minutes`` or more at
    ``now`` (never active: over; a clock that went back counts as active)."""
    if active_at is None:
        return True
    return now - active_at >= dt.timedelta(minutes=minutes)


def app_base(page_url: str, page_slugs: Sequence[str]) -> str:
    """The app's address from the address of one of its pages (query, fragment and a page
    name at the end dropped), e.g. ``https://x.example/checkup/roster`` -> ``.../checkup``."""
    parts = urlsplit(page_url.strip())
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in page_slugs:
        path = head
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")).rstrip("/")


def intake_link(base: str, code: str) -> str:
    """The link a client opens: ``<base>/?intake=CODE`` (the code URL-quoted)."""
    return f"{base.rstrip('/')}/?intake={quote(code, safe='')}"


# -- the roster ------------------------------------------------------------------------------


class CheckupLike(Protocol):
    """What the roster reads of a client's check-up (storage's ``ClientCheckup``)."""

    @property
    def checkup_id(self) -> str: ...
    @property
    def submitted_at(self) -> dt.datetime: ...
    @property
    def record(self) -> CheckupRecord: ...


class PendingLike(Protocol):
    """What the roster reads of a pending invitation (storage's ``IntakeInfo``)."""

    @property
    def expires_at(self) -> dt.datetime: ...


class ClientLike(Protocol):
    """What the roster reads of a client (storage's ``ClientSummary``)."""

    @property
    def client_id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def last_seen(self) -> dt.datetime | None: ...
    @property
    def checkups(self) -> Sequence[CheckupLike]: ...
    @property
    def pending(self) -> Sequence[PendingLike]: ...


@dataclass(frozen=True)
class ChangeSummary:
    """Reliable change from a client's previous check-up to the latest, over the areas
    scored in both: ``first`` (one check-up or none), ``too_few`` (no area has a norm yet:
    too few clients in the practice) or ``measured`` (counts of areas reliably better,
    reliably worse and without reliable change)."""

    state: ChangeState
    better: int = 0
    worse: int = 0
    same: int = 0


@dataclass(frozen=True)
class RosterRow:
    """One client on the roster: the latest check-up's overall scores and critical flags
    (most serious first), change since the one before, pending invitations, last seen."""

    client_id: str
    label: str
    last_seen: dt.datetime | None
    latest_at: dt.datetime | None
    composites: Mapping[str, float | None]
    flags: tuple[str, ...]
    change: ChangeSummary
    pending: int
    pending_until: dt.datetime | None

    @property
    def concern(self) -> int:
        """0 for the most serious flag (urgent) .. len(CRITICAL_FLAGS) for none."""
        return CRITICAL_FLAGS.index(self.flags[0]) if self.flags else len(CRITICAL_FLAGS)


def critical_flags(flags: Sequence[str]) -> tuple[str, ...]:
    """The critical flags among ``flags``, most serious first."""
    return tuple(flag for flag in CRITICAL_FLAGS if flag in flags)


def practice_norms(clients: Sequence[ClientLike], bank: Bank) -> dict[str, NormStatus]:
    """Each dimension's norm from the practice's clients (each client counts once, by their
    earliest check-up) or why there is none (``scoring.norms.dimension_norm_status``)."""
    import pandas as pd

    from checkup.keeping import answers_frame
    from scoring.norms import dimension_norm_status
    from storage import SavedCheckup

    frames = [
        answers_frame(
            [SavedCheckup(c.checkup_id, c.record, c.submitted_at) for c in client.checkups], bank
        ).assign(person=client.client_id)
        for client in clients
        if client.checkups
    ]
    frame = pd.concat(frames) if frames else pd.DataFrame()
    return dimension_norm_status(frame, bank)


def changes(
    before: CheckupRecord, after: CheckupRecord, bank: Bank, norms: Mapping[str, NormStatus]
) -> list[DimensionChange]:
    """Each area's change between two check-ups, with words where its norm allows."""
    from scoring.norms import describe_changes

    usable = {key: status.norm for key, status in norms.items()}
    return describe_changes(before.scores, after.scores, bank, usable)


def change_summary(
    checkups: Sequence[CheckupLike], bank: Bank, norms: Mapping[str, NormStatus]
) -> ChangeSummary:
    """Reliable change from the check-up before the latest to the latest."""
    if len(checkups) < 2:
        return ChangeSummary("first")
    moved = changes(checkups[-2].record, checkups[-1].record, bank, norms)
    told = [change.direction for change in moved if change.direction is not None]
    if not told:
        return ChangeSummary("too_few")
    return ChangeSummary(
        "measured", told.count("better"), told.count("worse"), told.count("same")
    )


def _row(client: ClientLike, bank: Bank, norms: Mapping[str, NormStatus]) -> RosterRow:
    ordered = sorted(client.checkups, key=lambda c: c.submitted_at)
    latest = ordered[-1] if ordered else None
    expiries = [invite.expires_at for invite in client.pending]
    return RosterRow(
        client_id=client.client_id,
        label=client.label,
        last_seen=client.last_seen,
        latest_at=latest.submitted_at if latest else None,
        composites=dict(latest.record.scores) if latest else {},
        flags=critical_flags(latest.record.flags) if latest else (),
        change=change_summary(ordered, bank, norms),
        pending=len(expiries),
        pending_until=max(expiries) if expiries else None,
    )


def roster(
    clients: Sequence[ClientLike], bank: Bank, norms: Mapping[str, NormStatus] | None = None
) -> list[RosterRow]:
    """The roster: critical flags first (urgent, high danger, self-harm, danger), then the
    most recently seen; clients never seen last, by label."""
    found = practice_norms(clients, bank) if norms is None else norms
    rows = [_row(client, bank, found) for client in clients]
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    rows.sort(key=lambda row: row.label.casefold())
    rows.sort(key=lambda row: row.last_seen or never, reverse=True)
    rows.sort(key=lambda row: row.concern)
    return rows


def flag_words(flags: Sequence[str], cat: Catalogue) -> str:
    """Critical flags in words, most serious first ("" for none)."""
    return ", ".join(cat.text(_FLAG_WORDS[flag]) for flag in critical_flags(flags))


def change_words(change: ChangeSummary, cat: Catalogue) -> str:
    """A roster row's change in words."""
    if change.state == "first":
        return cat.text("app.practice.change.first")
    if change.state == "too_few":
        return cat.text("app.practice.change.too_few")
    if not change.better and not change.worse:
        return cat.text("app.practice.change.none")
    total = change.better + change.worse + change.same
    return cat.plural(
        "app.practice.change.moved", total, count=total, better=change.better, worse=change.worse
    )
