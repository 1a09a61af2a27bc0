"""The build: load → check → plan → render jobs → write → publish (catalog, web, notices).

A problem in one leaflet or one output never stops the others. Every problem of the
run is collected and reported at the end; an output that fails keeps its previous
PDF, and an output whose inputs did not change is not made again. The output folder
is the published state: leaflets that may not be handed out today are taken out of
it (:mod:`leafprint.publish.publication`).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from leafprint.build.leafletcache import Kept, LeafletCache
from leafprint.build.plan import Planned, Project, Resolver, Selection, plan_leaflet
from leafprint.build.progress import CACHED, FAILED, SAME, WROTE, Progress, Quiet
from leafprint.cache import BuildCache, forget_digests, output_key
from leafprint.checks.check import Checker, unloaded
from leafprint.content.brands import Brand, as_printed
from leafprint.content.editions import unknown_editions
from leafprint.content.formats import POSTER_SIZES
from leafprint.content.leaflets import discover
from leafprint.errors import LeafletError, Problem
from leafprint.failures import LOGGER, unexpected
from leafprint.findings import Finding
from leafprint.layout.jobs import Job, JobResult, Target
from leafprint.layout.preflight import is_preflight
from leafprint.publish.catalog import (
    Catalog,
    PdfRecord,
    PosterRecord,
    WebRecord,
    merged,
    read_catalog,
    write_catalog,
)
from leafprint.publish.catalog_page import write_index
from leafprint.publish.notices import write_notices, write_redirects, write_statements
from leafprint.publish.poster import Request, write_language_pages, write_posters
from leafprint.publish.publication import (
    UNAPPROVED,
    TakenOut,
    archive,
    take_down,
    taken_out,
    taken_out_problem,
    version_going_down,
)
from leafprint.publish.web import WebEdition, publish, web_planned
from leafprint.timings import Timings, add_timed, recording, span
from leafprint.write import write_atomic

__all__ = ["BuildOptions", "BuildResult", "Output", "Project", "build"]

DEFAULT_TIME_LIMIT = 300.0  # seconds one render may take before it is stopped


@dataclass(frozen=True)
class BuildOptions:
    slugs: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)  # empty: every edition
    pdf_variant: str | None = None  # an archival variant for every PDF: pdf/a-2b, pdf/a-3b
    out: Path = Path("dist")
    jobs: int = 1  # processes that render; 1 renders in this process
    force: bool = False  # render every output, even those the cache says are current
    scheduler: str | None = None  # a Dask scheduler address: render on that cluster
    time_limit: float = DEFAULT_TIME_LIMIT
    strict: bool = False  # preflight warnings (PF1xx) are errors: the PDF is not written
    final: bool | None = None  # refuse drafts (None: the brand's approvals.final)
    allow_outdated: bool = False  # allow press and booklet output of outdated translations
    today: dt.date | None = None  # for review dates; None: today


@dataclass(frozen=True)
class Output:
    slug: str
    language: str
    format: str
    edition: str | None
    path: Path
    title: str
    state: str  # wrote, same (rendered, bytes unchanged) or unchanged (from the cache)
    version: str = ""
    code: str = ""  # the code it prints

    @property
    def changed(self) -> bool:
        return self.state == WROTE


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    failed: list[Target] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    web: list[Path] = field(default_factory=list)  # the web editions, written or current
    web_written: list[Path] = field(default_factory=list)  # those written by this build
    taken_out: list[TakenOut] = field(default_factory=list)  # may not be handed out today
    archived: list[Path] = field(default_factory=list)  # PDFs moved to or kept in the archive
    posters: list[Path] = field(default_factory=list)  # the waiting-room posters, made or current
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (timings.py)
    interrupted: bool = False  # stopped by Ctrl-C: what was written is whole, the rest not made

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, state: str) -> int:
        return sum(1 for output in self.outputs if output.state == state)

    def add_errors(self, problems: Iterable[Problem]) -> None:
        _add_new(self.errors, problems)

    def add_warnings(self, problems: Iterable[Problem]) -> None:
        _add_new(self.warnings, problems)

    def take(self, found: Found) -> None:
        self.add_errors(found.errors)
        self.add_warnings(found.warnings)


def _add_new(found: list[Problem], problems: Iterable[Problem]) -> None:
    """Add each of *problems* not in *found* yet: a problem several leaflets share (a
    brand's) is reported once."""
    for problem in problems:
        if problem not in found:
            found.append(problem)


@dataclass
class Found:
    """The problems a stage of the build found besides what it made: the build reports
    them all at the end."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, other: Found) -> None:
        self.errors += other.errors
        self.warnings += other.warnings


@dataclass
class Planning:
    """What :func:`plan` found: the outputs to make, the leaflets taken out, the problems."""

    planned: list[Planned]
    taken_out: list[TakenOut]
    found: Found


@dataclass(frozen=True)
class Written:
    """What :func:`write` did with one rendered job: the output written, or none (its
    last good file stays), and the problems found."""

    target: Target
    output: Output | None
    found: Found

    @property
    def state(self) -> str:
        return self.output.state if self.output is not None else FAILED


@dataclass
class Published:
    """What :func:`publish_site` did: the web editions there are and those it wrote, the
    PDFs it archived, the posters there are, and the problems it found."""

    web: list[Path]
    web_written: list[Path]
    archived: list[Path]
    posters: list[Path]
    found: Found


def build(project: Project, options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build the PDFs *options* ask for; never raises for content problems."""
    started = time.perf_counter()
    result = BuildResult()
    timings = Timings()
    with recording(timings):
        _build(project, options, progress or Quiet(), result)
    result.timings = timings.seconds
    result.seconds = time.perf_counter() - started
    return result


def _build(
    project: Project, options: BuildOptions, progress: Progress, result: BuildResult
) -> None:
    forget_digests()
    cache, loaded = BuildCache(options.out), LeafletCache(options.out)
    catalog = read_catalog(options.out)
    with span("load and check"):
        leaflets, found = load(project, options, loaded)
    result.take(found)
    with span("plan"):
        planning = plan(project, leaflets, options, cache, catalog.pdfs)
    result.take(planning.found)
    result.taken_out = planning.taken_out
    planned = planning.planned
    stale = []
    progress.start(len(planned))
    for item in planned:
        if options.force or not cache.fresh(item.target.path, item.target.key):
            stale.append(item)
        else:
            result.outputs.append(_output(item.target, options.out, CACHED))
            progress.done(CACHED, item.target.name, str(options.out / item.target.path))
    resolver = Resolver(project, options.pdf_variant, options.time_limit)
    unresolved: list[Written] = []  # the outputs whose job could not be made, with why
    jobs = _jobs(stale, resolver, progress, options.out, unresolved)
    try:
        versions = {record.file: record.version for record in catalog.pdfs}
        for job_result in render(jobs, options, len(stale)):
            add_timed(job_result.timings)  # the render's stages, timed where it ran
            with span("write"):
                written = write(job_result, options.out, cache, options.strict, versions)
            _record(result, written)
            progress.done(
                written.state, job_result.target.name, str(options.out / job_result.target.path)
            )
        _record_unresolved(result, unresolved)
        _record_published(
            result, publish_site(project, planned, catalog, resolver, cache, options, result)
        )
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        _record_unresolved(result, unresolved)  # those found before an interruption too
        progress.stop()
        with span("write"):
            cache.save()
            loaded.save()
    result.add_warnings(resolver.warnings)


def _record(result: BuildResult, written: Written) -> None:
    result.take(written.found)
    if written.output is not None:
        result.outputs.append(written.output)
    else:
        result.failed.append(written.target)


def _record_unresolved(result: BuildResult, unresolved: list[Written]) -> None:
    while unresolved:
        _record(result, unresolved.pop(0))


def _record_published(result: BuildResult, published: Published) -> None:
    result.take(published.found)
    result.web, result.web_written = published.web, published.web_written
    result.archived += published.archived
    result.posters = published.posters


def load(
    project: Project, options: BuildOptions, cache: LeafletCache | None = None
) -> tuple[list[Kept], Found]:
    """Every leaflet asked for, loaded and validated (those unchanged since the build
    that filled *cache* from it) and kept in *cache*, and the problems of those that
    are not."""
    cache = cache or LeafletCache(None)
    found = Found()
    try:
        folders = discover(project.leaflets, options.slugs)
    except LeafletError as error:
        return [], Found(error.problems)
    leaflets = []
    for folder in folders:
        try:
            kept = cache.load(folder)
        except LeafletError as error:
            found.errors += unloaded(folder, project.styles, error)
            continue
        except Exception as error:  # a fault in leafprint: reported, the rest still builds
            found.errors.append(unexpected(error, folder / "leaflet.yaml", folder.name))
            continue
        found.warnings += kept.warnings
        leaflets.append(kept)
    return leaflets, found


def plan(
    project: Project,
    leaflets: list[Kept],
    options: BuildOptions,
    cache: BuildCache,
    published: Sequence[PdfRecord] = (),
) -> Planning:
    """Every output of every leaflet, with its cache key; the leaflets that may not be
    published today, and why."""
    formats = [name for name in options.formats if name not in POSTER_SIZES]
    only_posters = bool(options.formats) and not formats  # no leaflet PDFs or web pages
    selection = Selection(options.languages, formats, options.editions, options.pdf_variant)
    planned: list[Planned] = []
    taken: list[TakenOut] = []
    found = Found()
    clinics: set[str] = set()  # every clinic edition the leaflets list
    with span("load and check"):  # the project's leaflet codes are indexed
        checker = Checker(project.root, options.today, cache=cache)
    for kept in leaflets:
        leaflet = kept.leaflet
        clinics.update(leaflet.meta.editions)
        try:
            with span("load and check"):
                brand = checker.brand(leaflet)
                findings = checker.leaflet(leaflet, brand)
            found.add(_problems(findings))
            gone = taken_out(leaflet, brand, findings, _final(brand, options))
            if gone is not None:
                taken.append(gone)
                if gone.state == UNAPPROVED:  # why: the draft refusal (LP214)
                    refused = checker.refusal(leaflet, brand, "", "", final=True)
                    found.errors += [refused.problem] if refused else []
                continue
            going_down = version_going_down(leaflet, options.out, published)
            if going_down is not None:
                found.errors.append(going_down)
                continue
            if any(f.is_error for f in findings) or only_posters:
                continue
            printed = as_printed(brand, checker.context.today)  # no expired quality mark
            for item in plan_leaflet(project, kept, printed, selection, cache):
                refused = _refusal(checker, item, options)
                if refused is None:
                    planned.append(item)
                else:
                    found.add(_problems([refused]))
        except LeafletError as error:
            # a brand's contact problem is found for every leaflet using it: reported once
            found.errors += error.problems
        except Exception as error:  # a fault in leafprint: reported, the rest still builds
            found.errors.append(unexpected(error, leaflet.document.path, leaflet.slug))
    found.errors += unknown_editions(options.editions, clinics, project.leaflets)
    return Planning(planned, taken, found)


def _problems(findings: Iterable[Finding]) -> Found:
    """``leafprint check``'s *findings* as the build reports them."""
    findings = list(findings)
    return Found(
        [f.problem for f in findings if f.is_error], [f.problem for f in findings if not f.is_error]
    )


def _final(brand: Brand, options: BuildOptions) -> bool:
    return brand.meta.approvals.final if options.final is None else options.final


def publish_site(
    project: Project,
    planned: list[Planned],
    catalog: Catalog,
    resolver: Resolver,
    cache: BuildCache,
    options: BuildOptions,
    built: BuildResult,
) -> Published:
    """Make the output folder what may be handed out today: take out what may not, then
    write the web pages, the notices, the accessibility statements and the posters, and
    last the catalog (*catalog*: as the build found it; *built*: the build so far) and
    its page."""
    out, found = options.out, Found()
    with span("publish"):
        archived, found_out = unpublish(built.taken_out, catalog.pdfs, out)
        renamed, moved, found_renamed = _renamed(planned, catalog.pdfs, out)
        found.add(found_out)
        found.add(found_renamed)
        taken = {gone.slug for gone in built.taken_out} | set(renamed) | deleted(project, catalog)
        listed = merged(
            catalog, out, built.outputs, taken_out=taken, built=_built(project, options, built)
        )
    with span("web"):
        web, written, pages, found_web = publish_web(
            project, web_planned(planned), listed.pdfs, resolver, cache, options
        )
        found.add(found_web)
        listed = merged(listed, out, web=pages)
        found.errors += write_notices(out, project, built.taken_out, resolver)
        write_redirects(out, project, [item for item in planned if item.renamed_from], resolver)
        languages = _site_languages(planned, built.taken_out)
        write_statements(out, project, languages, resolver, cache)
    with span("posters"):
        posters, found_posters = publish_posters(project, listed, resolver, cache, options)
        found.add(found_posters)
        listed = merged(listed, out, posters=posters)
    if listed or catalog:
        with span("catalog"):
            write_catalog(out, listed)
            write_index(out, project.base, options.today, listed, cache)
    made = [out / poster.file for poster in posters]
    return Published(web, written, archived + moved, made, found)


def publish_posters(
    project: Project,
    catalog: Catalog,
    resolver: Resolver,
    cache: BuildCache,
    options: BuildOptions,
) -> tuple[list[PosterRecord], Found]:
    """Write every leaflet's language page, then the posters asked for and those the
    *catalog* lists, from its web editions; return the posters there are now."""
    out = options.out
    _, problems = write_language_pages(
        out, project.base, project.styles, catalog.web, resolver, cache
    )
    sizes = [name for name in options.formats if name in POSTER_SIZES]
    request = Request(sizes, options.editions, options.slugs if sizes else [])
    made, warnings, errors = write_posters(
        out, project.base, project.styles, request, catalog.web, resolver, cache, catalog.posters
    )
    return made, Found([*problems, *errors], list(warnings))


def _renamed(
    planned: list[Planned], published: Sequence[PdfRecord], out: Path
) -> tuple[list[str], list[Path], Found]:
    """The earlier slugs of renamed leaflets, and their PDFs, moved to the archive."""
    earlier = {old: item.target.version for item in planned for old in item.renamed_from}
    archived: list[Path] = []
    found = Found()
    for old, version in earlier.items():
        moved, problems = take_down(out, old, published, version)
        found.errors += problems
        archived += moved
    return list(earlier), archived, found


def unpublish(
    taken: list[TakenOut], published: Sequence[PdfRecord], out: Path
) -> tuple[list[Path], Found]:
    """Move the PDFs of the leaflets *taken* out of publication to the archive."""
    archived: list[Path] = []
    found = Found()
    for gone in taken:
        moved, problems = take_down(out, gone.slug, published, gone.leaflet.meta.version)
        found.errors += problems
        archived += moved
        if moved:
            found.warnings.append(taken_out_problem(gone, moved, out))
    return archived, found


def _refusal(checker: Checker, item: Planned, options: BuildOptions) -> Finding | None:
    """Why the checks refuse an output (a draft as final, an outdated translation for
    press) or hold it back (an outdated translation's press file outside a final build:
    its last good file stays), if they do."""
    target = item.target
    return checker.refusal(
        item.leaflet,
        item.brand,
        target.language,
        target.format.name,
        final=options.final,
        allow_outdated=options.allow_outdated,
        kept=(options.out / target.path).is_file(),
    )


def publish_web(
    project: Project,
    planned: list[Planned],
    pdfs: Sequence[PdfRecord],
    resolver: Resolver,
    cache: BuildCache,
    options: BuildOptions,
) -> tuple[list[Path], list[Path], list[WebRecord], Found]:
    """Write the web edition of every leaflet language whose inputs or PDFs (*pdfs*: those
    the catalog lists) changed; the pages that are current are kept as they are. Returns
    every page, written or current, those written, the catalog records of those written,
    and the problems found."""
    out, found = options.out, Found()
    current: list[Path] = []
    keys: dict[Path, str] = {}
    stale: list[Planned] = []
    for item in planned:
        target = item.target
        linked = [p for p in pdfs if (p.slug, p.language) == (target.slug, target.language)]
        made = [cache.entries[p.file].sha256 for p in linked if p.file in cache.entries]
        key = output_key(target.key, *sorted(p.file for p in linked), *made)
        if not options.force and cache.fresh(target.path, key):
            current.append(out / target.path)
        else:
            stale.append(item)
            keys[out / target.path] = key

    def editions() -> Iterator[WebEdition]:
        """Each stale page's edition, resolved as it is written: they are not all held."""
        for item in stale:
            try:
                yield WebEdition(item.leaflet, item.brand, resolver.job(item))
            except LeafletError as error:
                found.errors += error.problems

    written, records, problems = publish(out, project.base, editions(), pdfs, set(keys))
    found.errors += problems
    for path in written:
        cache.record(path.relative_to(out), keys[path], path.read_bytes())
    return sorted(current + written), written, records, found


def deleted(project: Project, catalog: Catalog) -> set[str]:
    """The leaflets of the *catalog* whose folder is gone from the project."""
    listed = {record.slug for record in catalog.pdfs} | {page.slug for page in catalog.web}
    return {slug for slug in listed if not (project.leaflets / slug / "leaflet.yaml").is_file()}


def _built(project: Project, options: BuildOptions, result: BuildResult) -> dict[str, bool]:
    """Each leaflet this build made, and whether it failed (an error in its folder, or an
    output not made)."""
    folders = sorted(project.leaflets.glob("*/leaflet.yaml"))
    slugs = [f.parent.name for f in folders if not options.slugs or f.parent.name in options.slugs]
    failed = {target.slug for target in result.failed}
    root = project.leaflets.resolve()
    for problem in result.errors:
        path = Path(problem.path).resolve()
        if path.is_relative_to(root) and path != root:
            failed.add(path.relative_to(root).parts[0])
    return {slug: slug in failed for slug in slugs}


def _site_languages(
    planned: list[Planned], taken_out: list[TakenOut]
) -> dict[tuple[str, str], Brand]:
    """Each brand and language the web site has pages in."""
    pairs = {(item.brand.id, item.target.language): item.brand for item in planned}
    for gone in taken_out:
        pairs.update({(gone.brand.id, language): gone.brand for language in gone.leaflet.versions})
    return pairs


def render(jobs: Iterator[Job], options: BuildOptions, count: int) -> Iterator[JobResult]:
    """Render *jobs* here, in a local process pool, or on a Dask cluster."""
    if count == 0:  # nothing to render: the renderers are not even imported
        return iter(())
    from leafprint.build import runners

    if options.scheduler:
        return runners.run_dask(jobs, options.scheduler)
    workers = min(options.jobs, count)
    if workers > 1:
        return runners.run_pool(jobs, workers)
    return runners.run_here(jobs)


def write(
    job_result: JobResult,
    out: Path,
    cache: BuildCache,
    strict: bool = False,
    versions: dict[str, str] | None = None,
) -> Written:
    """Write a finished PDF atomically; a failed one leaves the last good file in place.
    The file of an earlier version (*versions*: the published files' versions) goes to
    the archive first.

    With *strict*, a PDF with preflight warnings fails: they are its errors.
    """
    target = job_result.target
    flawed = [p for p in job_result.warnings if is_preflight(p)] if strict else []
    warnings = [p for p in job_result.warnings if p not in flawed]
    if flawed:
        job_result = JobResult(target, None, [*job_result.errors, *flawed])
    kept = _archive_earlier(out, target, (versions or {}).get(target.path.as_posix()))
    if kept is not None:
        job_result = JobResult(target, None, [*job_result.errors, kept])
    if job_result.data is not None and not job_result.errors:
        try:
            changed = write_atomic(out / target.path, job_result.data)
            cache.record(target.path, target.key, job_result.data)
            return Written(
                target, _output(target, out, WROTE if changed else SAME), Found([], warnings)
            )
        except OSError as error:
            problem = Problem.at(
                out / target.path, "(write)", f"could not write {target.name}: {error.strerror}"
            )
            job_result = JobResult(target, None, [problem])
    if job_result.debug:
        LOGGER.debug("while making %s:\n%s", target.name, job_result.debug)
    return Written(target, None, Found(list(job_result.errors), warnings))


def _archive_earlier(out: Path, target: Target, version: str | None) -> Problem | None:
    """Archive the published file of *target* when it holds another *version*."""
    path = out / target.path
    if not version or version == target.version or not path.is_file():
        return None
    return archive(out, path, target.slug, version)


def _jobs(
    planned: list[Planned],
    resolver: Resolver,
    progress: Progress,
    out: Path,
    unresolved: list[Written],
) -> Iterator[Job]:
    """Resolve each planned output as the renderers ask for it; those that cannot be
    resolved go to *unresolved*, with why."""
    for item in planned:
        try:
            with span("plan"):
                job = resolver.job(item)
            yield job
            continue
        except LeafletError as error:
            problems = list(error.problems)
        except Exception as error:  # a fault in leafprint: reported, the rest still builds
            source = item.leaflet.versions[item.target.language].path
            problems = [unexpected(error, source, item.target.name)]
        unresolved.append(Written(item.target, None, Found(problems)))
        progress.done(FAILED, item.target.name, str(out / item.target.path))


def _output(target: Target, out: Path, state: str) -> Output:
    return Output(
        target.slug,
        target.language,
        target.format.name,
        target.edition,
        out / target.path,
        target.title,
        state,
        target.version,
        target.code,
    )


def default_jobs() -> int:
    """The number of cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
