"""``python -m reports couple A.json B.json -o couple.pdf``: the couple PDF from two files.

Each file holds today's response of one partner (an optional ``alias`` names them in the PDF;
else "Partner A" and "Partner B"); for the command-line user the files are the consent. When
either raises a safety flag nothing is written: exit 3 and one line that a safety answer needs
attention first, the same whichever side. Bad input exits 2 with one line, as ``python -m
reports`` does; the PDF is built in memory and written atomically.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from locales import Catalogue
from reports.cli_parts import add_output_and_date, finish, write_file
from scoring.cli import Parser, add_form_argument, form_bank, start
from scoring.couple_cli import SAFETY_EXIT, SafetyFirst
from scoring.inputs import InputError


def build_parser(cat: Catalogue) -> Parser:
    parser = Parser("python -m reports couple", cat.text("cli.help.reports_couple"), cat)
    parser.add_argument("first", type=Path, help=cat.text("cli.help.couple_input"))
    parser.add_argument("second", type=Path, help=cat.text("cli.help.couple_input"))
    add_output_and_date(parser, cat, "cli.help.reports_couple_output")
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


def _run(args: argparse.Namespace, cat: Catalogue) -> list[Path]:
    """Check the output, build the PDF and write it; the path written."""
    from reports.cli import check_output

    check_output(args.output, [args.first, args.second])
    if args.output.is_dir():
        raise InputError("cli.error.output_file_is_folder", path=args.output)
    write_file(args.output, couple_pdf(args, cat.locale))
    return [args.output]


def main(argv: list[str]) -> int:
    """Exit 0 with the path written, 2 for bad input, 3 when a safety answer needs attention
    first (nothing written, whose never said)."""
    cat, args = start(argv, build_parser)
    safety: dict[type[Exception], tuple[str, int]] = {
        SafetyFirst: ("cli.couple.safety_first", SAFETY_EXIT)
    }
    return finish(cat, lambda: _run(args, cat), safety)
