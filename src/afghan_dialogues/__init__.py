"""afghan-dialogues: sources, actors, meetings and attributed claims about the meetings between
Afghanistan's opposition, the Taliban government and foreign states.

`afghan_dialogues.load()` returns the dataset shipped with the package as typed records.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("afghan-dialogues")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"

if TYPE_CHECKING:
    from afghan_dialogues.dataset import Dataset

__all__ = ["__version__", "load"]


def load(path: Any = None) -> Dataset:
    """The dataset: the bundled records by default, or the release directory at `path`."""
    from afghan_dialogues.loading import load as _load

    return _load(path)
