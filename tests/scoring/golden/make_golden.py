"""Seeded random responses for the CLI golden test, and the script that wrote the goldens.

``python tests/scoring/golden/make_golden.py`` writes, from :data:`SEED`, what
``python -m scoring`` makes of the responses (as CSV and as JSON), gzipped beside this file;
the CSV and the JSON input of the same responses give the same bytes. The first goldens were
written with the code of commit 3dafc5c (before the CLI's output became column-wise) and
matched byte for byte; they were written again for bank 2.0.0 and its new flags, once
test_output_equals_the_per_response_path_under_todays_rules showed the column-wise writers
equal to the old per-response path under those rules. The test regenerates the inputs from
the same seed.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import sys
from pathlib import Path
from typing import Any

SEED = 20261201
COUNT = 3000
HERE = Path(__file__).resolve().parent
ROLES = ("hurt", "broke", "both")
RELATIONSHIPS = ("romantic", "friendship", "family", "work")
# Respondent ids that exercise quoting and formula protection in CSV and JSON.
ODD_IDS = ("=1+2", "-5", "+x", "@me", "a,b", 'say "hi"', "Łucja", "שרה", "line\nbreak", "tab\tin")
BLANK_SHARE = (0.0, 0.0, 0.05, 0.2, 0.5, 0.9)  # share of a row's items left blank


def responses(bank: Any, seed: int = SEED, count: int = COUNT) -> list[dict[str, Any]]:
    """``count`` responses: every role and relationship, blanks from none to most items,
    safety items usually at the minimum (sometimes endorsed), a few odd respondent ids."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        role = ROLES[n % 3]
        blank = rng.choice(BLANK_SHARE)
        answers: dict[str, Any] = {}
        for item in bank.items_for(role):
            if rng.random() < blank:
                if rng.random() < 0.5:
                    answers[item.id] = None
                continue
            safety = bank.dimension_by_id[item.dimension].kind == "safety"
            low = item.scale.min
            value = low if safety and rng.random() < 0.9 else rng.randint(low, item.scale.max)
            answers[item.id] = float(value) if rng.random() < 0.05 else value
        respondent = ODD_IDS[n % len(ODD_IDS)] + str(n) if n % 50 == 0 else f"r{n:05d}"
        out.append(
            {
                "respondent": respondent,
                "role": role,
                "relationship": rng.choice(RELATIONSHIPS),
                "answers": answers,
            }
        )
    return out


def csv_text(bank: Any, rows: list[dict[str, Any]]) -> str:
    """The responses as CSV: meta columns, then every item of the bank; blank = unanswered."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    items = [i.id for i in bank.items]
    writer.writerow(["respondent", "role", "relationship", *items])
    for row in rows:
        cells = [row["answers"].get(i) for i in items]
        writer.writerow(
            [row["respondent"], row["role"], row["relationship"]]
            + ["" if c is None else c for c in cells]
        )
    return buffer.getvalue()


def write_inputs(
    bank: Any, folder: Path, seed: int = SEED, count: int = COUNT
) -> tuple[Path, Path]:
    """Write ``responses.csv`` and ``responses.json`` into ``folder``."""
    rows = responses(bank, seed, count)
    csv_path, json_path = folder / "responses.csv", folder / "responses.json"
    csv_path.write_text(csv_text(bank, rows), encoding="utf-8")
    json_path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return csv_path, json_path


GOLDEN = {".csv": "scores.csv.gz", ".json": "scores.json.gz"}  # output suffix -> golden


def main() -> None:
    import tempfile

    sys.path.insert(0, str(HERE.parents[2]))
    from questions import load_bank
    from scoring.cli import main as score

    bank = load_bank()
    with tempfile.TemporaryDirectory() as folder:
        write_inputs(bank, Path(folder))
        for suffix, name in GOLDEN.items():
            out = Path(folder) / f"out{suffix}"
            assert score([str(Path(folder) / "responses.csv"), "-o", str(out)]) == 0
            (HERE / name).write_bytes(gzip.compress(out.read_bytes(), mtime=0))


if __name__ == "__main__":
    main()
