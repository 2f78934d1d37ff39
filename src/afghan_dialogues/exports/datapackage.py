"""The release's `datapackage.json`: the committed descriptor plus the list of source documents.

The sources list is what a citation of the package needs; it names each document by title,
its publisher where the records know it, and its address where it has one (many copies
circulate without a URL, and an invented one would be worse than none).
"""

from __future__ import annotations

from typing import Any

from afghan_dialogues.dataset import Dataset
from afghan_dialogues.schema.descriptors import dumps, package_descriptor
from afghan_dialogues.schema.models import Actor


def source_entries(dataset: Dataset) -> list[dict[str, Any]]:
    """One Frictionless `sources` entry per source document, in id order."""
    entries: list[dict[str, Any]] = []
    for source in dataset.sources:
        entry: dict[str, Any] = {"title": source.title}
        publisher = dataset.get(source.publisher_id) if source.publisher_id else None
        if isinstance(publisher, Actor):
            entry["publisher"] = publisher.name
        if source.url:
            entry["path"] = source.url
        entries.append(entry)
    return entries


def release_descriptor(dataset: Dataset) -> dict[str, Any]:
    """The data package descriptor of a release of this dataset."""
    return package_descriptor(dataset.info, sources=source_entries(dataset))


def render_descriptor(dataset: Dataset) -> str:
    """The descriptor as written to `datapackage.json`."""
    return dumps(release_descriptor(dataset))
