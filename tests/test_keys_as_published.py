"""Whatever frictionless rejects in a published package, `validate` rejects too, at the same row.

Every table's primary key (`actor_names`, `tombstones`, `participants`, `affiliations`,
`claim_relations`, `references` and the id tables) is unique as published: a repeated row in the
CSV fails `frictionless validate` and `validate` alike. A property test mutates the CSV of a
small exported package along the lines frictionless checks (a repeated key, an empty required
cell, a value outside an enum or a pattern, an impossible date or boolean, an unknown id in a
foreign-key column) and asserts that every error frictionless reports has a finding of
`validate` on the same table and row.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afghan_dialogues.datamodel.tables import TABLE_PREFIXES, TABLES, Table
from afghan_dialogues.validate.runner import validate_package
from conftest import TODAY, write_records
from fronts import package_of

Rows = list[list[str]]
REFERENCE = (
    "    country: AT\n    references:\n      - url: https://outlet.test/vienna\n"
    "        says: Held in Vienna on 12 October.\n        supports: 'date; city'\n"
)
FAMILY = {
    "primary-key": ("identity/duplicate-id", "identity/duplicate-key"),
    "foreign-key": ("ref/dangling", "ref/retired"),
}
"""Frictionless errors about rows as a whole, and the codes `validate` reports them with."""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture records, with a meeting reference so that every table has a row, as a package."""
    root = tmp_path_factory.mktemp("keys")
    records = write_records(root)
    meetings = records / "meetings.yaml"
    meetings.write_text(meetings.read_text(encoding="utf-8").replace("    country: AT\n", REFERENCE), "utf-8")
    return package_of(records, root / "package")


def read(path: Path) -> Rows:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write(path: Path, rows: Rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def frictionless_errors(package: Path) -> set[tuple[str, int, str]]:
    """(table, data row or 0 for the whole table, error type) of every error frictionless reports."""
    from frictionless import validate

    report = validate(str(package / "datapackage.json"), limit_errors=1_000_000)
    return {
        (str(task.name), int(getattr(error, "row_number", None) or 1) - 1, str(error.type))
        for task in report.tasks
        for error in task.errors
    }


def our_findings(package: Path) -> dict[tuple[str, int], set[str]]:
    """Codes of `validate` per (table, data row or 0 for the whole table), reading the CSV files."""
    found: dict[tuple[str, int], set[str]] = {}
    for finding in validate_package(package, today=TODAY, prefer="csv").findings:
        if finding.file and finding.file.endswith(".csv"):
            found.setdefault((Path(finding.file).stem, finding.line or 0), set()).add(finding.code)
    return found


def assert_agree(package: Path) -> set[tuple[str, int, str]]:
    theirs = frictionless_errors(package)
    ours = our_findings(package)
    cell_errors = {(table, row) for table, row, kind in theirs if kind not in FAMILY}
    for table, row, kind in theirs:
        assert (table, row) in ours, f"frictionless: {kind} at {table} row {row}; validate: nothing there"
        if kind in FAMILY and (table, row) not in cell_errors:
            assert ours[(table, row)] & set(FAMILY[kind]), (table, row, kind, ours[(table, row)])
    return theirs


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_a_repeated_key_fails_frictionless_and_validate_at_the_same_row(
    package: Path, tmp_path: Path, table: Table
) -> None:
    copy = shutil.copytree(package, tmp_path / "package")
    path = copy / "csv" / f"{table.name}.csv"
    rows = read(path)
    assert len(rows) > 1, f"the fixture package has no {table.name}"
    write(path, [*rows, rows[1]])
    theirs = assert_agree(copy)
    assert (table.name, len(rows), "primary-key") in theirs


# -- the property test --------------------------------------------------------------------------

MUTATIONS = (
    "repeat a row",
    "empty a required cell",
    "leave the enum",
    "break the pattern",
    "bad date",
    "bad boolean",
    "unknown foreign key",
)


def _columns(table: Table, mutation: str) -> list[str]:
    scalar = [c for c in table.columns if c.type != "list"]
    return {
        "empty a required cell": [c.name for c in scalar if c.required],
        "leave the enum": [c.name for c in scalar if c.enum],
        "break the pattern": [c.name for c in scalar if c.pattern],
        "bad date": [c.name for c in scalar if c.type == "date"],
        "bad boolean": [c.name for c in scalar if c.type == "boolean"],
        "unknown foreign key": [fk.column for fk in table.foreign_keys],
    }.get(mutation, [])


def _bad_value(table: Table, column: str, mutation: str) -> str:
    if mutation == "unknown foreign key":
        target = next(fk.table for fk in table.foreign_keys if fk.column == column)
        return f"{TABLE_PREFIXES[str(target)]}-nobody-here"
    return {
        "empty a required cell": "",
        "leave the enum": "not-a-value",
        "break the pattern": "not a valid value!",
        "bad date": "2022-02-30",
        "bad boolean": "maybe",
    }[mutation]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_frictionless_and_validate_agree_on_every_mutated_package(
    package: Path, tmp_path: Path, data: st.DataObject
) -> None:
    copy = tmp_path / "case"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(package, copy)
    mutation = data.draw(st.sampled_from(MUTATIONS), "mutation")
    tables = [t for t in TABLES if mutation == "repeat a row" or _columns(t, mutation)]
    table = data.draw(st.sampled_from(tables), "table")
    path = copy / "csv" / f"{table.name}.csv"
    rows = read(path)
    row = data.draw(st.integers(1, len(rows) - 1), "row")
    if mutation == "repeat a row":
        rows.append(list(rows[row]))
    else:
        column = data.draw(st.sampled_from(_columns(table, mutation)), "column")
        rows[row][rows[0].index(column)] = _bad_value(table, column, mutation)
    write(path, rows)
    assert assert_agree(copy), f"frictionless saw nothing wrong after '{mutation}' in {table.name}"
