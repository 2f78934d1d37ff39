"""The normalizations under which text is compared: quotes against snapshots, names against
names. They are part of the data contract, so they live with the schema and are documented in
the README: a consumer can re-run the quote check with nothing but this function.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_STRAIGHT: dict[str, str] = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
}
"""Typographic quotes, primes, dashes and the ellipsis, as the plain characters compared."""

_CURLY = re.compile("[" + "".join(_STRAIGHT) + "]")


def _straighten(text: str) -> str:
    """Replace what `_STRAIGHT` maps; none of the replacements is itself replaced."""
    for char in set(_CURLY.findall(text)):
        text = text.replace(char, _STRAIGHT[char])
    return text


def normalize_text(text: str) -> str:
    """NFC, straight quotes, ASCII hyphens, '...' for the ellipsis, single spaces.

    Case and every other character are kept: a quote must still be the source's words.
    Splitting on whitespace and joining with single spaces collapses every run of whitespace
    (as `str.isspace` and the regex class of whitespace define it) and strips the ends, at a
    fraction of a regex substitution's cost; ASCII text needs nothing else.
    """
    if not text.isascii():
        text = _straighten(unicodedata.normalize("NFC", text))
    return " ".join(text.split())


_VOWELS = re.compile(r"[aeiouy]+")
_NON_LETTER = re.compile(r"[^a-z ]+")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A spelling folded to compare: case, accents and punctuation removed, spaces single.

    Cached, as `word_skeleton`: an actor registry repeats spellings and, far more, words.
    """
    if name.isascii():  # ASCII has no case folds beyond lower(), no decompositions, no marks
        folded = name.lower()
    else:
        folded = unicodedata.normalize("NFKD", name.casefold())
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(_NON_LETTER.sub(" ", folded).split())


@lru_cache(maxsize=1 << 16)
def word_skeleton(word: str) -> str:
    """One folded word without vowels and doubled letters (the word itself if nothing is left)."""
    collapsed = _DOUBLES.sub(r"\1", _VOWELS.sub("", word))
    return collapsed or word


def name_skeleton(name: str) -> str:
    """A transliteration-insensitive key for Persian and Arabic names written in Latin script.

    Romanizations of one name differ mostly in vowels, doubled letters and q/k
    (Mohaqeq/Mohaqiq, Qanuni/Qanooni, Masoud/Massoud, Muttaqi/Mottaki); dropping vowels,
    doubles and that distinction leaves a key the variants share.
    """
    folded = name_key(name).replace("q", "k").replace("ph", "f")
    return " ".join(word_skeleton(word) for word in folded.split())
