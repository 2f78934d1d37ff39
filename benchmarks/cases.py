"""Library-level benchmark cases, each run by `run.py` as `python cases.py CASE ARGS...` in a
fresh process. Each prints what it measured inside the process on one line."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

TODAY = dt.date(2026, 11, 22)
"""Validation date for library calls; no synthetic date is near it."""


def validate_csv(package: str) -> None:
    """The package validator reading the CSV resources instead of Parquet: prints the findings."""
    from afghan_dialogues.validate.runner import validate_package

    print(len(validate_package(Path(package), today=TODAY, prefer="csv").findings))


def validate_timed(package: str) -> None:
    """The package validator on Parquet, timed inside the process (imports excluded)."""
    from afghan_dialogues.validate.runner import validate_package

    start = time.perf_counter()
    findings = validate_package(Path(package), today=TODAY).findings
    print(f"{time.perf_counter() - start:.3f} {len(findings)}")


def export(package: str, out: str) -> None:
    """load() a release, then export_release() it without the site (a page per record; the site
    has its own case): prints both durations, the seconds spent writing the SQLite database and
    the workbook (the formats written cell by cell by their libraries), and the size of the
    zip, as JSON."""
    import afghan_dialogues
    from afghan_dialogues.exports import writer

    spent = {"sqlite": 0.0, "workbook": 0.0}

    def timed(name: str, write: Callable[..., None]) -> Callable[..., None]:
        def run(*args: object) -> None:
            start = time.perf_counter()
            write(*args)
            spent[name] += time.perf_counter() - start

        return run

    writer.write_sqlite = timed("sqlite", writer.write_sqlite)  # type: ignore[attr-defined]
    writer.write_workbook = timed("workbook", writer.write_workbook)  # type: ignore[attr-defined]
    start = time.perf_counter()
    data = afghan_dialogues.load(package)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    release = writer.export_release(data, Path(out), site=False)
    exported = time.perf_counter() - start
    result = {
        "load": loaded,
        "export": exported,
        **spent,
        "zip_bytes": release.archive.stat().st_size,
    }
    print(json.dumps(result))


def export_bundled(runs: str) -> None:
    """export_release() of the bundled records, `runs` times into fresh folders (the records are
    validated once, before; each run gets a fresh Dataset, which flattens its records to Arrow
    again): prints the median and the fastest run in milliseconds, and the claims."""
    import shutil
    import statistics
    import tempfile

    from afghan_dialogues.dataset import Dataset
    from afghan_dialogues.exports.writer import export_release
    from afghan_dialogues.paths import records_dir
    from afghan_dialogues.validate.runner import validate_records

    loaded = validate_records(records_dir()).loaded
    assert loaded is not None
    seconds = []
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(int(runs)):
            dataset = Dataset.from_loaded(loaded)
            start = time.perf_counter()
            export_release(dataset, Path(scratch) / str(run))
            seconds.append(time.perf_counter() - start)
            shutil.rmtree(Path(scratch) / str(run))
    print(f"{statistics.median(seconds) * 1000:.1f} {min(seconds) * 1000:.1f} {len(dataset.claims)}")


def load(package: str) -> None:
    """load() a release (Arrow tables; no record is built): prints the seconds and the claims."""
    import afghan_dialogues

    start = time.perf_counter()
    data = afghan_dialogues.load(package)
    print(f"{time.perf_counter() - start:.3f} {data.to_arrow('claims').num_rows}")


def load_records(package: str) -> None:
    """load() a release, then build its claims as typed records: prints the seconds of each."""
    import afghan_dialogues

    start = time.perf_counter()
    data = afghan_dialogues.load(package)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    claims = len(data.claims)
    print(f"{loaded:.3f} {time.perf_counter() - start:.3f} {claims}")


_FRICTIONLESS_KINDS = {
    "model/type",
    "model/missing-field",
    "model/value",
    "model/bad-id",
    "model/unknown-field",
    "identity/duplicate-id",
    "identity/duplicate-key",
}


def comparable(package_dir: str) -> None:
    """All findings, and the findings of the kinds frictionless checks, of our validator on a
    package, printed. A case of its own process: a million claims' findings would otherwise
    grow the runner, and every process it starts afterwards inherits its peak memory (Linux
    keeps the parent's high-water mark across fork and exec), spoiling their measurements.

    Frictionless checks types, required, enum and pattern constraints of scalar cells, primary
    keys, header labels, and the foreign keys the descriptor declares (scalar columns only);
    it knows no tombstones, so a reference to a retired id that is still a live row is no
    error to it.
    """
    from afghan_dialogues.validate import runner
    from afghan_dialogues.validate.runner import validate_package

    runner.MAX_PER_CODE_AND_FILE = 10**9  # every finding counted, as frictionless's are

    package = Path(package_dir)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    declared = {
        (resource["name"], key["fields"][0])
        for resource in descriptor["resources"]
        for key in resource.get("schema", {}).get("foreignKeys", [])
    }
    lists = {
        (resource["name"], f["name"])
        for resource in descriptor["resources"]
        for f in resource.get("schema", {}).get("fields", [])
        if f["type"] == "list"
    }
    findings = validate_package(package, today=TODAY, prefer="csv").findings
    live_but_retired = {f.record_id for f in findings if f.code == "identity/tombstone-in-use"}
    same = 0
    for f in findings:
        table = Path(f.file or "").stem
        cell = f.code in _FRICTIONLESS_KINDS and (table, f.field) not in lists
        missing = f.code == "ref/dangling" or (
            f.code == "ref/retired" and f.message.split("'")[1] not in live_but_retired
        )
        same += cell or (missing and (table, f.field) in declared)
    print(len(findings), same)


def site(records: str, out: str) -> None:
    """load() a records folder (validating it), then write_site() it, with the collector paused
    as the `site` command does: prints both durations, the CPU seconds of the whole process (all
    threads, imports included: a measure that other work on the machine disturbs less than wall
    time) and the weight of the site, as JSON."""
    import afghan_dialogues
    from afghan_dialogues.gc_pause import gc_paused
    from afghan_dialogues.site import write_site

    with gc_paused():
        start = time.perf_counter()
        data = afghan_dialogues.load(records)
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        written = write_site(data, Path(out))
        wrote = time.perf_counter() - start
    sizes = {path: (Path(out) / path).stat().st_size for path in written}
    pages = {path: size for path, size in sizes.items() if path.endswith(".html")}
    index = [size for path, size in sizes.items() if path.startswith("assets/search-index-")]
    result = {
        "load": loaded,
        "write": wrote,
        "cpu": time.process_time(),
        "files": len(sizes),
        "bytes": sum(sizes.values()),
        "largest_page": max(pages.items(), key=lambda item: (item[1], item[0])),
        "largest_file": max(sizes.items(), key=lambda item: (item[1], item[0])),
        "index_parts": len(index),
        "index_bytes": sum(index),
    }
    print(json.dumps(result))


CASES: dict[str, Callable[..., None]] = {
    "validate-csv": validate_csv,
    "validate-timed": validate_timed,
    "export": export,
    "export-bundled": export_bundled,
    "load": load,
    "load-records": load_records,
    "site": site,
    "comparable": comparable,
}

if __name__ == "__main__":
    CASES[sys.argv[1]](*sys.argv[2:])
