"""Which pages each mode of the app has (data; the router turns page ids into page files).

Streamlit's pattern for role-based navigation: the entry file picks the page set from who is
using the app. The individual mode (``self``, couples included) and practice mode's
``client`` and ``therapist`` (signed out; once signed in, the pages of the Staff's role) are
page sets over the same Session.
"""

from __future__ import annotations

from collections.abc import Mapping

from checkup.session import Mode, Session

PAGE_SETS: Mapping[Mode, tuple[str, ...]] = {
    "self": ("welcome", "about", "questions", "results", "checkups", "couple"),
    # practice mode (docs/practice.md): a client's intake, no saving on the device
    "client": ("practice_intake", "about", "questions", "results"),
    "therapist": ("practice_signin",),  # until someone signs in
}
STAFF_PAGE_SETS: Mapping[str, tuple[str, ...]] = {  # a signed-in Staff's role -> pages
    "therapist": ("practice_roster", "practice_client"),
    "admin": ("practice_admin",),
}
DEFAULT_PAGE = "welcome"


def pages_for(mode: Mode) -> tuple[str, ...]:
    """The page ids of ``mode``, the first being the default page."""
    found = PAGE_SETS.get(mode)
    if found is None:
        raise ValueError(f"the {mode!r} mode has no pages yet")
    return found


def page_set(session: Session) -> tuple[str, ...]:
    """The page ids of this session: its mode's, or in practice mode the signed-in role's."""
    staff = session.practice.staff if session.mode == "therapist" else None
    if staff is not None:
        return STAFF_PAGE_SETS[staff.role]
    return pages_for(session.mode)


def page_aliases(session: Session) -> tuple[str, ...]:
    """Practice mode: the other roles' page ids, each to run this set's first page instead
    (an address left over from before a sign-in or sign-out opens the right page, without
    Streamlit's "page not found"; the other role's page itself is never registered)."""
    if session.mode != "therapist":
        return ()
    own = page_set(session)
    every = (*PAGE_SETS["therapist"], *(s for pages in STAFF_PAGE_SETS.values() for s in pages))
    return tuple(slug for slug in every if slug not in own)
