"""The actors of a synthetic dataset: who exists, who was mentioned where, and under which spelling.

Actors are emitted only when something refers to them (no orphans in clean data), and every
spelling is recorded with exactly the sources whose snapshot contains it, so the spelling
registry passes the evidence and source-list checks by construction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from afghan_dialogues.synth import names as N
from afghan_dialogues.synth import vocabulary as V

Row = dict[str, Any]


@dataclass
class Actor:
    """An actor that may be emitted: its row fields and the spellings available to sources."""

    id: str
    name: str
    kind: str
    description: str
    spellings: tuple[str, ...]
    used: bool = False


@dataclass
class ActorRegistry:
    """Every actor the generator may use, created on first use."""

    n_persons: int
    n_orgs: int
    n_outlets: int
    by_id: dict[str, Actor] = field(default_factory=dict)
    mentions: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(dict))
    _persons: dict[int, Actor] = field(default_factory=dict)
    _by_name: dict[str, Actor] = field(default_factory=dict)

    def person(self, index: int) -> Actor:
        """Person `index` (modulo the number of persons)."""
        index %= self.n_persons
        actor = self._persons.get(index)
        if actor is None:
            name = N.person_name(index)
            actor = self._add(
                Actor(
                    name.actor_id,
                    name.canonical,
                    "person",
                    "Fictional Afghan political figure (synthetic data).",
                    name.spellings,
                )
            )
            self._persons[index] = actor
        return actor

    def organization(self, index: int) -> Actor:
        """Fictional organization `index` (modulo the number of organizations)."""
        name, kind = N.organization(index % self.n_orgs)
        description = {
            "armed_group": "Fictional armed opposition group (synthetic data).",
            "coalition": "Fictional coalition of opposition parties (synthetic data).",
        }.get(kind, "Fictional Afghan political organization (synthetic data).")
        return self._named(name, kind, description)

    def outlet(self, index: int) -> Actor:
        """Fictional media outlet `index` (modulo the number of outlets)."""
        return self._named(N.outlet(index % self.n_outlets), "media_outlet", "Fictional news outlet.")

    def state(self, name: str) -> Actor:
        """A real state, as host or subject of statements."""
        return self._named(name, "state", f"The state of {name}.")

    def government(self) -> Actor:
        """The Taliban government."""
        return self._named(V.TALIBAN_GOVERNMENT, "government", "The Taliban government of Afghanistan.")

    def international(self, name: str) -> Actor:
        """A real international organization."""
        return self._named(name, "international_organization", f"The {name}.")

    def _named(self, name: str, kind: str, description: str) -> Actor:
        actor = self._by_name.get(name)
        if actor is None:
            actor = self._by_name[name] = self._add(
                Actor(f"act-{N.slug(name)}", name, kind, description, (name,))
            )
        return actor

    def _add(self, actor: Actor) -> Actor:
        self.by_id[actor.id] = actor
        return actor

    def use(self, actor: Actor) -> str:
        """Mark an actor as referenced and return its id."""
        actor.used = True
        return actor.id

    def mention(self, actor: Actor, spelling: str, source_id: str) -> str:
        """Record that a source's text writes the actor's name this way; returns the spelling."""
        actor.used = True
        sources = self.mentions[actor.id].setdefault(spelling, [])
        if not sources or sources[-1] != source_id:
            sources.append(source_id)
        return spelling

    def named_in(self, actor_id: str) -> list[str]:
        """Sources whose text names the actor, in order of first mention."""
        seen: dict[str, None] = {}
        for sources in self.mentions.get(actor_id, {}).values():
            seen.update(dict.fromkeys(sources))
        return list(seen)

    def rows(self) -> list[Row]:
        """Actor rows (with their `names`) of every used actor, sorted by id."""
        out = []
        for actor_id in sorted(a.id for a in self.by_id.values() if a.used):
            actor = self.by_id[actor_id]
            mentioned = self.mentions.get(actor_id, {})
            names = [
                {
                    "spelling": spelling,
                    "form": "full" if spelling == actor.name else "variant",
                    "lang": None,
                    "script": None,
                    "source_ids": mentioned[spelling],
                }
                for spelling in actor.spellings
                if spelling in mentioned
            ]
            out.append(
                {
                    "id": actor.id,
                    "name": actor.name,
                    "kind": actor.kind,
                    "names": names,
                    "description": actor.description,
                    "wikidata_id": None,
                    "distinct_from": [],
                    "notes": None,
                }
            )
        return out
