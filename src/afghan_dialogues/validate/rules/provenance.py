"""Provenance: one document is one source, and nothing is left from the templates.

**One document, one source.** A raw capture (`archived_as`), a snapshot (its `text_sha256`)
and an address (`url`, compared without scheme, `www.`, fragment and trailing slash) each
belong to one source. Two sources sharing one are one article recorded twice, or a copied
value pointing at another source's capture: both records are reported, each naming the other,
since either may be the one to correct. The same article under two addresses is one source
with one `url` and the other address among its references.

**Template leftovers.** A record started from `templates/` keeps whatever was not replaced:
the templates' ids, their placeholder prose, the all-zero sha256, the placeholder capture
name. Those values are listed here (a test keeps the list in step with the templates); besides
them, any id with a placeholder segment (`yyyy`, `slug`), a TODO/FIXME/TBD or `<...>` marker in
curators' text, an address on a reserved example domain and a sha256 made of one repeated digit
(or the sha256 of an empty file) are placeholders too. Verbatim text (quotes, spellings,
titles, dates as written, what a reference says) is only compared with the templates' own
values: a source may well print "<" or "TODO".
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.tables import ID_TABLES, TABLES, Table
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.checked import Checked, positions
from afghan_dialogues.validate.rules.text import rows_and_items, text_columns

TEMPLATE_IDS = frozenset(
    {
        "src-example",
        "act-example",
        "mtg-example",
        "src-first-significant-title-words",
        "act-outlet-slug",
        "act-person-slug",
        "clm-first-title-words-001",
        "mtg-place-or-series-what-it-was",
        "act-given-family",
        "act-person",
        "act-organization",
        "clm-a",
        "clm-b",
        "act-old-id",
        "act-new-id",
    }
)
"""Ids written in `templates/`."""

TEMPLATE_TEXTS: dict[str, str] = {
    "Canonical English Name": "actor",
    "One neutral sentence identifying the actor.": "actor",
    "Identity decisions (merges, splits) with their reasoning.": "actor",
    "Why the two claims relate this way.": "claim_relation",
    "Descriptive English title": "meeting",
    "How the date was read (calendar, relative expressions, publication date).": "meeting",
    "Neutral summary of what the sources say it was.": "meeting",
    "Title exactly as shown on the page": "source",
    "Day-month-year order, as the outlet writes dates.": "source",
    "<raw capture file name>": "source",
    "Removed the comment form and the site's comment policy.": "source",
    "A verbatim passage of records/texts/<source-id>.txt": "source",
    "One neutral English sentence in your own words.": "source",
    "The Monday before publication (see the source's published date).": "source",
    "Why the id was retired.": "tombstone",
}
"""Placeholder text written in `templates/` (value: the template)."""

PLACEHOLDER_ID = r"(?:^|-)(?:yyyy|slug)(?:-|$)"
PLACEHOLDER_MARK = r"\b(?:TODO|FIXME|TBD)\b|<[A-Za-z][^<>\n]{0,60}>"
EXAMPLE_ADDRESS = (
    r"(?i)^https?://(?:[^/?#:]*\.)?(?:example\.(?:com|net|org)|example|localhost)(?::[0-9]+)?(?:[/?#]|$)"
)
"""Addresses on the domains reserved for examples in documentation (RFC 2606), and localhost."""
PLACEHOLDER_SHA256 = "^(?:" + "|".join(f"{d}{{64}}" for d in "0123456789abcdef") + ")$"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
VERBATIM = {("claims", "quote"), ("actor_names", "spelling"), ("sources", "title"), ("references", "says")}
"""Text columns copied from a document, where only the templates' own values are leftovers."""

_SHARED: tuple[tuple[str, str, str], ...] = (
    ("archived_as", "raw capture", "one capture is one document"),
    ("text_sha256", "snapshot", "byte-identical snapshots are one document"),
    ("url", "address", "one address is one document"),
)
_SHOWN = 3


def check_provenance(t: Checked) -> list[Finding]:
    """Captures, snapshots and addresses shared by sources; values left from templates."""
    return [*_shared_documents(t), *_template_ids(t), *_template_texts(t), *_placeholder_values(t)]


def _document_keys(column: str, values: Any) -> Any:
    """What makes two values one document: addresses without scheme, `www.`, fragment and
    trailing slash, in lower case; placeholder hashes are left out (they are their own finding)."""
    if column == "url":
        bare = pc.replace_substring_regex(values, r"^[Hh][Tt][Tt][Pp][Ss]?://(?:[Ww][Ww][Ww]\.)?", "")
        bare = pc.replace_substring_regex(pc.replace_substring_regex(bare, "#.*$", ""), "/+$", "")
        return pc.utf8_lower(bare)
    if column == "text_sha256":
        placeholder = pc.or_(
            pc.match_substring_regex(values, PLACEHOLDER_SHA256), pc.equal(values, EMPTY_SHA256)
        )
        return pc.if_else(placeholder, pa.scalar(None, pa.string()), values)
    return values


def _shared_documents(t: Checked) -> list[Finding]:
    sources = t.tables["sources"]
    ids = sources.column("id")
    out: list[Finding] = []
    for column, label, why in _SHARED:
        keys = _document_keys(column, sources.column(column))
        counts = pc.value_counts(keys)
        repeated = pc.filter(
            counts.field("values"),
            pc.and_(pc.is_valid(counts.field("values")), pc.greater(counts.field("counts"), 1)),
        )
        hits = positions(pc.is_in(keys, value_set=repeated, skip_nulls=True)) if len(repeated) else []
        groups: dict[str, list[int]] = defaultdict(list)
        for row in hits:
            groups[str(keys[row])].append(row)
        for rows in groups.values():
            for row in rows:
                others = [r for r in rows if r != row]
                named = ", ".join(ids[r].as_py() for r in others[:_SHOWN]) + (
                    " ..." if len(others) > _SHOWN else ""
                )
                out.append(
                    t.finding(
                        "sources",
                        row,
                        F.TRUTH_ONE_DOCUMENT_TWO_SOURCES,
                        f"{label} {sources.column(column)[row].as_py()} is also recorded for {named}",
                        column,
                        hint=f"{why}: if it is the same article, merge the records (keep one id, retire "
                        f"the other with a tombstone, give a second address as a reference); otherwise "
                        f"correct the {column} copied from {ids[others[0]].as_py()} "
                        f"({t.where('sources', others[0])})",
                    )
                )
    return out


def _template_ids(t: Checked) -> list[Finding]:
    known = pa.array(sorted(TEMPLATE_IDS), pa.string())
    out: list[Finding] = []
    for table in (*ID_TABLES, next(x for x in TABLES if x.name == "tombstones")):
        ids = t.column(table.name, "id")
        if len(ids) == 0:
            continue
        hits = pc.or_(pc.is_in(ids, value_set=known), pc.match_substring_regex(ids, PLACEHOLDER_ID))
        for row in positions(hits):
            value = ids[row].as_py()
            out.append(
                t.finding(
                    table.name,
                    row,
                    F.TRUTH_TEMPLATE_LEFTOVER,
                    f"id '{value}' is a placeholder left from a template",
                    "id",
                    hint="give the record its own id (a slug of what it is; never reused)",
                )
            )
    return out


def _template_texts(t: Checked) -> list[Finding]:
    known = pa.array(sorted(TEMPLATE_TEXTS), pa.string())
    out: list[Finding] = []
    for table in TABLES:
        for column, values, rows in text_columns(t, table):
            spec = table.column(column)
            if len(values) == 0 or spec.enum or spec.item_enum:
                continue  # coded values cannot hold a template's prose
            exact = positions(pc.is_in(values, value_set=known))
            marked = (
                []
                if _verbatim(table, column)
                else positions(pc.match_substring_regex(values, PLACEHOLDER_MARK))
            )
            hits = sorted(set(exact) | set(marked))
            if not hits:
                continue
            found = values.take(pa.array(hits, pa.int64())).to_pylist()
            for (row, item), value in zip(rows_and_items(t, table, column, rows, hits), found, strict=True):
                if value in TEMPLATE_TEXTS:
                    message = f"'{value}' is the placeholder text of templates/{TEMPLATE_TEXTS[value]}.yaml"
                    hint = "write the record's own value in its place"
                else:
                    mark = re.search(PLACEHOLDER_MARK, value)
                    message = f"placeholder '{mark.group(0) if mark else value}' left in the text"
                    hint = "replace the placeholder with what it stands for, or remove it"
                out.append(
                    t.finding(
                        table.name, row, F.TRUTH_TEMPLATE_LEFTOVER, message, column, hint=hint, item=item
                    )
                )
    return out


def _verbatim(table: Table, column: str) -> bool:
    spec = table.column(column)
    return (table.name, column) in VERBATIM or (spec.date is not None and spec.date[1] == "as_written")


_Check = tuple[str, str, Callable[[Any], Any], str, str]


def _placeholder_values(t: Checked) -> list[Finding]:
    checks: tuple[_Check, ...] = (
        (
            "sources",
            "text_sha256",
            lambda v: pc.or_(pc.match_substring_regex(v, PLACEHOLDER_SHA256), pc.equal(v, EMPTY_SHA256)),
            "is a placeholder (or the sha256 of an empty file)",
            "record the sha256 of texts/<source-id>.txt, the article body (`sha256sum`)",
        ),
        (
            "sources",
            "url",
            lambda v: pc.match_substring_regex(v, EXAMPLE_ADDRESS),
            "is an example address",
            "give the page's own address, or leave url empty when it is not known",
        ),
        (
            "references",
            "url",
            lambda v: pc.match_substring_regex(v, EXAMPLE_ADDRESS),
            "is an example address",
            "give the address of the page cited, or a citation instead",
        ),
    )
    out: list[Finding] = []
    for table, column, test, what, hint in checks:
        values = t.column(table, column)
        if len(values) == 0:
            continue
        for row in positions(test(values)):
            out.append(
                t.finding(
                    table,
                    row,
                    F.TRUTH_TEMPLATE_LEFTOVER,
                    f"{column} {values[row].as_py()} {what}",
                    column,
                    hint=hint,
                )
            )
    return out
