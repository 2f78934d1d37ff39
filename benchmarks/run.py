"""Benchmarks of the tooling on synthetic data: wall time, rows per second and peak memory.

    python benchmarks/run.py            # full run, writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick    # small sizes, prints the table only

Every case runs in a fresh subprocess (interpreter start and imports included, as a user
running the command pays them); its peak resident memory comes from `os.wait4`, i.e. the
kernel's accounting of that one process. Data are generated with `afghan-dialogues synth`
into benchmarks/.data/ (git-ignored) and reused with --reuse. Not part of the test suite:
timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
RESULTS = HERE / "RESULTS.md"
PYTHON = sys.executable
CLI = [PYTHON, "-m", "afghan_dialogues"]
CASES = [PYTHON, str(HERE / "cases.py")]
REPEAT = 3
REPEAT_BELOW = 10.0
"""Cases faster than this (except data generation) run `REPEAT` times; the median run is reported."""
FRICTIONLESS_LIMIT = 10**9
"""frictionless stops at 1,000 errors per table unless told otherwise."""

TODAY = dt.date(2026, 11, 22)
"""Validation date for the library calls (the CLI uses the real date; nothing synthetic is near it)."""


@dataclass
class Outcome:
    """One measured run."""

    case: str
    size: str
    seconds: float
    peak_mb: float
    rows: int | None
    exit_code: int
    findings: str = ""
    note: str = ""

    @property
    def rows_per_second(self) -> str:
        if not self.rows or not self.seconds:
            return ""
        return f"{self.rows / self.seconds:,.0f}"


@dataclass
class Plan:
    """Sizes for one run."""

    records: tuple[int, ...]
    packages: tuple[int, ...]
    exports: tuple[int, ...]
    loads: tuple[int, ...]
    frictionless: tuple[int, ...]
    """Package sizes frictionless validates beside us (the first also with 1% errors)."""
    sites: tuple[int, ...] = (10_000,)
    """Records folders the static site is built from."""
    outcomes: list[Outcome] = field(default_factory=list)
    generated: set[str] = field(default_factory=set)


def measure(
    command: list[str], repeat: int = 1, before: Callable[[], None] = lambda: None
) -> tuple[float, float, int, str]:
    """(wall seconds, peak RSS in MB, exit code, stdout) of a command run in a fresh process.

    With `repeat`, a command that finished in under `REPEAT_BELOW` seconds runs again, up to
    `repeat` times in all, and the run with the median wall time is returned (peak RSS is the
    highest of them): a single sub-second run on a shared machine is easily 20% off. `before`
    runs ahead of each run (to remove what the previous one wrote).
    """
    before()
    runs = [_run(command)]
    while len(runs) < repeat and runs[0][0] < REPEAT_BELOW:
        before()
        runs.append(_run(command))
    runs.sort(key=lambda run: run[0])
    seconds, _, code, stdout = runs[len(runs) // 2]
    return seconds, max(run[1] for run in runs), code, stdout


def _run(command: list[str]) -> tuple[float, float, int, str]:
    """One run of a command.

    Output goes to a file, not a pipe: a child writing more than a pipe holds would block while
    the parent waits for it to exit. Pending writes of earlier cases are flushed first, so that a
    case does not pay for the disk writeback of the gigabytes the one before it wrote.
    """
    os.sync()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, process.returncode, stdout


def label(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k"


def dataset(kind: str, claims: int, *, errors: bool = False, reuse: bool, plan: Plan) -> Path:
    """A synthetic dataset under benchmarks/.data/, generated (and timed) unless reused."""
    name = f"{kind}-{label(claims)}{'-errors' if errors else ''}"
    path = DATA / name
    if (reuse or name in plan.generated) and path.exists():
        return path
    plan.generated.add(name)
    shutil.rmtree(path, ignore_errors=True)
    (DATA / f"{name}.manifest.json").unlink(missing_ok=True)
    command = [*CLI, "synth", "--claims", str(claims), "--seed", "1", "--format", kind, "--out", str(path)]
    if errors:
        command += ["--error-rate", "0.01"]
    seconds, peak, code, _ = measure(command)
    plan.outcomes.append(
        Outcome(
            f"synth --format {kind}" + (" --error-rate 0.01" if errors else ""),
            label(claims),
            seconds,
            peak,
            claims,
            code,
        )
    )
    return path


def table_rows(package: Path) -> int:
    """Rows of every table of a package (from the Parquet footers)."""
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in sorted((package / "parquet").glob("*.parquet")))


def findings_of(report_json: str) -> str:
    data = json.loads(report_json)
    return f"{data['errors']} errors, {data['warnings']} warnings"


def run_validate_records(plan: Plan, reuse: bool) -> None:
    bundled = HERE.parent / "records"
    seconds, peak, code, out = measure([*CLI, "validate", "--format", "json", str(bundled)], REPEAT)
    plan.outcomes.append(
        Outcome(
            "validate the bundled records",
            "bundled",
            seconds,
            peak,
            None,
            code,
            findings_of(out),
            "whole process, interpreter start included",
        )
    )
    for claims in plan.records:
        path = dataset("records", claims, reuse=reuse, plan=plan)
        seconds, peak, code, out = measure([*CLI, "validate", "--format", "json", str(path)], REPEAT)
        plan.outcomes.append(
            Outcome(
                "validate records", label(claims), seconds, peak, claims, code, findings_of(out), "claims/s"
            )
        )


def run_validate_packages(plan: Plan, reuse: bool) -> None:
    for claims in plan.packages:
        path = dataset("package", claims, reuse=reuse, plan=plan)
        rows = table_rows(path)
        seconds, peak, code, out = measure([*CLI, "validate", "--format", "json", str(path)], REPEAT)
        plan.outcomes.append(
            Outcome(
                "validate package (Parquet)",
                label(claims),
                seconds,
                peak,
                rows,
                code,
                findings_of(out),
                f"{claims / seconds:,.0f} claims/s",
            )
        )
    largest = DATA / f"package-{label(plan.packages[-1])}"
    checksums, aside = largest / "SHA256SUMS", largest / ".SHA256SUMS.aside"
    checksums.rename(aside)
    try:
        seconds, peak, code, out = measure([*CLI, "validate", "--format", "json", str(largest)], REPEAT)
    finally:
        aside.rename(checksums)
    plan.outcomes.append(
        Outcome(
            "validate package (Parquet), no SHA256SUMS",
            label(plan.packages[-1]),
            seconds,
            peak,
            table_rows(largest),
            code,
            findings_of(out),
            "a bare data package: the release folder's checksum and format checks do not run",
        )
    )
    smallest = DATA / f"package-{label(plan.packages[0])}"
    seconds, peak, code, out = measure([*CASES, "validate-csv", str(smallest)], REPEAT)
    plan.outcomes.append(
        Outcome(
            "validate package (CSV)",
            label(plan.packages[0]),
            seconds,
            peak,
            table_rows(smallest),
            code,
            f"{out.strip()} findings",
            "library call, prefer='csv'",
        )
    )


def _frictionless(package: Path) -> tuple[float, float, int, dict[str, int], float]:
    command = [
        str(Path(PYTHON).parent / "frictionless"),
        "validate",
        "--json",
        "--limit-errors",
        str(FRICTIONLESS_LIMIT),
        str(package / "datapackage.json"),
    ]
    seconds, peak, code, stdout = measure(command, REPEAT)
    data = json.loads(stdout)
    counts: dict[str, int] = {}
    for task in data["tasks"]:
        for error in task["errors"]:
            counts[error["type"]] = counts.get(error["type"], 0) + 1
    return seconds, peak, code, counts, float(data["stats"]["seconds"])


def run_frictionless(plan: Plan, reuse: bool) -> None:
    runs = [(plan.frictionless[0], False), (plan.frictionless[0], True)]
    runs += [(claims, False) for claims in plan.frictionless[1:]]
    for claims, errors in runs:
        path = dataset("package", claims, errors=errors, reuse=reuse, plan=plan)
        rows = table_rows(path)
        seconds, peak, code, counts, inside = _frictionless(path)
        total = sum(counts.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
        name = "frictionless validate (CSV)" + (", 1% errors" if errors else "")
        plan.outcomes.append(
            Outcome(name, label(claims), seconds, peak, rows, code, f"{total} errors", detail)
        )
        ours_seconds, ours_peak, ours_code, _ = measure(
            [*CLI, "validate", "--format", "json", str(path)], REPEAT
        )
        ours_inside = float(measure([*CASES, "validate-timed", str(path)], REPEAT)[3].split()[0])
        everything, same = (int(n) for n in measure([*CASES, "comparable", str(path)])[3].split())
        plan.outcomes.append(
            Outcome(
                "afghan-dialogues validate (Parquet)" + (", 1% errors" if errors else ""),
                label(claims),
                ours_seconds,
                ours_peak,
                rows,
                ours_code,
                f"{everything} findings",
                f"{same} of the kinds frictionless checks; {seconds / ours_seconds:.0f}x faster wall-clock, "
                f"{inside / ours_inside:.0f}x inside the process ({inside:.2f} s vs {ours_inside:.2f} s)",
            )
        )


BUNDLED_RUNS = 21
"""In-process exports of the bundled records; the median is reported."""


def run_exports(plan: Plan, reuse: bool) -> None:
    for claims in plan.exports:
        path = dataset("package", claims, reuse=reuse, plan=plan)
        out = DATA / f"export-{label(claims)}"
        seconds, peak, code, stdout = measure(
            [*CASES, "export", str(path), str(out)], REPEAT, partial(shutil.rmtree, out, ignore_errors=True)
        )
        result = json.loads(stdout)
        exported = result["export"]
        plan.outcomes.append(
            Outcome(
                "export (load + export_release)",
                label(claims),
                seconds,
                peak,
                claims,
                code,
                "",
                f"export_release {exported:.2f} s ({claims / exported:,.0f} claims/s), of which the "
                f"workbook {result['workbook']:.2f} s and the SQLite file {result['sqlite']:.2f} s; "
                f"load {result['load']:.2f} s; zip {result['zip_bytes'] / 1e6:,.0f} MB",
            )
        )
        shutil.rmtree(out, ignore_errors=True)
    seconds, peak, code, stdout = measure([*CASES, "export-bundled", str(BUNDLED_RUNS)])
    median, fastest, bundled_claims = stdout.split()
    plan.outcomes.append(
        Outcome(
            "export_release of the bundled records",
            "bundled",
            seconds,
            peak,
            None,
            code,
            "",
            f"{bundled_claims} claims; median of {BUNDLED_RUNS} exports in one process {median} ms "
            f"(fastest {fastest} ms); wall s is the whole process",
        )
    )
    records = DATA / f"records-{label(plan.records[-1])}"
    out = DATA / "export-records"
    shutil.rmtree(out, ignore_errors=True)
    seconds, peak, code, _ = measure([*CLI, "export", str(records), "--out", str(out), "--no-site"])
    plan.outcomes.append(
        Outcome(
            "afghan-dialogues export RECORDS",
            label(plan.records[-1]),
            seconds,
            peak,
            plan.records[-1],
            code,
            "",
            "validates, then writes every file but the site (--no-site)",
        )
    )
    shutil.rmtree(out, ignore_errors=True)


def run_loads(plan: Plan, reuse: bool) -> None:
    for claims in plan.loads:
        path = dataset("package", claims, reuse=reuse, plan=plan)
        seconds, peak, code, stdout = measure([*CASES, "load", str(path)], REPEAT)
        inside, rows = stdout.split()
        plan.outcomes.append(
            Outcome(
                "load() a release",
                label(claims),
                seconds,
                peak,
                int(rows),
                code,
                "",
                f"Arrow tables, records built on first use; load() {float(inside):.2f} s inside the process",
            )
        )
        seconds, peak, code, stdout = measure([*CASES, "load-records", str(path)], REPEAT)
        loaded, built, rows = stdout.split()
        plan.outcomes.append(
            Outcome(
                "load() a release + its claims as records",
                label(claims),
                seconds,
                peak,
                int(rows),
                code,
                "",
                f"load() {float(loaded):.2f} s, then `data.claims` {float(built):.2f} s",
            )
        )


SITE_PAGE_LIMIT = 200_000
"""The page weight the site is built to stay under (bytes), at every size."""


def run_sites(plan: Plan, reuse: bool) -> None:
    for claims in plan.sites:
        path = dataset("records", claims, reuse=reuse, plan=plan)
        out = DATA / f"site-{label(claims)}"
        seconds, peak, code, stdout = measure(
            [*CASES, "site", str(path), str(out)], REPEAT, partial(shutil.rmtree, out, ignore_errors=True)
        )
        result = json.loads(stdout)
        page, page_bytes = result["largest_page"]
        file, file_bytes = result["largest_file"]
        under = "every page under" if page_bytes < SITE_PAGE_LIMIT else "NOT every page under"
        plan.outcomes.append(
            Outcome(
                "site (load records + write_site)",
                label(claims),
                seconds,
                peak,
                claims,
                code,
                "",
                f"write_site {result['write']:.2f} s, load {result['load']:.2f} s, "
                f"{result['cpu']:.2f} CPU s in all; "
                f"{result['files']:,} files, {result['bytes'] / 1e6:,.1f} MB; largest page {page} "
                f"{page_bytes / 1000:,.0f} kB ({under} {SITE_PAGE_LIMIT // 1000} kB); largest file {file} "
                f"{file_bytes / 1000:,.0f} kB; search index {result['index_parts']} files, "
                f"{result['index_bytes'] / 1000:,.0f} kB",
            )
        )
        shutil.rmtree(out, ignore_errors=True)


STEPS = {
    "records": run_validate_records,
    "packages": run_validate_packages,
    "frictionless": run_frictionless,
    "export": run_exports,
    "load": run_loads,
    "site": run_sites,
}

METHOD = [
    "Generated by `python benchmarks/run.py`. Every case is a fresh process: wall time includes",
    "interpreter start and imports, as a user running the command pays them; peak RSS is that",
    "process's own (`os.wait4`). Data: `afghan-dialogues synth --seed 1` (claims as sized; the",
    "other tables scale with them). rows/s counts the rows of every table for package cases and",
    "claims for records, export and load cases. Validation uses today's date (nothing synthetic",
    "is near it); the library cases fix it. The package's modules are compiled to bytecode first,",
    "as pip does for an installed wheel and Python on a first run (an editable install under",
    "PYTHONDONTWRITEBYTECODE would otherwise compile them in every case, ~0.04 s each).",
    "A synthetic package carries SHA256SUMS, as a release does, so `validate` also checks every",
    "file's SHA-256 and that the CSV holds the Parquet rows; the case marked 'no SHA256SUMS' is",
    "the same package without it (the data package checks only).",
    "frictionless validates the package's CSV resources (and the Parquet files it declares",
    f"as file resources) with `--limit-errors {FRICTIONLESS_LIMIT}`; a package with foreign keys",
    'runs without its parallel mode. "Of the kinds frictionless checks" counts our findings of',
    "types, required, enum and pattern constraints of scalar cells, primary keys, header labels",
    "and the foreign keys the descriptor declares (references to ids that are retired but still",
    "live are no error to frictionless, which knows no tombstones).",
]


def compile_package() -> None:
    """Compile the installed package's modules to bytecode, so no case pays for compiling them.

    A user pays that once: pip compiles a wheel's modules when it installs them, and Python
    writes the bytecode of an editable install on its first run, unless PYTHONDONTWRITEBYTECODE
    is set, as on some build machines, where every run would compile them again.
    """
    probe = "import afghan_dialogues, os; print(os.path.dirname(afghan_dialogues.__file__))"
    package = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([PYTHON, "-m", "compileall", "-q", package], check=True)


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    libraries = ", ".join(
        f"{name} {version(name)}"
        for name in (
            "pyarrow",
            "pydantic",
            "frictionless",
            "convertdate",
            "pyyaml",
            "click",
        )
    )
    libraries += f", zlib {zlib.ZLIB_RUNTIME_VERSION}"
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores (KVM guest: {platform.machine()})",
        f"- Memory: {int(memory) / 1024 / 1024:.1f} GiB",
        f"- OS: {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {libraries}",
        f"- Environment: {_environment()}",
        f"- Load average when the run started: {load}",
    ]


def _environment() -> str:
    """How the package is installed where the cases run, and whether pandas is importable there.

    pyarrow imports pandas, when it is installed, on the first conversion of Python values in a
    process (~0.15 s here); the package does not depend on pandas, so an environment made by the
    README's first command does not pay that, and one with the test extras does.
    """
    probe = "import importlib.util as u; print(u.find_spec('pandas') is not None)"
    pandas = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    if pandas == "True":
        return "afghan-dialogues with pandas importable (pyarrow imports it on first use)"
    return "afghan-dialogues as the README's first command installs it (no pandas)"


def table(outcomes: list[Outcome]) -> list[str]:
    lines = [
        "| case | size | wall s | rows/s | peak RSS MB | findings | note |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for o in outcomes:
        cells = [
            o.case,
            o.size,
            f"{o.seconds:.2f}",
            o.rows_per_second,
            f"{o.peak_mb:,.0f}",
            o.findings,
            o.note,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


READING = "## Reading the results"


def _kept_reading(target: Path) -> list[str]:
    """The hand-written reading of an earlier run, kept below the new tables with a warning that
    it was written for that run: the numbers it discusses may have changed."""
    if not target.is_file():
        return []
    text = target.read_text(encoding="utf-8")
    start = text.find(READING)
    if start < 0:
        return []
    reading = text[start:].rstrip().splitlines()
    stale = "> Written for an earlier run; check its numbers against the tables above."
    if stale not in reading:
        reading[1:1] = ["", stale]
    return reading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes; print only")
    parser.add_argument("--reuse", action="store_true", help="reuse datasets already in benchmarks/.data/")
    parser.add_argument("--results", type=Path, default=None, help="write the Markdown table here")
    parser.add_argument(
        "--only",
        default=None,
        help=f"comma-separated steps to run ({', '.join(STEPS)}); prints only, unless --results",
    )
    args = parser.parse_args(argv)
    steps = [STEPS[name] for name in args.only.split(",")] if args.only else list(STEPS.values())
    if args.quick:
        plan = Plan(
            records=(1_000, 10_000),
            packages=(100_000,),
            exports=(10_000,),
            loads=(10_000,),
            frictionless=(10_000,),
        )
    else:
        plan = Plan(
            records=(1_000, 10_000, 100_000),
            packages=(100_000, 1_000_000),
            exports=(100_000, 1_000_000),
            loads=(100_000, 1_000_000),
            frictionless=(100_000, 1_000_000),
        )
    DATA.mkdir(exist_ok=True)
    compile_package()
    header = machine()
    started = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    for step in steps:
        step(plan, args.reuse)
        print("\n".join(table(plan.outcomes[-3:])), flush=True)
    lines = table(plan.outcomes)
    print("\n".join([*header, "", *lines]))
    target = args.results if args.results is not None or args.quick or args.only else RESULTS
    if target is not None:
        target.write_text(
            "\n".join(
                [
                    f"# Benchmark results ({started})",
                    "",
                    "## Machine",
                    "",
                    *header,
                    "",
                    "## Method",
                    "",
                    *METHOD,
                    "",
                    "## Runs",
                    "",
                    *lines,
                    "",
                    *_kept_reading(target),
                ]
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
