"""Which errors to inject, how many, and where.

With an error rate R, a dataset of N claims gets max(C, round(R * N)) injections, C being the
number of finding codes that can occur in the chosen format: the codes are dealt round-robin,
so every code occurs at least once and none dominates. Source-level injections land on random
claims (one per source block); registry and file injections follow once every source exists.
Everything is drawn from a random stream of its own, so a dataset with errors is the clean
dataset of the same seed plus the injections, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from dataclasses import dataclass, field

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.normalize import normalize_text
from afghan_dialogues.synth import inject_files as IF
from afghan_dialogues.synth.inject_blocks import (
    BLOCK_INJECTORS,
    NEEDS_SNAPSHOTS,
    RECORDS_ONLY_BLOCK,
    BlockEdit,
    BlockPlan,
)
from afghan_dialogues.synth.inject_registries import REGISTRY_INJECTORS, RegistryEdit
from afghan_dialogues.synth.manifest import Injected, Manifest
from afghan_dialogues.synth.world import VERSION, Registries, SourceBlock, World

TEXT_SAMPLE = 64
"""Snapshots kept in memory for the injections that must check a text (spellings)."""

PACKAGE_ONLY = (F.MODEL_UNKNOWN_FIELD, F.PACKAGE_STALE_SCHEMA)


def applicable_codes(fmt: str, snapshots: bool) -> tuple[str, ...]:
    """Every finding code an injection can cause in this format, in dealing order."""
    records = fmt == "records"
    texts = records or snapshots
    block = [
        code
        for code in BLOCK_INJECTORS
        if (records or code not in RECORDS_ONLY_BLOCK) and (texts or code not in NEEDS_SNAPSHOTS)
    ]
    registry = [code for code in REGISTRY_INJECTORS if texts or code != F.EVIDENCE_NAME_NOT_IN_SOURCE]
    if records:
        files: list[str] = list(IF.RECORDS_FILE_CODES)
    else:
        files = [*([F.EVIDENCE_SNAPSHOT_ORPHAN] if snapshots else []), *PACKAGE_ONLY]
    return (*block, *registry, *files)


@dataclass
class InjectionPlan:
    """The injections of one synthetic dataset, applied as its parts are generated."""

    fmt: str
    snapshots: bool
    claims: int
    seed: int
    error_rate: float
    manifest: Manifest = field(init=False)
    rng: random.Random = field(init=False)
    blocks: BlockPlan = field(init=False)
    registry_codes: list[str] = field(init=False)
    file_codes: list[str] = field(init=False)
    tombstones: dict[str, str] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)
    published_end: dict[str, dt.date] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.manifest = Manifest(self.fmt, self.claims, self.seed, self.error_rate, self.snapshots)
        self.rng = random.Random(f"afghan-dialogues-synth:{self.seed}:errors")
        codes = applicable_codes(self.fmt, self.snapshots)
        count = max(len(codes), round(self.error_rate * self.claims)) if self.error_rate > 0 else 0
        dealt = [codes[i % len(codes)] for i in range(count)]
        block_codes = [c for c in dealt if c in BLOCK_INJECTORS and not self._package_only(c)]
        self.rng.shuffle(block_codes)
        placed = block_codes[: self.claims]
        self.manifest.skipped += block_codes[self.claims :]
        positions = sorted(self.rng.sample(range(self.claims), len(placed)))
        self.blocks = BlockPlan(deque(zip(positions, placed, strict=True)))
        self.registry_codes = [c for c in dealt if c in REGISTRY_INJECTORS and not self._package_only(c)]
        self.file_codes = [
            c
            for c in dealt
            if self._package_only(c) or (c not in BLOCK_INJECTORS and c not in REGISTRY_INJECTORS)
        ]

    def _package_only(self, code: str) -> bool:
        return self.fmt == "package" and code in PACKAGE_ONLY

    @property
    def extra_columns(self) -> tuple[str, ...]:
        """Columns the package's claims table gets beyond its schema."""
        return (IF.EXTRA_COLUMN,) if F.MODEL_UNKNOWN_FIELD in self.file_codes else ()

    @property
    def stale_descriptor(self) -> bool:
        """Whether the package's descriptor is to differ from the models."""
        return F.PACKAGE_STALE_SCHEMA in self.file_codes

    def block(self, block: SourceBlock, world: World) -> BlockEdit:
        """Apply at most one source-level injection to a block, before it is written."""
        edit = BlockEdit(self.fmt, block, self.rng, world.actors.by_id, self.tombstones)
        pending = self.blocks.codes_for(block)
        for index, code in enumerate(pending):
            entry = BLOCK_INJECTORS[code](edit)
            if entry is not None:
                pending.pop(index)
                self.manifest.injected.append(entry)
                self.touched.add(str(block.source["id"]))
                return edit
        end = block.source["published_end"]
        assert isinstance(end, dt.date)
        self.published_end[str(block.source["id"])] = end
        if len(self.texts) < TEXT_SAMPLE and (self.fmt == "records" or self.snapshots):
            self.texts[str(block.source["id"])] = normalize_text(block.text)
        return edit

    def registries(self, reg: Registries, world: World) -> None:
        """Apply the registry-level injections, then re-sort the registries by key."""
        self.manifest.skipped += self.blocks.pending
        self.blocks.pending = []
        for retired, merged_into in sorted(self.tombstones.items()):
            reg.tombstones.append(
                {
                    "id": retired,
                    "reason": "merged",
                    "merged_into": merged_into,
                    "retired_in": VERSION,
                    "note": "Transliteration variant of the same person, merged.",
                }
            )
        edit = RegistryEdit(
            self.fmt, reg, self.rng, world.actors, self.touched, self.published_end, self.texts
        )
        for code in self.registry_codes:
            entry = REGISTRY_INJECTORS[code](edit)
            if entry is None:
                self.manifest.skipped.append(code)
            else:
                self.manifest.injected.append(entry)
        reg.actors.sort(key=lambda r: str(r["id"]))
        reg.tombstones.sort(key=lambda r: str(r["id"]))
        reg.affiliations.sort(key=lambda r: (r["actor_id"], r["organization_id"], r["role"]))
        reg.participants.sort(key=lambda r: (r["meeting_id"], r["actor_id"], r["role"]))
        reg.claim_relations.sort(key=lambda r: (r["claim_id"], r["other_claim_id"], r["relation"]))

    def files(self) -> list[IF.FileInjection]:
        """The file-level injections of the records format (and stray snapshots of packages)."""
        out: list[IF.FileInjection] = []
        counters: dict[str, int] = {}
        drafts = 0
        for code in self.file_codes:
            if self._package_only(code):
                continue
            n = counters.get(code, 0)
            counters[code] = n + 1
            injection = IF.file_injection(code, n if code == F.PARSE_STRUCTURE else drafts)
            drafts += code != F.PARSE_STRUCTURE
            if injection is None:
                self.manifest.skipped.append(code)
                continue
            out.append(injection)
            self.manifest.injected.append(injection.entry)
        return out

    def record(self, entry: Injected) -> None:
        """Add an entry made by a writer (package-only injections)."""
        self.manifest.injected.append(entry)
