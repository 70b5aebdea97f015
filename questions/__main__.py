"""Command line: ``python -m questions export [--lang LOCALE]`` prints the bank as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from locales import UnknownLocale, resolve_locale
from questions.errors import BankError
from questions.export import bank_document
from questions.loader import load_bank


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m questions", description=__doc__)
    parser.add_argument(
        "--lang", metavar="LOCALE", help="language of the words (default: $TRUSTCHECK_LANG or en)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("export", help="print the question bank as JSON (neutral wording)")
    sub.add_parser("check", help="validate the question bank and print a summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; exit status 2 with one clear line when the bank or locale is bad."""
    args = _parser().parse_args(argv)
    try:
        bank = load_bank(resolve_locale(args.lang))
    except (BankError, UnknownLocale) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "export":
        text = json.dumps(bank_document(bank), indent=2, ensure_ascii=False) + "\n"
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # e.g. piped into `head`: not an error for the user
            sys.stderr.close()
    else:
        print(f"bank {bank.version}: {len(bank.dimensions)} dimensions, {len(bank.items)} items")
    return 0


if __name__ == "__main__":
    sys.exit(main())
