"""afghan-dialogues: sources, actors, meetings and attributed claims about the meetings between
Afghanistan's opposition, the Taliban government and foreign states.

`afghan_dialogues.load()` returns the dataset shipped with the package as typed records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from afghan_dialogues.dataset import Dataset

__all__ = ["__version__", "load"]


def __getattr__(name: str) -> str:
    """`__version__`, looked up when first asked for.

    importlib.metadata costs ~20 ms to import and scan, which every command and every
    `import afghan_dialogues` would otherwise pay for a value almost nobody reads.
    """
    if name != "__version__":
        raise AttributeError(f"module 'afghan_dialogues' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("afghan-dialogues")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0+unknown"


def load(path: Any = None, *, validate: bool = False) -> Dataset:
    """The dataset: the records bundled with the package by default, or the release (folder or
    zip) or records folder at `path`.

    A release's files are checked against its SHA256SUMS and a records folder's records against
    their models; `validate=True` runs every check of `afghan-dialogues validate` first
    (`afghan_dialogues.loading` says why that is not the default).
    """
    from afghan_dialogues.loading import load as _load

    return _load(path, validate=validate)
