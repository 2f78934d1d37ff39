"""Progress of a long export: a rich bar on stderr when a person is watching, else silence.

Exports report steps through a plain callback, so the writers know nothing about terminals and
scripts reading stdout or stderr get no control characters.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Step = Callable[[int, int, str], None]
"""Called after each step with (steps done, steps in all, what was just written)."""


@contextmanager
def terminal_progress() -> Iterator[Step | None]:
    """A step callback drawing on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("exporting", total=None)

        def step(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=label)

        yield step
