"""What ``python -m reports`` and ``python -m reports couple`` share: the output and date
arguments, writing a PDF, and how a run ends (the paths written on stdout, or one line on
stderr and an exit status). One place, so both commands answer alike.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from locales import Catalogue
from scoring.cli import Parser, quiet_stdout, say
from scoring.inputs import InputError

BAD_INPUT = 2


def add_output_and_date(parser: Parser, cat: Catalogue, output_help: str) -> None:
    """``-o OUT`` (required; ``output_help``: its help's catalogue id) and ``--date D``."""
    parser.add_argument("-o", "--output", type=Path, required=True, help=cat.text(output_help))
    parser.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        default=None,
        help=cat.text("cli.help.reports_date"),
    )


def write_file(path: Path, data: bytes, *, make_folder: bool = False) -> None:
    """Write ``data`` atomically (its folder first, with ``make_folder``); InputError naming
    the path when the system refuses."""
    from scoring.output import write_atomic

    try:
        if make_folder:
            path.parent.mkdir(exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise InputError("cli.error.cannot_write", path=path, reason=exc.strerror) from None


def finish(
    cat: Catalogue,
    work: Callable[[], list[Path]],
    refusals: Mapping[type[Exception], tuple[str, int]] | None = None,
) -> int:
    """Run ``work`` (it returns the paths written) and print them one a line: exit 0; 2 with
    one line on stderr for bad input, a broken installation or an unwritable stdout;
    ``refusals``: other exceptions, each with the catalogue id of its line and its status."""
    refused = refusals or {}
    try:
        written = work()
    except tuple(refused) as exc:
        line, status = next(v for kind, v in refused.items() if isinstance(exc, kind))
        say(cat, "cli.line.error", cat.text(line))
        return status
    except InputError as exc:
        say(cat, "cli.line.error", exc.render(cat))
        return BAD_INPUT
    except ValueError as exc:  # the bank, rules, content or catalogue files are broken
        say(cat, "cli.line.error", cat.text("cli.error.broken_install", detail=str(exc)))
        return BAD_INPUT
    try:
        sys.stdout.write("".join(f"{path}\n" for path in written))
        sys.stdout.flush()
    except OSError as exc:
        quiet_stdout()
        say(cat, "cli.line.error", cat.text("cli.error.stdout", reason=exc.strerror or str(exc)))
        return BAD_INPUT
    return 0
