"""Layer 8: the committed schema files are in sync with the models, and the package the models
generate is valid for frictionless-py.

Staleness is checked on every run (a string comparison). The frictionless check of the generated
descriptor runs with the release checks only: importing and running frictionless-py costs more
than the rest of validating the bundled records, and what it checks (the descriptor the models
and dataset.yaml generate) changes only when they do; a test runs it on every change.
"""

from __future__ import annotations

from pathlib import Path

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.descriptors import package_descriptor, stale_schema_files
from afghan_dialogues.datamodel.models import DatasetInfo
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
