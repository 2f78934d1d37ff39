"""Fast seeded draws for the generator.

`random.Random.choice`, `randint` and `randrange` go through `_randbelow` (about a microsecond
each); a million claims draw tens of millions of times. Here every draw is one call to
`random()` (the Mersenne Twister, whose sequence Python keeps stable across versions), scaled:
the same seed gives the same dataset, at a fraction of the cost. The tiny bias of scaling a
53-bit float is irrelevant for synthetic data.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Values with relative weights, prepared once for repeated draws."""

    def __init__(self, *pairs: tuple[T, int]) -> None:
        self.values = [value for value, _ in pairs]
        total = sum(weight for _, weight in pairs)
        self.bounds = [edge / total for edge in accumulate(weight for _, weight in pairs)]


class Dice:
    """A seeded source of draws."""

    def __init__(self, seed: str) -> None:
        self._random = random.Random(seed)
        self.random = self._random.random

    def below(self, n: int) -> int:
        """0 <= k < n."""
        return int(self.random() * n)

    def between(self, low: int, high: int) -> int:
        """low <= k <= high."""
        return low + int(self.random() * (high - low + 1))

    def choice(self, values: Sequence[T]) -> T:
        """One of the values, each as likely."""
        return values[int(self.random() * len(values))]

    def pick(self, weighted: Weighted[T]) -> T:
        """One of the values, as likely as its weight."""
        index = bisect_right(weighted.bounds, self.random())
        return weighted.values[min(index, len(weighted.values) - 1)]

    def bits(self, k: int) -> int:
        """A k-bit integer."""
        return self._random.getrandbits(k)
