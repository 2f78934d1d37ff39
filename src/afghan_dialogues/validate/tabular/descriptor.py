"""The package's datapackage.json: readable, and describing the tables these models publish.

The data are checked against the models of this version (the records' contract), not against
whatever the descriptor says; a descriptor whose table schemas differ from what the models
generate is reported as stale, which is how a package written by another version shows.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.descriptors import table_schema
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.datamodel.tables import TABLES
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path

DESCRIPTOR_FILE = "datapackage.json"


def is_package(path: Path) -> bool:
    """A package directory is recognised by its descriptor."""
    return (path / DESCRIPTOR_FILE).is_file()


def read_descriptor(root: Path) -> tuple[dict[str, Any], list[Finding]]:
    """The descriptor (empty when unreadable) and the findings about it."""
    path = root / DESCRIPTOR_FILE
    shown = display_path(path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        return {}, [
            Finding(F.PARSE_ENCODING, "descriptor is not valid UTF-8", file=shown, hint="save it as UTF-8")
        ]
    except json.JSONDecodeError as exc:
        return {}, [
            Finding(
                F.PARSE_SYNTAX, f"not valid JSON: {exc.msg}", file=shown, line=exc.lineno, hint="fix the JSON"
            )
        ]
    except OSError as exc:
        return {}, [Finding(F.PARSE_UNREADABLE, str(exc), file=shown, hint="check permissions")]
    if not isinstance(data, dict):
        return {}, [
            Finding(
                F.PARSE_STRUCTURE,
                "descriptor must be a JSON object",
                file=shown,
                hint="see the data package spec",
            )
        ]
    return data, _stale(data, shown)


def _resources(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return {}
    return {r["name"]: r for r in resources if isinstance(r, dict) and isinstance(r.get("name"), str)}


def resource_path(descriptor: dict[str, Any], table: str) -> str | None:
    """The CSV path the descriptor gives a table, when it gives a plain relative one."""
    path = _resources(descriptor).get(table, {}).get("path")
    if isinstance(path, str) and not path.startswith("/") and ".." not in Path(path).parts:
        return path
    return None


def _stale(descriptor: dict[str, Any], shown: str) -> list[Finding]:
    resources = _resources(descriptor)
    out = []
    for table in TABLES:
        resource = resources.get(table.name)
        if resource is None:
            message = f"no resource '{table.name}'"
        elif resource.get("schema") != table_schema(table):
            message = f"the table schema of '{table.name}' differs from what the models generate"
        else:
            continue
        out.append(
            Finding(
                F.PKG_STALE,
                message,
                file=shown,
                field=f"resources.{table.name}",
                hint="the package was written by another version; export it again with this one",
            )
        )
    known = {t.name for t in TABLES}
    for name in sorted(set(resources) - known):
        out.append(
            Finding(
                F.PKG_STALE,
                f"resource '{name}' is not a table of this version",
                file=shown,
                field=f"resources.{name}",
                hint="the package was written by another version; export it again with this one",
            )
        )
    return out


def dataset_info(descriptor: dict[str, Any]) -> DatasetInfo | None:
    """Package metadata in the shape of dataset.yaml, when the descriptor has it."""
    created = descriptor.get("created")
    try:
        released = dt.date.fromisoformat(created[:10]) if isinstance(created, str) else None
        return DatasetInfo.model_validate(
            {
                "name": descriptor.get("name"),
                "title": descriptor.get("title"),
                "description": descriptor.get("description"),
                "version": descriptor.get("version"),
                "released": released,
                "homepage": descriptor.get("homepage"),
                "licenses": descriptor.get("licenses"),
                "contributors": descriptor.get("contributors"),
            },
            strict=False,
        )
    except (ValidationError, ValueError):
        return None
