"""`new-source`: the clerical part of adding a document, done the same way every time.

It stores the text snapshot, records its sha256, proposes an id, and writes a source file in
which every field a person must decide is present and empty, so that `validate` refuses the
file until each is filled in and nothing has to be deleted. Nothing is fetched: the text is
the file a maintainer saved (the machine may be offline, and the page may have changed).

Source ids are `src-` and the first significant words of the title (MAINTAINING.md): a label
that helps a reader, chosen once. They carry no publication date and no publisher, which
may be corrected later while an id never changes; a title corrected later keeps its id too.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from anyascii import anyascii
from ruamel.yaml import YAML

from afghan_dialogues.atomic_files import create_file
from afghan_dialogues.datamodel.enums import Calendar, Certainty, Precision, SourceKind
from afghan_dialogues.datamodel.ids import SLUG
from afghan_dialogues.datamodel.models import Actor, Claim, Source, Tombstone
from afghan_dialogues.datamodel.normalize import name_key
from afghan_dialogues.recordfiles.layout import SOURCES_DIR, snapshot_path, source_path
from afghan_dialogues.recordfiles.loader import Loaded, load_folder

SLUG_WORDS = 5
"""Significant title words in a proposed id: enough to recognise the document, short to type."""

CLAIM_PREFIX_WORDS = 3
"""Words of the source slug in its claims' ids: claim ids are typed often and read in lists."""

_STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have",
    "he", "her", "his", "in", "into", "is", "it", "its", "of", "on", "or", "our", "over", "s",
    "says", "she", "than", "that", "the", "their", "they", "this", "to", "under", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "why", "will", "with",
})  # fmt: skip
"""Words left out of a proposed id: they make it longer, not easier to recognise."""
_SOURCE_ID = re.compile(rf"^src-{SLUG}$")
_URL = re.compile(r"^https?://\S+$")


class NewSourceError(Exception):
    """The source cannot be started as asked; nothing was written."""


@dataclass(frozen=True)
class Publisher:
    """The outlet as `--publisher` gave it: an existing actor, or an actor still to add."""

    actor_id: str
    existing: bool
    name: str | None = None
    """The name given, when the actor is still to be added."""


@dataclass(frozen=True)
class NewSource:
    """What `new_source` wrote."""

    source_id: str
    snapshot: Path
    source_file: Path
    sha256: str
    title: str
    claim_prefix: str
    publisher: Publisher | None


def title_of(text: str) -> str:
    """The first non-empty line of a snapshot, which is where a saved article body starts."""
    for line in text.removeprefix("\ufeff").splitlines():
        if line.strip():
            return " ".join(line.split())
    raise NewSourceError("the text is empty")


def inside_installed_package(root: Path) -> bool:
    """Whether a records folder is the copy an installed wheel carries (`_data/records`), which
    is not a place to add sources: the next upgrade replaces it, and no review sees it."""
    package = Path(__file__).resolve().parent
    return root.resolve().is_relative_to(package)


def slug(text: str, words: int = SLUG_WORDS) -> str:
    """Lowercase ASCII slug of the first significant words of `text` ('' when it has none)."""
    ascii_words = re.findall(r"[a-z0-9]+", anyascii(text).lower())
    significant = [w for w in ascii_words if w not in _STOP_WORDS]
    return "-".join(significant[:words])


def free_id(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is first not taken (ids are never reused)."""
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def _ids(loaded: Loaded, *models: type) -> set[str]:
    return {
        rid
        for entry in loaded.entries
        if entry.model in models
        and isinstance(entry.data, dict)
        and isinstance(rid := entry.data.get("id"), str)
    }


def taken_source_ids(root: Path, loaded: Loaded) -> set[str]:
    """Source ids in use or retired, and the names of source and snapshot files already there."""
    taken = _ids(loaded, Source, Tombstone) | set(loaded.texts)
    sources = root / SOURCES_DIR
    if sources.is_dir():
        taken |= {path.stem for path in sources.glob("*.yaml")}
    return taken


def claim_id_prefix(source_id: str, loaded: Loaded) -> str:
    """`clm-` and the first words of the source id's slug, made unique when claims of another
    source already use it; the claims add `-001`, `-002`..."""
    words = source_id.removeprefix("src-").split("-")[:CLAIM_PREFIX_WORDS]
    used = {claim.rsplit("-", 1)[0] for claim in _ids(loaded, Claim, Tombstone)}
    return free_id("clm-" + "-".join(words), used)


def resolve_publisher(value: str, loaded: Loaded) -> Publisher:
    """An actor id, or a name matched against every actor's canonical name and spellings.

    A name no actor has becomes the id the actor would get (`act-` and the slug of the name),
    so that `validate` reports it until the outlet is added to actors.yaml.
    """
    actors = [e.data for e in loaded.entries if e.model is Actor and isinstance(e.data, dict)]
    ids = {a["id"] for a in actors if isinstance(a.get("id"), str)}
    if value.startswith("act-"):
        if value not in ids:
            raise NewSourceError(
                f"no actor '{value}' in actors.yaml; give the outlet's name instead, or add the actor first"
            )
        return Publisher(value, existing=True)
    key = name_key(value)
    matches = sorted(
        {a["id"] for a in actors if key in _name_keys(a) and isinstance(a.get("id"), str)},
    )
    if len(matches) > 1:
        raise NewSourceError(f"'{value}' names several actors ({', '.join(matches)}); pass the actor id")
    if matches:
        return Publisher(matches[0], existing=True)
    words = slug(value, words=8)
    if not words:
        raise NewSourceError(f"cannot make an actor id from '{value}'; pass an actor id")
    return Publisher(free_id(f"act-{words}", ids | _ids(loaded, Tombstone)), existing=False, name=value)


def _name_keys(actor: dict[str, object]) -> set[str]:
    names = [actor.get("name")]
    spellings = actor.get("names")
    if isinstance(spellings, list):
        names += [n.get("spelling") for n in spellings if isinstance(n, dict)]
    return {name_key(n) for n in names if isinstance(n, str)}


def _scalar(value: str) -> str:
    """A one-line string as a YAML scalar, quoted as `fmt` (ruamel.yaml) quotes it: plain when
    YAML reads it back as the same string, quoted otherwise."""
    yaml = YAML(typ="rt")
    yaml.width = 1_000_000
    out = io.StringIO()
    yaml.dump({"v": value}, out)
    return out.getvalue().removeprefix("v: ").rstrip("\n")


def _choices(values: Iterable[str]) -> str:
    return " | ".join(values)


def source_yaml(
    source_id: str,
    *,
    title: str,
    url: str | None,
    publisher_id: str | None,
    language: str,
    sha256: str,
    archived_as: str | None,
    retrieved: str | None,
    claim_prefix: str,
) -> str:
    """The new source file: known values filled in, every value to decide present and empty.

    An empty string is a string (the right type) that `validate` still refuses, and an empty
    date bound is allowed by the model but refused by the date checks while both are empty.
    """
    lines = [
        "source:",
        f"  id: {source_id}",
        f"  title: {_scalar(title)}",
        f"  publisher_id: {publisher_id or ''}".rstrip()
        + "  # the outlet; empty when the page does not show it (say why in notes)",
        "  author_ids: []  # people the page names as authors",
        f"  url: {_scalar(url)}" if url else "  url:",
        f"  kind: ''  # {_choices(SourceKind)}",
        f"  language: {_scalar(language)}  # BCP-47 language of the snapshot text",
        "  original_language:  # only when known; otherwise say in notes",
        "  published:",
        "    as_written: ''  # the date exactly as the page shows it, or: no date on the page",
        f"    calendar: ''  # {_choices(Calendar)}: read the date against the events it describes",
        "    start:  # first and last Gregorian day (YYYY-MM-DD) the date can be",
        "    end:",
        f"    precision: ''  # {_choices(Precision)}",
        f"    certainty: ''  # {_choices(Certainty)}",
        "    note:  # how the date was read; required unless stated and Gregorian",
        f"  retrieved: {retrieved}" if retrieved else "  retrieved:  # day the page was saved, when known",
    ]
    if archived_as:
        lines.append(f"  archived_as: {_scalar(archived_as)}")
    lines += [
        f"  text_sha256: {sha256}",
        "  snapshot_note: ''  # what was cut from the page to make the snapshot, or: Nothing removed.",
        "  notes:",
        f"claims: []  # ids {claim_prefix}-001, {claim_prefix}-002... in text order (MAINTAINING.md)",
    ]
    return "\n".join(lines) + "\n"


def new_source(
    root: Path,
    text_file: Path,
    *,
    url: str | None = None,
    publisher: str | None = None,
    source_id: str | None = None,
    title: str | None = None,
    language: str = "en",
    archived_as: str | None = None,
    retrieved: str | None = None,
) -> NewSource:
    """Store the snapshot and write the source file in the records folder `root`; raise
    NewSourceError (writing nothing) when an input is wrong or a file would be overwritten."""
    try:
        raw = text_file.read_bytes()
    except OSError as exc:
        raise NewSourceError(f"cannot read {text_file}: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NewSourceError(f"{text_file} is not UTF-8 (byte {exc.start}); save it as UTF-8") from exc
    title = " ".join(title.split()) if title else title_of(text)
    if not title:
        raise NewSourceError("the title is empty")
    if url is not None and not _URL.match(url):
        raise NewSourceError(f"'{url}' is not an http(s) address")
    loaded = load_folder(root)
    taken = taken_source_ids(root, loaded)
    if source_id is None:
        words = slug(title)
        if not words:
            raise NewSourceError(f"the title '{title}' has no word to make an id from; pass --id")
        source_id = free_id(f"src-{words}", taken)
    elif not _SOURCE_ID.match(source_id):
        raise NewSourceError(
            f"'{source_id}' is not a source id: 'src-' and lowercase letters, digits and single hyphens"
        )
    elif source_id in taken:
        raise NewSourceError(f"'{source_id}' is already used or retired; ids are never reused")
    found = resolve_publisher(publisher, loaded) if publisher else None
    snapshot, target = snapshot_path(root, source_id), source_path(root, source_id)
    for path in (snapshot, target):
        if path.exists():
            raise NewSourceError(f"{path} already exists; nothing written")
    digest = hashlib.sha256(raw).hexdigest()
    prefix = claim_id_prefix(source_id, loaded)
    document = source_yaml(
        source_id,
        title=title,
        url=url,
        publisher_id=found.actor_id if found else None,
        language=language,
        sha256=digest,
        archived_as=archived_as,
        retrieved=retrieved,
        claim_prefix=prefix,
    )
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        create_file(snapshot, raw)
    except FileExistsError as exc:
        raise NewSourceError(f"{snapshot} already exists; nothing written") from exc
    try:
        create_file(target, document.encode("utf-8"))
    except BaseException as exc:
        snapshot.unlink(missing_ok=True)
        if isinstance(exc, FileExistsError):
            raise NewSourceError(f"{target} already exists; nothing written") from exc
        raise
    return NewSource(source_id, snapshot, target, digest, title, prefix, found)


def next_steps(made: NewSource, shown: str) -> list[str]:
    """What a maintainer does next, in order, with the commands to run."""
    sid = made.source_id
    steps = []
    if made.publisher is not None and not made.publisher.existing:
        steps.append(
            f"Add the outlet '{made.publisher.name}' to {shown}/actors.yaml as {made.publisher.actor_id} "
            "(kind media_outlet; templates/actor.yaml), or correct publisher_id."
        )
    steps += [
        f"Read the text and fill in every '' in {shown}/sources/{sid}.yaml: kind, published "
        "(as_written, calendar, start, end, precision, certainty, and a note unless stated and "
        "Gregorian) and snapshot_note; author_ids, original_language, retrieved and notes when known.",
        f"afghan-dialogues scan {sid}: the actors, spellings and meetings the text names that the "
        "records already know, names that match no actor, and the passages no claim covers yet.",
        f"Add one claim per attributed statement under claims: ({made.claim_prefix}-001, "
        f"{made.claim_prefix}-002, ... in text order; templates/source.yaml shows one), then the new "
        "actors, spellings, meetings, participations and affiliations in the registries.",
        "afghan-dialogues fmt, then afghan-dialogues validate --strict, until it reports nothing; "
        f"afghan-dialogues scan {sid} again until every passage is covered or deliberately left out.",
        "Write each inference into records/CURATION.md and the addition under ### Data in "
        "CHANGELOG.md, then afghan-dialogues stats --write-readme (MAINTAINING.md: versions and releases).",
    ]
    return steps
