"""The release's `datapackage.json`: the committed descriptor plus what only the data gives: the
list of source documents, and the size and SHA-256 of every resource's file (`bytes`, `hash`),
which `frictionless validate` checks.

The sources list is what a citation of the package needs; it names each document by title,
its publisher where the records know it, and its address where it has one (many copies
circulate without a URL, and an invented one would be worse than none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from afghan_dialogues.datamodel.descriptors import dumps, package_descriptor
from afghan_dialogues.dataset import Dataset


def source_entries(dataset: Dataset) -> list[dict[str, Any]]:
    """One Frictionless `sources` entry per source document, in id order.

    Read off the Arrow tables (three columns of sources, two of actors), so a release of a
    million claims needs no typed record to describe its sources.
    """
    actors = dataset.to_arrow("actors").select(["id", "name"]).to_pydict()
    names = dict(zip(actors["id"], actors["name"], strict=True))
    entries: list[dict[str, Any]] = []
    for source in dataset.to_arrow("sources").select(["title", "publisher_id", "url"]).to_pylist():
        entry: dict[str, Any] = {"title": source["title"]}
        publisher = dataset.live_id(source["publisher_id"], names) if source["publisher_id"] else None
        if publisher in names:
            entry["publisher"] = names[publisher]
        if source["url"]:
            entry["path"] = source["url"]
        entries.append(entry)
    return entries


def release_descriptor(dataset: Dataset, files: Mapping[str, tuple[int, str]]) -> dict[str, Any]:
    """The data package descriptor of a release of this dataset, `files` giving the (size,
    sha256) of its resources' files by path."""
    return package_descriptor(dataset.info, sources=source_entries(dataset), files=files)


def render_descriptor(dataset: Dataset, files: Mapping[str, tuple[int, str]]) -> str:
    """The descriptor as written to `datapackage.json`."""
    return dumps(release_descriptor(dataset, files))
