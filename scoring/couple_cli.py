"""``python -m scoring couple A.json B.json``: the couple comparison as JSON on stdout.

The files are the partners' consent. When either raises any safety flag nothing is written:
exit 3 and one line that a safety answer needs attention first, the same whichever side.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from locales import Catalogue
from questions import Bank
from scoring.inputs import InputError

SAFETY_EXIT = 3


class SafetyFirst(Exception):  # noqa: N818 (reads better at call sites)
    """Either input raised a safety flag; whose is never said."""


def build_parser(cat: Catalogue) -> Any:
    from scoring.cli import Parser, add_form_argument

    parser = Parser("python -m scoring couple", cat.text("cli.help.couple"), cat)
    parser.add_argument("first", type=Path, help=cat.text("cli.help.couple_input"))
    parser.add_argument("second", type=Path, help=cat.text("cli.help.couple_input"))
    add_form_argument(parser, cat)
    return parser


def read_partner(path: Path, bank: Bank) -> tuple[Any, dict[str, float | None]]:
    """One partner's Result and item answers; InputError unless the file holds one response."""
    result, answers, _ = read_partner_file(path, bank)
    return result, answers


def read_partner_file(path: Path, bank: Bank) -> tuple[Any, dict[str, float | None], str | None]:
    """:func:`read_partner` and the response's optional ``alias`` (None when blank)."""
    from scoring.scored_file import read_scored

    people = read_scored(path, bank)
    if len(people) != 1:
        raise InputError("cli.error.couple_one_response", path=path, count=len(people))
    return people[0].result, people[0].answers, people[0].alias


def comparison_record(first: Path, second: Path, bank: Bank) -> dict[str, Any]:
    """Both files read and checked, then the comparison; SafetyFirst when either is flagged."""
    from scoring.couple import compare, to_record

    (a, answers_a), (b, answers_b) = read_partner(first, bank), read_partner(second, bank)
    if a.flags or b.flags:
        raise SafetyFirst
    return to_record(compare(a, b, bank, answers=(answers_a, answers_b)))


def main(argv: list[str]) -> int:
    """Exit 0 with the JSON, 2 for bad input, 3 when a safety answer needs attention first."""
    from scoring.cli import form_bank, say, start

    cat, args = start(argv, build_parser)
    try:
        record = comparison_record(args.first, args.second, form_bank(args.form))
    except SafetyFirst:
        say(cat, "cli.line.error", cat.text("cli.couple.safety_first"))
        return SAFETY_EXIT
    except InputError as exc:
        say(cat, "cli.line.error", exc.render(cat))
        return 2
    sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return 0
