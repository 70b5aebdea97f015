"""``python -m reports INPUT [INPUT ...] -o OUT [--date D] [--lang L]``: a PDF per response
(``python -m reports couple A.json B.json -o OUT``: the couple PDF, :mod:`reports.couple_cli`).

One input holding one response: OUT is the PDF file. Otherwise OUT is a folder (created if
needed) with one PDF per response under a neutral name. All PDFs are built in memory first;
on any error nothing is written. Exit status 0 on success; 2 with one line on stderr for bad
input or an unwritable output. Messages come from ``locales/*/cli.po``, the report's words
from the chosen locale. reportlab is imported only after the arguments are good, pandas
only for a CSV input.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from locales import Catalogue
from reports.cli_parts import add_output_and_date, finish, write_file
from scoring.cli import Parser, ProgressBar, add_form_argument, form_bank, refuse_overwriting, start
from scoring.inputs import InputError

if TYPE_CHECKING:
    from questions import Bank

SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
ID_LENGTH = 40
PROGRESS_MIN_REPORTS = 20


@dataclass(frozen=True)
class Report:
    """One built report: where it came from and its bytes."""

    source: str
    respondent: str
    pdf: bytes


def build_parser(cat: Catalogue) -> Parser:
    parser = Parser("python -m reports", cat.text("cli.help.reports"), cat)
    parser.add_argument("inputs", type=Path, nargs="+", help=cat.text("cli.help.reports_inputs"))
    add_output_and_date(parser, cat, "cli.help.reports_output")
    parser.add_argument("--country", default=None, help=cat.text("cli.help.country"))
    add_form_argument(parser, cat)
    return parser


def check_country(country: str | None) -> str | None:
    """The country code (upper case) when the help-line file knows it; InputError naming the
    known codes otherwise."""
    from reports.helplines import UnknownCountry, lines_for, load_helplines

    try:
        return None if lines_for(country) is None else str(country).strip().upper()
    except UnknownCountry:
        known = ", ".join(sorted(load_helplines()))
        raise InputError("cli.error.unknown_country", country=country, countries=known) from None


def build_reports(
    paths: list[Path],
    bank: Bank,
    when: datetime.date | None = None,
    locale: str = "en",
    progress: ProgressBar | None = None,
    country: str | None = None,
) -> list[Report]:
    """Read, score and render every response of every file, in memory."""
    from reports.content import load_content
    from reports.pdf import build_pdf
    from scoring.scored_file import read_scored

    content = load_content(locale)
    people = [(str(path), one) for path in paths for one in read_scored(path, bank)]  # checked
    reports = []
    for source, person in people:
        pdf = build_pdf(
            person.result,
            bank,
            alias=person.alias,
            when=when,
            content=content,
            locale=locale,
            country=country,
            context=person.result.context,
        )
        reports.append(Report(source, person.result.respondent, pdf))
        if progress:
            progress(len(reports) / len(people))
    return reports


def safe_name(number: int, respondent: str) -> str:
    """``checkup-003-r12.pdf``: a number for uniqueness, then the respondent id sanitised."""
    cleaned = SAFE_ID.sub("-", respondent).strip("-")[:ID_LENGTH].strip("-")
    return f"checkup-{number:03d}-{cleaned}.pdf" if cleaned else f"checkup-{number:03d}.pdf"


def check_output(out: Path, inputs: list[Path]) -> None:
    """Refuse, before anything is read, an output that is an input or has no folder."""
    refuse_overwriting(out, inputs)
    if not out.parent.resolve().is_dir():
        raise InputError("cli.error.no_folder", path=out, folder=out.parent)


def plan_outputs(reports: list[Report], out: Path, single: bool) -> list[tuple[Path, bytes]]:
    """Where each PDF goes; raises InputError when OUT cannot take them."""
    if single:
        if out.is_dir():
            raise InputError("cli.error.output_file_is_folder", path=out)
        return [(out, reports[0].pdf)]
    if out.exists() and not out.is_dir():
        raise InputError("cli.error.output_folder_is_file", path=out)
    return [(out / safe_name(n, r.respondent), r.pdf) for n, r in enumerate(reports, start=1)]


def write_all(targets: list[tuple[Path, bytes]]) -> None:
    """Write every file atomically (the folder is created first if needed)."""
    for path, data in targets:
        write_file(path, data, make_folder=True)


def run(args: argparse.Namespace, cat: Catalogue) -> list[Path]:
    """Build all reports, then write them; return the paths written."""
    inputs: list[Path] = list(args.inputs)
    check_output(args.output, inputs)
    country = check_country(args.country)
    bank = form_bank(args.form, cat.locale)
    bar = ProgressBar(
        sys.stderr,
        lambda b, f: cat.text("cli.progress.reports", bar=b, percent=int(f * 100)),
        len(inputs) >= PROGRESS_MIN_REPORTS,
    )
    reports = build_reports(inputs, bank, args.date, cat.locale, bar, country)
    bar.close()
    single = len(inputs) == 1 and len(reports) == 1
    targets = plan_outputs(reports, args.output, single)
    write_all(targets)
    return [p for p, _ in targets]


def main(argv: list[str] | None = None) -> int:
    """Entry point: exit 0, or 2 with one clear line on stderr (``couple``: the couple PDF,
    see :mod:`reports.couple_cli`)."""
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["couple"]:
        from reports.couple_cli import main as couple_main

        return couple_main(given[1:])
    cat, args = start(given, build_parser)
    return finish(cat, lambda: run(args, cat))
