"""Which pages each mode of the app has (data; the router turns page ids into page files).

Streamlit's pattern for role-based navigation: the entry file picks the page set from who is
using the app. The individual mode is built; couple, client and therapist pages come with
their issues and are added here as page sets over the same Session.
"""

from __future__ import annotations

from collections.abc import Mapping

from checkup.session import Mode

PAGE_SETS: Mapping[Mode, tuple[str, ...]] = {
    "self": ("welcome", "about", "questions", "results", "checkups", "couple"),
}
DEFAULT_PAGE = "welcome"


def pages_for(mode: Mode) -> tuple[str, ...]:
    """The page ids of ``mode``, the first being the default page."""
    found = PAGE_SETS.get(mode)
    if found is None:
        raise ValueError(f"the {mode!r} mode has no pages yet")
    return found
