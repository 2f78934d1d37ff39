"""Library-level benchmark cases, each run by `run.py` as `python cases.py CASE ARGS...` in a
fresh process. Each prints what it measured inside the process on one line."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

TODAY = dt.date(2026, 11, 22)
"""Validation date for library calls; no synthetic date is near it."""


def validate_csv(package: str) -> None:
    """The package validator reading the CSV resources instead of Parquet: prints the findings."""
    from afghan_dialogues.validate.tabular import validate_package

    print(len(validate_package(Path(package), today=TODAY, prefer="csv").findings))


def validate_timed(package: str) -> None:
    """The package validator on Parquet, timed inside the process (imports excluded)."""
    from afghan_dialogues.validate.tabular import validate_package

    start = time.perf_counter()
    findings = validate_package(Path(package), today=TODAY).findings
    print(f"{time.perf_counter() - start:.3f} {len(findings)}")


def export(package: str, out: str) -> None:
    """load() a release, then export_release() it: prints both durations."""
    import afghan_dialogues
    from afghan_dialogues.exports.release import export_release

    start = time.perf_counter()
    data = afghan_dialogues.load(package)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    export_release(data, Path(out))
    print(f"{loaded:.2f} {time.perf_counter() - start:.2f}")


def load(package: str) -> None:
    """load() a release: prints the number of claims."""
    import afghan_dialogues

    print(len(afghan_dialogues.load(package).claims))


CASES: dict[str, Callable[..., None]] = {
    "validate-csv": validate_csv,
    "validate-timed": validate_timed,
    "export": export,
    "load": load,
}

if __name__ == "__main__":
    CASES[sys.argv[1]](*sys.argv[2:])
