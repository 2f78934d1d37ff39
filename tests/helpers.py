"""Assertions shared by the validation tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.runner import validate_records
from conftest import TODAY

Edit = Callable[[str, str, str], Path]
"""The `edit` fixture: replace one snippet in one records file."""


def findings(records: Path) -> list[Finding]:
    """All findings for a records folder, with today's date fixed."""
    return validate_records(records, today=TODAY).findings


def codes(records: Path) -> list[str]:
    """The finding codes for a records folder, in report order."""
    return [f.code for f in findings(records)]


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing needle: the expected position, read from the input."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found in {path}")


def only(records: Path, code: str) -> Finding:
    """The single finding with this code; fails if there are none or several."""
    found = [f for f in findings(records) if f.code == code]
    assert len(found) == 1, f"expected one {code}, got {found}"
    return found[0]


def assert_finding(records: Path, code: str, path: Path, line: int | None, **fields: object) -> Finding:
    """Exactly one finding with this code, at this file and line, with these field values."""
    finding = only(records, code)
    assert finding.file is not None and Path(finding.file).resolve() == path.resolve(), finding
    assert finding.line == line, finding
    for name, value in fields.items():
        assert getattr(finding, name) == value, (name, finding)
    return finding
