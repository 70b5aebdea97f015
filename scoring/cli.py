"""``python -m scoring INPUT [-o OUTPUT]``: score a file of responses.

Exit status 0 on success; 2 with one line on stderr for bad input or an unwritable output,
in which case no output file is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pandas as pd

from questions import Bank, BankError, load_bank
from scoring.engine import score_frame
from scoring.inputs import InputError, read_responses
from scoring.output import csv_text, write_atomic
from scoring.result import Result, csv_columns, results_from_frame, to_flat_row, to_record

PROGRESS_MIN_ROWS = 20_000
CHUNK_ROWS = 10_000
OUTPUT_TYPES = (".csv", ".json")


def _progress(done: int, total: int, stream: TextIO) -> None:
    width = 30
    filled = int(width * done / total)
    stream.write(f"\rscoring [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
    if done == total:
        stream.write("\n")
    stream.flush()


def score_with_progress(frame: pd.DataFrame, bank: Bank, stream: TextIO) -> pd.DataFrame:
    """Score in chunks, drawing a progress bar when the stream is a terminal and input is large."""
    if not stream.isatty() or len(frame) < PROGRESS_MIN_ROWS:
        return score_frame(frame, bank)
    parts = []
    for start in range(0, len(frame), CHUNK_ROWS):
        parts.append(score_frame(frame.iloc[start : start + CHUNK_ROWS], bank))
        _progress(min(start + CHUNK_ROWS, len(frame)), len(frame), stream)
    return pd.concat(parts)


def render(results: Iterator[Result], bank: Bank, suffix: str) -> str:
    """Results as JSON (a list of records) or flat CSV text."""
    if suffix == ".csv":
        return csv_text(csv_columns(bank), (to_flat_row(r) for r in results))
    return json.dumps([to_record(r) for r in results], ensure_ascii=False, indent=2) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m scoring",
        description="Score Trust Check-up responses (CSV or JSON) into dimension scores.",
    )
    parser.add_argument("input", type=Path, help="responses: a .csv or .json file")
    parser.add_argument(
        "-o", "--output", type=Path, help="write .csv or .json here (default: JSON on stdout)"
    )
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> str | None:
    """Do the work; return the output text when it goes to stdout."""
    out: Path | None = args.output
    if out is not None and out.suffix.lower() not in OUTPUT_TYPES:
        raise InputError(f"{out}: unknown output type; use a .csv or .json file name")
    if out is not None and not out.parent.resolve().is_dir():
        raise InputError(f"{out}: the folder {out.parent} does not exist")
    bank = load_bank()
    frame = read_responses(args.input, bank)
    scored = score_with_progress(frame, bank, sys.stderr)
    text = render(results_from_frame(scored, bank), bank, out.suffix.lower() if out else ".json")
    if out is None:
        return text
    try:
        write_atomic(out, text)
    except OSError as exc:
        raise InputError(f"{out}: cannot be written ({exc.strerror})") from None
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point: exit 0, or 2 with one clear line on stderr."""
    args = parse_args(argv)
    try:
        text = run(args)
    except (InputError, BankError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if text is not None:
        sys.stdout.write(text)
    return 0
