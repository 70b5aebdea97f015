"""Start the app behind the server guard: ``python -m app_pages.serve [--server.port 8502 ...]``.

The guard must be in place before the server takes its first request, so this launcher
installs it (``server_guard.install``), then hands ``survey_app.py`` to Streamlit's own
server through its public ``st.App`` hook, with ``HostGuard`` as middleware. The project's
``.streamlit/config.toml`` applies as with ``streamlit run survey_app.py``; ``--section.option
value`` (or ``=value``) flags override it, as they do for ``streamlit run``. Streamlit's own
websocket host check (``server.allowedHosts``) is set to the same hosts as the guard.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config
from streamlit.errors import StreamlitAPIException

from app_pages import server_guard

SCRIPT = Path(__file__).resolve().parents[1] / "survey_app.py"
TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off"})
# What a value that does not convert is not (catalogue ids, locales/en/app-serve.po).
KIND_MESSAGES = {int: "app.serve.flag.not_whole", float: "app.serve.flag.not_number"}
# The guard decides the hosts; a second list on the command line would contradict it.
GUARD_OWNED = frozenset({"server.allowedHosts"})


class FlagError(Exception):
    """A command-line flag that cannot be passed to Streamlit; the text names it.

    The text is the catalogue's ``message_id`` (``app.serve.flag.*``) with ``params`` filled.
    """

    def __init__(self, message_id: str, /, **params: Any) -> None:
        super().__init__(server_guard.words().text(message_id, **params))
        self.message_id = message_id


def _convert(name: str, value: str, kind: type) -> Any:
    """``value`` as the option's type (what click does for ``streamlit run``)."""
    if kind is bool:
        word = value.strip().lower()
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise FlagError("app.serve.flag.not_bool", name=name, value=repr(value))
        return word in TRUE_WORDS
    try:
        return kind(value)
    except ValueError:
        message_id = KIND_MESSAGES.get(kind, "app.serve.flag.not_kind")
        raise FlagError(message_id, name=name, value=repr(value), kind=kind.__name__) from None


def _pairs(argv: Sequence[str]) -> list[tuple[str, str]]:
    """``--name value`` and ``--name=value`` as (name, value), in order."""
    pairs: list[tuple[str, str]] = []
    args = iter(argv)
    for arg in args:
        if not arg.startswith("--") or "." not in arg:
            usage = server_guard.words().text("app.serve.usage")
            raise FlagError("app.serve.flag.not_flag", arg=repr(arg), usage=usage)
        name, equals, value = arg[2:].partition("=")
        if not equals:
            following = next(args, None)
            if following is None:
                raise FlagError("app.serve.flag.needs_value", name=name)
            value = following
        pairs.append((name, value))
    return pairs


def _typed(option: Any, name: str, value: str, overrides: dict[str, Any]) -> None:
    if name in GUARD_OWNED:
        raise FlagError("app.serve.flag.guard_owned", name=name, env=server_guard.ENV_ALLOWED_HOSTS)
    converted = _convert(name, value, option.type)
    if option.multiple:
        overrides.setdefault(name, []).append(converted)
    else:
        overrides[name] = converted


def parse_flags(argv: Sequence[str], environ: Mapping[str, str]) -> dict[str, Any]:
    """Streamlit config overrides, typed: ``STREAMLIT_*`` variables, then ``argv`` flags.

    The same precedence as ``streamlit run`` (a flag beats a variable, both beat
    config.toml); ``FlagError`` names a flag or variable that is not a Streamlit option.
    """
    # The options' definitions (type, variable), read without parsing config.toml yet: a
    # later parse that changed a server option would make Streamlit warn "please restart".
    options = config._config_options_template
    overrides: dict[str, Any] = {}
    for name, option in options.items():
        if option.env_var in environ and not option.sensitive and name not in GUARD_OWNED:
            for value in environ[option.env_var].split() if option.multiple else [
                environ[option.env_var]
            ]:
                _typed(option, name, value, overrides)
    flagged: dict[str, Any] = {}
    for name, value in _pairs(argv):
        if name not in options:
            raise FlagError("app.serve.flag.not_option", name=name)
        _typed(options[name], name, value, flagged)
    return overrides | flagged


def guarded_app() -> st.App:
    """``survey_app.py`` as a Streamlit ``st.App`` with ``HostGuard`` in front."""
    return st.App(str(SCRIPT), middleware=[Middleware(server_guard.HostGuard)])


def _overrides(argv: Sequence[str], environ: Mapping[str, str]) -> dict[str, Any]:
    """The flags plus ``server.allowedHosts`` = the guard's hosts (config.toml read once).

    Streamlit warns when a re-read of its config changes a server option, so the hosts
    go into the first read when they do not depend on it (``$TRUSTCHECK_ALLOWED_HOSTS``).
    """
    overrides = parse_flags(argv, environ)
    if server_guard.ENV_ALLOWED_HOSTS in environ:
        hosts = server_guard.allowed_hosts(environ)
        overrides["server.allowedHosts"] = hosts.names()
    config.get_config_options(force_reparse=True, options_from_flags=overrides)
    hosts = server_guard.allowed_hosts(environ)
    if config.get_option("server.allowedHosts") != hosts.names():
        overrides["server.allowedHosts"] = hosts.names()
    return overrides


def main(argv: Sequence[str] | None = None) -> int:
    """Install the guard, check the flags and hosts, then run the server until stopped."""
    try:
        server_guard.install()
        app = guarded_app()  # first: it points Streamlit at the project's config.toml
        overrides = _overrides(sys.argv[1:] if argv is None else argv, os.environ)
    except (FlagError, server_guard.GuardError) as error:
        _say(str(error))
        return 2
    sys.argv = [str(SCRIPT)]  # Streamlit reads the script's folder (config, sys.path) from it
    try:
        app.run(config=overrides)
    except StreamlitAPIException as error:
        _say(str(error))
        return 2
    return 0


def _say(message: str) -> None:
    """The launcher's one line on stderr."""
    print(server_guard.words().text("app.serve.line", message=message), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
