"""Passwords and the recovery key: asked on the terminal, or read from a file only its owner reads.

A password is never a command-line argument (it would sit in the shell history and in ``ps``
for every user of the server). On a terminal it is asked twice with ``getpass`` (not echoed).
Without a terminal (a script, CI) nothing is asked: the command stops with one line naming
``--password-file``, whose file must be a regular file that no other user can read (mode 0600
or stricter), so a password is never taken from a file that leaks it.
"""

from __future__ import annotations

import getpass
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from locales import Catalogue
from practice.errors import CliError

MAX_FILE_BYTES = 4096  # one line: a password or a recovery key
TRIES = 3
OPEN_TO_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def from_file(path: Path, empty_id: str) -> str:
    """The first line of ``path`` (its line ending removed), after checking who can read it.

    ``CliError`` (exit 2) names the file when it is missing, not a regular file, readable or
    writable by group or others, larger than one line should be, not UTF-8, or empty
    (``empty_id`` says what it should have held).
    """
    try:
        # O_NONBLOCK: a FIFO named as the file does not hang the command (fstat refuses it).
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise CliError("cli.practice.file.missing", path=str(path)) from None
    except OSError as error:
        raise CliError(
            "cli.practice.file.unreadable", path=str(path), reason=error.strerror
        ) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise CliError("cli.practice.file.not_regular", path=str(path))
    with os.fdopen(fd, "rb") as handle:
        if info.st_mode & OPEN_TO_OTHERS:
            mode = oct(stat.S_IMODE(info.st_mode))[2:].zfill(4)
            raise CliError("cli.practice.file.open_to_others", path=str(path), mode=mode)
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise CliError("cli.practice.file.too_big", path=str(path), limit=MAX_FILE_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError("cli.practice.file.not_utf8", path=str(path)) from None
    first = text.splitlines()[0] if text.splitlines() else ""
    if not first.strip():
        raise CliError(empty_id, path=str(path))
    return first


def on_terminal() -> bool:
    """Whether there is a person at a terminal to ask (stdin is one; getpass prompts on it)."""
    return sys.stdin is not None and sys.stdin.isatty()


def ask_new(cat: Catalogue, username: str, ask: Callable[[str], str] = getpass.getpass) -> str:
    """A new password for ``username``, typed twice the same (up to three tries).

    ``CliError`` (exit 2) when there is no terminal, or the two differ three times.
    """
    if not on_terminal():
        raise CliError("cli.practice.password.no_terminal")
    for _ in range(TRIES):
        first = ask(cat.text("cli.practice.password.prompt", username=username))
        if not first:
            print(cat.text("cli.practice.password.empty"), file=sys.stderr)
            continue
        if ask(cat.text("cli.practice.password.again")) == first:
            return first
        print(cat.text("cli.practice.password.mismatch"), file=sys.stderr)
    raise CliError("cli.practice.password.gave_up")


def password(cat: Catalogue, username: str, path: Path | None) -> str:
    """An existing password (asked once, not echoed), or the first line of ``path``."""
    if path is not None:
        return from_file(path, "cli.practice.file.no_password")
    if not on_terminal():
        raise CliError("cli.practice.password.no_terminal")
    return getpass.getpass(cat.text("cli.practice.password.sign_in", username=username))


def new_password(cat: Catalogue, username: str, path: Path | None) -> str:
    """The password of ``--password-file`` when given, else one asked on the terminal."""
    if path is not None:
        return from_file(path, "cli.practice.file.no_password")
    return ask_new(cat, username)


def recovery_key(cat: Catalogue, path: Path | None) -> str:
    """The practice's recovery key, from ``--recovery-key-file`` or typed (not echoed)."""
    if path is not None:
        return from_file(path, "cli.practice.file.no_key").strip()
    if not on_terminal():
        raise CliError("cli.practice.recover.no_terminal")
    typed = getpass.getpass(cat.text("cli.practice.recover.key_prompt")).strip()
    if not typed:
        raise CliError("cli.practice.recover.no_key")
    return typed
