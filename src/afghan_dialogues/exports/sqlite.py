"""`<name>.sqlite`: every table in one database file, written by the standard library's sqlite3.

A table's scalar columns are its columns here; each list column becomes a link table with one
row per item (`datamodel.tables.LinkTable`: `claims.meeting_ids` → `claim_meetings(claim_id,
position, meeting_id)`), so that a database joins on ids instead of splitting text. Primary
keys, foreign keys (also from the link tables' items), CHECK constraints for coded values and
booleans, and each column's description as a comment in its CREATE statement (which SQLite keeps,
and DB Browser and Datasette show) are declared; `PRAGMA foreign_key_check` must find nothing
before the file is kept. Two views join the names that ids stand for (`VIEWS`).

Types: TEXT; DATE for dates, stored as ISO 8601 text (SQLite has no date type; DuckDB and most
drivers read the declared type); BOOLEAN stored as 0 or 1; INTEGER. Null is NULL.

The file is written with its journal off to a hidden temporary file beside its place, then
renamed into place: SQLite writes a database file itself, in place, so the release's usual
`create` cannot write it. The same rows, SQLite library and settings give the same bytes.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.datamodel.tables import TABLES, Column, LinkTable, Table
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.batches import batches

SQL_TYPES = {"string": "TEXT", "date": "DATE", "boolean": "BOOLEAN", "integer": "INTEGER"}
_STORAGE_ERRORS = ("SQLITE_IOERR", "SQLITE_FULL", "SQLITE_CANTOPEN", "SQLITE_READONLY")
"""SQLite's codes for a file it cannot write (a full disk, a size limit): errors of the
environment, reported as such, where other SQLite errors are bugs."""
INFO_TABLE = "dataset_info"
"""Key-value table naming the dataset, its version and licence, for a database file met alone."""

VIEWS: dict[str, tuple[str, str]] = {
    "claims_with_names": (
        "One row per claim, with the names of its speaker, source, publisher and intermediaries "
        "(nearest the speaker first, joined with '; ').",
        """SELECT
  c."id" AS claim_id,
  c."speaker_id",
  speaker."name" AS speaker_name,
  (SELECT group_concat(name, '; ') FROM (
     SELECT a."name" AS name FROM "claim_via" v JOIN "actors" a ON a."id" = v."via_id"
     WHERE v."claim_id" = c."id" ORDER BY v."position")) AS via_names,
  c."source_id",
  s."title" AS source_title,
  publisher."name" AS publisher_name,
  s."url" AS source_url,
  c."quote_kind",
  c."quote",
  c."summary",
  c."stated_start",
  c."stated_end",
  c."stated_precision"
FROM "claims" c
JOIN "sources" s ON s."id" = c."source_id"
LEFT JOIN "actors" speaker ON speaker."id" = c."speaker_id"
LEFT JOIN "actors" publisher ON publisher."id" = s."publisher_id\"""",
    ),
    "meeting_participants": (
        "One row per meeting and participation (a meeting without recorded participants once, "
        "with empty participant columns), with the participant's name and kind.",
        """SELECT
  m."id" AS meeting_id,
  m."title" AS meeting_title,
  m."kind" AS meeting_kind,
  m."status",
  m."date_start",
  m."date_end",
  m."date_precision",
  m."city",
  m."country",
  m."online",
  p."actor_id",
  a."name" AS actor_name,
  a."kind" AS actor_kind,
  p."role"
FROM "meetings" m
LEFT JOIN "participants" p ON p."meeting_id" = m."id"
LEFT JOIN "actors" a ON a."id" = p."actor_id\"""",
    ),
}
"""The documented views: name → (what a row is, SELECT)."""


def database_name(name: str) -> str:
    """File name of the database of dataset `name`."""
    return f"{name}.sqlite"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _comment(text: str) -> str:
    return " ".join(text.split())


def _check(column: Column, name: str) -> str:
    if column.type == "boolean":
        return f" CHECK ({_quote(name)} IN (0, 1))"
    values = column.item_enum if column.type == "list" else column.enum
    if values:
        return f" CHECK ({_quote(name)} IN ({', '.join(repr(v) for v in values)}))"
    return ""


def _create(name: str, lines: list[tuple[str, str]], constraints: list[str]) -> str:
    """CREATE TABLE with one line per column, each followed by its comment."""
    body = [f"  {sql}," for sql, _ in lines] + [f"  {c}," for c in constraints]
    body[-1] = body[-1].removesuffix(",")
    comments = [_comment(comment) for _, comment in lines] + [""] * len(constraints)
    rendered = [
        f"{line} -- {comment}" if comment else line for line, comment in zip(body, comments, strict=True)
    ]
    return f"CREATE TABLE {_quote(name)} (\n" + "\n".join(rendered) + "\n)"


def scalar_columns(table: Table) -> tuple[Column, ...]:
    """The columns of a table that are columns of its database table (all but the lists)."""
    return tuple(c for c in table.columns if c.type != "list")


def table_statement(table: Table) -> str:
    """CREATE TABLE of one published table's scalar columns."""
    lines = []
    for column in scalar_columns(table):
        null = " NOT NULL" if table.never_null(column) else ""
        sql = f"{_quote(column.name)} {SQL_TYPES[column.type]}{null}{_check(column, column.name)}"
        lines.append((sql, column.description))
    constraints = [f"PRIMARY KEY ({', '.join(map(_quote, table.primary_key))})"]
    for fk in table.foreign_keys:
        constraints.append(
            f"FOREIGN KEY ({_quote(fk.column)}) REFERENCES {_quote(str(fk.table))} ({_quote(fk.target)})"
        )
    return _create(table.name, lines, constraints)


def link_statements(link: LinkTable) -> list[str]:
    """CREATE TABLE and the item column's index of one link table."""
    parent = link.table
    lines = [(f"{_quote(c)} TEXT NOT NULL", f"key of the `{parent.name}` row") for c in link.parent_columns]
    lines.append(
        ('"position" INTEGER NOT NULL CHECK ("position" >= 1)', "place of the item in the list, from 1")
    )
    item = link.item_column
    lines.append((f"{_quote(item)} TEXT NOT NULL{_check(link.column, item)}", link.column.description))
    keys = ", ".join(map(_quote, link.parent_columns))
    parent_keys = ", ".join(map(_quote, parent.primary_key))
    constraints = [
        f'PRIMARY KEY ({keys}, "position")',
        f"FOREIGN KEY ({keys}) REFERENCES {_quote(parent.name)} ({parent_keys})",
    ]
    if link.target is not None:
        constraints.append(f'FOREIGN KEY ({_quote(item)}) REFERENCES {_quote(link.target)} ("id")')
    index = f"CREATE INDEX {_quote(f'{link.name}_{item}')} ON {_quote(link.name)} ({_quote(item)})"
    return [_create(link.name, lines, constraints), index]


def view_statements() -> list[str]:
    """CREATE VIEW of every documented view, its description as a comment."""
    return [f"CREATE VIEW {_quote(name)} AS -- {about}\n{select}" for name, (about, select) in VIEWS.items()]


def _info_rows(info: DatasetInfo) -> list[tuple[str, str]]:
    rows = [("name", info.name), ("title", info.title), ("version", info.version)]
    rows.append(("released", info.released.isoformat() if info.released else "unreleased"))
    if info.homepage:
        rows.append(("homepage", info.homepage))
    rows += [("license", lic.name) for lic in info.licenses]
    return rows


def _sql_values(array: Any) -> list[Any]:
    """One column's values as sqlite3 takes them: dates as ISO text, booleans as 0/1."""
    if pa.types.is_date32(array.type):
        return pc.cast(array, pa.string()).to_pylist()  # type: ignore[no-any-return]
    return array.to_pylist()  # type: ignore[no-any-return]


def _rows(table: Any, names: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    for batch in batches(table.select(list(names))):
        yield from zip(*(_sql_values(column) for column in batch.columns), strict=True)


def _link_rows(table: Any, link: LinkTable) -> Iterator[tuple[Any, ...]]:
    keys = list(link.table.primary_key)
    for batch in batches(table.select([*keys, link.column.name])):
        parents = zip(*(column.to_pylist() for column in batch.columns[:-1]), strict=True)
        for key, items in zip(parents, batch.column(len(keys)).to_pylist(), strict=True):
            for position, item in enumerate(items or (), start=1):
                yield (*key, position, item)


def _insert(db: sqlite3.Connection, name: str, width: int, rows: Iterator[tuple[Any, ...]]) -> None:
    marks = ", ".join("?" * width)
    db.executemany(f"INSERT INTO {_quote(name)} VALUES ({marks})", rows)


def write_sqlite(dataset: Dataset, path: Path) -> None:
    """Write the database of `dataset` to `path`, which must not exist (its temporary file goes
    beside it, hidden, and is renamed to it once complete and checked)."""
    if path.exists() or path.is_symlink():
        raise FileExistsError(f"{path} exists")
    temporary = path.with_name(f".{path.name}.tmp")
    db = sqlite3.connect(temporary, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA page_size = 4096")
        db.execute("BEGIN")
        db.execute(
            f'CREATE TABLE {_quote(INFO_TABLE)} (\n  "key" TEXT NOT NULL, -- what the value is\n'
            '  "value" TEXT NOT NULL -- the value\n)'
        )
        _insert(db, INFO_TABLE, 2, iter(_info_rows(dataset.info)))
        indexes: list[str] = []
        for table in TABLES:
            arrow = dataset.to_arrow(table.name)
            db.execute(table_statement(table))
            names = [c.name for c in scalar_columns(table)]
            _insert(db, table.name, len(names), _rows(arrow, names))
            for link in table.links:
                create, index = link_statements(link)
                db.execute(create)
                _insert(db, link.name, len(link.parent_columns) + 2, _link_rows(arrow, link))
                indexes.append(index)
        for statement in indexes + view_statements():
            db.execute(statement)
        broken = db.execute("PRAGMA foreign_key_check").fetchmany(5)
        if broken:
            raise ValueError(f"foreign keys that point at no row (table, rowid, parent, key): {broken}")
        db.execute("COMMIT")
    except BaseException as exc:
        db.close()
        temporary.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.OperationalError) and exc.sqlite_errorname.startswith(_STORAGE_ERRORS):
            raise OSError(f"cannot write {path.name}: {exc}") from exc
        raise
    db.close()
    os.replace(temporary, path)
