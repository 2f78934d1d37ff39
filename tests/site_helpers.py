"""The dataset the site tests build: the bundled records, plus retired ids of every kind
(the records have none yet), in a folder laid out as a release with the files the pages
link to."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import afghan_dialogues
from afghan_dialogues.datamodel.models import Tombstone
from afghan_dialogues.dataset import RECORD_TABLES, Dataset
from afghan_dialogues.site import write_site
from afghan_dialogues.site.links import in_release

MERGED = "act-amir-khan-mottaki"
"""Retired into act-amir-khan-muttaqi."""
MERGED_TWICE = "act-mottaki"
"""Retired into MERGED, so it leads to act-amir-khan-muttaqi too."""
WITHDRAWN = "clm-coffey-999"
TOMBSTONES = (
    Tombstone(id=MERGED, reason="merged", merged_into="act-amir-khan-muttaqi", note="Same person."),
    Tombstone(id=MERGED_TWICE, reason="merged", merged_into=MERGED, note="Same person."),
    Tombstone(id=WITHDRAWN, reason="withdrawn", note="The quote is not in the source."),
)


@cache
def bundled() -> Dataset:
    """The bundled records as a dataset, with TOMBSTONES."""
    data = afghan_dialogues.load()
    records = {name: list(data.records(name)) for name in RECORD_TABLES}
    records["tombstones"] += TOMBSTONES
    return Dataset.build(data.info, records)


def release_with_site(folder: Path, data: Dataset | None = None) -> Path:
    """`folder` made a release (empty stand-ins for the files the pages link to) with the site
    in `site/`, as `export` will lay it out; returns the site's folder."""
    data = data or bundled()
    folder.mkdir(parents=True, exist_ok=True)
    for link in in_release(data.info):
        (folder / link.href.removeprefix("../")).write_text("", encoding="utf-8")
    write_site(data, folder / "site")
    return folder / "site"
