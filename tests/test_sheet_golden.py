"""The Markdown batch sheet of ampsi at AMPSi@C = 1 kg, held against tests/golden/ampsi-1kg.md.

Any change to what the sheet shows (a number, a word, a column) fails this test until the golden file is
regenerated and the difference reviewed:

    SYNTH_UPDATE_GOLDEN=1 python -m pytest tests/test_sheet_golden.py

Content hashes (recipe and species data) and the synth version are masked on both sides, so editing a
recipe comment or releasing a version does not fail it; the numbers are not.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from synth.cli.app import main

GOLDEN = Path(__file__).parent / "golden" / "ampsi-1kg.md"
ARGS = ["sheet", "ampsi", "--basis", "AMPSi@C=1 kg", "--format", "md", "--date", "2025-01-31",
        "--batch-id", "AMPSI-GOLDEN-1"]


def masked(text: str) -> str:
    """The sheet with its sha256 values and synth version replaced by placeholders."""
    text = re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", text)
    return re.sub(r"synth \d+\.\d+\.\d+\S*", "synth <version>", text)


def test_markdown_sheet_matches_the_golden_file(capsys):
    with pytest.raises(SystemExit) as done:
        main(ARGS)
    out, err = capsys.readouterr()
    assert done.value.code == 0 and err == ""
    if os.environ.get("SYNTH_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(masked(out), encoding="utf-8")
    assert masked(out) == GOLDEN.read_text(encoding="utf-8")
