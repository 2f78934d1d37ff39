"""One document, one source; nothing left from the templates."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from afghan_dialogues.datamodel import enums
from afghan_dialogues.validate.rules.provenance import PLACEHOLDER_SHA256, TEMPLATE_IDS, TEMPLATE_TEXTS
from helpers import Edit, codes, findings, line_of
from second_source import SECOND, second_source

SHARED = "truth/one-document-two-sources"
LEFTOVER = "truth/template-leftover"
SOURCE = "sources/src-example-report.yaml"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

REAL_EXAMPLES = {
    "Ahmad Masoud": "a spelling of the bundled records",
    "spokesperson": "a role as sources word it",
    "Herat Security Dialogue": "a real series",
    "Vienna": "a real city",
    "AT": "a real country code",
    "en": "a language tag",
    "on the 12th": "dates as written are verbatim from a source",
    "on Monday": "dates as written are verbatim from a source",
    "05-12-2022 09:30 AM": "dates as written are verbatim from a source",
    "1402-09-12": "a Solar Hijri date",
    "0.2.0": "a version",
}
"""Template values that are ordinary values a record may hold (not placeholders)."""


def _scalars(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _scalars(item)
    elif isinstance(value, list):
        for item in value:
            yield from _scalars(item)
    elif value is not None:
        yield value


def test_every_value_of_the_templates_is_a_known_placeholder_or_an_ordinary_value() -> None:
    coded = {
        m.value for e in vars(enums).values() if isinstance(e, type) and issubclass(e, enum.Enum) for m in e
    }
    unknown = [
        (path.name, value)
        for path in sorted(TEMPLATES.glob("*.yaml"))
        for value in _scalars(yaml.safe_load(path.read_text(encoding="utf-8")))
        if not isinstance(value, (dt.date, bool))
        and value != ""
        and value not in TEMPLATE_IDS
        and value not in TEMPLATE_TEXTS
        and value not in coded
        and value not in REAL_EXAMPLES
        and not re.fullmatch(PLACEHOLDER_SHA256, str(value))
    ]
    assert unknown == [], "classify these template values in provenance.py or REAL_EXAMPLES"


def test_every_listed_placeholder_is_still_in_a_template() -> None:
    written = {
        value
        for path in TEMPLATES.glob("*.yaml")
        for value in _scalars(yaml.safe_load(path.read_text(encoding="utf-8")))
    }
    assert (set(TEMPLATE_IDS) | set(TEMPLATE_TEXTS)) - written == set()


def test_the_source_template_carries_no_other_sources_capture() -> None:
    template = yaml.safe_load((TEMPLATES / "source.yaml").read_text(encoding="utf-8"))
    bundled = Path(__file__).resolve().parent.parent / "records" / "sources"
    captures = {
        yaml.safe_load(p.read_text(encoding="utf-8"))["source"].get("archived_as")
        for p in bundled.glob("*.yaml")
    }
    assert template["source"]["archived_as"] not in captures


def add_second(records: Path, **options: str) -> None:
    for rel, text in second_source(**options):
        (records / rel).write_text(text, encoding="utf-8")


def test_a_capture_shared_by_two_sources_is_reported_on_both(records: Path, edit: Edit) -> None:
    edit(SOURCE, "  text_sha256:", "  archived_as: 003_capture.txt\n  text_sha256:")
    add_second(records, header="  archived_as: 003_capture.txt\n")
    found = sorted((f.record_id, f.field, f.line) for f in findings(records) if f.code == SHARED)
    assert found == [
        ("src-example-report", "archived_as", line_of(records / SOURCE, "archived_as")),
        (SECOND, "archived_as", line_of(records / f"sources/{SECOND}.yaml", "archived_as")),
    ]
    message = next(f.message for f in findings(records) if f.record_id == SECOND and f.code == SHARED)
    assert "003_capture.txt" in message and "src-example-report" in message


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        ("https://outlet.test/a", "http://www.outlet.test/a/", True),
        ("https://outlet.test/a", "https://outlet.test/a#comments", True),
        ("https://outlet.test/a", "https://outlet.test/b", False),
    ],
)
def test_addresses_are_compared_without_scheme_www_fragment_and_trailing_slash(
    records: Path, edit: Edit, first: str, second: str, shared: bool
) -> None:
    edit(SOURCE, "  kind: news_report", f"  url: {first}\n  kind: news_report")
    add_second(records, header=f"  url: {second}\n")
    assert (SHARED in codes(records)) is shared


def test_byte_identical_snapshots_are_one_document(records: Path) -> None:
    add_second(records, snapshot=(records / "texts" / "src-example-report.txt").read_text(encoding="utf-8"))
    assert {(f.record_id, f.field) for f in findings(records) if f.code == SHARED} == {
        (SECOND, "text_sha256"),
        ("src-example-report", "text_sha256"),
    }


def test_placeholder_hashes_are_leftovers_not_a_shared_snapshot(records: Path, edit: Edit) -> None:
    sha = hashlib.sha256((records / "texts" / "src-example-report.txt").read_bytes()).hexdigest()
    edit(SOURCE, sha, f"'{'0' * 64}'")
    found = codes(records)
    assert LEFTOVER in found and SHARED not in found


def test_the_hash_of_an_empty_file_is_a_placeholder(records: Path, edit: Edit) -> None:
    sha = hashlib.sha256((records / "texts" / "src-example-report.txt").read_bytes()).hexdigest()
    edit(SOURCE, sha, f"'{hashlib.sha256(b'').hexdigest()}'")
    assert LEFTOVER in codes(records)


@pytest.mark.parametrize("text", sorted(TEMPLATE_TEXTS))
def test_each_placeholder_text_of_the_templates_is_reported(records: Path, edit: Edit, text: str) -> None:
    path = edit(
        "meetings.yaml",
        "    country: AT\n",
        f"    country: AT\n    notes: '{text.replace(chr(39), chr(39) * 2)}'\n",
    )
    (finding,) = [f for f in findings(records) if f.code == LEFTOVER]
    assert (finding.line, finding.field) == (line_of(path, "notes:"), "notes")


@pytest.mark.parametrize("value", ["TODO", "check FIXME later", "TBD", "see <outlet>"])
def test_placeholder_marks_in_curators_text_are_reported(records: Path, edit: Edit, value: str) -> None:
    edit("actors.yaml", "    description: A news outlet.", f"    description: A news outlet, {value}.")
    assert LEFTOVER in codes(records)


@pytest.mark.parametrize("word", ["todo", "Todos", "<3 hearts", "a < b > c"])
def test_ordinary_words_and_signs_are_not_placeholders(records: Path, edit: Edit, word: str) -> None:
    edit("actors.yaml", "    description: A news outlet.", f"    description: 'A news outlet, {word}.'")
    assert LEFTOVER not in codes(records)


def test_verbatim_text_is_only_compared_with_the_templates_values(records: Path, edit: Edit) -> None:
    edit("texts/src-example-report.txt", "nothing more.", "nothing more. <b>TODO</b>")
    sha = hashlib.sha256((records / "texts" / "src-example-report.txt").read_bytes()).hexdigest()
    edit(
        SOURCE, "quote: said the meeting was a first step - nothing more", "quote: nothing more. <b>TODO</b>"
    )
    old = next(
        line.split(": ")[1] for line in (records / SOURCE).read_text().splitlines() if "text_sha256" in line
    )
    edit(SOURCE, old, sha)
    found = codes(records)
    assert "evidence/quote-not-found" not in found and LEFTOVER not in found


@pytest.mark.parametrize(
    ("table_file", "old", "new"),
    [
        (
            "tombstones.yaml",
            "  - id: act-ahmad-masoud",
            "  - id: act-new-id\n    reason: withdrawn\n    note: Gone.\n  - id: act-ahmad-masoud",
        ),
        ("meetings.yaml", "  - id: mtg-vienna-2022-10", "  - id: mtg-vienna-yyyy-mm-slug"),
        ("actors.yaml", "  - id: act-example-outlet", "  - id: act-outlet-slug"),
    ],
)
def test_template_ids_are_reported(records: Path, edit: Edit, table_file: str, old: str, new: str) -> None:
    path = edit(table_file, old, new)
    leftovers = [f for f in findings(records) if f.code == LEFTOVER]
    assert [(f.field, f.line) for f in leftovers] == [("id", line_of(path, new.splitlines()[0]))]


@pytest.mark.parametrize(
    ("url", "reported"),
    [
        ("https://example.com/a", True),
        ("http://www.EXAMPLE.org", True),
        ("https://news.example/a", True),
        ("http://localhost:8000/a", True),
        ("https://example.com.af/a", False),
        ("https://myexample.org/a", False),
        ("https://outlet.test/a", False),
    ],
)
def test_example_addresses_are_placeholders(records: Path, edit: Edit, url: str, reported: bool) -> None:
    edit(
        "meetings.yaml",
        "    country: AT\n",
        f"    country: AT\n    references:\n      - url: {url}\n"
        "        says: Held.\n        supports: date\n",
    )
    assert (LEFTOVER in codes(records)) is reported


def test_the_source_templates_placeholder_capture_is_reported(records: Path, edit: Edit) -> None:
    template = yaml.safe_load((TEMPLATES / "source.yaml").read_text(encoding="utf-8"))
    path = edit(
        SOURCE, "  text_sha256:", f"  archived_as: {template['source']['archived_as']}\n  text_sha256:"
    )
    (finding,) = [f for f in findings(records) if f.code == LEFTOVER]
    assert (finding.field, finding.line) == ("archived_as", line_of(path, "archived_as"))
