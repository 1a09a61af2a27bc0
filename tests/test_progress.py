"""Progress output: a bar on a terminal, a line per PDF elsewhere, nothing when quiet."""

from __future__ import annotations

import io

from rich.console import Console

from leafprint.build.progress import CACHED, FAILED, WROTE, Bar, Lines, Quiet, for_terminal


def test_bar_shows_done_of_total_and_the_current_output() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=120, color_system=None)
    bar = Bar(console)
    bar.start(3)
    bar.done(WROTE, "alpha (en, a4)", "dist/alpha/alpha.en.pdf")
    bar.done(CACHED, "beta (en, a4)", "dist/beta/beta.en.pdf")
    bar.done(FAILED, "gamma (en, a4)", "dist/gamma/gamma.en.pdf")
    bar.stop()
    shown = stream.getvalue()
    assert "1/3" in shown and "2/3" in shown and "3/3" in shown
    assert "alpha (en, a4)" in shown and "beta (en, a4)" in shown
    assert "    wrote dist/alpha/alpha.en.pdf" in shown
    assert "   failed dist/gamma/gamma.en.pdf" in shown
    assert "unchanged dist/beta" not in shown  # cached outputs only move the bar


def test_lines_print_each_output_as_it_is_finished() -> None:
    stream = io.StringIO()
    lines = Lines(stream)
    lines.start(2)
    lines.done(WROTE, "alpha (en, a4)", "dist/alpha/alpha.en.pdf")
    assert stream.getvalue() == "    wrote dist/alpha/alpha.en.pdf\n"
    lines.done(CACHED, "beta (en, a4)", "dist/beta/beta.en.pdf")
    lines.done(FAILED, "gamma (en, a4)", "dist/gamma/gamma.en.pdf")
    lines.stop()
    assert stream.getvalue().splitlines() == [
        "    wrote dist/alpha/alpha.en.pdf",
        "   failed dist/gamma/gamma.en.pdf",
    ]


def test_choice_of_progress() -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True)
    pipe = Console(file=io.StringIO(), force_terminal=False)
    assert isinstance(for_terminal(False, terminal), Bar)
    assert isinstance(for_terminal(False, pipe), Lines)
    assert isinstance(for_terminal(True, terminal), Quiet)
