"""Command line: parses arguments and calls the library. Heavy imports happen inside the
commands that need them.

Exit codes, so that scripts and CI can tell outcomes apart: 0 clean, 1 findings, 2 a usage or
environment error (a wrong path, an unreadable file, a refused target), 3 an internal error (a
bug: one line on stderr, the traceback only with `--debug`).
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from afghan_dialogues.gc_pause import gc_paused

if TYPE_CHECKING:
    import datetime as dt

    from afghan_dialogues.dataset import Dataset
    from afghan_dialogues.exports.writer import Release

EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def _records_arg(path: Path | None) -> Path:
    from afghan_dialogues.paths import records_dir

    return path if path is not None else records_dir()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="afghan-dialogues", prog_name="afghan-dialogues")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def main(debug: bool) -> None:
    """Validate, format, export and inspect the afghan-dialogues records."""


def run() -> None:
    """The console command: `main`, with internal errors reported in one line (exit 3)."""
    try:
        main(prog_name="afghan-dialogues")
    except Exception as exc:  # anything click did not turn into an exit code is a bug
        if "--debug" in sys.argv[1:]:
            traceback.print_exc()
        first = str(exc).splitlines()[0][:300] if str(exc) else ""
        click.echo(
            f"afghan-dialogues: internal error: {type(exc).__name__}: {first} "
            "(please report it; run with --debug for the traceback)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)


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
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Previous release (its folder or zip) to compare versions and ids with.",
)
def validate(path: Path | None, fmt: str, strict: bool, release: bool, previous: Path | None) -> None:
    """Check the records at PATH (default: the bundled records). Never writes anything.

    When PATH holds a datapackage.json it is checked as a package (a release directory): its
    Parquet tables (or CSV when there are none), with the same rules and finding codes. A
    release zip is checked as its folder (extracted to a temporary folder, removed afterwards).
    """
    from afghan_dialogues.datamodel.descriptors import is_package
    from afghan_dialogues.release_zip import is_zip, validate_zip, with_previous_release
    from afghan_dialogues.validate.report import github_lines, render_json, render_rich, render_text
    from afghan_dialogues.validate.runner import validate_package, validate_records

    root = _records_arg(path)
    archive = is_zip(root)
    if not root.is_dir() and not archive:
        raise click.UsageError(
            f"{root} is not a folder: give a records folder, a release directory or a release zip"
        )
    if previous is not None and not release:
        raise click.UsageError("--previous is only used with --release")
    package = archive or is_package(root)
    if package and release:
        raise click.UsageError("--release checks a records folder; PATH is a release")
    if archive:
        report = validate_zip(root)
    elif package:
        report = validate_package(root)
    else:
        report = validate_records(root)
    if release:
        from afghan_dialogues.validate.release_checks import with_release_checks

        if previous is not None and is_zip(previous):
            report = with_previous_release(report, previous)
        else:
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
    sys.exit(EXIT_FINDINGS if report.failed(strict) else 0)


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Report files that are not canonical; change nothing.")
def fmt(path: Path | None, check: bool) -> None:
    """Rewrite the YAML files at PATH in canonical form (comments are kept).

    Every file is formatted in memory first; then all changed files are replaced at once, each
    through a temporary file and a rename, so a failure (a full disk, say) changes none of
    them. Exit 1 when a file cannot be formatted (the others still are) or, with --check, is
    not canonical; 2 when PATH is not a folder or the files cannot be written.
    """
    from afghan_dialogues.atomic_files import ReplaceError, replace_files
    from afghan_dialogues.recordfiles.canonical import format_folder

    root = _records_arg(path)
    if not root.is_dir():
        raise click.UsageError(f"{root} is not a records folder")
    changed: dict[Path, bytes] = {}
    errors = 0
    for result in format_folder(root):
        file = result.path
        if result.error:
            click.echo(f"{file}: cannot format: {result.error}", err=True)
            errors += 1
        elif result.changed:
            assert result.canonical is not None
            if check:
                click.echo(result.diff(), nl=False)
            changed[file] = result.canonical.encode("utf-8")
    if check and changed:
        click.echo(f"{len(changed)} file(s) not canonical; run `afghan-dialogues fmt`", err=True)
    if not check:
        try:
            replace_files(changed)
        except ReplaceError as failure:
            done = (
                "no file was changed"
                if failure.replaced == 0
                else f"{failure.replaced} file(s) before it were formatted, the others not"
            )
            click.echo(f"{failure.path}: cannot write: {failure.reason}; {done}", err=True)
            sys.exit(EXIT_USAGE)
        for file in changed:
            click.echo(f"formatted {file}")
    sys.exit(EXIT_FINDINGS if errors or (check and changed) else 0)


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
    """Regenerate schema/ from the models: datapackage.json, the JSON Schemas of the published
    rows (schema/rows/) and of the YAML records (schema/records/)."""
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
        click.echo(f"{'wrote' if (target / rel).exists() else 'removed'} {target / rel}")


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True
)
@click.option(
    "--write-readme",
    is_flag=True,
    help="Replace the counts between the stats markers of the README.md beside the records folder.",
)
def stats(path: Path | None, fmt: str, write_readme: bool) -> None:
    """Counts per table and per source, of the records folder or release (folder or zip) at PATH.

    A records folder is validated first (counts of broken records mislead); a release is read
    as `load()` reads it, its files checked against its SHA256SUMS.
    """
    from afghan_dialogues.datamodel.descriptors import is_package
    from afghan_dialogues.readme_blocks import ReadmeError
    from afghan_dialogues.release_zip import is_zip
    from afghan_dialogues.stats import compute_stats, dataset_stats, render_stats, update_readme

    root = _records_arg(path)
    if not root.exists():
        raise click.UsageError(f"{root} does not exist")
    release = is_zip(root) or is_package(root)
    if not root.is_dir() and not release:
        raise click.UsageError(f"{root} is not a records folder, a release directory or a release zip")
    if release and write_readme:
        raise click.UsageError("--write-readme updates the README beside a records folder; PATH is a release")
    result = dataset_stats(_load_or_exit(root)) if release else compute_stats(root)
    if result is None:
        raise click.ClickException(f"{root} has findings; run `afghan-dialogues validate {root}`")
    if not write_readme:
        click.echo(render_stats(result, fmt), nl=False)
        return
    readme = root.parent / "README.md"
    try:
        changed = update_readme(readme, result)
    except ReadmeError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"updated the counts in {readme}" if changed else f"the counts in {readme} are up to date")


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--write-readme",
    is_flag=True,
    help="Replace the dataset card between the datacard markers of the README.md beside the records folder.",
)
def datacard(path: Path | None, write_readme: bool) -> None:
    """The dataset card of the records at PATH (default: the bundled records), as a release
    carries it in datacard.md; --write-readme puts its summary into the README."""
    from afghan_dialogues.exports.datacard import readme_card, render_datacard, update_readme
    from afghan_dialogues.exports.documents import find_documents
    from afghan_dialogues.readme_blocks import ReadmeError

    root = _records_arg(path)
    if not root.is_dir():
        raise click.UsageError(f"{root} is not a records folder")
    data = _load_or_exit(root)
    if not write_readme:
        present = {name: found is not None for name, found in find_documents(root).items()}
        click.echo(render_datacard(data, present), nl=False)
        return
    readme = root.parent / "README.md"
    try:
        changed = update_readme(readme, readme_card(data))
    except ReadmeError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_USAGE)
    click.echo(
        f"updated the dataset card in {readme}" if changed else f"the dataset card in {readme} is up to date"
    )


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Release directory to write: absent, empty, or a previous release of this dataset "
    "(replaced as a whole once the export succeeds).",
)
@click.option(
    "--site/--no-site",
    default=True,
    show_default=True,
    help="Include the static site (a page per record; leave it out of very large synthetic exports).",
)
def export(path: Path | None, out: Path, site: bool) -> None:
    """Write a release of the records at PATH (default: the bundled records) to OUT.

    Refuses when the records have errors, and when OUT is neither absent, nor empty, nor a
    previous release of this dataset. The release holds datapackage.json, the tables as
    Parquet, CSV and JSON, a SQLite database, an Excel workbook, JSON Schemas, the codebook, the
    dataset card, the licences, CITATION.cff, CHANGELOG.md and CURATION.md, the site,
    SHA256SUMS, a zip of it all and the zip's checksum.
    """
    root = _records_arg(path)
    if not root.is_dir():
        raise click.UsageError(f"{root} is not a records folder")
    if out.resolve().is_relative_to(root.resolve()):
        raise click.UsageError(f"{out} is inside the records folder {root}; write the release elsewhere")
    release = _export(root, out, site=site)
    click.echo(
        f"wrote {release.directory}: {len(release.files)} files, SHA256SUMS, {release.archive.name} "
        f"and {release.archive.name}.sha256"
    )
    if release.missing:
        click.echo(
            f"not in the release, as {root} has none beside it: {', '.join(release.missing)} "
            "(the dataset card says so)"
        )


def _export(root: Path, out: Path, *, site: bool) -> Release:
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
            return export_release(dataset, out, progress, records=root, site=site)
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
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
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
    """Rows added, removed and changed from OLD to NEW (releases, as folders or zips, or records
    folders)."""
    from afghan_dialogues.diff import diff_datasets, render_diff

    result = diff_datasets(_load_or_exit(old), _load_or_exit(new))
    click.echo(render_diff(result, fmt), nl=False)
    sys.exit(EXIT_FINDINGS if exit_code and not result.empty else 0)


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write the site to; it must not exist or be empty.",
)
def site(path: Path | None, out: Path) -> None:
    """Write the browsable site of the release or records folder at PATH (default: the
    bundled records) to OUT: plain HTML that works from file://, with no server.

    Built from a release, its pages link to the release's dataset card, codebook, data
    package, checksums and zip, wherever they are relative to OUT.
    """
    from afghan_dialogues.datamodel.descriptors import is_package
    from afghan_dialogues.site import SiteTargetError, check_target, found_beside, write_site

    root = _records_arg(path)
    try:
        check_target(out)
    except SiteTargetError as exc:
        raise click.UsageError(str(exc)) from exc
    with gc_paused():  # as for validate: the records and pages are many objects without cycles
        data = _load_or_exit(root)
        links = found_beside(data.info, root, out) if is_package(root) else ()
        try:
            written = write_site(data, out, links=links)
        except OSError as exc:
            click.echo(f"site failed: {exc}", err=True)
            sys.exit(EXIT_USAGE)
    click.echo(f"wrote {out}: {len(written)} files; open {out / 'index.html'}")


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
    help="A records folder, or a release-like package (datapackage.json, Parquet, CSV, SHA256SUMS).",
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


@main.command("new-source")
@click.argument("text_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--url", default=None, help="Address of the page (optional: many copies circulate without one)."
)
@click.option(
    "--publisher",
    default=None,
    help="The outlet: an actor id, or a name looked up among the actors' names and spellings.",
)
@click.option("--id", "source_id", default=None, help="Source id to use instead of the proposed one.")
@click.option("--title", default=None, help="Title as shown on the page [default: the text's first line].")
@click.option("--language", default="en", show_default=True, help="BCP-47 language of the text.")
@click.option(
    "--archived-as", default=None, help="File name of the raw page capture the text was cut from, if any."
)
@click.option(
    "--retrieved",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Day the page was saved (YYYY-MM-DD).",
)
@click.option(
    "--records",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Records folder [default: the bundled records].",
)
def new_source(
    *,
    text_file: Path,
    url: str | None,
    publisher: str | None,
    source_id: str | None,
    title: str | None,
    language: str,
    archived_as: str | None,
    retrieved: dt.datetime | None,
    records: Path | None,
) -> None:
    """Start a source from TEXT_FILE, the article body saved as UTF-8 text.

    Stores the text as the snapshot texts/<id>.txt, records its sha256, and writes
    sources/<id>.yaml with every field to decide left empty; then prints the next steps.
    Refuses to overwrite anything.
    """
    from afghan_dialogues.newsource import NewSourceError, inside_installed_package, next_steps
    from afghan_dialogues.newsource import new_source as start
    from afghan_dialogues.paths import display_path

    root = _records_arg(records)
    if not root.is_dir():
        raise click.UsageError(f"{root} is not a records folder")
    if inside_installed_package(root):
        raise click.UsageError(
            f"{root} is the copy inside the installed package; pass --records with the records "
            "folder of a repository checkout"
        )
    day = retrieved.date().isoformat() if retrieved is not None else None
    try:
        made = start(
            root,
            text_file,
            url=url,
            publisher=publisher,
            source_id=source_id,
            title=title,
            language=language,
            archived_as=archived_as,
            retrieved=day,
        )
    except NewSourceError as exc:
        click.echo(f"new-source: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"wrote {display_path(made.snapshot)} (sha256 {made.sha256})")
    click.echo(f'wrote {display_path(made.source_file)}: {made.source_id}, "{made.title}"')
    click.echo("next:")
    for number, step in enumerate(next_steps(made, display_path(root)), start=1):
        click.echo(f"  {number}. {step}")


@main.command()
@click.argument("source_id")
@click.option(
    "--records",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Records folder [default: the bundled records].",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def scan(source_id: str, records: Path | None, fmt: str) -> None:
    """What the text of SOURCE_ID names that the records know, and what no claim covers yet.

    Known actors (every spelling, with its lines, and whether this source records it), names
    that match no actor (with the closest actors), existing meetings the text may describe,
    and the sentences no claim quotes. Works on a source in progress; never writes.
    """
    from afghan_dialogues.scan import ScanError, scan_source
    from afghan_dialogues.scan_report import render_json, render_text

    root = _records_arg(records)
    if not root.is_dir():
        raise click.UsageError(f"{root} is not a records folder")
    try:
        result = scan_source(root, source_id)
    except ScanError as exc:
        click.echo(f"scan: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(render_json(result) if fmt == "json" else render_text(result), nl=False)
