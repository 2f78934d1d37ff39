"""The one error `load()` raises, in a module of its own so that the readers it calls
(published_tables, unflatten) can raise it without importing `loading`."""

from __future__ import annotations

from collections.abc import Sequence

from afghan_dialogues.findings import Finding


class LoadError(ValueError):
    """The path holds no usable dataset; the message says why and what to do."""

    def __init__(self, message: str, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.findings = tuple(findings)
