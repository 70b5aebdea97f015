"""Command line: ``python -m questions [--lang LOCALE] export|check [--form FORM]``.

``export`` prints the bank as JSON (neutral wording, in the chosen language), or with
``--fhir`` as a FHIR R4 Questionnaire (:mod:`questions.fhir`); ``-o FILE`` writes it to a
file, whole or not at all. ``check`` validates the bank and prints a summary. Its words are
in bank.po (``bank.cli.*``, the FHIR options' in cli-fhir.po); a malformed bank's message
names the file and item for the bank's authors.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

from locales import ENV_VAR, LOCALES, Catalogue, UnknownLocale, catalogue, resolve_locale
from questions.errors import BankError
from questions.export import bank_document
from questions.fhir import questionnaire
from questions.loader import load_bank
from questions.model import FULL_FORM

FORMS = (FULL_FORM, "pulse")
"""The forms the command line offers (the bank's own list is checked at load time)."""

COMMANDS = ("export", "check")


def _language(argv: list[str]) -> Catalogue:
    """The catalogue of ``--lang`` (else $TRUSTCHECK_LANG, else English), before parsing."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    known, _ = early.parse_known_args(argv)
    return catalogue(resolve_locale(known.lang))


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter with the catalogue's word for "usage: "."""

    def __init__(self, prog: str, cat: Catalogue) -> None:
        super().__init__(prog)
        self.cat = cat

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix or self.cat.text("bank.cli.usage"))


class _Parser(argparse.ArgumentParser):
    """An argument parser whose own words come from the catalogue; a bad command line is
    one ``error: ...`` line and exit status 2."""

    def __init__(self, cat: Catalogue, prog: str, description: str) -> None:
        formatter = functools.partial(_Formatter, cat=cat)
        super().__init__(prog, description=description, add_help=False, formatter_class=formatter)
        self.cat = cat
        self._positionals.title = cat.text("bank.cli.positionals")
        self._optionals.title = cat.text("bank.cli.options")
        self.add_argument("-h", "--help", action="help", help=cat.text("bank.cli.help"))

    def error(self, message: str) -> NoReturn:
        detail = self.cat.text("bank.cli.arguments", detail=message)
        self.exit(2, self.cat.text("bank.cli.error", message=detail) + "\n")


def _parser(cat: Catalogue) -> argparse.ArgumentParser:
    parser = _Parser(cat, "python -m questions", cat.text("bank.cli.description"))
    lang_help = cat.text("bank.cli.lang", locales=", ".join(LOCALES), env=ENV_VAR)
    parser.add_argument("--lang", metavar="LOCALE", help=lang_help)
    sub = parser.add_subparsers(dest="command", required=True, metavar="{export,check}")
    helps = {"export": cat.text("bank.cli.export"), "check": cat.text("bank.cli.check")}
    for command in COMMANDS:
        one = sub.add_parser(
            command,
            help=helps[command],
            cat=cat,
            prog=f"python -m questions {command}",
            description=helps[command],
        )
        one.add_argument("--lang", metavar="LOCALE", help=lang_help, default=argparse.SUPPRESS)
        one.add_argument(
            "--form",
            choices=FORMS,
            default=FULL_FORM,
            help=cat.text("bank.cli.form", forms=", ".join(FORMS), default=FULL_FORM),
        )
        if command == "export":
            one.add_argument("--fhir", action="store_true", help=cat.text("cli.fhir.help_fhir"))
            one.add_argument("-o", "--output", type=Path, help=cat.text("cli.fhir.help_output"))
    return parser


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: not an error for the user
        sys.stderr.close()


def _write_file(path: Path, text: str) -> None:
    """The whole file or nothing: a temp file beside ``path``, then an atomic rename."""
    handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _export(args: argparse.Namespace, cat: Catalogue, text: str) -> int:
    """Print ``text`` or write it to ``--output``; status 2 with one line when it cannot."""
    if args.output is None:
        _write(text)
        return 0
    try:
        _write_file(args.output, text)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        problem = cat.text("cli.fhir.cannot_write", path=args.output, reason=reason)
        print(cat.text("bank.cli.error", message=problem), file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command; exit status 2 with one clear line when the bank or locale is bad."""
    args_in = sys.argv[1:] if argv is None else argv
    try:
        cat = _language(args_in)
    except UnknownLocale as exc:
        en = catalogue("en")
        problem = en.text(
            "bank.cli.unknown_locale", locale=exc.locale, locales=", ".join(exc.known)
        )
        print(en.text("bank.cli.error", message=problem), file=sys.stderr)
        return 2
    args = _parser(cat).parse_args(args_in)
    try:
        bank = load_bank(cat.locale).for_form(args.form)
    except BankError as exc:
        print(cat.text("bank.cli.error", message=str(exc)), file=sys.stderr)
        return 2
    if args.command == "export":
        document = questionnaire(bank) if args.fhir else bank_document(bank)
        return _export(args, cat, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        dims, items = len(bank.dimensions), len(bank.items)
        summary = cat.text("bank.cli.summary", version=bank.version, dimensions=dims, items=items)
        _write(summary + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
