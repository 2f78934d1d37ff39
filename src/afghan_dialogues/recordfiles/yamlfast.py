"""The fast YAML reader: yaml_rs, on text where it reads exactly what libyaml reads.

yaml_rs (Rust) builds plain values several times faster than libyaml's composer followed by
our node-by-node conversion (`yamlprecise`), but it is not the same reader. Compared scalar by
scalar and on generated documents (tests/test_yaml_paths.py), it differs in these corners:

- numbers: `1_000`, `_1`, `0.1_0`, `0O17`, `0X1F`, `0b101`, signed `-0x1F`, `.iNf`;
- dates and times: `2021-02-30` or `0000-01-01` are text (the precise reader reports a syntax
  finding), `10:38:00` is a time, `2021-01-01T10:00` a datetime, datetimes with one-digit
  hours or two spaces before the time are text, and *quoted* '1402-09-12' or '10:38:00' are
  a date and a time instead of text;
- structure: unknown tags are dropped, `!!binary` and `!!set` ignored, `---` starts a list of
  documents, `? [1]` and `: b` are accepted as keys, and mapping keys are compared as YAML
  values rather than Python values (`1` and `1.0`, `1` and `true` are one key in Python);
- characters: U+0085, U+2028 and U+2029 are line breaks to libyaml only; libyaml refuses
  control characters; the readers differ on tabs, carriage returns, escapes and keys longer
  than 1024 characters, and only the precise reader limits nesting depth.

So the fast path is not a blacklist of those corners but a whitelist: `may_take_fast_path`
admits only text that fits a small grammar, one construct per line. Every line is blank, a
comment, `key: value`, `- key: value` or `- value` (or `- - ...` with a quoted value), where
keys are identifiers that are not null or booleans, and values are empty, `[]`, `{}`, quoted on
one line without escapes, or plain on one line: not starting with an indicator, not a number
or date form in which the readers differ (underscores, base prefixes, inf/nan spellings,
times, datetimes, days that do not exist), and not continued on the next line, which must be
no deeper. No tabs, carriage returns, backslashes, control or separator characters anywhere,
nothing deeper than 28 columns. Inside that grammar, the two readers were found to agree
value for value and type for type, once quoted values that start with a digit are tagged
`!!str` for yaml_rs (`fast_plan`). Text outside it, and text yaml_rs refuses (syntax errors,
duplicate keys), goes to the precise reader, which produces the finding. A clean file sent to
the precise reader only costs time; the grammar must never admit a file the readers would
read differently, which the property tests probe around every corner listed above.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

import yaml_rs

_EXCLUDED = r"\x00-\x1f\x7f-\x9f\\\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff"
"""Never in fast-path text: controls (tab, CR), C1 controls (U+0085), backslashes (escapes),
line and paragraph separators, byte order marks, surrogates and non-characters."""

_KEY = r"(?![nN][uU][lL][lL]:|[tT][rR][uU][eE]:|[fF][aA][lL][sS][eE]:)[A-Za-z][A-Za-z0-9_-]{0,99}"
"""A mapping key both readers take as the same short string (never null or a boolean)."""

_END = r"[ ]*+(?:\#|\n|\Z)"
"""After a plain scalar: trailing blanks, then a comment or the end of the line."""

_LEAP_YEAR = r"(?!0000)(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_REAL_DATE = (
    r"(?:(?!0000)[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
    rf"|{_LEAP_YEAR}-02-29)"
)
"""A YYYY-MM-DD day that exists (year 1 to 9999); ten characters, for a look-behind."""

_DIFFERING_SCALAR = (
    rf"(?:[-+.0-9a-fA-FxXoObBeE]*+_[-+.0-9a-fA-FxXoObBeE_]*+{_END}"  # digits with underscores
    rf"|[-+]?+0(?:[bB][01_]*+|[oO][0-7_]*+|[xX][0-9a-fA-F_]*+){_END}"  # base prefixes
    rf"|[-+]?+\.[iInN][nNaA][fFnN]{_END}"  # inf and nan, in any case
    r"|[-+]?+[0-9]++:[0-9]"  # times
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt]|[ ]++[^ \n#]"  # datetimes
    rf"|(?<!{_REAL_DATE})(?={_END})))"  # days that do not exist
)
"""The start of a plain scalar yaml_rs may resolve differently (loosely: more is only slower)."""

_RUN = rf"[^\n:#{_EXCLUDED}]*+"
_PLAIN = (
    rf"(?:[^ \n{_EXCLUDED}\-?:,\[\]{{}}#&*!|>'\"%@`0-9+._]"  # a first character of text
    rf"|(?!{_DIFFERING_SCALAR})(?:[0-9+._]|-(?=[0-9.])))"  # or of a number or date
    rf"{_RUN}(?:(?:(?<! )\#|:(?=[^ \n{_EXCLUDED}])){_RUN})*+"  # no ' #', ': ' or ':' at the end
)
"""A one-line plain scalar."""

_QUOTED_OR_EMPTY = (
    rf"(?:'(?:[^'\n{_EXCLUDED}]++|'')*+'"  # one-line single-quoted
    rf'|"[^"\n{_EXCLUDED}]*+"'  # one-line double-quoted (no escapes: backslashes are excluded)
    r"|\[\]|\{\})"
)

_COMMENT = rf"(?:(?<![^ \n])\#[^\n{_EXCLUDED}]*+)?"


def _plain_ending_here(deeper: str) -> str:
    """A plain scalar, then a line that cannot continue it.

    A content line indented `deeper` past this line's indentation would continue the scalar
    (a folded multi-line scalar, or a syntax error), and so may one after blank or comment
    lines: the fast path admits only scalars that end on their own line, followed directly by
    a line that is no deeper, or by the end of the text.
    """
    return rf"{_PLAIN}[ ]*+{_COMMENT}(?!\n(?:(?P=indent){deeper}|[ ]*+[\#\n]))"


_LINE = (
    r"(?![ -]{29})(?P<indent>[ ]*+)"  # within 28 columns: nesting far below the depth limit
    rf"(?:{_KEY}:(?=[ \n]|\Z)[ ]*+(?:{_plain_ending_here('[ ]')}|{_QUOTED_OR_EMPTY})?"  # key: v
    rf"|-[ ]{_KEY}:(?=[ \n]|\Z)[ ]*+(?:{_plain_ending_here('[ ]{3}')}|{_QUOTED_OR_EMPTY})?"  # - key: v
    rf"|-(?:[ ]++(?:{_plain_ending_here('[ ]')}|{_QUOTED_OR_EMPTY})?)?"  # - v
    rf"|(?:-[ ]++(?=-(?:[ \n]|\Z)))++-(?:[ ]++{_QUOTED_OR_EMPTY})?"  # - - 'v'
    rf")?[ ]*+{_COMMENT}"
)

_FAST_TEXT = re.compile(rf"(?:{_LINE}(?:\n|\Z))*+")
"""The whole grammar the fast path accepts: one construct per line, nothing that spans lines."""


def may_take_fast_path(text: str) -> bool:
    """True when yaml_rs reads `text` exactly as the precise reader does (or refuses it)."""
    return _FAST_TEXT.fullmatch(text) is not None


_QUOTED_DIGIT = re.compile(r"['\"][0-9]")
_VALUE_PREFIX = re.compile(rf"[ ]*+(?:-[ ]++)*+(?:{_KEY}:[ ]++)?")
"""What precedes a value on its line in fast-path text: indentation, dashes, a key."""


def fast_plan(text: str) -> tuple[int, ...] | None:
    """None when the fast path may not read `text`; else where `fast_load` tags a value `!!str`.

    yaml_rs with `parse_datetime` reads a *quoted* '1402-09-12' or '10:38:00' as a date or
    time, not as the text that quoting asks for (it types no other quoted scalar); an explicit
    `!!str` keeps it text. Fast-path text holds one construct per line, so a quote after the
    indentation, dashes and key of its line opens a value: those starting with a digit are
    the ones to tag.
    """
    if not may_take_fast_path(text):
        return None
    if _QUOTED_DIGIT.search(text) is None:
        return ()
    tags: list[int] = []
    for match in _QUOTED_DIGIT.finditer(text):
        at = match.start()
        if _VALUE_PREFIX.fullmatch(text, text.rfind("\n", 0, at) + 1, at):
            tags.append(at)
    return tuple(tags)


def fast_load(text: str, str_tags: Sequence[int]) -> tuple[bool, Any]:
    """(True, data) when yaml_rs reads the text, (False, None) when it refuses it.

    For text that `fast_plan` admits, with the `!!str` tags it gives: there, yaml_rs types
    every scalar as the precise reader does.
    """
    if str_tags:
        bounds = [0, *str_tags, len(text)]
        text = "!!str ".join(text[a:b] for a, b in itertools.pairwise(bounds))
    try:
        return True, yaml_rs.loads(
            text, parse_datetime=True, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error
        )
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError, OverflowError, RecursionError):
        return False, None
