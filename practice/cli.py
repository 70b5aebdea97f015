"""``python -m practice COMMAND``: the parser, and the one place errors become lines and statuses.

Exit status 0 when done; 2 with one line on stderr for bad input (an argument, a file, a
password, a practice that is not set up); 1 when the database (or pg_dump) cannot be used now.
The argument parser and ``--lang`` are those of the other command lines (``scoring.cli``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from locales import Catalogue
from practice import commands
from practice.errors import BAD_INPUT, UNAVAILABLE, CliError
from practice.launch import DEFAULT_ADDRESS, DEFAULT_PORT
from scoring.cli import Parser, say, start
from storage import StorageError, StorageUnavailable

INTERRUPTED = 130  # the shell's status for Ctrl-C
PROG = "python -m practice"


def _sub(commands_: object, name: str, help_id: str, cat: Catalogue) -> Parser:
    """A command's own parser (a ``Parser`` too: its words from the catalogue)."""
    # prog given: argparse would build it through the formatter, whose catalogue "usage: "
    # (scoring.cli) would then be doubled in the command's own usage line.
    helped: Parser = commands_.add_parser(  # type: ignore[attr-defined]
        name, prog=f"{PROG} {name}", help=cat.text(help_id), description=cat.text(help_id),
        cat=cat,
    )
    return helped


def _account_options(parser: Parser, cat: Catalogue) -> None:
    parser.add_argument("--username", required=True, help=cat.text("cli.practice.help.username"))
    parser.add_argument(
        "--display-name", required=True, help=cat.text("cli.practice.help.display_name")
    )
    _password_file(parser, cat)


def _password_file(parser: Parser, cat: Catalogue) -> None:
    parser.add_argument(
        "--password-file", type=Path, metavar="FILE",
        help=cat.text("cli.practice.help.password_file"),
    )


def build_parser(cat: Catalogue) -> Parser:
    """The parser of every command, each word from the catalogue."""
    parser = Parser(PROG, cat.text("cli.practice.help.description"), cat)
    subs = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND",
        title=cat.text("cli.practice.help.commands"),
    )
    init = _sub(subs, "init", "cli.practice.help.init", cat)
    init.add_argument("--practice-name", required=True, help=cat.text("cli.practice.help.name"))
    _account_options(init, cat)
    add = _sub(subs, "add-therapist", "cli.practice.help.add_therapist", cat)
    _account_options(add, cat)
    add.add_argument("--admin", action="store_true", help=cat.text("cli.practice.help.admin"))
    _sub(subs, "migrate", "cli.practice.help.migrate", cat)
    backup = _sub(subs, "backup", "cli.practice.help.backup", cat)
    backup.add_argument("out", type=Path, metavar="OUT", help=cat.text("cli.practice.help.out"))
    serve = _sub(subs, "serve", "cli.practice.help.serve", cat)
    serve.add_argument("--address", default=DEFAULT_ADDRESS, help=cat.text(
        "cli.practice.help.address", default=DEFAULT_ADDRESS))
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=cat.text(
        "cli.practice.help.port", default=DEFAULT_PORT))
    serve.add_argument("--base-url", metavar="URL", help=cat.text("cli.practice.help.base_url"))
    recover = _sub(subs, "recover", "cli.practice.help.recover", cat)
    recover.add_argument("--username", required=True, help=cat.text("cli.practice.help.username"))
    _password_file(recover, cat)
    recover.add_argument("--admin", required=True, metavar="USERNAME",
                         help=cat.text("cli.practice.help.recover_admin"))
    recover.add_argument("--admin-password-file", type=Path, metavar="FILE",
                         help=cat.text("cli.practice.help.admin_password_file"))
    recover.add_argument("--recovery-key-file", type=Path, metavar="FILE",
                         help=cat.text("cli.practice.help.recovery_key_file"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status."""
    cat, args = start(None if argv is None else list(argv), build_parser)
    try:
        return commands.COMMANDS[args.command](cat, args, os.environ)
    except CliError as error:
        say(cat, "cli.line.error", error.render(cat))
        return error.code
    except StorageUnavailable as error:
        say(cat, "cli.line.error", error.message_in(cat))
        return UNAVAILABLE
    except StorageError as error:
        say(cat, "cli.line.error", error.message_in(cat))
        return UNAVAILABLE if error.reason == "newer_schema" else BAD_INPUT
    except (KeyboardInterrupt, EOFError):
        print(file=sys.stderr)
        say(cat, "cli.line.error", cat.text("cli.practice.error.interrupted"))
        return INTERRUPTED
