"""The CLI's output is unchanged: byte-identical to the goldens written by the old code.

The goldens (``golden/scores.*.gz``) were written by ``golden/make_golden.py`` with the code
before the output became column-wise; the inputs are regenerated here from the same seed.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from questions import Bank
from scoring.cli import main

from .golden.make_golden import GOLDEN, HERE, SEED, write_inputs

INPUTS = ("responses.csv", "responses.json")


@pytest.fixture(scope="module")
def inputs(bank: Bank, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("golden")
    write_inputs(bank, folder, SEED)
    return folder


@pytest.mark.parametrize("source", INPUTS)
@pytest.mark.parametrize("suffix", sorted(GOLDEN))
def test_output_is_byte_identical_to_the_golden(
    inputs: Path, source: str, suffix: str, tmp_path: Path
) -> None:
    out = tmp_path / f"scores{suffix}"
    assert main([str(inputs / source), "-o", str(out)]) == 0
    golden = gzip.decompress((HERE / GOLDEN[suffix]).read_bytes())
    assert out.read_bytes() == golden


def test_json_on_stdout_equals_the_golden(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(inputs / "responses.json")]) == 0
    golden = json.loads(gzip.decompress((HERE / GOLDEN[".json"]).read_bytes()))
    records = json.loads(capsys.readouterr().out)
    assert records == golden
    assert len(records) == 3000 and {r["role"] for r in records} == {"hurt", "broke", "both"}
    assert any(r["unscored"] for r in records) and any(r["flags"] for r in records)
