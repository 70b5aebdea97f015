"""``python -m scoring INPUT [-o OUTPUT] [--fhir] [--lang LOCALE]``: score a file of responses.

``--fhir`` writes a FHIR R4 Bundle of QuestionnaireResponses with the scores (JSON only;
:mod:`scoring.fhir`) instead of the project's own CSV or JSON.

Exit status 0 on success; 2 with one line on stderr for bad input or an unwritable output,
in which case no output file is written. The file is read, checked, scored and written in
chunks (the output goes to a temp file, renamed at the end), so a million responses need
about the memory of reading them. Every line for a person comes from ``locales/*/cli.po``.
Heavy modules (pandas, the engine) are imported only once the arguments are good.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from queue import Empty, Queue
from typing import IO, TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar

from locales import (
    DEFAULT_LOCALE,
    ENV_VAR,
    LOCALES,
    Catalogue,
    UnknownLocale,
    catalogue,
    resolve_locale,
)
from scoring.inputs import InputError, Text

if TYPE_CHECKING:
    from questions import Bank

T = TypeVar("T")
PROGRESS_MIN_BYTES = 5_000_000  # about 15,000 responses: below that, scoring is instant
OUTPUT_TYPES = (".csv", ".json")
BAR_WIDTH = 30


class ProgressBar:
    """A one-line bar on a terminal (nothing when ``stream`` is not one or ``shown`` is false)."""

    def __init__(self, stream: TextIO, render: Callable[[str, float], str], shown: bool) -> None:
        self.stream, self.render = stream, render
        self.active = shown and stream.isatty()
        self.last = -1

    def __call__(self, fraction: float) -> None:
        if not self.active:
            return
        filled = int(BAR_WIDTH * min(max(fraction, 0.0), 1.0))
        if filled == self.last and fraction < 1:
            return
        self.last = filled
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write("\r" + self.render(bar, fraction))
        self.stream.flush()

    def close(self) -> None:
        if self.active and self.last >= 0:
            self.stream.write("\n")
            self.stream.flush()


class ArgumentError(Exception):
    """A command line argparse rejected; rendered as one line."""


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter with the catalogue's word for 'usage: '."""

    def __init__(self, prog: str, cat: Catalogue) -> None:
        super().__init__(prog)
        self.cat = cat

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix or self.cat.text("cli.help.usage"))


class Parser(argparse.ArgumentParser):
    """An argument parser whose every word comes from the catalogue."""

    def __init__(self, prog: str, description: str, cat: Catalogue) -> None:
        super().__init__(
            prog=prog,
            description=description,
            add_help=False,
            formatter_class=functools.partial(_Formatter, cat=cat),
        )
        self._positionals.title = cat.text("cli.help.positionals")
        self._optionals.title = cat.text("cli.help.options")
        self.add_argument("-h", "--help", action="help", help=cat.text("cli.help.help"))
        locales = ", ".join(LOCALES)
        self.add_argument(
            "--lang",
            metavar="LOCALE",
            help=cat.text("cli.help.lang", locales=locales, env=ENV_VAR, default=DEFAULT_LOCALE),
        )

    def error(self, message: str) -> NoReturn:
        raise ArgumentError(message)


def language(argv: Sequence[str]) -> Catalogue:
    """The catalogue of ``--lang`` (else $TRUSTCHECK_LANG, else English), before parsing."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    known, _ = early.parse_known_args(list(argv))
    return catalogue(resolve_locale(known.lang))


def say(cat: Catalogue, line_id: str, message: str, stream: TextIO | None = None) -> None:
    """Print one ``error: ...`` or ``warning: ...`` line on stderr."""
    print(cat.text(line_id, message=message), file=stream or sys.stderr)


def start(argv: list[str] | None, build: Callable[[Catalogue], Parser]) -> tuple[Catalogue, Any]:
    """The catalogue and parsed arguments; exit 2 with one line for a bad command line."""
    args = sys.argv[1:] if argv is None else argv
    try:
        cat = language(args)
    except UnknownLocale as exc:
        en = catalogue("en")
        message = en.text(
            "cli.error.unknown_locale", locale=repr(exc.locale), locales=", ".join(exc.known)
        )
        say(en, "cli.line.error", message)
        raise SystemExit(2) from None
    try:
        return cat, build(cat).parse_args(args)
    except ArgumentError as exc:
        say(cat, "cli.line.error", cat.text("cli.error.arguments", detail=str(exc)))
        raise SystemExit(2) from None


def same_file(a: Path, b: Path) -> bool:
    """Whether two spellings name one file: relative or absolute, ``./x``, symlink, hard link."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def refuse_overwriting(out: Path, inputs: Sequence[Path]) -> None:
    """InputError when ``out`` is one of the inputs (checked before anything is read)."""
    for source in inputs:
        if same_file(out, source):
            raise InputError("cli.error.output_is_input", path=out, input=source)


def check_output(out: Path | None, source: Path, fhir: bool = False) -> None:
    """Refuse an output that could not be written, or that is the input (a FHIR Bundle: JSON)."""
    if out is None:
        return
    if out.suffix.lower() not in OUTPUT_TYPES:
        raise InputError("cli.error.output_type", path=out)
    if fhir and out.suffix.lower() != ".json":
        raise InputError("cli.fhir.output_type", path=out)
    if not out.parent.resolve().is_dir():
        raise InputError("cli.error.no_folder", path=out, folder=out.parent)
    refuse_overwriting(out, [source])


def build_parser(cat: Catalogue) -> Parser:
    parser = Parser("python -m scoring", cat.text("cli.help.scoring"), cat)
    parser.add_argument("input", type=Path, help=cat.text("cli.help.scoring_input"))
    parser.add_argument("-o", "--output", type=Path, help=cat.text("cli.help.scoring_output"))
    add_form_argument(parser, cat)
    parser.add_argument("--fhir", action="store_true", help=cat.text("cli.fhir.help_scoring"))
    return parser


def add_form_argument(parser: argparse.ArgumentParser, cat: Catalogue) -> None:
    """``--form NAME`` (default: the full form); checked against the bank in :func:`form_bank`."""
    from questions import FULL_FORM

    parser.add_argument("--form", default=FULL_FORM, help=cat.text("cli.help.form"))


def form_bank(form: str, locale: str = "en") -> Bank:
    """The bank of ``form``; InputError naming the bank's forms when it has no such form."""
    from questions import FULL_FORM, load_bank

    bank = load_bank(locale)
    try:
        return bank.for_form(form)
    except KeyError:
        known = ", ".join([FULL_FORM, *sorted(set(bank.forms) - {FULL_FORM})])
        raise InputError("cli.error.unknown_form", form=form, forms=known) from None


def score_to(handle: IO[bytes], source: Path, suffix: str, cat: Catalogue, bank: Bank) -> list[str]:
    """Read, check, score and write ``source`` chunk by chunk; return duplicate ids."""
    from scoring.engine import score_frame
    from scoring.inputs import duplicates, response_chunks
    from scoring.output import CsvWriter, JsonWriter
    from scoring.rules import load_rules

    rules = load_rules()
    writer = CsvWriter(bank, rules) if suffix == ".csv" else JsonWriter(bank, rules, cat)
    big = source.suffix.lower() == ".csv" and _size(source) >= PROGRESS_MIN_BYTES
    bar = ProgressBar(
        sys.stderr, lambda b, f: cat.text("cli.progress.scoring", bar=b, percent=int(f * 100)), big
    )
    ids = []
    handle.write(writer.begin().encode("utf-8"))
    scored = (
        (chunk["respondent"].to_numpy(dtype=object), score_frame(chunk, bank, rules))
        for chunk in response_chunks(source, bank, bar)
    )
    for respondents, frame in prefetch(scored):  # the next chunk is read while this is written
        ids.append(respondents)
        handle.writelines(writer.chunk(frame))
    handle.write(writer.end().encode("utf-8"))
    bar(1.0)
    bar.close()
    return duplicates(ids)


def fhir_to(handle: IO[bytes], source: Path, suffix: str, cat: Catalogue, bank: Bank) -> list[str]:
    """Read, check and score ``source`` chunk by chunk into a FHIR Bundle, one response at a
    time (:func:`score_to`'s signature); return duplicate ids."""
    from scoring.engine import score_frame
    from scoring.fhir import bundle_lines, checkups_of
    from scoring.inputs import duplicates, response_chunks
    from scoring.rules import load_rules

    rules = load_rules()
    ids = []

    def checkups() -> Iterator[Any]:
        for chunk in response_chunks(source, bank):
            ids.append(chunk["respondent"].to_numpy(dtype=object))
            yield from checkups_of(chunk, score_frame(chunk, bank, rules), bank, rules)

    for text in bundle_lines(bank, checkups(), rules):
        handle.write(text.encode("utf-8"))
    return duplicates(ids)


def prefetch(items: Iterator[T]) -> Iterator[T]:
    """``items``, each made in a second thread while the caller works on the one before.

    Parsing (pandas' C tokenizer) and the engine's array arithmetic release the GIL, so a
    two-core machine reads and scores the next chunk while this one is formatted and written.
    An exception in the thread is raised here, in order; closing early stops the thread.
    """
    queue: Queue[tuple[bool, Any]] = Queue(maxsize=1)
    stop = threading.Event()

    def work() -> None:
        try:
            for item in items:
                queue.put((True, item))
                if stop.is_set():
                    return
            queue.put((False, None))
        except BaseException as exc:  # handed to the caller, raised there
            queue.put((False, exc))

    thread = threading.Thread(target=work, name="prefetch", daemon=True)
    thread.start()
    try:
        while True:
            more, value = queue.get()
            if not more:
                if value is not None:
                    raise value
                return
            yield value
    finally:
        stop.set()
        while thread.is_alive():
            with contextlib.suppress(Empty):
                queue.get(timeout=0.05)
        thread.join()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def warn_duplicates(cat: Catalogue, source: Path, ids: list[str]) -> None:
    """One warning line naming the respondent ids that appear more than once."""
    if not ids:
        return
    from scoring.inputs import shown

    names = ", ".join(shown(i) for i in ids[:5])
    if len(ids) > 5:
        names = cat.text("cli.warning.and_more", shown=names, more=len(ids) - 5)
    message = cat.plural("cli.warning.duplicates", len(ids), path=source, count=len(ids), ids=names)
    say(cat, "cli.line.warning", message)


def run(args: argparse.Namespace, cat: Catalogue) -> None:
    """Score ``args.input`` into ``args.output`` (or JSON on stdout)."""
    out: Path | None = args.output
    check_output(out, args.input, args.fhir)
    bank = form_bank(args.form)
    write = fhir_to if args.fhir else score_to
    if out is not None:
        try:
            with _atomic(out) as handle:
                ids = write(handle, args.input, out.suffix.lower(), cat, bank)
        except OSError as exc:
            raise InputError("cli.error.cannot_write", path=out, reason=exc.strerror) from None
    else:
        with tempfile.TemporaryFile() as handle:
            ids = write(handle, args.input, ".json", cat, bank)
            handle.seek(0)
            to_stdout(handle)
    warn_duplicates(cat, args.input, ids)


def _atomic(out: Path) -> Any:
    from scoring.output import atomic_file

    return atomic_file(out)


def to_stdout(handle: IO[bytes]) -> None:
    """Copy to stdout; a full disk or closed pipe is an InputError, not a traceback."""
    try:
        shutil.copyfileobj(handle, sys.stdout.buffer)
        sys.stdout.flush()
    except OSError as exc:
        quiet_stdout()
        raise InputError("cli.error.stdout", reason=exc.strerror or str(exc)) from None


def quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Entry point: exit 0, or 2 with one clear line on stderr (``couple``: see couple_cli)."""
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["couple"]:
        from scoring.couple_cli import main as couple_main

        return couple_main(given[1:])
    cat, args = start(given, build_parser)
    try:
        run(args, cat)
    except InputError as exc:
        say(cat, "cli.line.error", exc.render(cat))
        return 2
    except ValueError as exc:  # the bank, rules or catalogue files themselves are broken
        say(cat, "cli.line.error", cat.text("cli.error.broken_install", detail=str(exc)))
        return 2
    return 0


__all__ = ["InputError", "ProgressBar", "Text", "main", "refuse_overwriting", "same_file"]
