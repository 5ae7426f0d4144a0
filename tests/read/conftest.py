from __future__ import annotations

from pathlib import Path

import pytest

from telcoradar.model import Document

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def assert_offsets(doc: Document) -> None:
    """Every table row's line sits in the text at its offsets, cells joined by tabs."""
    for table in doc.tables:
        assert table.rows
        assert doc.text[table.start : table.rows[0].end] == doc.text[table.rows[0].start : table.rows[0].end]
        for row in table.rows:
            assert doc.text[row.start : row.end] == "\t".join(row.cells)
            assert "\n" not in doc.text[row.start : row.end]
