"""Hypothesis strategies for YAML text rich in the corners where YAML readers disagree.

Used by tests/test_yaml_paths.py to compare the fast and the precise YAML reader. Documents
are built from block mappings and sequences whose keys and scalars come from lists of known
troublemakers (number and date forms of YAML 1.1, 1.2 and yaml_rs, tags, anchors, indicators,
unusual characters), written plain, quoted, folded over lines or as block scalars, nested, with
comments, flow collections and document markers; some are then damaged by a few random edits.
"""

from __future__ import annotations

from hypothesis import strategies as st

NUMBERS = [
    *("1", "-1", "+1", "0", "-0", "00", "0755", "08", "1_000", "_1", "1_", "1__0", "0.1_0", "1_0.5"),
    *("0o17", "0O17", "0o19", "0x1F", "0X1f", "0xG", "0b101", "0B1", "0b2", "-0x1F", "+0o7", "-0b1"),
    *("1.5", "1.", ".5", "-.5", "+.5", "1e5", "1E+5", "1.e5", "1e", "e5", ".e5", "123e456", "-1e400"),
    *(".inf", "-.inf", "+.inf", ".Inf", ".INF", ".iNf", "+.iNF", ".nan", ".NaN", ".NAN", ".nAn"),
    *("-.nan", "12345678901234567890123", "-9223372036854775809", "0x" + "f" * 20, "1,000", "1 000"),
    *("0b210ca9e2", "1e1_0", "0.30000000000000004", "1.7976931348623157e309", "+", "-", ".", "_"),
]
DATES = [
    *("2021-01-01", "2020-02-29", "2021-02-29", "1900-02-29", "2000-02-29", "2021-02-30", "2021-04-31"),
    *("2021-06-30", "2021-13-01", "2021-00-10", "2021-01-00", "2021-01-32", "0000-01-01", "0001-01-01"),
    *("9999-12-31", "2021-1-1", "2021-01-1", "20210101", "2021-01-01x", "2021-01-01T10:00:00"),
    *("2021-01-01t10:00:00Z", "2021-01-01 10:00:00", "2021-01-01  10:00:00", "2021-01-01T1:00:00"),
    *("2021-01-01T10:00", "2021-01-01 10:00:00 +5", "2021-01-01T10:00:00.123456789+05:30"),
    *("2021-01-01T25:00:00", "10:38", "10:38:00", "1:00:00", "190:20:30", "2021-01-01 later"),
]
WORDS = [
    *("true", "True", "TRUE", "tRue", "false", "FALSE", "yes", "no", "on", "off", "y", "n", "Yes"),
    *("null", "Null", "NULL", "nULL", "~", "word", "two words", "a#b", "a #b", "a:b", "a: b", "a:"),
    *("a,b", "[a]", "{a}", "a]", "-a", "- a", "--a", "?a", "? a", ":a", ": a", "!tag x", "!!str x"),
    *("!!binary aGk=", "!!set", "!!int 1", "!!float 1", "&anchor x", "*alias", "@x", "`x", "%x"),
    *("|", ">", "|-", "'", '"', "a'b", 'a"b', "#", "...", "---", "<<", "=", "a  b", "a - b"),
    *("https://example.org/a?b=c#d", "act-ahmad-massoud", "src-example-2021-02-30", "14 November 2021"),
]
CHARACTERS = [
    *("\u0085", "\u2028", "\u2029", "\ufeff", "\u00a0", "\u3000", "\u200b", "\u200c", "\u00e9"),
    *("e\u0301", "\x07", "\x7f", "\x1f", "\t", "\r", "\\", "\\n", "\\x41", "\U0001f600", "\u05d0"),
    *("\u201c", "\u2026", "\ue000", "\ufffd", "\x80", "\x9f"),
]
PLAIN_VALUES = [
    *("Opposition divided over the Tehran meeting", "act-ahmad-massoud", "src-kabul-2021-11-14"),
    *("https://example.org/a/2021/11/14/b?c=d", "2021-11-14", "2024-02-29", "14 November 2021", "en"),
    *("12", "-3", "1.5", "0", "1f8e8914d208484cde45abffe4915aee", "000555_2e31f827342c459b.txt"),
    *("a, b and c", "Kabul\u2019s \u201cconsensus\u201d \u2014 yes", "\u0627\u0641\u063a\u0627\u0646", "x-y"),
    *("one [two] {three}", "he said it's done", "Q42", "solar_hijri", "no", "on", "true", "~", "50%"),
]
KEYS = [
    *("id", "name", "source_ids", "a", "b", "k", "null", "Null", "true", "False", "y", "no", "~"),
    *("1", "1.0", "0x1", "2021-01-01", "'k'", '"k"', "'a b'", "a b", "k ", "-k", "_k", "k-1"),
    *("[1]", "{a: 1}", "? k", "", "x" * 1100, "<<", "&a k", "!t k", "\u00e9t\u00e9", "K\u200b"),
]

_TEXT_ALPHABET = st.sampled_from(
    list("abc xyz019_.-+:#'\",[]{}!&*?|>%@`~\\eExXoObBtTZ") + CHARACTERS[:9] + ["\n", "  "]
)
_EDIT_ALPHABET = [*" \n:-'\"#[]{},?|>!&*\t\r0_a.", "\u2028", "\x85", "  ", "- ", ": "]


def rarely(draw: st.DrawFn, risk: int) -> bool:
    """True about `risk` times in a hundred: how often a document strays from plain records.

    Hypothesis favours the ends of a range, so the rare values sit in its middle.
    """
    return 40 <= draw(st.integers(0, 99)) < 40 + risk


@st.composite
def scalar_texts(draw: st.DrawFn, risk: int = 100) -> str:
    """The content of one scalar, before it is written in some style."""
    if not rarely(draw, risk):
        return draw(st.sampled_from(PLAIN_VALUES))
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.sampled_from(NUMBERS))
    if kind == 1:
        return draw(st.sampled_from(DATES))
    if kind == 2:
        return draw(st.sampled_from(WORDS))
    if kind == 3:
        return draw(st.sampled_from(WORDS)) + draw(st.sampled_from(CHARACTERS)) + "x"
    if kind == 4:
        return "".join(draw(st.lists(_TEXT_ALPHABET, max_size=12)))
    return " ".join(draw(st.lists(st.sampled_from(NUMBERS + DATES + WORDS), min_size=1, max_size=3)))


_ESCAPES = ["\\\\", '\\"', "\\n", "\\t", "\\x41", "\\u00e9", "\\N", "\\_", "\\L", "\\P", "\\/", "\\e", "\\ "]


@st.composite
def written_scalars(draw: st.DrawFn, indent: int, risk: int) -> str:
    """A scalar as it appears after 'key: ' or '- ', possibly over several lines."""
    text = draw(scalar_texts(risk))
    pad = "\n" + " " * (indent + draw(st.integers(0, 3)))
    style = draw(st.integers(0, 2)) if not rarely(draw, risk) else draw(st.integers(0, 7))
    if style == 0:
        return text
    if style in (1, 3):
        inner = text.replace("'", "''")
        if style == 3:
            inner = inner.replace(" ", pad, 1)
        return f"'{inner}'"
    if style in (2, 4):
        inner = text.replace("\\", "\\\\").replace('"', '\\"')
        if style == 4 and draw(st.booleans()):
            inner += draw(st.sampled_from(_ESCAPES))
        if style == 4 and draw(st.booleans()):
            inner = inner.replace(" ", pad, 1)
        return f'"{inner}"'
    if style == 5:
        words = text.split(" ") + draw(st.lists(st.sampled_from(NUMBERS + DATES + WORDS), max_size=2))
        blank = draw(st.sampled_from(["", "\n", "\n  "]))
        return (blank + pad).join(words)
    if style == 6:
        header = draw(st.sampled_from(["|", ">", "|-", ">+", "|2", ">-", "|+"]))
        body = "".join(pad + line for line in text.split("\n"))
        return header + body + draw(st.sampled_from(["", pad, "\n"]))
    opener, closer = draw(st.sampled_from([("[", "]"), ("{", "}")]))
    items = draw(st.lists(st.sampled_from(NUMBERS + WORDS + ["a: b", "[]", "{}"]), max_size=3))
    return opener + draw(st.sampled_from([", ", ",", " ,"])).join(items) + closer


@st.composite
def key_texts(draw: st.DrawFn, risk: int) -> str:
    """A mapping key as written, mostly plain identifiers."""
    if rarely(draw, risk):
        return draw(st.sampled_from(KEYS))
    return draw(st.from_regex(r"[a-z][a-z_]{0,6}", fullmatch=True))


@st.composite
def blocks(draw: st.DrawFn, indent: int, depth: int, risk: int) -> list[str]:
    """Lines of one block mapping or sequence at `indent`."""
    lines: list[str] = []
    is_map = draw(st.booleans())
    for _ in range(draw(st.integers(1, 4))):
        prefix = " " * indent + ("" if is_map else "- ")
        if is_map:
            key = draw(key_texts(risk))
            if lines and rarely(draw, risk // 2):
                key = lines[0].strip().split(":", 1)[0]  # a repeated key
            prefix += key + (":" if not rarely(draw, risk) else draw(st.sampled_from([" :", ":  ", ":\t"])))
        decoration = (
            "" if not rarely(draw, risk) else draw(st.sampled_from(["&a ", "!t ", "!!str ", "*a", "? "]))
        )
        nested = depth < 4 and draw(st.integers(0, 2)) == 0
        if nested:
            step = draw(st.integers(0 if is_map else 1, 4))
            child = draw(blocks(indent + step + (0 if is_map else 2), depth + 1, risk))
            if not is_map and draw(st.booleans()):
                lines.append(prefix.rstrip() + " " + child[0].lstrip())  # '- key: value' compactly
                lines.extend(child[1:])
            else:
                lines.append((prefix + " " + decoration).rstrip())
                lines.extend(child)
        else:
            empty = draw(st.integers(0, 9)) == 0
            value = "" if empty else draw(written_scalars(indent + 2, risk))
            lines.append(prefix + ("" if empty else " " + decoration + value))
        if draw(st.integers(0, 5)) == 3:
            lines.append(draw(st.sampled_from(["", "  ", "# note", " " * indent + "# c", "  # c: d"])))
        if draw(st.integers(0, 7)) == 3:
            lines[-1] += draw(st.sampled_from([" # trailing", "  ", " #", " # a: b"]))
        if rarely(draw, risk):
            lines[-1] += draw(st.sampled_from(["#x", " # \u2028 x", " # \t", "\t"]))
    return lines


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A whole YAML file: plain records with rare, or frequent, troublemakers; maybe damaged."""
    risk = draw(st.sampled_from([2, 5, 15, 50]))
    lines = draw(blocks(0, 0, risk))
    if rarely(draw, risk):
        lines.insert(0, draw(st.sampled_from(["---", "%YAML 1.2\n---", "# header", "--- # c"])))
    if rarely(draw, risk):
        lines.append(draw(st.sampled_from(["...", "---", "--- x", "---\nk: v"])))
    if rarely(draw, risk // 5):
        lines = [" " * (i % 40) + "- " * (i // 40) + f"k{i}:" for i in range(70)]  # deep nesting
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))
    if rarely(draw, risk):
        text = text.replace("\n", "\r\n")
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 3])) if rarely(draw, risk * 2) else 0):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.integers(0, 2))
        if edit == 0:
            text = text[:at] + draw(st.sampled_from(_EDIT_ALPHABET)) + text[at:]
        elif edit == 1:
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + text[at:].replace("\n", "\n ", 1)
    return text
