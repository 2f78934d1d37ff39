"""Fictional actors' names and ids, derived from an index so that any number can be made.

A person's name is three or four words, each from a transliteration group of its slot
(vocabulary.GIVEN, GIVEN again for the father's name, FAMILY, optionally NISBA); the index is
spread over all combinations with a multiplier coprime to their count, so consecutive indices
do not produce alphabetically consecutive names. Ids are slugs of the canonical spelling and
never change with the spellings a source happens to use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from math import gcd

from afghan_dialogues.synth import vocabulary as V

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """ASCII slug of a name, as the records' ids are written."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _NON_SLUG.sub("-", folded).strip("-")


@dataclass(frozen=True)
class PersonName:
    """One fictional person's name: a transliteration group per word."""

    words: tuple[tuple[str, ...], ...]

    @cached_property
    def canonical(self) -> str:
        """The spelling the actor's `name` carries."""
        return " ".join(group[0] for group in self.words)

    @cached_property
    def spellings(self) -> tuple[str, ...]:
        """The canonical spelling, then each single-word transliteration variant."""
        out = [self.canonical]
        for position, group in enumerate(self.words):
            for variant in group[1:]:
                words = [g[0] for g in self.words]
                words[position] = variant
                out.append(" ".join(words))
        return tuple(out)

    @property
    def actor_id(self) -> str:
        """Stable id from the canonical spelling."""
        return f"act-{slug(self.canonical)}"


_THREE_WORDS = len(V.GIVEN) * (len(V.GIVEN) - 1) * len(V.FAMILY)
PERSON_CAPACITY = _THREE_WORDS * (1 + len(V.NISBA))


def _coprime_stride(size: int) -> int:
    stride = int(size * 0.618) | 1
    while gcd(stride, size) != 1:
        stride += 2
    return stride


def person_name(index: int) -> PersonName:
    """The name of person `index` (0 <= index < PERSON_CAPACITY); distinct indices never collide."""
    if not 0 <= index < PERSON_CAPACITY:
        raise ValueError(f"person index {index} outside 0..{PERSON_CAPACITY - 1}")
    spread = (index * _coprime_stride(PERSON_CAPACITY)) % PERSON_CAPACITY
    nisba, rest = divmod(spread, _THREE_WORDS)
    given, rest = divmod(rest, (len(V.GIVEN) - 1) * len(V.FAMILY))
    father, family = divmod(rest, len(V.FAMILY))
    father = (given + 1 + father) % len(V.GIVEN)
    words = [V.GIVEN[given], V.GIVEN[father], V.FAMILY[family]]
    if nisba:
        words.append(V.NISBA[nisba - 1])
    return PersonName(tuple(words))


ORG_CAPACITY = len(V.ORG_ADJECTIVES) * len(V.ORG_NOUNS) * len(V.PROVINCES)
OUTLET_CAPACITY = len(V.PROVINCES) * len(V.OUTLET_WORDS)


def organization(index: int) -> tuple[str, str]:
    """(name, actor kind) of fictional organization `index`."""
    spread = (index * _coprime_stride(ORG_CAPACITY)) % ORG_CAPACITY
    adjective, rest = divmod(spread, len(V.ORG_NOUNS) * len(V.PROVINCES))
    noun, province = divmod(rest, len(V.PROVINCES))
    word, kind = V.ORG_NOUNS[noun]
    return f"{V.ORG_ADJECTIVES[adjective]} {word} of {V.PROVINCES[province]}", kind


def outlet(index: int) -> str:
    """Name of fictional media outlet `index`."""
    spread = (index * _coprime_stride(OUTLET_CAPACITY)) % OUTLET_CAPACITY
    province, word = divmod(spread, len(V.OUTLET_WORDS))
    return f"{V.PROVINCES[province]} {V.OUTLET_WORDS[word]}"
