"""Help lines by country: the file's shape (not its numbers), its validation, the select-box
list, and the lines taking the place of the generic words in the safety blocks."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
import yaml
from babel import Locale

from reports import build_plan
from reports.content import Content
from reports.helplines import (
    LINE_KINDS,
    UnknownCountry,
    countries,
    lines_for,
    load_helplines,
    read_helplines,
)
from reports.yaml_checks import ContentError

TODAY = datetime.date(2026, 12, 1)


def test_the_shipped_file_has_the_right_shape() -> None:
    table = load_helplines()
    assert table, "at least one country"
    for code, country in table.items():
        assert code in Locale("en").territories
        assert country.lines and {line.kind for line in country.lines} <= set(LINE_KINDS)
        for line in country.lines:
            assert line.source.startswith("https://")
            assert line.phone or line.text
            assert line.checked <= datetime.date.today()
        assert (country.emergency is None) == (country.emergency_source is None)


def test_the_shipped_file_covers_at_least_25_countries() -> None:
    """Issue 9 asks for 25 or more; a country whose page can no longer be found is removed,
    so this fails loudly when the file shrinks below the goal."""
    assert len(load_helplines()) >= 25


GOOD = {
    "lines": [
        {
            "kind": "crisis",
            "name": "A line",
            "phone": "116 123",
            "hours": "always",
            "source": "https://example.org/page",
            "checked": TODAY,
        }
    ]
}


def _read(tmp_path: Path, countries_: object) -> str:
    path = tmp_path / "helplines.yaml"
    path.write_text(yaml.safe_dump({"countries": countries_}), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_helplines(path, TODAY)
    return str(caught.value)


def _line(**change: object) -> dict[str, object]:
    return {"lines": [GOOD["lines"][0] | change]}


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ({"gb": GOOD}, "'gb' is not an ISO 3166 country code"),
        ({"XX": GOOD}, "'XX' is not a country Babel knows"),
        ({"GB": {"lines": []}}, "countries.GB.lines: must be a non-empty list"),
        ({"GB": _line(kind="hope")}, "'kind' must be one of ['crisis', 'domestic_violence']"),
        ({"GB": _line(phone="call us")}, "'phone' must be digits, spaces, + or -"),
        ({"GB": _line(source="http://example.org")}, "'source' must be an official page's https"),
        ({"GB": _line(checked="yesterday")}, "'checked' must be a date"),
        ({"GB": _line(checked=TODAY + datetime.timedelta(days=1))}, "'checked' must be a date"),
        ({"GB": _line(hours="9-5")}, "'hours' must be one of ['always'] or left out"),
        ({"GB": _line(colour="red")}, "unknown key(s) ['colour']"),
        (
            {"GB": {"lines": [{k: v for k, v in GOOD["lines"][0].items() if k != "phone"}]}},
            "needs a 'phone' or a 'text'",
        ),
        ({"GB": GOOD | {"emergency": {"number": "999"}}}, "countries.GB.emergency: missing"),
        ([], "'countries' must map country codes"),
    ],
)
def test_a_bad_entry_names_the_file_and_the_entry(tmp_path: Path, table, problem) -> None:
    message = _read(tmp_path, table)
    assert message.startswith("helplines.yaml")
    assert problem in message


def test_countries_for_a_select_box_are_named_in_the_locale() -> None:
    listed = countries("en")
    assert [c for c, _ in listed] == sorted(load_helplines(), key=dict(listed).get)
    assert dict(listed)["GB"] == "United Kingdom"
    assert all(name.startswith("⟦") for _, name in countries("qps-ploc"))


def test_no_country_no_lines_and_an_unknown_one_is_refused() -> None:
    assert lines_for(None) is None and lines_for(" ") is None
    assert lines_for("gb") == load_helplines()["GB"]
    with pytest.raises(UnknownCountry):
        lines_for("ZZ")


def _with_flags(persona, *flags: str):
    result = persona("hurt", {"suspicion": 100})
    return dataclasses.replace(result, flags=tuple(flags))


@pytest.mark.parametrize("code", sorted(load_helplines()))
def test_a_country_s_lines_replace_the_generic_words(
    persona, bank, content: Content, code: str
) -> None:
    result = _with_flags(persona, "safety", "danger", "self_harm", "urgent")
    generic = build_plan(result, bank, content)
    local = build_plan(result, bank, content, country=code)
    assert local.country == code and generic.country is None
    country = load_helplines()[code]
    words = " ".join(p for block in local.safety for p in block.paragraphs)
    for line in country.lines:
        assert line.name in words
    replaced = {
        content.texts.text_blocks[b].paragraphs[content.texts.blocks[b].index(p)]
        for (b, p), kind in content.texts.country_lines.items()
        if kind in {line.kind for line in country.lines}
        or (kind == "emergency" and country.emergency)
    }
    generic_words = " ".join(p for block in generic.safety for p in block.paragraphs)
    assert all(text in generic_words for text in replaced)
    assert not any(text in words for text in replaced)
    assert [b.title for b in local.safety] == [b.title for b in generic.safety]
