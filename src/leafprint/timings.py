"""Where a build's time goes: seconds per named stage.

A span charges the time it is open to its stage; a span opened inside another stops the
outer one's clock, so the stages add up to the time measured and nothing counts twice.
Spans are recorded by the :class:`Timings` made current with :func:`recording` (a build,
or one render in a worker process); with none current they cost nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")


class Timings:
    """Seconds per stage, and the spans open now (innermost last)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._open: list[str] = []
        self._since = 0.0

    def add(self, seconds: Mapping[str, float]) -> None:
        """Add stages timed elsewhere (a render in a worker process)."""
        for stage, value in seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + value

    def _charge(self) -> float:
        now = time.perf_counter()
        if self._open:
            self.add({self._open[-1]: now - self._since})
        self._since = now
        return now

    def enter(self, stage: str) -> None:
        self._charge()
        self._open.append(stage)

    def leave(self) -> None:
        self._charge()
        self._open.pop()


_CURRENT: ContextVar[Timings | None] = ContextVar("leafprint_timings", default=None)


@contextmanager
def recording(timings: Timings) -> Iterator[Timings]:
    """Make *timings* the one spans are recorded in, for the time of the block."""
    token = _CURRENT.set(timings)
    try:
        yield timings
    finally:
        _CURRENT.reset(token)


@contextmanager
def span(stage: str) -> Iterator[None]:
    """Charge the time of the block to *stage* in the current timings."""
    timings = _CURRENT.get()
    if timings is None:
        yield
        return
    timings.enter(stage)
    try:
        yield
    finally:
        timings.leave()


def timed(stage: str, function: Callable[_P, _T]) -> Callable[_P, _T]:
    """*function*, its calls charged to *stage*."""

    def call(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        with span(stage):
            return function(*args, **kwargs)

    return call


def add_timed(seconds: Mapping[str, float]) -> None:
    """Add stages timed elsewhere (a render in a worker process) to the current timings."""
    timings = _CURRENT.get()
    if timings is not None:
        timings.add(seconds)
