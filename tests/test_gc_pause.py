"""The cyclic collector is paused inside the block and left as it was found after it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from afghan_dialogues.gc_pause import gc_paused


@pytest.fixture(autouse=True)
def restore_collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("was_enabled", [True, False])
def test_the_collector_is_paused_inside_and_restored_after(was_enabled: bool) -> None:
    gc.enable() if was_enabled else gc.disable()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner block does not resume what an outer one paused
    assert gc.isenabled() is was_enabled


def test_the_collector_is_resumed_when_the_block_raises() -> None:
    gc.enable()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()
