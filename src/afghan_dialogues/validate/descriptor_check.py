"""Layer 7: the schema files are in sync with the models and form a valid data package."""

from __future__ import annotations

from pathlib import Path

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.descriptors import package_descriptor, stale_schema_files
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path


def check_package(info: DatasetInfo, schema_dir: Path | None) -> list[Finding]:
    """Stale committed schema files, and Frictionless' verdict on the generated descriptor."""
    out: list[Finding] = []
    if schema_dir is not None:
        for rel in stale_schema_files(schema_dir, info):
            out.append(
                Finding(
                    F.PKG_STALE,
                    "schema file differs from what the models generate",
                    file=display_path(schema_dir / rel),
                    hint="run `afghan-dialogues schema` and commit the result",
                )
            )
    out.extend(frictionless_errors(package_descriptor(info)))
    return out


def frictionless_errors(descriptor: dict[str, object]) -> list[Finding]:
    """Validate a package descriptor with frictionless-py (imported here: it is slow to import)."""
    from frictionless import FrictionlessException, Package

    try:
        errors = list(Package.metadata_validate(descriptor))
    except FrictionlessException as exc:
        return [Finding(F.PKG_INVALID, str(exc.error.message), hint="fix the model that generates it")]
    return [Finding(F.PKG_INVALID, e.message, hint="fix the model that generates it") for e in errors]
