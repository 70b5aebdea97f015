"""The CLI's output is unchanged: byte-identical to the goldens written by the old code.

The goldens (``golden/scores.*.gz``) were written by ``golden/make_golden.py`` with the code
before the output became column-wise; the inputs are regenerated here from the same seed.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from questions import Bank
from scoring.cli import main
from scoring.engine import score_frame
from scoring.inputs import read_responses
from scoring.output import csv_safe_cell
from scoring.result import csv_columns, results_from_frame, to_flat_row, to_record

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
    assert out.read_bytes() == golden, (
        "output differs from the golden; if the bank or scoring rules changed on purpose and "
        "test_output_equals_the_per_response_path_under_todays_rules passes, write new goldens "
        "with: .venv/bin/python tests/scoring/golden/make_golden.py"
    )


def test_json_on_stdout_equals_the_golden(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(inputs / "responses.json")]) == 0
    golden = json.loads(gzip.decompress((HERE / GOLDEN[".json"]).read_bytes()))
    records = json.loads(capsys.readouterr().out)
    assert records == golden
    assert len(records) == 3000 and {r["role"] for r in records} == {"hurt", "broke", "both"}
    assert any(r["unscored"] for r in records) and any(r["flags"] for r in records)


def _reference_csv(bank: Bank, results: list[object]) -> bytes:
    """The old writer: csv.DictWriter over to_flat_row, every text cell formula-protected."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=csv_columns(bank), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for result in results:
        writer.writerow({k: csv_safe_cell(v) for k, v in to_flat_row(result).items()})  # type: ignore[arg-type]
    return buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_output_equals_the_per_response_path_under_todays_rules(
    bank: Bank, inputs: Path, suffix: str, tmp_path: Path
) -> None:
    """Differential: the column-wise writers against the old per-response path (Result,
    to_flat_row / to_record), on the same responses with the bank and rules as they are
    now, so that the check holds whenever the rules change too."""
    out = tmp_path / f"scores{suffix}"
    assert main([str(inputs / "responses.csv"), "-o", str(out)]) == 0
    frame = read_responses(inputs / "responses.csv", bank)
    results = list(results_from_frame(score_frame(frame, bank), bank))
    if suffix == ".csv":
        expected = _reference_csv(bank, results)
    else:
        text = json.dumps([to_record(r) for r in results], ensure_ascii=False, indent=2) + "\n"
        expected = text.encode("utf-8")
    assert out.read_bytes() == expected
