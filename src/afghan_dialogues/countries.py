"""English short names of the ISO 3166-1 alpha-2 codes that meetings carry in `country`.

`scan` looks for a meeting's country in an article by name, so it needs the name a journalist
writes ("Russia", "Iran"), not the ISO title ("Russian Federation", "Iran, Islamic Republic
of"). The IANA time zone database keeps exactly such a table (`iso3166.tab`, public domain),
and the `tzdata` package ships it on every platform; a parenthesised qualifier there
("Korea (South)", "Britain (UK)") is left out, since articles do not write it.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_QUALIFIER = re.compile(r"\s*\([^)]*\)")


@cache
def country_names() -> dict[str, str]:
    """Short English name by ISO 3166-1 alpha-2 code."""
    table = resources.files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    for line in table.splitlines():
        if not line or line.startswith("#"):
            continue
        code, name = line.split("\t", 1)
        names[code] = _QUALIFIER.sub("", name).strip()
    return names


def country_name(code: str) -> str | None:
    """The short English name of a code, or None for a code the table does not hold."""
    return country_names().get(code)
