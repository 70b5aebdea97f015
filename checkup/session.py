"""What a check-up session is: one frozen, typed value, changed only by the functions here.

The app keeps one :class:`Session` per browser session (under one session-state key) and
replaces it with the result of a move (``with_answer(session, "cling_1", 4)``); pages read
it and never write loose keys. Nothing here imports streamlit, so every move is tested as
plain Python. ``memo`` holds values derived from the session (scores, the plan, the chart,
export files) so reruns need not recompute them; it never takes part in equality and is
dropped with the session on a quick exit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from checkup.practice_state import PracticeState
from locales import DEFAULT_LOCALE
from questions import RELATIONSHIPS, ROLES, Role

if TYPE_CHECKING:  # storage (SQLAlchemy) loads on first use, not with the first page
    from storage import Principal

Mode = Literal["self", "couple", "client", "therapist"]
Form = Literal["full", "pulse"]
MODES: tuple[Mode, ...] = ("self", "couple", "client", "therapist")
FORMS: tuple[Form, ...] = ("full", "pulse")
NoticeKind = Literal["info", "success", "warning", "error"]
# where on the pages a notice is shown
Place = Literal["resume", "checkups", "save", "couple", "practice"]
DOES_NOT_APPLY = -1  # the "Does not apply" choice of an item that presumes an event


def _frozen(mapping: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(mapping))


class Memo(dict[str, Any]):
    """Derived values of one session (never compared, never shared between sessions)."""


@dataclass(frozen=True)
class Respondent:
    """The person answering: their role, the relationship, an optional alias, the answers."""

    role: Role | None = None
    relationship: str | None = None
    alias: str | None = None
    answers: Mapping[str, int] = field(default_factory=lambda: _frozen({}))
    country: str | None = None  # for help lines of that country (optional)
    not_applicable: frozenset[str] = frozenset()  # answered "Does not apply" (unanswered)

    @property
    def chosen(self) -> bool:
        """Whether role and relationship are both chosen (the questions can start)."""
        return self.role is not None and self.relationship is not None


@dataclass(frozen=True)
class Notice:
    """A message to show once: a catalogue id with its parameters, or a ready text."""

    message_id: str
    kind: NoticeKind = "info"
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    text: str | None = None  # already in words (e.g. a storage message rendered in the locale)


@dataclass(frozen=True)
class ResumePlace:
    """An active resume code: the code, the page last written to the draft, its expiry."""

    code: str
    synced_page: int | None
    expires: dt.datetime | None  # None when reopened (the store keeps the date)


@dataclass(frozen=True)
class SavedMark:
    """What this session saved: a fingerprint of the answers saved and the check-up id."""

    fingerprint: tuple[object, ...]
    checkup_id: str


@dataclass(frozen=True)
class Session:
    """One browser session of the check-up."""

    mode: Mode = "self"
    form: Form = "full"
    locale: str = DEFAULT_LOCALE
    respondent: Respondent = field(default_factory=Respondent)
    page: int = 0
    missing: tuple[str, ...] = ()  # item ids the last Next found unanswered
    goto: str | None = None  # a page to switch to, chosen by a button's callback
    notices: Mapping[str, Notice] = field(default_factory=lambda: MappingProxyType({}))
    resume: ResumePlace | None = None
    resume_misses: int = 0  # wrong resume codes typed in this session
    saved: SavedMark | None = None
    owner: Principal | None = None  # whose saved check-ups are open on My check-ups
    round: int = 0  # bumped after each change on My check-ups (fresh confirmations)
    frame_ready: bool = False  # the once-per-session page script was sent
    results_open: bool = False  # the rest of the results shown below an urgent crisis panel
    exited: bool = False
    practice: PracticeState = field(default_factory=PracticeState)  # practice mode only
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}")
        if self.form not in FORMS:
            raise ValueError(f"unknown form {self.form!r}")

    @property
    def answers(self) -> Mapping[str, int]:
        """The respondent's answers, item id -> scale point."""
        return self.respondent.answers

    @property
    def given(self) -> Mapping[str, int]:
        """Every question dealt with: the answers, and "Does not apply" as DOES_NOT_APPLY
        (what the pages count as answered; scoring sees only :attr:`answers`)."""
        marked = dict.fromkeys(self.respondent.not_applicable, DOES_NOT_APPLY)
        return MappingProxyType({**marked, **self.respondent.answers})


def new_session(locale: str = DEFAULT_LOCALE, mode: Mode = "self") -> Session:
    """A fresh session in ``locale``."""
    return Session(mode=mode, locale=locale)


def _respondent(session: Session, **changes: Any) -> Session:
    """The respondent changed: the missing-answer notice goes, and an urgent crisis panel
    stands alone again until asked for the rest."""
    changed = replace(session.respondent, **changes)
    return replace(session, respondent=changed, missing=(), results_open=False)


def with_role(session: Session, role: str | None) -> Session:
    """The role chosen on About you (None clears it)."""
    if role is not None and role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    return _respondent(session, role=role)


def with_relationship(session: Session, relationship: str | None) -> Session:
    """The relationship type chosen on About you (None clears it)."""
    if relationship is not None and relationship not in RELATIONSHIPS:
        raise ValueError(f"unknown relationship {relationship!r}")
    return _respondent(session, relationship=relationship)


def with_country(session: Session, country: str | None) -> Session:
    """The country chosen on About you, for its help lines (None: none chosen)."""
    if country is not None and not (len(country) == 2 and country.isalpha() and country.isupper()):
        raise ValueError(f"not a country code {country!r}")
    return _respondent(session, country=country)


def with_form(session: Session, form: Form) -> Session:
    """The full check-up or the short pulse check-in (a new start: no answers carried over)."""
    if form not in FORMS:
        raise ValueError(f"unknown form {form!r}")
    return replace(
        session, form=form, page=0, respondent=replace(session.respondent, answers=_frozen({}))
    )


def with_locale(session: Session, locale: str) -> Session:
    """The words in another language; answers, page and everything else kept (words derived
    in the old language forgotten). ``locale`` is one the catalogue has (the app checks)."""
    return replace(session, locale=locale, memo=Memo())


def with_results_open(session: Session) -> Session:
    """Show the rest of the results below the crisis panel."""
    return replace(session, results_open=True)


def with_alias(session: Session, raw: str | None, most: int = 40) -> Session:
    """The alias as typed, cleaned (see :func:`clean_alias`)."""
    return _respondent(session, alias=clean_alias(raw, most))


def with_answer(session: Session, item_id: str, value: int | None) -> Session:
    """One answer given (or taken back with None; "Does not apply" as DOES_NOT_APPLY, which
    counts as unanswered in the scores); the missing-answer notice goes."""
    answers = dict(session.answers)
    answers.pop(item_id, None)
    skipped = session.respondent.not_applicable - {item_id}
    if value == DOES_NOT_APPLY:
        skipped = skipped | {item_id}
    elif value is not None:
        answers[item_id] = int(value)
    return _respondent(session, answers=_frozen(answers), not_applicable=frozenset(skipped))


def with_answers(session: Session, answers: Mapping[str, int]) -> Session:
    """All answers replaced (a restored draft, a test)."""
    return _respondent(session, answers=_frozen({k: int(v) for k, v in answers.items()}))


def with_notice(session: Session, place: Place, notice: Notice | None) -> Session:
    """A notice to show once at ``place`` (None removes it)."""
    notices = {k: v for k, v in session.notices.items() if k != place}
    if notice is not None:
        notices[place] = notice
    return replace(session, notices=MappingProxyType(notices))


def notice_at(session: Session, place: Place) -> Notice | None:
    """The pending notice of ``place``, if any."""
    return session.notices.get(place)


def going_to(session: Session, page: str | None) -> Session:
    """Ask the router to switch to ``page`` on its next run (None: stay)."""
    return replace(session, goto=page)


def exited_session(session: Session) -> Session:
    """After a quick exit: nothing of the check-up is kept, only the fact of the exit."""
    return Session(locale=session.locale, exited=True)


def clean_alias(raw: str | None, most: int = 40) -> str | None:
    """An alias as typed, trimmed of spaces and control characters; None when empty."""
    if raw is None:
        return None
    text = "".join(ch for ch in raw if ch.isprintable()).strip()[:most]
    return text or None


def with_frame_ready(session: Session) -> Session:
    """The once-per-session page script has been sent."""
    return replace(session, frame_ready=True)


def with_resume(session: Session, place: ResumePlace | None) -> Session:
    """The active resume code (None: no code, or it was forgotten or has expired)."""
    return replace(session, resume=place)


def with_resume_miss(session: Session) -> Session:
    """One more wrong resume code typed in this session."""
    return replace(session, resume_misses=session.resume_misses + 1)


def restored(session: Session, respondent: Respondent, page: int, place: ResumePlace) -> Session:
    """A saved place reopened: its answers and page, and its code as the active one."""
    return replace(session, respondent=respondent, page=page, resume=place, missing=(), goto=None)


def at_page(session: Session, page: int) -> Session:
    """Open the questions at ``page`` (e.g. the first one with a missing answer)."""
    return replace(session, page=max(page, 0))


def with_saved(session: Session, mark: SavedMark | None) -> Session:
    """What this session saved (None: nothing yet)."""
    return replace(session, saved=mark)


def with_owner(session: Session, owner: Principal | None) -> Session:
    """Whose saved check-ups are open on My check-ups (None closes them)."""
    return replace(session, owner=owner, memo=_without(session.memo, "exports"))


def next_round(session: Session) -> Session:
    """After a change on My check-ups: fresh confirmations and uploads, exports rebuilt."""
    return replace(session, round=session.round + 1, memo=_without(session.memo, "exports"))


def _without(memo: Memo, key: str) -> Memo:
    kept = Memo(memo)
    kept.pop(key, None)
    return kept


def fresh_checkup(session: Session) -> Session:
    """A new check-up in the same window: no answers, page or saved place; the same
    language, and the same alias and open check-ups (the same person)."""
    who = Respondent(alias=session.respondent.alias, country=session.respondent.country)
    return replace(
        new_session(session.locale, session.mode),
        respondent=who,
        owner=session.owner,
        frame_ready=session.frame_ready,
        goto="about",
    )
