"""Command line: parses arguments and calls the library. Exit codes: 0 clean, 1 findings,
2 usage or environment error. Heavy imports happen inside the commands that need them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from afghan_dialogues import __version__

EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _records_arg(path: Path | None) -> Path:
    from afghan_dialogues.paths import records_dir

    return path if path is not None else records_dir()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="afghan-dialogues")
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
def validate(path: Path | None, fmt: str, strict: bool) -> None:
    """Check the records at PATH (default: the bundled records). Never writes anything."""
    from afghan_dialogues.validate.report import github_lines, render_json, render_rich, render_text
    from afghan_dialogues.validate.runner import validate_records

    root = _records_arg(path)
    if not root.exists():
        raise click.UsageError(f"{root} does not exist")
    report = validate_records(root)
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
    """Rewrite the YAML files at PATH in canonical form (comments are kept)."""
    from afghan_dialogues.records.canonical import format_file, yaml_files

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
    from afghan_dialogues.paths import schema_dir_for
    from afghan_dialogues.records.loader import load_folder
    from afghan_dialogues.schema.descriptors import stale_schema_files, write_schema_files
    from afghan_dialogues.schema.models import DatasetInfo

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
    result = compute_stats(root)
    if result is None:
        raise click.ClickException(f"{root} has findings; run `afghan-dialogues validate {root}`")
    click.echo(render_stats(result, fmt), nl=False)
