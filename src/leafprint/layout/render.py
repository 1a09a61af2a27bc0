"""Render jobs: template → HTML → WeasyPrint → post-process, in whichever process runs them.

:func:`make_pdf` is pure: it reads a :class:`~leafprint.layout.jobs.Job` and returns a
:class:`~leafprint.layout.jobs.JobResult` (PDF bytes or located problems); it writes nothing
and touches no shared state. A :class:`RenderContext` keeps what is worth keeping
between jobs in one process: WeasyPrint's font configuration and the Jinja
environment of each brand. :func:`run_job` is the entry point of worker processes
(a local process pool or Dask workers), each with one context for its lifetime.
"""

from __future__ import annotations

import signal
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from leafprint.content.editions import GENERAL_EDITION
from leafprint.errors import LeafletError, Problem
from leafprint.failures import unexpected
from leafprint.timings import Timings, recording, span, timed

from .fonts import check_families, check_text
from .html import make_environment, render_html
from .jobs import Job, JobResult
from .pageturn import keep_words_whole
from .postprocess import arrange_pages, finish
from .preflight import Rules, preflight
from .preflight import Target as Inspected
from .renderwarnings import render_warnings
from .sheets import balance_sheets
from .tagging import finish_tags, languages_tagged

if TYPE_CHECKING:
    import jinja2

    from .pdf import PdfRenderer


class RenderTimeout(BaseException):
    """A render took longer than the job's time limit (a BaseException, so that no
    ``except Exception`` inside WeasyPrint or leafprint swallows it)."""


class RenderContext:
    """Per-process state shared by every job rendered in that process."""

    def __init__(self) -> None:
        self._renderers: dict[tuple[Path, ...], PdfRenderer] = {}
        self._environments: dict[tuple[Path, ...], jinja2.Environment] = {}

    def renderer(self, roots: tuple[Path, ...]) -> PdfRenderer:
        from .pdf import PdfRenderer

        if roots not in self._renderers:
            self._renderers[roots] = PdfRenderer(list(roots))
        return self._renderers[roots]

    def environment(self, template_dirs: tuple[Path, ...]) -> jinja2.Environment:
        if template_dirs not in self._environments:
            self._environments[template_dirs] = make_environment(template_dirs)
        return self._environments[template_dirs]


def make_pdf(job: Job, context: RenderContext) -> JobResult:
    """Render *job*; every failure comes back as a located problem, never as an exception.
    The result holds the seconds its stages took (render, preflight, balancing)."""
    timings = Timings()
    with recording(timings), span("render"):
        result = _make_pdf(job, context)
    return replace(result, timings=timings.seconds)


def _make_pdf(job: Job, context: RenderContext) -> JobResult:
    target = job.target
    warnings: list[Problem] = []
    try:
        theme = job.theme
        html = render_html(
            job.model, target.format, theme, context.environment(theme.template_dirs), job.page_css
        )
        where = f"{target.slug} ({target.language})"
        warnings += check_text(html, theme.fonts, target.language, where, job.source)
        edition = target.edition or GENERAL_EDITION
        inspected = Inspected(job.source, target.slug, target.language, edition, target.format.name)
        fmt = target.format
        rules = Rules.of(fmt)
        with time_limit(job.time_limit), languages_tagged():
            rendered = context.renderer(theme.roots).render(
                html,
                base_url=job.folder,
                source=job.source,
                options=dict(job.pdf_options),
                document_id=target.path.as_posix(),
                check=lambda document: timed("preflight", preflight)(document, rules, inspected),
                arrange=arrange_pages(target.format, job.too_long),
                balance=timed(
                    "balancing",
                    lambda document, relayout: keep_words_whole(
                        balance_sheets(document, relayout, rules, fmt),
                        relayout,
                        rules,
                        fmt.sheet_pages,
                    ),
                ),
            )
        warnings += render_warnings(rendered.warnings, theme.stylesheets, job.source)
        warnings += rendered.preflight
        warnings += check_families(rendered.fonts, theme.fonts, where, job.source)
        right_to_left = job.model.page.direction == "rtl"
        data = finish(
            target.format, finish_tags(rendered.data), right_to_left=right_to_left,
            paper_mm=job.paper_mm,
        )  # fmt: skip
    except LeafletError as error:
        return JobResult(target, None, error.problems, warnings)
    except RenderTimeout:
        message = f"{target.name} took longer than {job.time_limit:g} s to render and was stopped"
        return JobResult(target, None, [Problem.at(job.source, "(render)", message)], warnings)
    except Exception as error:  # a bug or an unforeseen library failure: one line, not a trace
        problem = unexpected(error, job.source, target.name)
        return JobResult(target, None, [problem], warnings, debug=traceback.format_exc())
    return JobResult(target, data, [], warnings)


_CONTEXT: RenderContext | None = None


def run_job(job: Job) -> JobResult:
    """Render *job* with this process's context (made at its first job)."""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = RenderContext()
    return make_pdf(job, _CONTEXT)


def worker_init() -> None:
    """Worker processes leave Ctrl-C to the build, which stops them cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`RenderTimeout` after *seconds* (main thread only; 0: no limit)."""
    import threading

    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise RenderTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
