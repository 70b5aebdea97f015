"""How pages reach the Store, and how storage problems become calm messages.

Only the Store object is cached (``st.cache_resource``): it is a pool of database
connections shared by every session, never a holder of anyone's answers. The cache is keyed
by the database URL, so a changed ``TRUSTCHECK_DATABASE_URL`` (tests point it at a temporary
file) gets its own Store. A failed open is not cached, so the next action tries again.

Every call goes through :func:`attempt`, which never lets an exception reach the page: a
``StorageError`` becomes its own plain ``message``; anything else a generic sentence. Nothing
is logged, so no answers or passphrases can end up in a log.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import streamlit as st

from app_pages import state
from app_pages.frame import escape_markdown

if TYPE_CHECKING:  # storage (SQLAlchemy, Alembic) loads on first use, not with the first page
    from storage import Store

T = TypeVar("T")
ENV_VAR = "TRUSTCHECK_DATABASE_URL"  # storage.ENV_VAR, without importing storage

GENERIC_MESSAGE = "app.storage.generic"
_FIELD_MESSAGES = {"alias": "app.storage.bad_alias", "passphrase": "app.storage.bad_passphrase"}


@st.cache_resource(show_spinner=False, max_entries=16)
def _open(url: str) -> Store:
    """The shared Store for one database URL ("" means the default location)."""
    from storage import open_store

    return open_store(url or None)


def store() -> Store:
    """The Store for the configured database (raises StorageError when it cannot be used)."""
    return _open(os.environ.get(ENV_VAR, ""))


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a storage call gave: ``value`` when ``ok``, else a ``message`` to show."""

    ok: bool
    value: T | None = None
    message: str = ""


def message_for(error: BaseException) -> str:
    """The sentence to show for a failed storage call (no paths, SQL or tracebacks), in the
    session's language, escaped for markdown: an import's message can quote the file."""
    from storage import InvalidRecord, StorageError

    words = state.words()
    if isinstance(error, InvalidRecord):
        return words.text(_FIELD_MESSAGES.get(error.field.split(".")[0], GENERIC_MESSAGE))
    if isinstance(error, StorageError):
        return escape_markdown(error.message_in(words))
    return words.text(GENERIC_MESSAGE)


def attempt(action: Callable[[Store], T]) -> Outcome[T]:
    """Run ``action`` with the Store; any failure becomes an Outcome with a calm message."""
    try:
        return Outcome(ok=True, value=action(store()))
    except Exception as error:
        return Outcome(ok=False, message=message_for(error))


def rerun_when_done(outcome: Outcome[Any], done: Callable[[], object]) -> None:
    """A change's outcome on its page: a failure's calm message (the page goes on drawing),
    else ``done()`` (which keeps the notice to show) and a rerun that shows it. Every page's
    change buttons end alike: My check-ups, the couple page and the practice pages."""
    if not outcome.ok:
        st.error(outcome.message)
        return
    done()
    st.rerun()
