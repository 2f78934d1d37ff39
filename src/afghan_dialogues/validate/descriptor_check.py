"""Layer 8: descriptors against the models. The committed schema files and a package's own
datapackage.json must be what the models generate (`package/stale-schema`), and the package
the models generate must be valid for frictionless-py.

Staleness is checked on every run (a string comparison). The frictionless check of the generated
descriptor runs with the release checks only: importing and running frictionless-py costs more
than the rest of validating the bundled records, and what it checks (the descriptor the models
and dataset.yaml generate) changes only when they do; a test runs it on every change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.descriptors import (
    COMPUTED_KEYS,
    package_descriptor,
    package_resources,
    stale_schema_files,
    table_schema,
)
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.datamodel.tables import TABLES
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path


def stale_schema(schema_dir: Path | None, info: DatasetInfo) -> list[Finding]:
    """Committed schema files that differ from what the models generate."""
    out: list[Finding] = []
    if schema_dir is not None:
        for rel in stale_schema_files(schema_dir, info):
            out.append(
                Finding(
                    F.PACKAGE_STALE_SCHEMA,
                    "schema file differs from what the models generate",
                    file=display_path(schema_dir / rel),
                    hint="run `afghan-dialogues schema` and commit the result",
                )
            )
    return out


_STALE_PACKAGE_HINT = "the package was written by another version; export it again with this one"


def stale_resources(resources: dict[str, dict[str, Any]], shown: str) -> list[Finding]:
    """The resources of a package's descriptor, by name, that differ from what the models
    generate (a release's `bytes` and `hash` aside, which only its files give); `shown` names
    the descriptor."""
    expected = {r["name"]: r for r in package_resources()}
    tables = {t.name: t for t in TABLES}
    problems: list[tuple[str, str]] = []
    for name, want in expected.items():
        resource = resources.get(name)
        if resource is None:
            problems.append((name, f"no resource '{name}'"))
        elif name in tables and resource.get("schema") != table_schema(tables[name]):
            problems.append((name, f"the table schema of '{name}' differs from what the models generate"))
        elif {k: v for k, v in resource.items() if k not in COMPUTED_KEYS} != want:
            problems.append((name, f"resource '{name}' differs from what the models generate"))
    for name in sorted(set(resources) - set(expected)):
        problems.append((name, f"resource '{name}' is not a resource of this version"))
    return [
        Finding(
            F.PACKAGE_STALE_SCHEMA, message, file=shown, field=f"resources.{name}", hint=_STALE_PACKAGE_HINT
        )
        for name, message in problems
    ]


def package_errors(info: DatasetInfo) -> list[Finding]:
    """Frictionless' verdict on the descriptor the models and dataset.yaml generate."""
    return frictionless_errors(package_descriptor(info))


def frictionless_errors(descriptor: dict[str, object]) -> list[Finding]:
    """Validate a package descriptor with frictionless-py (imported here: it is slow to import)."""
    from frictionless import FrictionlessException, Package

    try:
        errors = list(Package.metadata_validate(descriptor))
    except FrictionlessException as exc:
        return [Finding(F.PACKAGE_INVALID, str(exc.error.message), hint="fix the model that generates it")]
    return [Finding(F.PACKAGE_INVALID, e.message, hint="fix the model that generates it") for e in errors]
