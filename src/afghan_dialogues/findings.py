"""Typed findings: every problem has a stable code, a position and a hint.

Codes are the machine-readable contract of `validate` (scripts filter on them, tests assert
them); messages are for people and may be reworded. Each code is declared once here with its
default severity and a description, from which the README table of checks is written.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import IntEnum


class Severity(IntEnum):
    """Ordered so that `>=` means "at least as bad as"."""

    info = 0
    warning = 1
    error = 2


@dataclass(frozen=True)
class Code:
    """A kind of finding."""

    code: str
    severity: Severity
    description: str


_CODES: dict[str, Code] = {}


def _declare(code: str, severity: Severity, description: str) -> str:
    _CODES[code] = Code(code, severity, description)
    return code


E, W = Severity.error, Severity.warning

# Layer 1: parse
PARSE_ENCODING = _declare("parse/encoding", E, "File is not valid UTF-8.")
PARSE_BOM = _declare("parse/bom", E, "File starts with a byte order mark.")
PARSE_TAB = _declare("parse/tab", E, "Tab character used for indentation.")
PARSE_EMPTY = _declare("parse/empty", E, "File holds no data.")
PARSE_SYNTAX = _declare("parse/syntax", E, "YAML syntax error.")
PARSE_DUPLICATE_KEY = _declare("parse/duplicate-key", E, "A key appears twice in one mapping.")
PARSE_UNKNOWN_FILE = _declare("parse/unknown-file", E, "File outside the known records layout.")
PARSE_STRUCTURE = _declare(
    "parse/structure", E, "File does not have the top-level shape its location requires."
)
PARSE_FILE_NAME = _declare("parse/file-name", E, "Source file not named after its source id.")
PARSE_UNREADABLE = _declare("parse/unreadable", E, "File or folder cannot be read.")
PARSE_ALIAS = _declare("parse/alias", E, "YAML anchor or alias: records write every value out.")
PARSE_CONTROL_CHARACTER = _declare(
    "parse/control-character", E, "Control character (NUL, escape...) in a file or a text value."
)
PARSE_INVISIBLE_CHARACTER = _declare(
    "parse/invisible-character", W, "Text holds zero-width, bidi-control or other invisible characters."
)
PARSE_NOT_NFC = _declare("parse/not-nfc", W, "Text is not in Unicode NFC normal form.")
# Layer 2: model
MODEL_UNKNOWN_FIELD = _declare("model/unknown-field", E, "Key not defined by the model.")
MODEL_MISSING_FIELD = _declare("model/missing-field", E, "Required field is absent.")
MODEL_TYPE = _declare("model/type", E, "Value has the wrong type.")
MODEL_VALUE = _declare("model/value", E, "Value is not allowed (enum, pattern, length).")
MODEL_BAD_ID = _declare(
    "model/bad-id", E, "Id is malformed: wrong prefix, invisible or non-ASCII characters."
)
MODEL_SPEAKER_MISSING = _declare(
    "model/speaker-missing", E, "Claim without speaker outside the one case that allows it."
)
MODEL_DATE_NOTE_MISSING = _declare(
    "model/date-note-missing", E, "Inferred, approximate or converted date without a note."
)
MODEL_DATE_BOUNDS = _declare(
    "model/date-bounds", E, "Date without any bound, or bounds that do not fit the precision."
)
# Layer 3: identity
IDENTITY_DUPLICATE_ID = _declare("identity/duplicate-id", E, "Id used by two records.")
IDENTITY_DUPLICATE_KEY = _declare("identity/duplicate-key", E, "Two relationship records with the same key.")
IDENTITY_ALIAS_COLLISION = _declare("identity/alias-collision", E, "One spelling recorded for two actors.")
IDENTITY_LIKELY_DUPLICATE_ACTOR = _declare(
    "identity/likely-duplicate-actor", W, "Two actors whose normalized names match."
)
IDENTITY_TOMBSTONE_IN_USE = _declare("identity/tombstone-in-use", E, "A retired id is also a live record.")
# Layer 4: references
REF_DANGLING = _declare("ref/dangling", E, "Referenced id does not exist.")
REF_RETIRED = _declare("ref/retired", E, "Reference points at a retired id.")
REF_WRONG_KIND = _declare("ref/wrong-kind", E, "Reference points at an actor of the wrong kind.")
REF_ORPHAN = _declare("ref/orphan", W, "Record nothing refers to.")
REF_SELF_RELATION = _declare("ref/self-relation", E, "Claim related to itself.")
REF_NO_ADDRESS = _declare("ref/no-address", E, "Outside reference with neither url nor citation.")
REF_SOURCE_NOT_EVIDENCE = _declare(
    "ref/source-not-evidence", E, "Source listed as evidence does not mention the record."
)
# Layer 5: evidence
EVIDENCE_SNAPSHOT_MISSING = _declare("evidence/snapshot-missing", E, "Source has no text snapshot.")
EVIDENCE_SNAPSHOTS_ABSENT = _declare(
    "evidence/snapshots-absent", W, "Records folder without texts/: the evidence was not checked."
)
EVIDENCE_SNAPSHOT_ORPHAN = _declare("evidence/snapshot-orphan", W, "Snapshot without a source record.")
EV_SHA256 = _declare("evidence/sha256-mismatch", E, "Snapshot does not match its recorded sha256.")
EVIDENCE_QUOTE_NOT_FOUND = _declare(
    "evidence/quote-not-found", E, "Quote not found verbatim in the snapshot."
)
EVIDENCE_QUOTE_TOO_SHORT = _declare(
    "evidence/quote-too-short", E, "Quote so short it proves nothing (under four words)."
)
EVIDENCE_NAME_NOT_IN_SOURCE = _declare(
    "evidence/name-not-in-source", W, "Recorded spelling not found in a listed source."
)
# Layer 6: time
TIME_END_BEFORE_START = _declare("time/end-before-start", E, "Interval ends before it starts.")
TIME_STATED_AFTER_PUBLISHED = _declare(
    "time/stated-after-published", E, "Claim stated after its source was published."
)
TIME_HELD_AFTER_REPORT = _declare(
    "time/held-after-report", E, "Held meeting dated after a source that reports it."
)
TIME_CALENDAR_MISMATCH = _declare(
    "time/calendar-mismatch", E, "Hijri original and Gregorian bounds disagree."
)
TIME_IN_FUTURE = _declare("time/in-future", E, "Publication or held-meeting date in the future.")
# Layer 7: truth — lifetimes and dates as written
TRUTH_AFTER_DEATH = _declare(
    "truth/after-death", E, "Actor takes part, holds a role, speaks or relays after its death or end."
)
TRUTH_UNDATED_WORDS_OF_THE_DEAD = _declare(
    "truth/undated-words-of-the-dead",
    W,
    "Undated claim whose speaker died before its source was published (likely a namesake).",
)
TRUTH_BEFORE_BIRTH = _declare(
    "truth/before-birth", E, "Actor takes part, holds a role, speaks or relays before its birth or founding."
)
TRUTH_WEEKDAY_MISMATCH = _declare(
    "truth/weekday-mismatch", E, "Date does not fall on the weekday `as_written` names."
)
TRUTH_RELATIVE_DATE = _declare(
    "truth/relative-date", W, "Relative expression does not give the recorded date from the publication date."
)
TRUTH_DAY_MONTH_ORDER = _declare(
    "truth/day-month-order", W, "Ambiguous numeric date whose note does not say which order was read."
)
TRUTH_NUMERIC_DATE_MISMATCH = _declare(
    "truth/numeric-date-mismatch",
    E,
    "Recorded date is not the numeric date written, in the order the note states.",
)
# Layer 7: truth — meetings, provenance, text and citations
TRUTH_DUPLICATE_MEETING = _declare(
    "truth/duplicate-meeting",
    W,
    "Two meetings of compatible kinds, overlapping dates and one place that share a participant or a source.",
)
TRUTH_MEETING_SOURCE_MISSING = _declare(
    "truth/meeting-source-missing", E, "A source whose claims point at a meeting is not among its sources."
)
TRUTH_PARTICIPATION_SOURCE_SILENT = _declare(
    "truth/participation-source-silent",
    E,
    "Source cited for a participation says nothing about the meeting (not its source, no claim on it).",
)
TRUTH_ONE_DOCUMENT_TWO_SOURCES = _declare(
    "truth/one-document-two-sources", E, "Two sources share a raw capture, a snapshot or an address."
)
TRUTH_TEMPLATE_LEFTOVER = _declare(
    "truth/template-leftover", E, "Value left from a template or placeholder (TODO, <...>, example URL)."
)
TRUTH_SPREADSHEET_FORMULA = _declare(
    "truth/spreadsheet-formula", E, "Text starts with =, +, -, @, a tab or a carriage return."
)
TRUTH_OUTSIDE_KNOWLEDGE_UNCITED = _declare(
    "truth/outside-knowledge-uncited", E, "A note rests on outside knowledge but no reference cites it."
)
# Layer 7: package
PACKAGE_STALE_SCHEMA = _declare("package/stale-schema", E, "Committed schema file differs from the models.")
PACKAGE_INVALID = _declare("package/invalid", E, "Generated data package fails Frictionless validation.")
# Layer 8: release
RELEASE_VERSION_NOT_NEW = _declare(
    "release/version-not-new", E, "Version not greater than the previous release."
)
RELEASE_CHANGELOG_MISSING = _declare(
    "release/changelog-missing", E, "CHANGELOG has no entry for the version."
)
RELEASE_ID_LOST = _declare("release/id-lost", E, "Id of the previous release gone without a tombstone.")
RELEASE_WARNINGS = _declare("release/warnings", E, "A release must have no warnings.")
RELEASE_PREVIOUS_UNREADABLE = _declare("release/previous-unreadable", E, "Previous release cannot be read.")
# A release folder as downloaded (it holds SHA256SUMS)
RELEASE_CHECKSUM_MISMATCH = _declare(
    "release/checksum-mismatch", E, "A file's SHA-256 or size is not what the release's checksums say."
)
RELEASE_FILE_MISSING = _declare(
    "release/file-missing", E, "A file the release's checksums list is not there."
)
RELEASE_FILE_UNLISTED = _declare(
    "release/file-unlisted", E, "A file in the release that its checksums do not list."
)
RELEASE_FORMATS_DISAGREE = _declare(
    "release/formats-disagree", E, "A table's CSV, JSON, SQLite or workbook rows are not its Parquet rows."
)


def codes() -> dict[str, Code]:
    """All declared codes, in declaration order."""
    return dict(_CODES)


@dataclass(frozen=True)
class Finding:
    """One problem, located as precisely as the input allows."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    record_id: str | None = None
    field: str | None = None
    hint: str | None = None
    severity: Severity | None = None

    def __post_init__(self) -> None:
        if self.code not in _CODES:
            raise KeyError(f"undeclared finding code {self.code!r}")
        if self.severity is None:
            object.__setattr__(self, "severity", _CODES[self.code].severity)

    @property
    def level(self) -> Severity:
        """The severity, never None after construction."""
        assert self.severity is not None
        return self.severity

    def where(self) -> str:
        """`file:line` as far as known."""
        if self.file is None:
            return "-"
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def sort_key(self) -> tuple[str, int, str, str]:
        """Stable report order: by file, line, code."""
        return (self.file or "", self.line or 0, self.code, self.message)

    def to_dict(self) -> dict[str, object]:
        """Flat JSON-ready form."""
        out = asdict(self)
        out["severity"] = self.level.name
        return out
