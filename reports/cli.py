"""``python -m reports INPUT [INPUT ...] -o OUT``: a PDF report for each response.

One input holding one response: OUT is the PDF file. Otherwise OUT is a folder (created if
needed) with one PDF per response under a neutral name. All PDFs are built in memory first;
on any error nothing is written. Exit status 0 on success; 2 with one line on stderr for bad
input or an unwritable output.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from questions import Bank, BankError, load_bank
from reports.content import ContentError, load_content
from reports.pdf import build_pdf
from scoring.engine import score_frame
from scoring.inputs import InputError, read_responses
from scoring.output import write_atomic
from scoring.result import results_from_frame

SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
ID_LENGTH = 40


@dataclass(frozen=True)
class Report:
    """One built report: where it came from and its bytes."""

    source: str
    respondent: str
    pdf: bytes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m reports",
        description="Write a PDF check-up report for each response (CSV or JSON).",
    )
    parser.add_argument("inputs", type=Path, nargs="+", help="responses: .csv or .json files")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="the PDF file (one response) or a folder (several)",
    )
    parser.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        default=None,
        help="date printed on the reports, YYYY-MM-DD (default: today)",
    )
    return parser.parse_args(argv)


def _aliases(frame: pd.DataFrame) -> list[str | None]:
    if "alias" not in frame.columns:
        return [None] * len(frame)
    return [a if isinstance(a, str) and a.strip() else None for a in frame["alias"]]


def build_reports(paths: list[Path], bank: Bank, when: datetime.date | None = None) -> list[Report]:
    """Read, score and render every response of every file, in memory."""
    content = load_content()
    reports: list[Report] = []
    for path in paths:
        frame = read_responses(path, bank)
        results = results_from_frame(score_frame(frame, bank), bank)
        for result, alias in zip(results, _aliases(frame), strict=True):
            pdf = build_pdf(result, bank, alias=alias, when=when, content=content)
            reports.append(Report(str(path), result.respondent, pdf))
    return reports


def safe_name(number: int, respondent: str) -> str:
    """``checkup-003-r12.pdf``: a number for uniqueness, then the respondent id sanitised."""
    cleaned = SAFE_ID.sub("-", respondent).strip("-")[:ID_LENGTH].strip("-")
    return f"checkup-{number:03d}-{cleaned}.pdf" if cleaned else f"checkup-{number:03d}.pdf"


def plan_outputs(reports: list[Report], out: Path, single: bool) -> list[tuple[Path, bytes]]:
    """Where each PDF goes; raises InputError when OUT cannot take them."""
    if single:
        if out.is_dir():
            raise InputError(f"{out}: is a folder; give a file name for a single report")
        if not out.parent.resolve().is_dir():
            raise InputError(f"{out}: the folder {out.parent} does not exist")
        return [(out, reports[0].pdf)]
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: is a file; several reports need a folder")
    if not out.parent.resolve().is_dir():
        raise InputError(f"{out}: the folder {out.parent} does not exist")
    return [(out / safe_name(n, r.respondent), r.pdf) for n, r in enumerate(reports, start=1)]


def write_all(targets: list[tuple[Path, bytes]]) -> None:
    """Write every file atomically (the folder is created first if needed)."""
    for path, data in targets:
        try:
            path.parent.mkdir(exist_ok=True)
            write_atomic(path, data)
        except OSError as exc:
            raise InputError(f"{path}: cannot be written ({exc.strerror})") from None


def run(args: argparse.Namespace) -> list[Path]:
    """Build all reports, then write them; return the paths written."""
    bank = load_bank()
    reports = build_reports(list(args.inputs), bank, args.date)
    single = len(args.inputs) == 1 and len(reports) == 1
    targets = plan_outputs(reports, args.output, single)
    write_all(targets)
    return [p for p, _ in targets]


def main(argv: list[str] | None = None) -> int:
    """Entry point: exit 0, or 2 with one clear line on stderr."""
    args = parse_args(argv)
    try:
        written = run(args)
    except (InputError, BankError, ContentError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0
