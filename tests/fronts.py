"""Running one seeded mistake through both front ends of `validate`.

The records folder is validated as it is; the same records are then written as a package (the
release writer's tables, with the snapshots beside them in `texts/`) and validated as a package.
A rule written once must report the same (code, record id, field) on both.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.writer import write_package
from afghan_dialogues.findings import Finding
from afghan_dialogues.recordfiles.loader import load_folder
from afghan_dialogues.validate.model_errors import check_models
from afghan_dialogues.validate.runner import validate_package, validate_records
from conftest import TODAY

Key = tuple[str, str | None, str | None]


@dataclass(frozen=True)
class Mistake:
    """One snippet replaced in one records file, and the code it must produce."""

    name: str
    file: str
    old: str
    new: str
    code: str
    adds: tuple[tuple[str, str], ...] = ()
    """Files the mistake writes besides the edit, as (path, text): e.g. a second source."""

    def apply(self, records: Path) -> None:
        for rel, content in self.adds:
            (records / rel).write_text(content, encoding="utf-8")
        path = records / self.file
        text = path.read_text(encoding="utf-8")
        assert self.old in text, f"{self.old!r} not in {self.file}"
        path.write_text(text.replace(self.old, self.new, 1), encoding="utf-8")


def package_of(records: Path, out: Path) -> Path:
    """The records as a package: the tables a release holds, and the snapshots in texts/."""
    loaded = load_folder(records)
    check_models(loaded.entries)
    assert loaded.dataset is not None
    check_models([loaded.dataset])
    write_package(Dataset.from_loaded(loaded), out)
    shutil.copytree(records / "texts", out / "texts")
    return out


def keys(findings: list[Finding], code: str) -> set[Key]:
    """What must agree between the front ends: code, record id and field."""
    return {(f.code, f.record_id, f.field) for f in findings if f.code == code}


def both_fronts(records: Path, work: Path, code: str) -> tuple[set[Key], set[Key]]:
    """The findings of one code from the records front end and from the package front end."""
    from_records = validate_records(records, today=TODAY, schema_dir=None).findings
    package = package_of(records, work / "package")
    from_package = validate_package(package, today=TODAY).findings
    return keys(from_records, code), keys(from_package, code)
