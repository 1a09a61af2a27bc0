"""The preview's rebuilds: what a change affects, run one build at a time.

A watcher thread (watchfiles) sees changes under ``leaflets/`` and ``styles/`` and
queues builds; one builder thread runs them, the leaflet being edited first in the
language and format being looked at, then the rest. Every build bumps a generation
number that open pages poll (see :mod:`leafprint.commands.serve`), its problems and warnings
are kept per leaflet, and the terminal gets a line per rebuild.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import watchfiles

from leafprint.build.progress import CACHED, SAME, WROTE
from leafprint.content.editions import GENERAL_EDITION
from leafprint.content.formats import DEFAULT_FORMAT
from leafprint.errors import Problem
from leafprint.layout.preflight import is_preflight

from .build import BuildOptions, BuildResult, Project, build

GLOBAL = ""  # problems that belong to no single leaflet (a brand, a template)


@dataclass(frozen=True)
class Task:
    """A build to run: some leaflets (all when empty), optionally one language and format,
    in the brand's general edition or one clinic's (*edition*)."""

    slugs: tuple[str, ...] = ()
    language: str | None = None
    format: str | None = None
    edition: str | None = None  # None: the general edition


@dataclass
class Preview:
    """The state the server shares between the builder, the watcher and requests."""

    project: Project
    out: Path
    formats: tuple[str, ...] = (DEFAULT_FORMAT,)
    generation: int = 0
    building: bool = False
    view: Task | None = None  # the leaflet, language, format and edition looked at
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    warnings: dict[str, list[Problem]] = field(default_factory=dict)
    echo: Callable[[str], None] = field(default=lambda line: None)  # a line per rebuild
    tasks: queue.Queue[Task | None] = field(default_factory=queue.Queue)
    lock: threading.Lock = field(default_factory=threading.Lock)
    requested: set[Task] = field(default_factory=set)  # formats built on demand

    def run(self, task: Task) -> BuildResult:
        """Run one build and record its problems per leaflet."""
        with self.lock:
            self.building = True
        formats = [task.format] if task.format else list(self.formats)
        options = BuildOptions(
            slugs=list(task.slugs),
            languages=[task.language] if task.language else [],
            formats=formats,
            editions=[task.edition or GENERAL_EDITION],
            out=self.out,
        )
        result = build(self.project, options)
        with self.lock:
            for slug in task.slugs or [GLOBAL, *self.problems]:
                self.problems.pop(slug, None)
            for problem in result.errors:
                self.problems.setdefault(self.owner(problem), []).append(problem)
            self._keep_warnings(task, result)
            self.generation += 1
            self.building = False
        return result

    def _keep_warnings(self, task: Task, result: BuildResult) -> None:
        """The warnings of the leaflets *task* built; a PDF served from the cache keeps the
        preflight warnings found when it was made."""
        rendered = {(o.slug, o.language) for o in result.outputs if o.state in {WROTE, SAME}}
        for slug in task.slugs or [GLOBAL, *self.warnings]:
            kept = [
                w
                for w in self.warnings.pop(slug, [])
                if is_preflight(w) and (slug, Path(w.path).stem) not in rendered
            ]
            if kept:
                self.warnings[slug] = kept
        for warning in result.warnings:
            found = self.warnings.setdefault(self.owner(warning), [])
            if warning not in found:
                found.append(warning)

    def owner(self, problem: Problem) -> str:
        """The leaflet a problem belongs to (its slug), or GLOBAL."""
        path = Path(problem.path)
        path = path if path.is_absolute() else Path.cwd() / path
        try:
            return path.resolve().relative_to(self.project.leaflets.resolve()).parts[0]
        except (ValueError, IndexError):
            return GLOBAL

    def tasks_for(self, changes: Iterable[Path]) -> list[Task]:
        """What to rebuild after *changes*: the edited leaflet in the viewed format first."""
        slugs: set[str] = set()
        languages: set[str] = set()
        for path in changes:
            try:
                parts = path.resolve().relative_to(self.project.leaflets.resolve()).parts
            except ValueError:
                return self._everything()  # a style, template, label or brand file
            if parts:
                slugs.add(parts[0])
            if len(parts) == 2 and parts[1] not in {"leaflet.yaml", "references.yaml"}:
                languages.add(Path(parts[1]).stem)
        slugs = {s for s in slugs if (self.project.leaflets / s / "leaflet.yaml").is_file()}
        if not slugs:
            return []
        first = self._first(slugs, languages)
        return [*first, Task(tuple(sorted(slugs))), *self._asked(slugs, first)]

    def _first(self, slugs: set[str], languages: set[str]) -> list[Task]:
        view = self.view
        viewed = view is not None and view.slugs[0] in slugs
        slug = view.slugs[0] if view and viewed else sorted(slugs)[0]
        language = view.language if view and viewed else None
        if len(languages) == 1:
            language = next(iter(languages))
        fmt = view.format if view else self.formats[0]
        edition = view.edition if view and viewed else None
        return [Task((slug,), language, fmt, edition)] if language else []

    def _everything(self) -> list[Task]:
        first = [self.view] if self.view else []
        return [*first, Task(), *self._asked(None, first)]

    def _asked(self, slugs: set[str] | None, first: list[Task]) -> list[Task]:
        """The formats and editions built on demand (of *slugs*; None: all): they are kept
        up to date too, after the rest."""
        with self.lock:
            asked = [t for t in self.requested if slugs is None or t.slugs[0] in slugs]
        asked = [t for t in asked if t not in first]
        return sorted(
            asked, key=lambda t: (t.slugs, t.language or "", t.format or "", t.edition or "")
        )

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {"generation": self.generation, "building": self.building}


def builder(preview: Preview) -> None:
    """Run queued builds one after another until a None arrives."""
    while True:
        task = preview.tasks.get()
        if task is None:
            return
        try:
            result = preview.run(task)
            for line in rebuild_lines(task, result):
                preview.echo(line)
        except Exception as error:  # a bug, not a content problem: report it, keep serving
            where = preview.project.root
            with preview.lock:
                preview.problems[GLOBAL] = [
                    Problem.at(where, "(build)", f"build failed: {error!r}")
                ]
                preview.building = False
                preview.generation += 1


def rebuild_lines(task: Task, result: BuildResult) -> list[str]:
    """What the terminal shows after a rebuild: one line, then each error."""
    what = ", ".join(task.slugs) or "every leaflet"
    if task.language:
        edition = f", {task.edition}" if task.edition else ""
        what += f" ({task.language}, {task.format or DEFAULT_FORMAT}{edition})"
    rendered = result.count(WROTE) + result.count(SAME)
    line = (
        f"rebuilt {what}: {rendered} rendered, {result.count(CACHED)} unchanged, "
        f"{len(result.failed)} failed in {result.seconds:.1f} s; "
        f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)"
    )
    return [line, *(f"  error: {problem}" for problem in result.errors)]


def watcher(preview: Preview, stop: threading.Event) -> None:
    """Queue the builds that changes under ``leaflets/`` and ``styles/`` ask for."""
    roots = [preview.project.leaflets, preview.project.styles]
    for changes in watchfiles.watch(*roots, stop_event=stop, debounce=200, step=50):
        paths = {Path(path) for _, path in changes if not Path(path).name.startswith(".")}
        for task in preview.tasks_for(paths):
            preview.tasks.put(task)
