"""The text report's layout is part of the interface people read; pin it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from afghan_dialogues.validate.report import render_text
from afghan_dialogues.validate.runner import validate_records
from conftest import TODAY

GOLDEN = Path(__file__).parent / "golden" / "report.txt"


def test_text_report_matches_golden(
    records: Path, edit: Callable[[str, str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit("meetings.yaml", "    city: Vienna\n", "    citty: Vienna\n")
    edit("participants.yaml", "    actor_id: act-ahmad-massoud", "    actor_id: act-ahmad-masoud")
    (records / "texts" / "src-stray.txt").write_text("stray", encoding="utf-8")
    monkeypatch.chdir(records.parent)
    report = validate_records(Path("records"), today=TODAY)
    assert render_text(report) == GOLDEN.read_text(encoding="utf-8")
