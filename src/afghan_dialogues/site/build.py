"""Write the site of a dataset: one page per record at a permanent address, the lists, the
timeline, the contradictions, the search page and its index.

Pages are rendered by Jinja2 with autoescaping on (record text is untrusted) from templates
shipped with the package, and written in a fixed order from records sorted by key, with no
timestamps: the same dataset gives the same bytes. Every link is relative and no page loads
anything from outside the site, so it works from `file://` with no server and no network.
Long lists are cut into pages (`LIST_PAGE` rows, or `PART_PAGE` items of one section of a
record page) so that no page grows with the size of the dataset.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from afghan_dialogues.datamodel.enums import ParticipationRole, RelationKind
from afghan_dialogues.datamodel.models import (
    Actor,
    Claim,
    ClaimRelation,
    Meeting,
    Model,
    Participation,
    Source,
    Tombstone,
)
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.site.dates import read_as, sort_key
from afghan_dialogues.site.links import Link, in_release
from afghan_dialogues.site.searchindex import index_parts
from afghan_dialogues.site.timeline import Timeline, build_timelines

SECTIONS = {"src": "sources", "act": "actors", "mtg": "meetings", "clm": "claims"}
"""Folder of each kind of record page, by id prefix: `claims/clm-coffey-001.html`."""
ASSETS = ("site.css", "timeline.js", "search.js")
LIST_PAGE = 200
"""Rows of one page of a list (claims, actors, sources)."""
PAIR_PAGE = 50
"""Pairs of claims on one page of the contradictions."""
PART_PAGE = 100
"""Items of one section of a record page; the rest continue on pages of their own."""
TIMELINE_PAGE = 200
"""Meetings on one page of the timeline (which is cut between years)."""
RELATION_WORDS: dict[RelationKind, tuple[str, str]] = {
    RelationKind.contradicts: ("contradicts", "is contradicted by"),
    RelationKind.supports: ("supports", "is supported by"),
    RelationKind.repeats: ("repeats", "is repeated by"),
    RelationKind.updates: ("updates", "is updated by"),
}
"""How a relation reads from the claim it is stated from, and from the other claim."""


class SiteTargetError(ValueError):
    """The folder to write the site to exists and is not empty."""


def href(rid: str) -> str:
    """Address of a record's page relative to the site's root folder."""
    return f"{SECTIONS[rid.split('-', 1)[0]]}/{rid}.html"


def _pages(count: int, size: int) -> int:
    return max(1, math.ceil(count / size))


@dataclass(frozen=True)
class Pager:
    """The pages one list is cut into, and which of them this is (from 1)."""

    paths: tuple[str, ...]
    current: int
    labels: tuple[str, ...] = ()
    """What each page holds, when not just its number."""


@dataclass(frozen=True)
class Part:
    """One section's list on a record page: its first `PART_PAGE` items are on the record's
    page, the rest on `<record-page>--<key>-<n>.html` (`--` never occurs in an id)."""

    key: str
    title: str
    macro: str
    """How the items are rendered: a kind of list that macros.html's `render_run` knows."""
    items: Sequence[Any]
    owner: str
    """Path of the record page."""

    @property
    def paths(self) -> tuple[str, ...]:
        stem = self.owner.removesuffix(".html")
        count = _pages(len(self.items), PART_PAGE)
        return (self.owner, *(f"{stem}--{self.key}-{n}.html" for n in range(2, count + 1)))

    def run(self, page: int) -> Sequence[Any]:
        return self.items[(page - 1) * PART_PAGE : page * PART_PAGE]

    def span(self, page: int) -> tuple[int, int]:
        """Numbers (from 1) of the first and last item on a page."""
        return (page - 1) * PART_PAGE + 1, min(page * PART_PAGE, len(self.items))

    def pager(self, page: int) -> Pager:
        return Pager(self.paths, page)


@dataclass(frozen=True)
class Related:
    """A claim related to the one whose page it is on, and how, read from that claim."""

    words: str
    other: Claim
    relation: ClaimRelation


class Anchors:
    """Links to record pages, named after the record (an actor's name, a meeting's or source's
    title, a claim's id), from pages at one depth. A Python function rather than a template
    macro, which costs much more per call: links are the most frequent piece of every page."""

    def __init__(self, data: Dataset, root: str) -> None:
        self.root = root
        self.names: dict[str, str] = {a.id: a.name for a in data.actors}
        self.names.update((m.id, m.title) for m in data.meetings)
        self.names.update((s.id, s.title) for s in data.sources)
        self.made: dict[str, Markup] = {}

    def __call__(self, rid: str, text: str | None = None) -> Markup:
        if text is None and rid in self.made:
            return self.made[rid]
        label = text or self.names.get(rid, rid)
        anchor = Markup(f'<a href="{self.root}{escape(href(rid))}">{escape(label)}</a>')
        if text is None:
            self.made[rid] = anchor
        return anchor


class _Reverse:
    """The references the dataset's navigation does not give, collected once."""

    def __init__(self, data: Dataset) -> None:
        self.parts: dict[str, list[Meeting]] = defaultdict(list)
        self.namesakes: dict[str, set[str]] = defaultdict(set)
        for meeting in data.meetings:
            if meeting.part_of_id is not None:
                self.parts[meeting.part_of_id].append(meeting)
        distinct = [(a.id, a.distinct_from) for a in data.actors] + [
            (m.id, m.distinct_from) for m in data.meetings
        ]
        for rid, others in distinct:
            for other in others:
                self.namesakes[rid].add(other)
                self.namesakes[other].add(rid)
        self.relations: dict[str, list[ClaimRelation]] = defaultdict(list)
        for relation in data.claim_relations:
            self.relations[relation.claim_id].append(relation)
            if relation.other_claim_id != relation.claim_id:
                self.relations[relation.other_claim_id].append(relation)
        self.published: dict[str, list[Source]] = defaultdict(list)
        self.authored: dict[str, list[Source]] = defaultdict(list)
        for source in data.sources:
            if source.publisher_id is not None:
                self.published[source.publisher_id].append(source)
            for author in source.author_ids:
                self.authored[author].append(source)
        self.cited: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for meeting in data.meetings:
            for sid in meeting.source_ids:
                self.cited[sid]["meetings"].append(meeting)
        for participation in data.participants:
            for sid in participation.source_ids:
                self.cited[sid]["participants"].append(participation)
        for affiliation in data.affiliations:
            for sid in affiliation.source_ids:
                self.cited[sid]["affiliations"].append(affiliation)
        for actor in data.actors:
            for name in actor.names:
                for sid in name.source_ids:
                    self.cited[sid]["names"].append((actor, name))


def _write(target: Path, text: str) -> None:
    target.write_text(text, encoding="utf-8", newline="\n")


class _Site:
    """Renders every page of one dataset into one folder.

    Files are written by a second thread while the next pages are rendered: creating tens of
    thousands of small files costs about as much as rendering them, and file writes release
    the interpreter lock.
    """

    def __init__(self, data: Dataset, out: Path, links: Sequence[Link], writer: ThreadPoolExecutor) -> None:
        self.data = data
        self.out = out
        self.reverse = _Reverse(data)
        self.written: list[str] = []
        self.writer = writer
        self.pending: list[Future[None]] = []
        self.env = Environment(
            loader=PackageLoader("afghan_dialogues.site", "templates"),
            auto_reload=False,
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.anchors = {root: Anchors(data, root) for root in ("", "../")}
        self.env.globals.update(
            info=data.info,
            links=tuple(links),
            href=href,
            record=data.get,
            read_as=read_as,
        )

    def page(self, path: str, template: str, **context: Any) -> None:
        root = "../" * path.count("/")
        page = self.env.get_template(template)
        self.file(path, page.render(root=root, path=path, link=self.anchors[root], **context))

    def parts(self, record: Model, title: str, parts: Iterable[Part]) -> None:
        """The continuation pages of each part of a record page."""
        for part in parts:
            for number, path in enumerate(part.paths[1:], start=2):
                self.page(path, "more.html", part=part, number=number, owner=record, owner_title=title)

    def paged(
        self, paths: Sequence[str], template: str, items: Sequence[Any], size: int, **context: Any
    ) -> None:
        for number, path in enumerate(paths, start=1):
            run = items[(number - 1) * size : number * size]
            self.page(path, template, items=run, pager=Pager(tuple(paths), number), **context)

    def write(self) -> None:
        """Every page and asset, handed to the writer thread."""
        data = self.data
        for folder in ("assets", *SECTIONS.values()):
            (self.out / folder).mkdir()
        self.assets()
        self.page("index.html", "index.html", counts=self.counts())
        self.timelines()
        self.lists()
        parts = index_parts(data)
        for number, script in enumerate(parts, start=1):
            self.file(f"assets/search-index-{number}.js", script)
        self.page("search.html", "search.html", index_parts=len(parts))
        for meeting in data.meetings:
            self.meeting(meeting)
        for actor in data.actors:
            self.actor(actor)
        for claim in data.claims:
            self.claim(claim)
        for source in data.sources:
            self.source(source)
        self.retired()

    def file(self, path: str, text: str) -> None:
        self.pending.append(self.writer.submit(_write, self.out / path, text))
        self.written.append(path)

    def assets(self) -> None:
        folder = files("afghan_dialogues.site").joinpath("assets")
        for name in ASSETS:
            self.file(f"assets/{name}", folder.joinpath(name).read_text(encoding="utf-8"))

    def counts(self) -> list[tuple[str, int, str | None]]:
        """(label, rows, list page) of each table, for the front page."""
        data = self.data
        return [
            ("Meetings", len(data.meetings), "timeline.html"),
            ("Actors", len(data.actors), "actors/index.html"),
            ("Claims", len(data.claims), "claims/index.html"),
            ("Sources", len(data.sources), "sources/index.html"),
            ("Participations", len(data.participants), None),
            ("Affiliations", len(data.affiliations), None),
            ("Relations between claims", len(data.claim_relations), None),
            (
                "Contradicting pairs",
                sum(r.relation is RelationKind.contradicts for r in data.claim_relations),
                "contradictions.html",
            ),
            ("Retired ids", len(data.tombstones), None),
        ]

    def timelines(self) -> None:
        timelines = build_timelines(self.data.meetings, TIMELINE_PAGE)
        paths = ("timeline.html", *(f"timeline-{n}.html" for n in range(2, len(timelines) + 1)))
        participants: dict[str, list[str]] = defaultdict(list)
        for participation in self.data.participants:
            participants[participation.meeting_id].append(participation.actor_id)
        for number, (path, timeline) in enumerate(zip(paths, timelines, strict=True), start=1):
            pager = Pager(paths, number, tuple(t.label for t in timelines))
            self.page(path, "timeline.html", pager=pager, **self.filters(timeline, participants))

    def filters(self, timeline: Timeline, participants: dict[str, list[str]]) -> dict[str, Any]:
        """The choices of the timeline's filters, and the numbers that stand for series and
        actors in the rows' data attributes (which keeps a long timeline small)."""
        meetings = [bar.meeting for bar in timeline.bars]
        series = sorted({m.series for m in meetings if m.series is not None})
        countries = sorted({m.country for m in meetings if m.country is not None})
        attending = sorted(
            {aid for m in meetings for aid in participants[m.id]},
            key=lambda aid: (self.name(aid).casefold(), aid),
        )
        return {
            "timeline": timeline,
            "series": series,
            "countries": countries,
            "actors": attending,
            "series_number": {name: n for n, name in enumerate(series, start=1)},
            "actor_number": {aid: n for n, aid in enumerate(attending, start=1)},
            "participants": participants,
            "online": any(m.online for m in meetings),
        }

    def name(self, rid: str) -> str:
        """An actor's name, a meeting's or source's title, or else the id."""
        return self.anchors[""].names.get(rid, rid)

    def lists(self) -> None:
        data = self.data

        def paths(section: str, count: int, size: int) -> list[str]:
            first = f"{section}/index.html"
            return [first, *(f"{section}/page-{n}.html" for n in range(2, _pages(count, size) + 1))]

        actors = sorted(data.actors, key=lambda a: (a.name.casefold(), a.id))
        self.paged(
            paths("actors", len(actors), LIST_PAGE), "actors.html", actors, LIST_PAGE, total=len(actors)
        )
        claims = data.claims
        self.paged(
            paths("claims", len(claims), LIST_PAGE), "claims.html", claims, LIST_PAGE, total=len(claims)
        )
        sources = sorted(data.sources, key=lambda s: (sort_key(s.published), s.id))
        self.paged(
            paths("sources", len(sources), LIST_PAGE), "sources.html", sources, LIST_PAGE, total=len(sources)
        )
        pairs = [r for r in data.claim_relations if r.relation is RelationKind.contradicts]
        count = _pages(len(pairs), PAIR_PAGE)
        pages = ["contradictions.html", *(f"contradictions-{n}.html" for n in range(2, count + 1))]
        self.paged(pages, "contradictions.html", pairs, PAIR_PAGE, total=len(pairs))

    def meeting(self, meeting: Meeting) -> None:
        data, path = self.data, href(meeting.id)
        by_role: dict[ParticipationRole, list[Participation]] = defaultdict(list)
        for participation in data.participants_of(meeting):
            by_role[participation.role].append(participation)
        claims = sorted(data.claims_at(meeting), key=lambda c: (c.source_id, c.id))
        ids = {c.id for c in claims}
        relations = sorted(
            {r for c in claims for r in self.reverse.relations[c.id] if {r.claim_id, r.other_claim_id} & ids},
            key=lambda r: (r.claim_id, r.other_claim_id, r.relation.value),
        )
        parts = (
            Part("claims", f"Claims about {meeting.title}", "claims_by_source", claims, path),
            Part(
                "relations",
                f"Relations between the claims about {meeting.title}",
                "relations",
                relations,
                path,
            ),
        )
        self.page(
            path,
            "meeting.html",
            meeting=meeting,
            roles=[(role, by_role[role]) for role in ParticipationRole if by_role[role]],
            within=data.get(meeting.part_of_id) if meeting.part_of_id else None,
            parts_of=sorted(self.reverse.parts[meeting.id], key=lambda m: (sort_key(m.date), m.id)),
            namesakes=sorted(self.reverse.namesakes[meeting.id]),
            claims=parts[0],
            relations=parts[1],
        )
        self.parts(meeting, meeting.title, parts)

    def actor(self, actor: Actor) -> None:
        data, path = self.data, href(actor.id)
        attended = sorted(
            data.participations_of(actor),
            key=lambda p: (sort_key(self.meeting_of(p).date), p.meeting_id, p.role.value),
        )
        parts = (
            Part(
                "affiliations",
                f"Roles held by {actor.name}",
                "affiliations",
                data.affiliations_of(actor),
                path,
            ),
            Part("members", f"Roles held in or for {actor.name}", "members", data.members_of(actor), path),
            Part("meetings", f"Meetings {actor.name} took part in", "participations", attended, path),
            Part("spoken", f"Claims made by {actor.name}", "claims_spoken", data.claims_by(actor), path),
            Part("about", f"Claims about {actor.name}", "claims", data.claims_about(actor), path),
            Part(
                "published",
                f"Sources published by {actor.name}",
                "sources",
                self.reverse.published[actor.id],
                path,
            ),
            Part(
                "authored",
                f"Sources written by {actor.name}",
                "sources",
                self.reverse.authored[actor.id],
                path,
            ),
        )
        self.page(
            path,
            "actor.html",
            actor=actor,
            namesakes=sorted(self.reverse.namesakes[actor.id]),
            parts=parts,
        )
        self.parts(actor, actor.name, parts)

    def meeting_of(self, participation: Participation) -> Meeting:
        meeting = self.data.get(participation.meeting_id)
        assert isinstance(meeting, Meeting)
        return meeting

    def claim(self, claim: Claim) -> None:
        related = []
        for relation in self.reverse.relations[claim.id]:
            outgoing = relation.claim_id == claim.id
            other = self.data.get(relation.other_claim_id if outgoing else relation.claim_id)
            if isinstance(other, Claim):
                words = RELATION_WORDS[relation.relation][0 if outgoing else 1]
                related.append(Related(words, other, relation))
        self.page(
            href(claim.id),
            "claim.html",
            claim=claim,
            speaker=self.data.speaker_of(claim),
            via=self.data.intermediaries_of(claim),
            source=self.data.source_of(claim),
            related=related,
        )

    def source(self, source: Source) -> None:
        path = href(source.id)
        cited = self.reverse.cited[source.id]
        parts = (
            Part(
                "claims",
                f"Claims reported by {source.title}",
                "claims_reported",
                self.data.claims_from(source),
                path,
            ),
            Part("meetings", f"Meetings described by {source.title}", "meetings", cited["meetings"], path),
            Part(
                "participants",
                f"Participations reported by {source.title}",
                "participants",
                cited["participants"],
                path,
            ),
            Part(
                "affiliations",
                f"Roles reported by {source.title}",
                "affiliations",
                cited["affiliations"],
                path,
            ),
            Part("names", f"Spellings used by {source.title}", "spellings", cited["names"], path),
        )
        self.page(path, "source.html", source=source, parts=parts)
        self.parts(source, source.title, parts)

    def retired(self) -> None:
        """A page at each retired id: a redirect to the record that replaced it, or a notice that
        it was withdrawn. A live record of the same id (an error `validate` reports) keeps its page."""
        data = self.data
        live = {r.id for table in (data.sources, data.actors, data.meetings, data.claims) for r in table}
        for tombstone in data.tombstones:
            if tombstone.id in live:
                continue
            target = data.live_id(tombstone.id, live)
            self.page(
                href(tombstone.id),
                "retired.html",
                tombstone=tombstone,
                target=target if target in live else None,
                chain=self.chain(tombstone),
            )

    def chain(self, tombstone: Tombstone) -> list[Tombstone]:
        """The tombstones a retired id leads through, itself first."""
        by_id = {t.id: t for t in self.data.tombstones}
        chain = [tombstone]
        while (step := by_id.get(chain[-1].merged_into or "")) is not None and step not in chain:
            chain.append(step)
        return chain


def check_target(out: Path) -> None:
    """Refuse a folder that holds anything: a site written over another would keep the pages
    of records the new one no longer has."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise SiteTargetError(f"{out} exists and is not an empty folder; remove it or choose another")


def write_site(data: Dataset, out: Path, *, links: Sequence[Link] | None = None) -> tuple[str, ...]:
    """Write the site of `data` into `out` (created; it must not hold anything yet) and return
    the paths written, relative to `out`, sorted.

    `links` are the release files every page links to; by default those of a site written to
    `site/` inside its release directory (`links.in_release`).
    """
    check_target(out)
    out.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="site-writer") as writer:
        site = _Site(data, out, in_release(data.info) if links is None else links, writer)
        site.write()
    for future in site.pending:
        future.result()
    return tuple(sorted(site.written))
