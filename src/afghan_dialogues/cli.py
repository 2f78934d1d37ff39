"""Command line: parses arguments and calls the library. Exit codes: 0 clean, 1 findings,
2 usage or environment error. Heavy imports happen inside the commands that need them."""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import click

from afghan_dialogues.collector import paused

if TYPE_CHECKING:
    from afghan_dialogues.dataset import Dataset
    from afghan_dialogues.exports.writer import Release
    from afghan_dialogues.validate.report import Report

EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _records_arg(path: Path | None) -> Path:
    from afghan_dialogues.paths import records_dir

    return path if path is not None else records_dir()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="afghan-dialogues", prog_name="afghan-dialogues")
def main() -> None:
    """Validate, format, export and inspect the afghan-dialogues records."""


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--release",
    is_flag=True,
    help="Also check what a release needs: new version, CHANGELOG entry, no warnings, no lost ids.",
)
@click.option(
    "--previous",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Previous release directory (with datapackage.json) to compare versions and ids with.",
)
def validate(path: Path | None, fmt: str, strict: bool, release: bool, previous: Path | None) -> None:
    """Check the records at PATH (default: the bundled records). Never writes anything.

    When PATH holds a datapackage.json it is checked as a package (a release directory): its
    Parquet tables (or CSV when there are none), with the same finding codes.
    """
    root = _records_arg(path)
    if not root.exists():
        raise click.UsageError(f"{root} does not exist")
    if previous is not None and not release:
        raise click.UsageError("--previous is only used with --release")
    package = (root / "datapackage.json").is_file()
    if package and release:
        raise click.UsageError("--release checks a records folder; PATH is a package directory")
    # Validation pauses the cyclic garbage collector while it builds millions of values; were
    # it resumed with all of them alive, its next run would walk them all (0.6 s on 100k
    # claims). When the process ends with the command (`run`), they are frozen, never walked
    # again, and never freed one by one; otherwise they are freed, by reference counting, first.
    with paused():
        code, report = _validate_and_report(
            root, package=package, fmt=fmt, strict=strict, release=release, previous=previous
        )
        if _process_ends():
            gc.freeze()
        else:
            del report
    sys.exit(code)


def _validate_and_report(
    root: Path, *, package: bool, fmt: str, strict: bool, release: bool, previous: Path | None
) -> tuple[int, Report]:
    """Validate, print the report, and return the exit code and the report."""
    from afghan_dialogues.validate.report import github_lines, render_json, render_rich, render_text

    if package:
        from afghan_dialogues.validate.tabular import validate_package

        report = validate_package(root)
    else:
        from afghan_dialogues.validate.runner import validate_records

        report = validate_records(root)
    if release:
        from afghan_dialogues.validate.release import with_release_checks

        report = with_release_checks(report, previous)
    if fmt == "json":
        click.echo(render_json(report), nl=False)
    elif fmt == "github":
        for line in github_lines(report.findings):
            click.echo(line)
        click.echo(render_text(report).splitlines()[-1])
    elif sys.stdout.isatty():
        render_rich(report)
    else:
        click.echo(render_text(report), nl=False)
    return (EXIT_FINDINGS if report.failed(strict) else 0), report


PROCESS_ENDS = "process ends with the command"
"""Key in click's context object, set by `run`: the process ends as soon as the command returns."""


def _process_ends() -> bool:
    obj = click.get_current_context().obj
    return isinstance(obj, dict) and bool(obj.get(PROCESS_ENDS))


def run() -> None:
    """The console command: `main`, then the process ends at once, its output flushed.

    An ordinary exit frees what the command built one object at a time and then looks for
    reference cycles among what is left: 0.3 s after validating 100k claims' records, 1.3 s
    when the report is still alive at the end. Nothing of it is needed once the output is out:
    the exit handlers run (multiprocessing's clean-up, coverage, logging) and the process
    leaves with os._exit. The ordinary way is taken when a thread or worker process still runs
    (it waits for them), when the output cannot be flushed (it reports that), and where this
    Python has no way to run the exit handlers.
    """
    ended: SystemExit | None = None
    try:
        main(obj={PROCESS_ENDS: True})
    except SystemExit as done:
        ended = done  # its traceback holds the command's frames, and what they built
    code = ended.code if ended is not None else 0
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None when the process was started with it closed
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if exit_handlers is None or threading.active_count() > 1 or _children():
        sys.exit(code)
    status = _status(code)
    exit_handlers()
    os._exit(status)


def _status(code: str | int | None) -> int:
    """The exit status Python gives a SystemExit code: None 0, a number itself, else 1 (the
    message printed to stderr)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    if sys.stderr is not None:
        print(code, file=sys.stderr, flush=True)
    return 1


def _children() -> bool:
    """Whether worker processes started by multiprocessing are still running."""
    multiprocessing = sys.modules.get("multiprocessing")
    return multiprocessing is not None and bool(multiprocessing.active_children())


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Report files that are not canonical; change nothing.")
def fmt(path: Path | None, check: bool) -> None:
    """Rewrite the YAML files at PATH in canonical form (comments are kept)."""
    from afghan_dialogues.recordfiles.canonical import format_file, yaml_files

    root = _records_arg(path)
    if not root.is_dir():
        raise click.UsageError(f"{root} is not a records folder")
    bad = errors = 0
    for file in yaml_files(root):
        result = format_file(root, file)
        if result.error:
            click.echo(f"{file}: cannot format: {result.error}", err=True)
            errors += 1
        elif result.changed:
            bad += 1
            if check:
                click.echo(result.diff(), nl=False)
            else:
                assert result.canonical is not None
                file.write_bytes(result.canonical.encode("utf-8"))
                click.echo(f"formatted {file}")
    if check and bad:
        click.echo(f"{bad} file(s) not canonical; run `afghan-dialogues fmt`", err=True)
    sys.exit(EXIT_FINDINGS if errors or (check and bad) else 0)


@main.command()
@click.option("--check", is_flag=True, help="Only report stale files.")
@click.option(
    "--records",
    "records",
    type=click.Path(path_type=Path),
    default=None,
    help="Records folder whose dataset.yaml gives the metadata.",
)
def schema(check: bool, records: Path | None) -> None:
    """Regenerate schema/ (datapackage.json, JSON Schemas) from the models."""
    from afghan_dialogues.datamodel.descriptors import stale_schema_files, write_schema_files
    from afghan_dialogues.datamodel.models import DatasetInfo
    from afghan_dialogues.paths import schema_dir_for
    from afghan_dialogues.recordfiles.loader import load_folder

    root = _records_arg(records)
    loaded = load_folder(root)
    if loaded.dataset is None:
        raise click.ClickException(f"no readable dataset.yaml in {root}")
    info = DatasetInfo.model_validate(loaded.dataset.data)
    target = schema_dir_for(root) or root.parent / "schema"
    if check:
        stale = stale_schema_files(target, info)
        for rel in stale:
            click.echo(f"stale: {target / rel}")
        sys.exit(EXIT_FINDINGS if stale else 0)
    for rel in write_schema_files(target, info):
        click.echo(f"wrote {target / rel}")


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True
)
def stats(path: Path | None, fmt: str) -> None:
    """Counts per table and per source."""
    from afghan_dialogues.stats import compute_stats, render_stats

    root = _records_arg(path)
    if not root.exists():
        raise click.UsageError(f"{root} does not exist")
    if not root.is_dir():
        raise click.UsageError(f"{root} is not a records folder")
    result = compute_stats(root)
    if result is None:
        raise click.ClickException(f"{root} has findings; run `afghan-dialogues validate {root}`")
    click.echo(render_stats(result, fmt), nl=False)


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Release directory to write: absent, empty, or a previous release of this dataset "
    "(replaced as a whole once the export succeeds).",
)
def export(path: Path | None, out: Path) -> None:
    """Write a release of the records at PATH (default: the bundled records) to OUT.

    Refuses when the records have errors, and when OUT is neither absent, nor empty, nor a
    previous release of this dataset. The release holds datapackage.json, the tables as
    Parquet, CSV and JSON, JSON Schemas, the codebook, SHA256SUMS and a zip of it all.
    """
    root = _records_arg(path)
    if not root.is_dir():
        raise click.UsageError(f"{root} is not a records folder")
    if out.resolve().is_relative_to(root.resolve()):
        raise click.UsageError(f"{out} is inside the records folder {root}; write the release elsewhere")
    release = _export(root, out)
    click.echo(f"wrote {release.directory}: {len(release.files)} files, SHA256SUMS, {release.archive.name}")


def _export(root: Path, out: Path) -> Release:
    """Validate the records at `root` and write their release to `out`, or exit."""
    from afghan_dialogues.dataset import Dataset
    from afghan_dialogues.exports.progress import terminal_progress
    from afghan_dialogues.exports.target import TargetError
    from afghan_dialogues.exports.writer import export_release
    from afghan_dialogues.validate.report import render_text
    from afghan_dialogues.validate.runner import validate_records

    report = validate_records(root)
    if report.failed() or report.loaded is None:
        click.echo(render_text(report), nl=False, err=True)
        click.echo("export refused: the records have errors", err=True)
        sys.exit(EXIT_FINDINGS)
    dataset = Dataset.from_loaded(report.loaded)
    try:
        with terminal_progress() as progress:
            return export_release(dataset, out, progress)
    except TargetError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        click.echo(f"export failed, {out} left as it was: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _load_or_exit(path: Path) -> Dataset:
    """A release or records folder; records with errors exit 1, unreadable input exits 2."""
    from afghan_dialogues.loading import LoadError, load

    try:
        return load(path)
    except LoadError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_FINDINGS if exc.findings else EXIT_USAGE)


@main.command()
@click.argument("old", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown gives a Data section to paste into CHANGELOG.md.",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when they differ (as `git diff --exit-code`).")
def diff(old: Path, new: Path, fmt: str, exit_code: bool) -> None:
    """Rows added, removed and changed from OLD to NEW (release directories or records folders)."""
    from afghan_dialogues.diff import diff_datasets, render_diff

    result = diff_datasets(_load_or_exit(old), _load_or_exit(new))
    click.echo(render_diff(result, fmt), nl=False)
    sys.exit(EXIT_FINDINGS if exit_code and not result.empty else 0)


@main.command()
@click.option(
    "--claims",
    type=click.IntRange(min=1),
    required=True,
    help="Number of claims; the other tables scale with it.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed and options, same bytes.")
@click.option(
    "--error-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Injected errors per claim; above 0, at least one of every kind the format can hold.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["records", "package"]),
    default="records",
    show_default=True,
    help="A records folder, or a release-like package directory (datapackage.json, Parquet, CSV).",
)
@click.option(
    "--snapshots",
    is_flag=True,
    help="Package format: also write texts/<source-id>.txt, so that quotes can be checked.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Directory to create; it must not exist or be empty.",
)
@click.option(
    "--manifest",
    "manifest_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to list the injected errors [default: OUT.manifest.json beside OUT].",
)
def synth(
    *,
    claims: int,
    seed: int,
    error_rate: float,
    fmt: str,
    snapshots: bool,
    out: Path,
    manifest_path: Path | None,
) -> None:
    """Write a synthetic dataset (fictional, realistic, deterministic) for tests and benchmarks."""
    from afghan_dialogues.synth import OutputError, synthesize

    try:
        manifest = synthesize(out, claims, seed=seed, error_rate=error_rate, fmt=fmt, snapshots=snapshots)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        click.echo(f"synth failed, nothing written to {out}: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"wrote {out}: {claims} claims, {fmt} format, seed {seed}")
    if error_rate > 0:
        target = manifest_path or out.parent / f"{out.name}.manifest.json"
        manifest.write(target)
        click.echo(f"injected {len(manifest.injected)} errors; manifest: {target}")
        if manifest.skipped:
            click.echo(f"no place found for: {', '.join(sorted(set(manifest.skipped)))}", err=True)
