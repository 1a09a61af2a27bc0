"""The build's stage timer: each span's own time, nothing counted twice."""

from __future__ import annotations

import itertools

import pytest

from leafprint import timings
from leafprint.timings import Timings, add_timed, recording, span, timed


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock that moves one second at every reading."""
    ticks = itertools.count()
    monkeypatch.setattr(timings.time, "perf_counter", lambda: float(next(ticks)))


def test_an_inner_span_stops_the_outer_ones_clock(clock: None) -> None:
    recorded = Timings()
    with recording(recorded):
        with span("plan"):  # reads 0
            with span("load and check"):  # 1
                pass  # 2
            timed("load and check", lambda: None)()  # 3, 4
        # 5
        add_timed({"render": 2.5, "preflight": 0.5})
    assert recorded.seconds == {
        "plan": 3.0,
        "load and check": 2.0,
        "render": 2.5,
        "preflight": 0.5,
    }


def test_spans_outside_a_recording_cost_nothing(clock: None) -> None:
    with span("plan"):
        add_timed({"render": 1.0})
    recorded = Timings()
    with recording(recorded):
        pass
    assert recorded.seconds == {}
