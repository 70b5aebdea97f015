"""``python -m reports couple A.json B.json -o couple.pdf``: the couple PDF from two files.

Each file holds today's response of one partner (an optional ``alias`` names them in the PDF;
else "Partner A" and "Partner B"); for the command-line user the files are the consent. When
either raises a safety flag nothing is written: exit 3 and one line that a safety answer needs
attention first, the same whichever side. Bad input exits 2 with one line, as ``python -m
reports`` does; the PDF is built in memory and written atomically.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from locales import Catalogue
from scoring.cli import Parser, add_form_argument, form_bank, quiet_stdout, say, start
from scoring.couple_cli import SAFETY_EXIT, SafetyFirst
from scoring.inputs import InputError


def build_parser(cat: Catalogue) -> Parser:
    parser = Parser("python -m reports couple", cat.text("cli.help.reports_couple"), cat)
    parser.add_argument("first", type=Path, help=cat.text("cli.help.couple_input"))
    parser.add_argument("second", type=Path, help=cat.text("cli.help.couple_input"))
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help=cat.text("cli.help.reports_couple_output")
    )
    parser.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        default=None,
        help=cat.text("cli.help.reports_date"),
    )
    add_form_argument(parser, cat)
    return parser


def couple_pdf(args: argparse.Namespace, locale: str) -> bytes:
    """Both files read and checked, then the PDF; SafetyFirst when either is flagged."""
    from reports.content import load_content
    from reports.couple_pdf import render_couple
    from reports.couple_plan import Partner, build_couple_plan, names_of
    from scoring.couple_cli import read_partner_file

    bank = form_bank(args.form, locale)
    a, answers_a, alias_a = read_partner_file(args.first, bank)
    b, answers_b, alias_b = read_partner_file(args.second, bank)
    if a.flags or b.flags:
        raise SafetyFirst
    content = load_content(locale)
    names = names_of(content, {"first": alias_a, "second": alias_b})
    plan = build_couple_plan(Partner(a, answers_a), Partner(b, answers_b), bank, content, names)
    return render_couple(plan, when=args.date)


def _write(out: Path, data: bytes) -> None:
    from scoring.output import write_atomic

    try:
        write_atomic(out, data)
    except OSError as exc:
        raise InputError("cli.error.cannot_write", path=out, reason=exc.strerror) from None


def main(argv: list[str]) -> int:
    """Exit 0 with the path written, 2 for bad input, 3 when a safety answer needs attention
    first (nothing written, whose never said)."""
    from reports.cli import check_output

    cat, args = start(argv, build_parser)
    try:
        check_output(args.output, [args.first, args.second])
        if args.output.is_dir():
            raise InputError("cli.error.output_file_is_folder", path=args.output)
        _write(args.output, couple_pdf(args, cat.locale))
    except SafetyFirst:
        say(cat, "cli.line.error", cat.text("cli.couple.safety_first"))
        return SAFETY_EXIT
    except InputError as exc:
        say(cat, "cli.line.error", exc.render(cat))
        return 2
    except ValueError as exc:  # the bank, rules, content or catalogue files are broken
        say(cat, "cli.line.error", cat.text("cli.error.broken_install", detail=str(exc)))
        return 2
    try:
        sys.stdout.write(f"{args.output}\n")
        sys.stdout.flush()
    except OSError as exc:
        quiet_stdout()
        say(cat, "cli.line.error", cat.text("cli.error.stdout", reason=exc.strerror or str(exc)))
        return 2
    return 0
