"""Sentences of synthetic articles, and the quotes taken from them.

A snapshot is written the way outlets print: typographic quotation marks, em dashes and
apostrophes. Quotes are recorded the way curators type them: straight quotes and hyphens. The
two only match after `schema.normalize.normalize_text`, so every synthetic claim exercises the
documented normalization rather than a byte-for-byte comparison.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Passage:
    """A paragraph of the snapshot, and the quote a curator records from it."""

    paragraph: str
    quote: str


def _printed(text: str) -> str:
    """How an outlet prints a sentence: em dashes and curly apostrophes."""
    return text.replace(" - ", " \u2014 ").replace("'", "\u2019")


def _typed(text: str) -> str:
    """How a curator types the same words: a comma before 'but' becomes a spaced hyphen."""
    return text.replace(", but ", " - but ")


def capital(text: str) -> str:
    """Sentence case without touching the rest of the sentence."""
    return text[:1].upper() + text[1:]


def direct(speaker: str, verb: str, statement: str, *, with_attribution: bool) -> Passage:
    """`X said: “…”` — the quote is either the words in quotation marks or the whole clause."""
    words = capital(_typed(statement)) + "."
    paragraph = f"{speaker} {verb}: \u201c{_printed(words)}\u201d"
    quote = f'{speaker} {verb}: "{words}"' if with_attribution else words[:-1]
    return Passage(paragraph, quote)


def indirect(speaker: str, outlet: str | None, statement: str) -> Passage:
    """Reported speech, optionally relayed by another outlet."""
    clause = f"{speaker} told {outlet} that" if outlet else f"{speaker} said that"
    words = _typed(statement)
    return Passage(f"{clause} {_printed(words)}.", f"{clause} {words}")


def paraphrase(speaker: str, predicate: str) -> Passage:
    """The outlet's rendering of a position, without a speech verb."""
    words = f"{speaker} {predicate}"
    return Passage(f"{_printed(words)}.", words)


def editorial(sentence: str) -> Passage:
    """The author's or outlet's own assertion."""
    words = capital(sentence)
    return Passage(f"{_printed(words)}.", words)


def unnamed(statement: str) -> Passage:
    """A statement the source credits to someone it does not name."""
    words = capital(_typed(statement)) + "."
    return Passage(f"One of those present said: \u201c{_printed(words)}\u201d", words[:-1])


def listing(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
