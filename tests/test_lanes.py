"""Export lanes: jobs start in the order queued, on as many threads as a lane has; the first
failure stops the jobs not yet started."""

from __future__ import annotations

import threading

import pytest

from afghan_dialogues.exports.lanes import Lanes

WAIT = 10.0
"""Seconds a test waits for another thread before it gives up (never reached when it works)."""


def test_a_lane_of_one_thread_runs_its_jobs_one_after_another_in_order() -> None:
    ran: list[int] = []
    running = threading.Lock()

    def job(number: int) -> int:
        assert running.acquire(blocking=False), "two jobs of a one-thread lane ran at once"
        ran.append(number)
        running.release()
        return number

    with Lanes({"one": 1}, workers=1, depth=1) as lanes:
        futures = [lanes.submit("one", lambda n=n: job(n)) for n in range(20)]
        assert [lanes.result(f) for f in futures] == list(range(20))
    assert ran == list(range(20))


def test_a_lane_of_two_threads_starts_the_next_job_while_one_runs() -> None:
    first_running = threading.Event()
    second_ran = threading.Event()

    def first() -> str:
        first_running.set()
        assert second_ran.wait(WAIT), "the second job never ran beside the first"
        return "first"

    def second() -> str:
        assert first_running.wait(WAIT)
        second_ran.set()
        return "second"

    with Lanes({"text": 2}, workers=1, depth=1) as lanes:
        futures = [lanes.submit("text", first), lanes.submit("text", second)]
        assert [lanes.result(f) for f in futures] == ["first", "second"]


def test_the_first_failure_stops_the_jobs_not_yet_started_and_is_the_one_reported() -> None:
    started: list[str] = []

    def failing() -> None:
        started.append("failing")
        raise OSError("disk full")

    def later() -> None:
        started.append("later")

    with pytest.raises(OSError, match="disk full"), Lanes({"one": 1}, workers=1, depth=1) as lanes:
        futures = [lanes.submit("one", failing), lanes.submit("one", later)]
        for future in futures:
            lanes.result(future)
    assert started == ["failing"]
