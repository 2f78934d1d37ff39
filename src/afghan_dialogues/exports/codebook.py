"""The codebook: every file, table, column and coded value of a release, written from the models.

It is the page a consumer reads first, so it repeats in prose what the data package says: each
column's type, whether a value is always present, what it means and which values are allowed;
every coded value with its definition (read off the enums, as the descriptors and the workbook
read them); how the files differ and how to read them; how to verify a quote; and a diagram of
the tables and the references between them, drawn from the tables' declared references.
"""

from __future__ import annotations

import inspect

from afghan_dialogues.datamodel.enums import vocabularies
from afghan_dialogues.datamodel.models import DatasetInfo, ReportedDate
from afghan_dialogues.datamodel.tables import DATE_PARTS, TABLES, Column, Table

CODEBOOK_FILE = "codebook.md"

TYPE_NAMES = {
    "string": "string",
    "date": "date",
    "boolean": "boolean",
    "integer": "integer",
    "list": "list of string",
}


def _cell(text: str) -> str:
    """Markdown table cells cannot hold pipes or line breaks."""
    return " ".join(text.replace("|", "\\|").split())


def allowed_values(column: Column, code: str = "") -> str:
    """The values a column (or its list items) may take, or its pattern; '' when anything goes.
    `code` is put around each value (a backtick for Markdown)."""
    enum = column.item_enum if column.type == "list" else column.enum
    pattern = column.item_pattern if column.type == "list" else column.pattern
    if enum:
        return ", ".join(f"{code}{value}{code}" for value in enum)
    if pattern:
        return f"pattern {code}{pattern}{code}"
    return ""


def _table_section(table: Table) -> list[str]:
    lines = [f"## {table.name}", "", table.description, ""]
    lines.append(f"Primary key: {', '.join(f'`{k}`' for k in table.primary_key)}.")
    if table.references:
        refs = []
        for fk in table.references:
            target = (
                f"`{fk.table}.{fk.target}`" if fk.table else "the id of any table (its prefix says which)"
            )
            refs.append(f"`{fk.column}` → {target}")
        lines.append(f"References: {', '.join(refs)}.")
    lines.append("")
    lines.append(f"Files: `parquet/{table.name}.parquet`, `csv/{table.name}.csv`, `json/{table.name}.json`.")
    if table.links:
        links = ", ".join(f"`{link.column.name}` → `{link.name}`" for link in table.links)
        lines.append(f"In the SQLite file, the list columns are link tables: {links}.")
    lines += [
        "",
        "| column | type | always present | description | allowed values |",
        "|---|---|---|---|---|",
    ]
    for column in table.columns:
        present = "yes" if table.never_null(column) else "no"
        lines.append(
            f"| `{column.name}` | {TYPE_NAMES[column.type]} | {present} "
            f"| {_cell(column.description)} | {_cell(allowed_values(column, '`'))} |"
        )
    lines.append("")
    return lines


def coded_values() -> list[str]:
    """Every coded vocabulary, each value with its definition."""
    lines = ["## Coded values", ""]
    for vocabulary in vocabularies():
        lines += [f"### {vocabulary.__name__}", "", inspect.cleandoc(vocabulary.__doc__ or ""), ""]
        used = [f"`{t.name}.{c.name}`" for t in TABLES for c in t.columns if c.vocabulary is vocabulary]
        if used:
            lines += [f"Used by {', '.join(used)}.", ""]
        lines += ["| value | definition |", "|---|---|"]
        lines += [f"| `{member.value}` | {_cell(member.definition)} |" for member in vocabulary]
        lines.append("")
    return lines


def _mermaid_type(column: Column) -> str:
    return "string[]" if column.type == "list" else column.type


def er_diagram() -> list[str]:
    """A Mermaid entity-relationship diagram of the tables' keys and declared references.

    Each table shows its key and reference columns; a scalar reference is one-to-many (`|o`
    where it may be empty), a list column many-to-many, and a nested table's parent column
    points at each table it may belong to. `tombstones.merged_into` may name any id, so it has
    no line.
    """
    lines = ["```mermaid", "erDiagram"]
    for table in TABLES:
        referring = {fk.column for fk in table.references}
        if table.parent_column is not None:
            referring.add(table.parent_column)
        lines.append(f"    {table.name} {{")
        for column in table.columns:
            keys = [
                k
                for k, on in (("PK", column.name in table.primary_key), ("FK", column.name in referring))
                if on
            ]
            if keys:
                lines.append(f"        {_mermaid_type(column)} {column.name} {', '.join(keys)}")
        lines.append("    }")
    parents = {t.model: t.name for t in TABLES if not t.nested}
    for table in TABLES:
        for fk in table.references:
            column = table.column(fk.column)
            if column.type == "list" and fk.table is not None:
                lines.append(f'    {fk.table} }}o--o{{ {table.name} : "{fk.column}"')
            elif fk.table is not None:
                one = "||" if table.never_null(column) else "|o"
                lines.append(f'    {fk.table} {one}--o{{ {table.name} : "{fk.column}"')
            elif table.parent_column == fk.column:
                for parent in table.parents:
                    lines.append(f'    {parents[parent]} ||--o{{ {table.name} : "{fk.column}"')
    lines.append("```")
    return lines


_FORMATS = """\
## Files and formats

Every table is published in three files with the same rows and columns, and in two more that
hold all the tables:

- `parquet/<table>.parquet`: typed columns (dates as dates, booleans, lists as lists), each
  column's description and allowed values in the Arrow field metadata (keys `description`,
  `required`, `enum`, `pattern`) and the table's in the schema metadata. The first choice for
  pandas, polars, DuckDB, R (`arrow`) and Spark.
- `csv/<table>.csv`: the resources of `datapackage.json` (Frictionless; `frictionless validate
  datapackage.json` checks them). RFC 4180, UTF-8 without a byte order mark, CRLF line ends, a
  header row, cells quoted only where needed. A list is its items joined with `,`; a boolean is
  `true` or `false`; a date is `YYYY-MM-DD`; an empty cell is a missing value (text is never
  empty). Read every column as text and convert what you need:
  - pandas: `pd.read_csv("csv/claims.csv", dtype=str, keep_default_na=False, na_values=[""])`,
    then `claims["topics"].str.split(",")` for a list;
  - R: `read.csv("csv/claims.csv", colClasses = "character", na.strings = "", encoding = "UTF-8")`,
    then `strsplit(claims$topics, ",")`;
  - DuckDB: `SELECT * FROM read_csv('csv/claims.csv', header = true, all_varchar = true)`, then
    `string_split(topics, ',')`.
- `json/<table>.json`: one array of row objects per table, every column in every row (null
  when empty, lists as arrays, never null). Each row validates against
  `schema/rows/<table>.schema.json` (JSON Schema 2020-12).
- `<name>.sqlite`: every table in one SQLite database, with primary and foreign keys; each list
  column is a link table with one row per item (`claim_id, position, meeting_id` in
  `claim_meetings`), and two views join the names ids stand for: `claims_with_names` (speaker,
  intermediaries, source, publisher) and `meeting_participants`. Dates are ISO text in columns
  declared `DATE`, booleans 0 or 1, and the table `dataset_info` names the version. Quote the
  table name `"references"`, an SQL keyword. Opens in `sqlite3`, DB Browser for SQLite,
  Datasette, DuckDB (`ATTACH 'afghan-dialogues.sqlite' (TYPE sqlite)`) and R (`RSQLite`).
- `<name>.xlsx`: for spreadsheets. Open it rather than the CSV: a spreadsheet opening a CSV
  guesses the encoding (non-ASCII text comes out garbled), turns Hijri dates such as
  `1402-09-06` into wrong Gregorian dates and shows lists as text to split. In the workbook every
  text column is text, dates are dates, lists are joined with `; `, each table is a sheet with
  a frozen header, and the first sheet, About, explains the tables, columns and coded values.
- `schema/records/<type>.schema.json`: JSON Schema of the YAML records the tables are made
  from (a `source` with its nested `published` date, an `actor` with its spellings...), for
  those who read or write the records themselves.

Types: `string`; `date` is ISO 8601 `YYYY-MM-DD`; `boolean` is `true`/`false`; `list of string`
is a list in Parquet, an array in JSON, a link table in SQLite, items joined with "," in CSV and
with "; " in the workbook. *Always present* means the value is never null in Parquet, JSON and
SQLite (lists are then empty, not null).
"""

_VERIFY = """\
## Verifying a quote

Every claim's `quote` is a verbatim passage of its source's text, as the curators saved it. To
check a claim against its source:

1. Open the source's `url` (in `sources`; the dataset card says how many sources have one). If
   the page has changed or gone, look the address up in a web archive; the source's
   `references` (in `references`, `record_id` = the source id) name other copies and what they
   say.
2. Find the quote in the article. Quotes are compared after the normalization of
   `afghan_dialogues.datamodel.normalize.normalize_text`: Unicode NFC; typographic quotes and
   primes made straight; dashes and the minus sign made `-`; `…` made `...`; every run of
   whitespace made one space. Case and every other character must match. With the package:
   `normalize_text(quote) in normalize_text(article_text)`.
3. `text_sha256` is the SHA-256 of the UTF-8 text the curators cut from the page (the article
   body only; `snapshot_note` says what was left out) and checked every quote against. The
   texts stay with their publishers and are not in the release; the repository keeps them under
   `records/texts/<source id>.txt`, where `afghan-dialogues validate` re-checks every quote and
   hash. A copy you save yourself will seldom hash the same (layout and whitespace differ):
   compare the quote, not the hash.
4. `archived_as` names the raw page capture the text was cut from, a file of the curators'
   crawl rather than an address: it lets a maintainer holding the captures trace a text back,
   and identifies which capture two sources would share.

`quote_kind` says how the source renders the words (a direct quote, reported speech, a
paraphrase or its own assertion), `via_ids` through whom they reached the source, and `note`
any attribution decision; `records/CURATION.md` (`CURATION.md` in the release) lists every
inference with its reasoning.
"""


def render_codebook(info: DatasetInfo) -> str:
    """The codebook of a release as Markdown."""
    lines = [f"# {info.title} {info.version}: codebook", "", info.description, ""]
    lines += [*_FORMATS.splitlines(), "", *_VERIFY.splitlines(), ""]
    lines += [
        "## Reported dates",
        "",
        inspect.cleandoc(ReportedDate.__doc__ or ""),
        "",
        "A reported date `x` is published as the columns "
        + ", ".join(f"`x_{part}`" for part in DATE_PARTS)
        + ". `x_precision` is the unit the interval from `x_start` to `x_end` spans (`day` is one "
        "day; a span of days known to the day is a `range`), `x_certainty` how the date was "
        "obtained, `x_calendar` the calendar the source counts in: see Precision, Certainty and "
        "Calendar under Coded values. `x_start` and `x_end` are always Gregorian and inclusive.",
        "",
        "## Tables and references",
        "",
        "Each box is a table with its key (PK) and reference (FK) columns; a line joins a column "
        "to the table its ids point into. A list column (`string[]`) points many-to-many; in the "
        "SQLite file it is a link table.",
        "",
        *er_diagram(),
        "",
    ]
    lines += [f"- [{t.name}](#{t.name}): {t.description}" for t in TABLES]
    lines.append("")
    for table in TABLES:
        lines += _table_section(table)
    lines += coded_values()
    return "\n".join(lines).rstrip("\n") + "\n"
