"""A validation report, and how it is rendered: text (grouped by file), JSON, or GitHub workflow
annotations.

Both validators (records folders and packages) return a `Report`. It lives here, not beside
either of them, so that checking a package never imports the YAML readers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from afghan_dialogues.findings import Finding, Severity

if TYPE_CHECKING:
    from afghan_dialogues.datamodel.models import DatasetInfo
    from afghan_dialogues.recordfiles.loader import Loaded


@dataclass
class Report:
    """All findings for one records folder or package, plus what was read (`loaded`: the
    records of a folder; a package's tables are not kept)."""

    root: Path
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    info: DatasetInfo | None = None
    loaded: Loaded | None = None

    def count(self, severity: Severity) -> int:
        """Number of findings of exactly this severity."""
        return sum(1 for f in self.findings if f.level is severity)

    def failed(self, strict: bool = False) -> bool:
        """Errors always fail; warnings fail in strict mode."""
        floor = Severity.warning if strict else Severity.error
        return any(f.level >= floor for f in self.findings)


def _summary(report: Report) -> str:
    errors, warnings = report.count(Severity.error), report.count(Severity.warning)
    records = sum(report.counts.values())
    return (
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {records} records ({report.root})"
    )


def safe(text: str) -> str:
    """Text as a terminal may show it: control and other unprintable characters escaped, as
    JSON escapes them, so record text can neither clear the screen nor fake a report line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def text_lines(report: Report) -> list[str]:
    """Plain text: one block per file, one finding per line plus message and hint lines."""
    lines: list[str] = []
    for file, group in groupby(report.findings, key=lambda f: f.file or "-"):
        lines.append(safe(file))
        for f in group:
            head = f"  {f.line if f.line is not None else '-':>5}  {f.level.name:<7} {f.code}"
            tail = " ".join(safe(x) for x in (f.record_id, f.field) if x)
            lines.append(f"{head}  {tail}".rstrip())
            lines.append(f"         {safe(f.message)}")
            if f.hint:
                lines.append(f"         hint: {safe(f.hint)}")
        lines.append("")
    lines.append(_summary(report))
    return lines


def render_text(report: Report) -> str:
    """The text report as one string."""
    return "\n".join(text_lines(report)) + "\n"


def render_rich(report: Report) -> None:
    """The text report with colours, for terminals."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    colour = {Severity.error: "red", Severity.warning: "yellow", Severity.info: "blue"}
    for file, group in groupby(report.findings, key=lambda f: f.file or "-"):
        console.print(f"[bold]{escape(safe(file))}[/bold]")
        for f in group:
            tail = " ".join(safe(x) for x in (f.record_id, f.field) if x)
            line = f.line if f.line is not None else "-"
            console.print(
                f"  {line:>5}  [{colour[f.level]}]{f.level.name:<7}[/] [cyan]{f.code}[/]  {escape(tail)}"
            )
            console.print(f"         {escape(safe(f.message))}")
            if f.hint:
                console.print(f"         [dim]hint: {escape(safe(f.hint))}[/dim]")
        console.print()
    style = "red" if report.count(Severity.error) else ("yellow" if report.findings else "green")
    console.print(f"[{style}]{escape(_summary(report))}[/]")


def render_json(report: Report) -> str:
    """Machine-readable report."""
    data = {
        "root": str(report.root),
        "counts": report.counts,
        "errors": report.count(Severity.error),
        "warnings": report.count(Severity.warning),
        "findings": [f.to_dict() for f in report.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(findings: Iterable[Finding]) -> list[str]:
    """GitHub Actions workflow commands (::error file=...,line=...::message)."""
    out = []
    for f in findings:
        command = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}[f.level]
        props = [f"title={_escape_prop(f.code)}"]
        if f.file:
            props.insert(0, f"file={_escape_prop(f.file)}")
        if f.line is not None:
            props.insert(1, f"line={f.line}")
        body = " ".join(x for x in (f.record_id, f.field) if x)
        message = f"{body}: {f.message}" if body else f.message
        if f.hint:
            message += f" (hint: {f.hint})"
        out.append(f"::{command} {','.join(props)}::{_escape_data(safe(message))}")
    return out
