"""Shortcuts give what their plain definitions give.

`normalize_text` skips Unicode work for ASCII text and collapses whitespace by splitting;
`name_key` skips decomposition for ASCII names. The definitions below are the ones those
functions had before the shortcuts: the data contract, which must not move.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from afghan_dialogues.datamodel.normalize import name_key, normalize_text

TYPOGRAPHY = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}


def normalized_by_definition(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(str.maketrans(TYPOGRAPHY))
    return re.sub(r"\s+", " ", text.replace("\u2026", "...")).strip()


def name_key_by_definition(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z ]+", " ", folded).split())


SPACES = [*" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2009\u2028\u2029\u202f\u205f\u3000"]
OTHERS = [*"aZ09.'\"-", "e\u0301", "\u00e9", "\u212b", "\u2026", "\u200b", "\ufb01", "\u0627", *TYPOGRAPHY]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(SPACES + OTHERS), max_size=16).map("".join))
def test_normalize_text_is_its_definition(text: str) -> None:
    assert normalize_text(text) == normalized_by_definition(text)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"aAzZ019 -.'_", "\u00e9", "\u0130", "\u00df", "\ufb01", "e\u0301"]), max_size=12
    )
)
def test_name_key_is_its_definition(parts: list[str]) -> None:
    name = "".join(parts)
    assert name_key(name) == name_key_by_definition(name)
