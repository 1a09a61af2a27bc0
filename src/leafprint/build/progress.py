"""Build progress: a live bar on a terminal, a plain line per PDF elsewhere, or silence.

The build calls :meth:`Progress.start` with the number of outputs, :meth:`Progress.done`
as each one is finished (written, unchanged, cached or failed) and :meth:`Progress.stop`
at the end.
"""

from __future__ import annotations

import sys
from typing import IO, Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress

# What happened to an output, as the progress lines and the summary say it.
WROTE, SAME, CACHED, FAILED, SKIPPED = "wrote", "same", "unchanged", "failed", "skipped"


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def done(self, state: str, name: str, path: str) -> None: ...
    def stop(self) -> None: ...


class Quiet:
    """No progress output (``-q``)."""

    def start(self, total: int) -> None:
        pass

    def done(self, state: str, name: str, path: str) -> None:
        pass

    def stop(self) -> None:
        pass


class Lines:
    """A line per output as it is finished, flushed at once (logs, CI, pipes)."""

    def __init__(self, stream: IO[str] | None = None, show_cached: bool = False) -> None:
        self.stream = stream or sys.stdout
        self.show_cached = show_cached

    def start(self, total: int) -> None:
        pass

    def done(self, state: str, name: str, path: str) -> None:
        if state != CACHED or self.show_cached:
            print(f"{state:>9} {path}", file=self.stream, flush=True)

    def stop(self) -> None:
        pass


class Bar:
    """A rich progress bar: done / total, the output being made, elapsed and remaining time.

    Written and failed outputs are also printed above the bar, so the scrollback
    keeps a line per PDF.
    """

    def __init__(
        self, console: Console | None = None, title: str = "Building", echo: bool = True
    ) -> None:
        self.console = console or Console()
        self.echo = echo  # a line per finished output above the bar
        self.bar = RichProgress(
            TextColumn(f"[bold]{title}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[current]}"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.task: TaskID | None = None

    def start(self, total: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("build", total=total, current="")

    def done(self, state: str, name: str, path: str) -> None:
        if self.task is None:
            return
        if state != CACHED and self.echo:
            colour = "red" if state == FAILED else "green"
            self.bar.console.print(f"[{colour}]{state:>9}[/] {path}", soft_wrap=True)
        self.bar.update(self.task, advance=1, current=name, refresh=True)

    def stop(self) -> None:
        self.bar.stop()


def for_terminal(quiet: bool, console: Console | None = None) -> Progress:
    """A bar on a terminal, lines elsewhere, nothing with *quiet*."""
    if quiet:
        return Quiet()
    console = console or Console()
    return Bar(console) if console.is_terminal else Lines()
