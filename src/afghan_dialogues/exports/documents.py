"""The documents a release carries beside its data: the licences, how to cite it, what changed,
and the reasoning behind the records.

They are found where a repository checkout keeps them: `CURATION.md` inside the records folder,
the others beside it. An installed wheel carries the records folder with its `CURATION.md`, and
the others beside it (`_data/`, see pyproject.toml). A records folder elsewhere may lack some:
the release then goes without them, and its dataset card names what is missing.
"""

from __future__ import annotations

from pathlib import Path

BESIDE_RECORDS = ("LICENSE", "LICENSE-DATA", "CITATION.cff", "CHANGELOG.md")
IN_RECORDS = ("CURATION.md",)
DOCUMENTS = (*BESIDE_RECORDS, *IN_RECORDS)
"""Every document a release should carry, by its name in the release."""


def find_documents(records: Path | None) -> dict[str, Path | None]:
    """Each document's file for the records folder `records` (None where there is none)."""
    found: dict[str, Path | None] = dict.fromkeys(DOCUMENTS)
    if records is None:
        return found
    for name in DOCUMENTS:
        path = (records if name in IN_RECORDS else records.parent) / name
        if path.is_file() and not path.is_symlink():
            found[name] = path
    return found
