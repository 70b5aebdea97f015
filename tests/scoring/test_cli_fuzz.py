"""Fuzzing the command-line tools' readers (issue 14 item 7): whatever the file holds, they
return checked responses or raise their own InputError, rendered as one line, never anything
else. Bounded in time (a fixed number of examples, no deadline) so it runs in every test run.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locales import catalogue
from questions import Bank, load_bank
from reports.cli import main as reports_main
from scoring.cli import main as scoring_main
from scoring.inputs import InputError, read_responses

BANK = load_bank()
ITEMS = [i.id for i in BANK.items]
COLUMNS = st.sampled_from(
    ["respondent", "role", "relationship", "alias", *ITEMS[:8], "zz_1", " role", ""]
)
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "1",
            "3",
            "5",
            "3.0",
            "2.5",
            "9",
            "-1",
            "1e3",
            "inf",
            "nan",
            "NA",
            " 4 ",
            "hurt",
            "broke",
            "both",
            "work",
            "romantic",
            "=1+1",
        ]
    ),
    st.text(max_size=12),
    st.text(alphabet=',"\n\r\t ;\\\x00\ufeff', max_size=6),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def _check(path: Path, bank: Bank) -> None:
    try:
        frame = read_responses(path, bank)
    except InputError as exc:
        for locale in ("en", "qps-ploc"):
            line = exc.render(catalogue(locale))
            assert "\n" not in line
            assert str(path) in line or "standard output" in line
            line.encode("utf-8")  # printable
        return
    assert len(frame) > 0
    assert {"respondent", "role", "relationship"} <= set(frame.columns)


_SCRATCH = tempfile.TemporaryDirectory(prefix="fuzz-")  # removed when the run ends


def _write(suffix: str, data: bytes) -> Path:
    folder = Path(tempfile.mkdtemp(dir=_SCRATCH.name))
    path = folder / f"in{suffix}"
    path.write_bytes(data)
    return path


@SETTINGS
@given(
    header=st.lists(COLUMNS, min_size=1, max_size=8),
    rows=st.lists(st.lists(CELLS, max_size=9), max_size=6),
    bom=st.booleans(),
    end=st.sampled_from(["\n", "\r\n", ""]),
)
def test_csv_reader_fuzz(header: list[str], rows: list[list[str]], bom: bool, end: str) -> None:
    lines = [",".join(header), *(",".join(r) for r in rows)]
    text = ("\ufeff" if bom else "") + "\n".join(lines) + end
    _check(_write(".csv", text.encode("utf-8", "surrogatepass")), BANK)


@SETTINGS
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".json"]))
def test_readers_on_arbitrary_bytes(data: bytes, suffix: str) -> None:
    _check(_write(suffix, data), BANK)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
ANSWERS = st.dictionaries(
    st.sampled_from([*ITEMS[:12], "nope"]),
    st.one_of(st.integers(-3, 9), st.floats(), st.none(), st.text(max_size=3), st.booleans()),
    max_size=6,
)
RESPONSES = st.fixed_dictionaries(
    {
        "respondent": st.one_of(
            st.text(max_size=6), st.integers(), st.sampled_from(["r1", "\udcff", ""])
        ),
        "role": st.sampled_from(["hurt", "broke", "both", "boss", ""]),
        "relationship": st.sampled_from(["romantic", "work", "pet"]),
        "answers": st.one_of(ANSWERS, JSON_VALUES),
    },
    optional={
        "alias": st.one_of(st.text(max_size=6), st.just("\ud800"), st.none()),
        "extra": JSON_VALUES,
    },
)


@SETTINGS
@given(document=st.one_of(JSON_VALUES, RESPONSES, st.lists(RESPONSES, max_size=4)))
def test_json_reader_fuzz(document: object) -> None:
    text = json.dumps(document, ensure_ascii=True, allow_nan=True)
    _check(_write(".json", text.encode("ascii")), BANK)


@settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    document=st.one_of(RESPONSES, st.lists(RESPONSES, min_size=1, max_size=2)),
    tool=st.sampled_from(["scoring", "reports"]),
)
def test_both_tools_exit_0_or_2_with_one_line(document: object, tool: str) -> None:
    source = _write(".json", json.dumps(document).encode("ascii"))
    out = source.parent / ("out" if tool == "reports" else "out.csv")
    with pytest.MonkeyPatch.context() as patch:
        import io
        import sys

        err = io.StringIO()
        patch.setattr(sys, "stderr", err)
        patch.setattr(sys, "stdout", io.StringIO())
        code = (reports_main if tool == "reports" else scoring_main)([str(source), "-o", str(out)])
    assert code in (0, 2)
    lines = err.getvalue().splitlines()
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("error: ")
        assert not out.exists()
    else:
        assert out.exists() and all(line.startswith("warning: ") for line in lines)
