"""The wheel: the package with the records and schema inside it (`_data/`), but not the text
snapshots of records/texts/, which stay with their publishers (LICENSE-DATA); and `load()`
working from it, with no repository beside it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from afghan_dialogues.loading import load

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("wheel")
    (built,) = WheelBuilder(str(REPO)).build(directory=str(out), versions=["standard"])
    return Path(built)


def test_the_wheel_carries_the_records_and_schema_but_no_text_snapshot(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("records", "schema"):
        expected = {
            f"afghan_dialogues/_data/{folder}/{p.relative_to(REPO / folder).as_posix()}"
            for p in (REPO / folder).rglob("*")
            if p.is_file() and p.relative_to(REPO / folder).parts[0] != "texts"
        }
        assert {n for n in names if n.startswith(f"afghan_dialogues/_data/{folder}/")} == expected
    assert list((REPO / "records" / "texts").iterdir()), "the repository keeps the snapshots"
    assert [n for n in names if "texts/" in n] == []


def test_load_reads_the_records_of_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as handle:
        handle.extractall(site)
    code = "import afghan_dialogues as a; data = a.load(); print(a.__file__, len(data.claims))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(site)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    module, claims = result.stdout.split()
    assert Path(module).is_relative_to(site)
    assert int(claims) == len(load(REPO / "records").claims)
