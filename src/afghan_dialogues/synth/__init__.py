"""Synthetic datasets of any size, for tests and benchmarks of the tooling.

`synthesize()` writes a records folder or a release-like package directory of realistic,
fictional data (transliterated name variants, Solar and Lunar Hijri dates, snapshots that hold
their claims' quotes) that passes `validate --strict`, or, with an error rate, the same data
with known errors of every kind `validate` reports and a manifest of where they are.
"""

from afghan_dialogues.synth.generate import FORMATS, OutputError, synthesize
from afghan_dialogues.synth.manifest import Injected, Manifest

__all__ = ["FORMATS", "Injected", "Manifest", "OutputError", "synthesize"]
