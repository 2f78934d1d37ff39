"""Record identifiers.

Ids are ASCII slugs with a type prefix so that a reader (and `validate`) can tell from an id
alone which table it points into. They are never derived from fields that may be corrected
later; once released they never change (see tombstones).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from anyascii import anyascii
from pydantic import StringConstraints

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"

PREFIXES: dict[str, str] = {
    "source": "src",
    "actor": "act",
    "meeting": "mtg",
    "claim": "clm",
}

SourceId = Annotated[str, StringConstraints(pattern=rf"^src-{SLUG}$")]
ActorId = Annotated[str, StringConstraints(pattern=rf"^act-{SLUG}$")]
MeetingId = Annotated[str, StringConstraints(pattern=rf"^mtg-{SLUG}$")]
ClaimId = Annotated[str, StringConstraints(pattern=rf"^clm-{SLUG}$")]
AnyId = Annotated[str, StringConstraints(pattern=rf"^(?:src|act|mtg|clm)-{SLUG}$")]

ID_RE = re.compile(rf"^(src|act|mtg|clm)-{SLUG}$")

_INVISIBLE = {"Cf", "Zs", "Zl", "Zp", "Cc"}


def diagnose_id(value: str, expected_prefix: str | None) -> tuple[str, str]:
    """Say precisely what is wrong with an id that failed its pattern.

    Returns (reason, hint). The reason separates the cases a maintainer fixes differently:
    invisible characters pasted from a web page, look-alike letters from another script, a
    prefix that names the wrong table, and plain malformed slugs.
    """
    for ch in value:
        if ord(ch) < 128 and ch != " ":
            continue
        name = unicodedata.name(ch, f"U+{ord(ch):04X}")
        if unicodedata.category(ch) in _INVISIBLE:
            return (
                f"contains the invisible character U+{ord(ch):04X} {name}",
                "retype the id by hand; invisible characters usually come from copy and paste",
            )
        folded = anyascii(ch)
        lookalike = f" (looks like '{folded}')" if folded and folded.isascii() else ""
        return (
            f"contains the non-ASCII character U+{ord(ch):04X} {name}{lookalike}",
            "ids are ASCII: lowercase letters, digits and single hyphens",
        )
    prefix = value.split("-", 1)[0]
    if expected_prefix and prefix != expected_prefix:
        return (
            f"has prefix '{prefix}-' where '{expected_prefix}-' is required",
            f"ids in this field start with '{expected_prefix}-'",
        )
    return (
        "is not a lowercase ASCII slug",
        "use lowercase letters, digits and single hyphens, e.g. 'act-ahmad-massoud'",
    )
