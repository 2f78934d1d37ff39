"""The dataset card (`datacard.md` in every release, and a summary of it in the README).

Everything in it that depends on the data is computed from the tables, so it cannot go stale:
what the sources are and how the records describe their publishers and authors, the counts,
the fill rate of every column, and the limitations that numbers can show (the share of
editorial claims, actors spoken about who speak in no claim, undated and inferred dates). What
the card says about a publisher's or author's position is what the records say (their actor
descriptions and the curators' notes), quoted and attributed, never a judgement of its own.

Read off the Arrow tables, so a release of any size is described without building records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from afghan_dialogues.datamodel.enums import QuoteKind
from afghan_dialogues.datamodel.tables import TABLES
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.documents import DOCUMENTS
from afghan_dialogues.readme_blocks import ReadmeBlock

DATACARD_FILE = "datacard.md"
README_CARD = ReadmeBlock("datacard", "afghan-dialogues datacard --write-readme")
"""The card's summary in the README, kept by `datacard --write-readme`."""
"""The command that rewrites the README's dataset card; the README test names it when stale."""
SPOKEN_ABOUT_SHOWN = 10


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({part / whole:.0%})" if whole else f"{part} of 0"


def _quoted(text: str) -> str:
    return "“" + " ".join(text.split()) + "”"


def _cell(text: str) -> str:
    return " ".join(str(text).replace("|", "\\|").split())


@dataclass(frozen=True)
class _Data:
    """The columns the card reads, as Python values."""

    sources: list[dict[str, Any]]
    actors: dict[str, dict[str, Any]]
    claims: dict[str, list[Any]]
    meetings: dict[str, list[Any]]
    references: int

    @classmethod
    def of(cls, dataset: Dataset) -> _Data:
        actors = dataset.to_arrow("actors").select(["id", "name", "kind", "description"]).to_pylist()
        claims = dataset.to_arrow("claims").select(
            ["source_id", "speaker_id", "via_ids", "about_ids", "quote_kind", "stated_start", "stated_end"]
        )
        meetings = dataset.to_arrow("meetings").select(["status", "date_precision", "date_certainty"])
        return cls(
            sources=dataset.to_arrow("sources").to_pylist(),
            actors={a["id"]: a for a in actors},
            claims=claims.to_pydict(),
            meetings=meetings.to_pydict(),
            references=dataset.to_arrow("references").num_rows,
        )

    def name(self, actor_id: str | None) -> str:
        if actor_id is None:
            return "—"
        actor = self.actors.get(actor_id)
        return str(actor["name"]) if actor else actor_id


def _published(source: dict[str, Any]) -> str:
    start, end = source["published_start"], source["published_end"]
    if start == end:
        return str(start)
    return f"{start or '…'} to {end or '…'} ({source['published_precision']})"


def _described(data: _Data, actor_id: str) -> str:
    actor = data.actors.get(actor_id)
    if actor is None:
        return f"{actor_id}."
    return f"{actor['name']}, described as {_quoted(actor['description'])}"


def _coverage(dataset: Dataset, data: _Data, *, notes: bool = True) -> list[str]:
    counts = {t.name: dataset.to_arrow(t.name).num_rows for t in TABLES}
    published = sorted(
        s["published_start"] or s["published_end"]
        for s in data.sources
        if s["published_start"] or s["published_end"]
    )
    span = f", published between {published[0]} and {published[-1]}" if published else ""
    languages = Counter(s["language"] for s in data.sources)
    originals = Counter(s["original_language"] for s in data.sources if s["original_language"])
    unknown = sum(1 for s in data.sources if not s["original_language"])
    lines = [
        "## What it covers",
        "",
        f"The complete reading of {len(data.sources)} documents{span}: every statement they "
        f"attribute to someone is a claim ({counts['claims']}), with its speaker, the intermediaries it "
        f"passed through, a verbatim quote and a neutral summary. The records also hold the "
        f"{counts['actors']} actors the documents name ({counts['actor_names']} spellings), "
        f"{counts['meetings']} meetings with {counts['participants']} participations, "
        f"{counts['affiliations']} affiliations, {counts['claim_relations']} relations between claims "
        f"and {data.references} outside references that support what the documents do not give.",
        "",
        "Languages of the texts held: "
        + ", ".join(f"`{lang}` ({n})" for lang, n in sorted(languages.items()))
        + ". Languages first written in, where known: "
        + (", ".join(f"`{lang}` ({n})" for lang, n in sorted(originals.items())) or "none")
        + f"; unknown for {unknown} (texts that read as translations whose original was not found).",
        "",
        "| source | kind | publisher | authors | language | published | claims | editorial |",
        "|---|---|---|---|---|---|---:|---:|",
    ]
    by_source = Counter(data.claims["source_id"])
    editorial = Counter(
        s
        for s, k in zip(data.claims["source_id"], data.claims["quote_kind"], strict=True)
        if k == QuoteKind.editorial
    )
    for source in data.sources:
        sid = source["id"]
        authors = ", ".join(data.name(a) for a in source["author_ids"]) or "—"
        language = f"{source['language']} (original: {source['original_language'] or 'unknown'})"
        lines.append(
            f"| `{sid}` | {source['kind']} | {_cell(data.name(source['publisher_id']))} | {_cell(authors)} "
            f"| {language} | {_published(source)} | {by_source[sid]} | {editorial[sid]} |"
        )
    lines += ["", "### The sources, as the records describe them", ""]
    lines.append(
        "The records code no political leaning. What they say about each document's publisher and "
        "authors (their actor descriptions)"
        + (" and about the document itself (the curators' notes)" if notes else "")
        + " is quoted here, so that a reader can weigh each source's perspective"
        + ("; the notes cite their evidence in the source's `references`." if notes else ".")
    )
    lines.append("")
    for source in data.sources:
        parts = [f"- **{_cell(source['title'])}** (`{source['id']}`, {source['kind']})."]
        if source["publisher_id"]:
            parts.append(f"Publisher: {_described(data, source['publisher_id'])}")
        else:
            parts.append("Publisher: unknown.")
        for author in source["author_ids"]:
            parts.append(f"Author: {_described(data, author)}")
        if notes and source["notes"]:
            parts.append(f"Curators' notes: {_quoted(source['notes'])}")
        lines.append(" ".join(parts))
    lines += [
        "",
        "## What it does not cover",
        "",
        f"- Anything beyond these {len(data.sources)} documents: the claims are what they report, "
        "not a survey of what was said. Meetings, actors and dates are recorded as far as the "
        "documents (and the outside references that date or identify them) go; a meeting or "
        "participant no document mentions is absent.",
        "- The texts themselves: they stay with their publishers. Each claim carries its quote, "
        "each source its address (`url`) and the SHA-256 of the text the quotes were checked "
        "against (see the codebook, *Verifying a quote*).",
        "- Judgements of truth: a claim records that a source attributes a statement to a speaker; "
        "`claim_relations` records which claims contradict, support, repeat or update others.",
        "",
    ]
    return lines


def _limitations(data: _Data) -> list[str]:
    claims = data.claims
    total = len(claims["source_id"])
    kinds = Counter(claims["quote_kind"])
    no_speaker = sum(1 for s in claims["speaker_id"] if s is None)
    undated = sum(
        1
        for a, b in zip(claims["stated_start"], claims["stated_end"], strict=True)
        if a is None and b is None
    )
    speakers = Counter(s for s in claims["speaker_id"] if s is not None)
    relays = Counter(v for via in claims["via_ids"] for v in via)
    about = Counter(a for ids in claims["about_ids"] for a in ids)
    silent = sorted(
        ((n, aid) for aid, n in about.items() if aid not in speakers and aid not in relays),
        key=lambda x: (-x[0], x[1]),
    )
    meetings = data.meetings
    count = len(meetings["status"])
    statuses = Counter(meetings["status"])
    certain = Counter(meetings["date_certainty"])
    day = sum(1 for p in meetings["date_precision"] if p == "day")
    no_url = [s["id"] for s in data.sources if not s["url"]]
    no_publisher = [s["id"] for s in data.sources if not s["publisher_id"]]
    lines = [
        "## Known limitations",
        "",
        f"- **Few documents.** {len(data.sources)} documents, from "
        f"{len({s['publisher_id'] for s in data.sources if s['publisher_id']})} known publishers; counts "
        "describe what these documents say, not how often anything was said.",
        f"- **Mostly the authors' own assertions.** Editorial claims (the author's or outlet's own "
        f"assertion): {_share(kinds[QuoteKind.editorial], total)}; direct quotes "
        f"{_share(kinds[QuoteKind.direct], total)}, reported speech "
        f"{_share(kinds[QuoteKind.indirect], total)}, "
        f"paraphrases {_share(kinds[QuoteKind.paraphrase], total)}.",
        f"- **Claims without a speaker** (an unnamed person, or the assertions of a page whose author "
        f"and publisher are unknown): {_share(no_speaker, total)}.",
        f"- **Undated statements**: {_share(undated, total)} claims have no `stated` date (the "
        "source does not say when the words were said; its publication date bounds them).",
        f"- **Meeting dates**: {_share(day, count)} meetings are known to the day; "
        + ", ".join(f"{certain[c]} {c}" for c in ("stated", "inferred", "approximate"))
        + ". Status: "
        + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
        + ".",
    ]
    if silent:
        shown = ", ".join(f"{data.name(aid)} ({n})" for n, aid in silent[:SPOKEN_ABOUT_SHOWN])
        lines.append(
            f"- **Spoken about, never heard.** {len(silent)} actors are the subject of claims "
            f"(`about_ids`) but speak or relay in none; the most spoken about (claims): {shown}."
        )
    if no_url or no_publisher:
        missing = []
        if no_url:
            missing.append(f"without an address: {', '.join(f'`{s}`' for s in no_url)}")
        if no_publisher:
            missing.append(f"without a known publisher: {', '.join(f'`{s}`' for s in no_publisher)}")
        lines.append(f"- **Sources** {'; '.join(missing)}.")
    lines.append("")
    return lines


def _built(data: _Data) -> list[str]:
    return [
        "## How it was built",
        "",
        "Curators saved the article body of each document as text and read it completely: one "
        "claim per attributed statement, with a verbatim quote, the speaker and intermediaries, "
        "how the source renders the words (`quote_kind`), the meetings and actors it is about, and "
        "a neutral one-sentence summary; actors are recorded once with every spelling the texts "
        "use, meetings once with every source that describes them. Dates keep the words of the "
        "source and are never more precise than the evidence; Solar Hijri and relative dates are "
        "converted and say how. Where a date, identity or participation rests on knowledge from "
        f"outside a record's own source, the record cites it ({data.references} references), and "
        "every inference is written down with its reasoning in `CURATION.md`.",
        "",
        "The records are YAML files in the repository, checked by `afghan-dialogues validate` "
        "before every release: each quote is found in its text, every id resolves, dates agree "
        "with their calendars, weekdays and publication dates, nobody acts after death, and more "
        "(the README's table of checks). The release is exported from them deterministically.",
        "",
    ]


def _fill_rates(dataset: Dataset) -> list[str]:
    lines = [
        "## Fill rates",
        "",
        "The share of rows in which each column has a value (for a list: at least one item).",
        "",
        "| table | column | rows with a value | share |",
        "|---|---|---:|---:|",
    ]
    for table in TABLES:
        arrow = dataset.to_arrow(table.name)
        rows = arrow.num_rows
        for column in table.columns:
            values = arrow.column(column.name)
            if column.type == "list":
                filled = int(
                    pc.sum(pc.greater(pc.fill_null(pc.list_value_length(values), 0), 0)).as_py() or 0
                )
            else:
                filled = rows - values.null_count
            share = f"{filled / rows:.0%}" if rows else "—"
            lines.append(f"| {table.name} | `{column.name}` | {filled} of {rows} | {share} |")
    lines.append("")
    return lines


def _citation(dataset: Dataset, documents: Iterable[str]) -> list[str]:
    info = dataset.info
    authors = ", ".join(c.title for c in info.contributors if "creator" in c.roles) or ", ".join(
        c.title for c in info.contributors
    )
    year = info.released.year if info.released else "unreleased"
    where = f" {info.homepage}" if info.homepage else ""
    licences = ", ".join(f"{lic.title} ({lic.name}, {lic.path})" for lic in info.licenses)
    present = set(documents)
    cite = (
        "`CITATION.cff` (in this release)"
        if "CITATION.cff" in present
        else "`CITATION.cff` (in the repository)"
    )
    lines = [
        "## How to cite",
        "",
        f"{cite} gives the citation metadata. In short:",
        "",
        f"> {authors} ({year}). *{info.title}* (version {info.version}) [Data set].{where}",
        "",
        "## Licence",
        "",
        f"The data: {licences}; the code of the `afghan-dialogues` package: MIT. The texts of the "
        "documents are not part of the release and stay with their publishers.",
        "",
        "## Changes",
        "",
        f"`CHANGELOG.md` lists the changes of every version, under Data, Data corrections, Schema "
        f"and Tooling; this is version {info.version}"
        + (f", released on {info.released.isoformat()}." if info.released else ", not yet released."),
        "",
    ]
    return lines


def _files(documents: Mapping[str, bool]) -> list[str]:
    missing = [name for name in DOCUMENTS if not documents.get(name)]
    lines = [
        "## This release",
        "",
        "`codebook.md` defines every table, column and coded value; `datapackage.json` describes the "
        "package (Frictionless); `SHA256SUMS` holds the checksum of every file; `site/index.html` "
        "browses the data offline.",
        "",
    ]
    included = [name for name in DOCUMENTS if documents.get(name)]
    if included:
        lines.append(f"Documents included: {', '.join(f'`{n}`' for n in included)}.")
    if missing:
        lines.append(
            f"Not included, because the records folder it was exported from had none beside it: "
            f"{', '.join(f'`{n}`' for n in missing)}."
        )
    lines.append("")
    return lines


def render_datacard(dataset: Dataset, documents: Mapping[str, bool] | None = None) -> str:
    """The dataset card of a release; `documents` says which of DOCUMENTS the release carries."""
    info = dataset.info
    data = _Data.of(dataset)
    present = documents or {}
    lines = [f"# {info.title} {info.version}: dataset card", "", info.description, ""]
    lines += _coverage(dataset, data) + _built(data) + _limitations(data) + _fill_rates(dataset)
    lines += _citation(dataset, [n for n, here in present.items() if here]) + _files(present)
    return "\n".join(lines).rstrip("\n") + "\n"


def readme_card(dataset: Dataset) -> str:
    """The summary of the card the README carries: coverage and limitations, then a pointer."""
    data = _Data.of(dataset)
    coverage = _coverage(dataset, data, notes=False)
    lines = [line.replace("## ", "### ", 1) if line.startswith("## ") else line for line in coverage]
    lines += [
        line.replace("## ", "### ", 1) if line.startswith("## ") else line for line in _limitations(data)
    ]
    lines.append(
        f"The full card, with the fill rate of every column, how it was built and how to cite it, is "
        f"`{DATACARD_FILE}` in every release (`{README_CARD.command}` rewrites this section)."
    )
    return "\n".join(lines).rstrip("\n") + "\n"


def update_readme(readme: Path, card: str) -> bool:
    """Put `card` between the README's datacard markers; True when that changed it."""
    return README_CARD.write(readme, card)
