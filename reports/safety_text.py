"""The safety blocks a report opens with, with a chosen country's help lines in them.

Which blocks show, and in which order, is ``data/flag_effects.yaml`` (:mod:`reports.effects`);
which generic paragraph a country's lines replace is ``texts.yaml`` ``country_lines``. Without
a country, or for a kind of line the country has none of, the generic paragraph stays.
"""

from __future__ import annotations

from reports.content import Content, TextBlock
from reports.helplines import CountryLines, HelpLine


def _how(content: Content, line: HelpLine) -> str:
    ways = [
        content.text(message_id, number=number)
        for message_id, number in (
            ("report.helpline.call", line.phone),
            ("report.helpline.text", line.text),
        )
        if number is not None
    ]
    if len(ways) == 1:
        return ways[0]
    return content.text("report.helpline.either", first=ways[0], second=ways[1])


def line_text(content: Content, line: HelpLine) -> str:
    """``Samaritans: call 116 123, any time, day or night`` in the content's locale."""
    message_id = "report.helpline.line_always" if line.always else "report.helpline.line"
    return content.text(message_id, name=line.name, how=_how(content, line))


def line_texts(content: Content, lines: CountryLines, kind: str) -> tuple[str, ...]:
    """A country's lines of one kind in words (``emergency``: its emergency number; empty
    when the file has none, so the generic paragraph stays)."""
    if kind == "emergency":
        number = lines.emergency
        return () if number is None else (content.text("report.helpline.emergency", number=number),)
    return tuple(line_text(content, line) for line in lines.of_kind(kind))


def _with_lines(
    content: Content, name: str, block: TextBlock, lines: CountryLines | None
) -> TextBlock:
    if lines is None:
        return block
    paragraphs: list[str] = []
    for part, text in zip(content.texts.blocks[name], block.paragraphs, strict=True):
        kind = content.texts.country_lines.get((name, part))
        found = line_texts(content, lines, kind) if kind else ()
        paragraphs.extend(found or (text,))
    return TextBlock(block.title, tuple(paragraphs))


def safety_blocks(
    content: Content, names: tuple[str, ...], lines: CountryLines | None
) -> tuple[TextBlock, ...]:
    """The named blocks in order, each with the country's lines where it has them."""
    return tuple(_with_lines(content, n, content.texts.text_blocks[n], lines) for n in names)
