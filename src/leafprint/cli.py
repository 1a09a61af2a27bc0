"""The ``leafprint`` command. Heavy modules are imported inside commands, so --help is instant."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from leafprint.content.codes import GENERAL_EDITION

from . import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from leafprint.commands.build import BuildResult
    from leafprint.content.leaflets import Leaflet
    from leafprint.publish.links import Checked
    from leafprint.publish.status import Query

    from .errors import LeafprintError, Problem


class _Commands(click.Group):
    """The commands; a user's or the machine's mistake ends in its messages, a hint and the
    exit code of its class (see errors.py), never in "a fault in leafprint"."""

    def invoke(self, ctx: click.Context) -> object:
        from .errors import AssetError, LeafprintError, Problem

        try:
            return super().invoke(ctx)
        except LeafprintError as error:
            _fail(error)
        except OSError as error:
            if error.filename is None:  # not about a file: a fault in leafprint
                raise
            problem = Problem.at(str(error.filename), "(file)", f"cannot use it: {error.strerror}")
            _fail(AssetError(problem))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="leafprint")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder holding leaflets/ and styles/.",
)
@click.option("--debug", is_flag=True, help="Show the traceback of a fault in leafprint.")
@click.pass_context
def cli(context: click.Context, project: Path, debug: bool) -> None:
    """Build branded, print-ready PDF patient leaflets from YAML and Markdown.

    Exit codes: 0 everything built, 1 problems in the content or its files, 2 wrong
    arguments or options, 3 a fault in leafprint itself.
    """
    context.obj = project
    _set_debug(debug)


LISTING = click.option(
    "--format",
    "output",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="A table to read, or CSV or JSON for a spreadsheet or a script.",
)
TODAY = click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Check review dates as on this day (YYYY-MM-DD) instead of today.",
)


@cli.command()
@click.argument("slugs", nargs=-1)
@click.option("--lang", "languages", multiple=True, help="Only this language (repeatable).")
@click.option(
    "--format", "formats", multiple=True, help="Output format (repeatable); default: the brand's."
)
@click.option(
    "--edition",
    "editions",
    multiple=True,
    help=f"Only this clinic edition (repeatable); '{GENERAL_EDITION}' is the brand's own.",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/a-2b", "pdf/a-3b"]),
    default=None,
    help="Make a4, a5, large-print and screen PDFs archival PDF/A instead of PDF/UA.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Output folder (a relative one lies in the --project folder).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="PDFs rendered at once, each in its own process  [default: the number of cores]",
)
@click.option("--force", is_flag=True, help="Render every PDF, even those that are up to date.")
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    default=None,
    help="Render on this Dask cluster (needs leafprint[dask]).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress; only problems and the summary.")
@click.option(
    "--strict", is_flag=True, help="A PDF with preflight warnings (PF codes) is not written."
)
@click.option(
    "--final/--draft",
    "final",
    default=None,
    help="Final output refuses drafts (default: the brand's approvals.final).",
)
@click.option(
    "--allow-outdated", is_flag=True, help="Make press and booklet files of outdated translations."
)
@TODAY
@click.pass_obj
def build(
    project: Path,
    slugs: tuple[str, ...],
    languages: tuple[str, ...],
    formats: tuple[str, ...],
    editions: tuple[str, ...],
    pdf_variant: str | None,
    out: Path,
    jobs: int | None,
    force: bool,
    scheduler: str | None,
    quiet: bool,
    strict: bool,
    final: bool | None,
    allow_outdated: bool,
    today: dt.datetime | None,
) -> None:
    """Build every leaflet (or only SLUGS) into OUT/<slug>/<slug>.<lang>.pdf.

    Only the PDFs whose content, brand, styles or fonts changed are rendered again.
    """
    from rich.console import Console

    from leafprint.build.progress import for_terminal
    from leafprint.commands.build import BuildOptions, Project, default_jobs
    from leafprint.commands.build import build as run_build
    from leafprint.commands.options import check_options, format_names, leaflets_in

    from .failures import exit_code
    from .write import writable_folder

    formats = tuple(format_names(formats))
    problems = check_options(project, slugs, languages, formats, editions)
    if problems:
        raise click.UsageError("\n".join(str(problem) for problem in problems))
    slugs = tuple(leaflets_in(project, slugs, languages))
    options = BuildOptions(
        slugs=list(slugs),
        languages=list(languages),
        formats=list(formats),
        editions=list(editions),
        pdf_variant=pdf_variant,
        out=writable_folder("--out", out if out.is_absolute() else project / out),
        jobs=jobs or default_jobs(),
        force=force,
        scheduler=scheduler,
        strict=strict,
        final=final,
        allow_outdated=allow_outdated,
        today=today.date() if today else None,
    )
    console = Console(highlight=False)
    signal.signal(signal.SIGTERM, _interrupt)  # a stopped CI job ends like Ctrl-C
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background
    result = _or_exit(lambda: run_build(Project(project), options, for_terminal(quiet, console)))
    _report(result, console, quiet)
    if result.interrupted:
        raise SystemExit(130)
    code = exit_code(result.errors)
    if code:
        raise SystemExit(code)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@cli.command()
@click.argument("slug")
@click.option("--brand", required=True, help="Brand folder name under styles/.")
@click.option("--lang", "language", required=True, help="Source language, e.g. nl or en.")
@click.option("--code", default=None, help="Leaflet code, e.g. ONC-031 (default: made from SLUG).")
@click.option("--contact", default=None, help="Contact point from the brand's contacts.yaml.")
@click.pass_obj
def new(
    project: Path, slug: str, brand: str, language: str, code: str | None, contact: str | None
) -> None:
    """Create leaflets/SLUG with a leaflet.yaml and a LANG.yaml that build at once."""
    from leafprint.commands.scaffold import brand_contacts, scaffold

    known = brand_contacts(project, brand)
    if contact is None and known:
        contact = click.prompt(
            "Contact point printed on the leaflet",
            type=click.Choice(known) if known else str,
            default=known[0] if known else None,
        )
    folder = scaffold(project, slug, brand, language, code, contact or "")
    click.echo(f"Created {folder}/leaflet.yaml and {folder}/{language}.yaml")
    click.echo(f"Build it with: leafprint build {slug}")


@cli.command()
@click.argument("slugs", nargs=-1)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the findings.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@TODAY
@click.pass_obj
def check(
    project: Path, slugs: tuple[str, ...], output: str, strict: bool, today: dt.datetime | None
) -> None:
    """Check every leaflet (or only SLUGS) without rendering; report every finding at once."""
    from leafprint.checks.check import run_checks
    from leafprint.commands.options import not_a_project

    from .findings import as_json

    outside = not_a_project(project)
    if outside is not None:
        raise click.UsageError(str(outside))
    report = _or_exit(lambda: run_checks(project, slugs, today=today.date() if today else None))
    if output == "json":
        click.echo(as_json(report.findings))
    else:
        for finding in report.findings:
            colour = "red" if finding.is_error else "yellow"
            click.echo(click.style(str(finding), fg=colour), err=False)
        click.echo(
            f"{len(report.leaflets)} leaflet(s): {len(report.errors)} error(s), "
            f"{len(report.warnings)} warning(s)"
        )
    if report.errors or (strict and report.warnings):
        raise SystemExit(1)


@cli.group()
def translations() -> None:
    """Keep translations in step with their source, section by section."""


@translations.command("mark-current")
@click.argument("slug")
@click.argument("language")
@TODAY
@click.pass_obj
def mark_current_command(
    project: Path, slug: str, language: str, today: dt.datetime | None
) -> None:
    """Record that LANGUAGE follows every section of the source as it is now."""
    from leafprint.checks.check import default_today
    from leafprint.content.translations import mark_current

    leaflet = _load(project, slug)
    day = today.date() if today else default_today()
    path = _or_exit(lambda: mark_current(leaflet, language, day))
    click.echo(f"{language} marked current with version {leaflet.meta.version} in {path}")


@translations.command("accept")
@click.argument("slug")
@click.option(
    "--lang",
    "languages",
    multiple=True,
    required=True,
    help="A translation (repeatable), or 'all' for every translation.",
)
@TODAY
@click.pass_obj
def accept_command(
    project: Path, slug: str, languages: tuple[str, ...], today: dt.datetime | None
) -> None:
    """Record that the source changes need no translation work: translations stay current."""
    from leafprint.checks.check import default_today
    from leafprint.content.translations import accept, translations_of

    leaflet = _load(project, slug)
    day = today.date() if today else default_today()
    chosen = translations_of(leaflet) if "all" in languages else list(dict.fromkeys(languages))
    if not chosen:
        click.echo(f"{slug} has no translations: nothing to accept")
    for language in chosen:
        keys = _or_exit(lambda: accept(leaflet, language, day))  # noqa: B023
        click.echo(_accepted(language, keys, leaflet.meta.version))


def _accepted(language: str, keys: list[str], version: str) -> str:
    if not keys:
        return f"{language} follows every section of the source: nothing to accept"
    what = f"version {version}" if keys == ["version"] else f"the changes in {', '.join(keys)}"
    return f"{language}: {what} accepted as editorial; {language} is current with version {version}"


@translations.command("diff")
@click.argument("slug")
@click.argument("language")
@click.pass_obj
def diff_command(project: Path, slug: str, language: str) -> None:
    """Show the source changes LANGUAGE has not carried over yet."""
    from leafprint.content.translations import diff

    leaflet = _load(project, slug)
    text = _or_exit(lambda: diff(leaflet, language))
    click.echo(text or f"{language} follows every section of the source.", nl=not text)


@cli.command()
@click.argument("slugs", nargs=-1)
@LISTING
@click.option("--due", help="Only leaflets whose review is due within this period: 6m, 1y.")
@click.option("--owner", help="Only leaflets whose owner's name contains this text.")
@click.option("--brand", help="Only leaflets of this brand.")
@click.option("--edition", help="Only leaflets handed out in this clinic edition.")
@click.option("--lang", "language", help="Only this language.")
@click.option("--outdated", is_flag=True, help="Only translations that are outdated.")
@click.option("--uses", help="Only leaflets that cite this reference or use this block.")
@click.option(
    "--contacts",
    is_flag=True,
    help="The contact points the leaflets print instead: verified, due, printed by.",
)
@TODAY
@click.pass_obj
def status(
    project: Path,
    slugs: tuple[str, ...],
    output: str,
    due: str | None,
    owner: str | None,
    brand: str | None,
    edition: str | None,
    language: str | None,
    outdated: bool,
    uses: str | None,
    contacts: bool,
    today: dt.datetime | None,
) -> None:
    """Every leaflet and language: version, translation, review, sign-offs and status,
    narrowed by the options (they combine). With --contacts, every contact point the
    leaflets print and when its details are due to be verified."""
    from leafprint.publish.status import (
        Query,
        as_csv,
        as_json,
        parse_period,
        print_table,
        status_rows,
    )

    try:
        months = parse_period(due) if due is not None else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--due") from None
    query = Query(months, owner, brand, edition, language, outdated, uses)
    day = today.date() if today else None
    if contacts:
        if language or outdated or uses:
            raise click.UsageError("--lang, --outdated and --uses do not apply to --contacts")
        _contact_status(project, list(slugs), output, day, query)
        return
    rows = _or_exit(lambda: status_rows(project, list(slugs), day, query))
    if output == "csv":
        click.echo(as_csv(rows), nl=False)
    elif output == "json":
        click.echo(as_json(rows), nl=False)
    else:
        print_table(rows)


def _contact_status(
    project: Path, slugs: list[str], output: str, day: dt.date | None, query: Query
) -> None:
    from .publish import contact_status

    rows = _or_exit(lambda: contact_status.contact_rows(project, slugs, day, query))
    if output == "csv":
        click.echo(contact_status.as_csv(rows), nl=False)
    elif output == "json":
        click.echo(contact_status.as_json(rows), nl=False)
    else:
        contact_status.print_table(rows)


@cli.group()
def blocks() -> None:
    """Shared text blocks (leaflets/blocks/): list them, keep their translations current."""


@blocks.command("list")
@click.option(
    "--format", "output", type=click.Choice(["table", "csv"]), default="table", show_default=True
)
@click.pass_obj
def blocks_list(project: Path, output: str) -> None:
    """Every block: its version, languages, the leaflets using it, outdated translations."""

    from leafprint.content.blocks import block_states, block_users, load_library

    library = _or_exit(lambda: load_library(project / "leaflets"))
    users = block_users(project / "leaflets")
    outdated: dict[str, list[str]] = {}
    for state in block_states(library):
        if state.outdated:
            outdated.setdefault(state.block.id, []).append(state.language)
    rows = [
        {
            "block": block.id,
            "brand": block.brand or "all",
            "version": block.meta.version,
            "languages": ", ".join(block.meta.text),
            "used by": ", ".join(users.get(block.id, [])) or "nothing",
            "outdated": ", ".join(outdated.get(block.id, [])) or "-",
        }
        for block in sorted(library.blocks.values(), key=lambda b: (b.id, b.brand or ""))
    ]
    if output == "csv":
        click.echo(_csv(rows), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*(rows[0] if rows else ["block"]))
    for row in rows:
        table.add_row(*row.values())
    Console().print(table)


@blocks.command("mark-current")
@click.argument("block_id", metavar="BLOCK")
@click.argument("languages", nargs=-1, required=True)
@TODAY
@click.pass_obj
def blocks_mark_current(
    project: Path, block_id: str, languages: tuple[str, ...], today: dt.datetime | None
) -> None:
    """Record that LANGUAGES (or 'all') of BLOCK follow its source text as it is now."""
    from leafprint.checks.check import default_today
    from leafprint.content.blocks import load_library, mark_current

    library = _or_exit(lambda: load_library(project / "leaflets"))
    day = today.date() if today else default_today()
    path = _or_exit(lambda: mark_current(library, block_id, list(languages), day))
    click.echo(f"{block_id}: {', '.join(languages)} marked current in {path}")


@cli.command("references")
@LISTING
@click.pass_obj
def references_command(project: Path, output: str) -> None:
    """Every reference of the project: where it is defined and cited, or cited nowhere; the
    same work entered twice is reported."""
    import json

    from leafprint.content.library import as_rows, duplicate_works, load_all, references

    leaflets, problems = load_all(project / "leaflets")
    entries = _or_exit(lambda: references(project / "leaflets", leaflets))
    rows = as_rows(entries)
    if output == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(_csv(rows), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("key", "in", "title", "defined", "cited in")
        for row in rows:
            cited = row["cited"] if row["cited"] != "nowhere" else "[yellow]nowhere[/]"
            table.add_row(row["key"], row["in"], row["title"], row["defined"], cited)
        Console().print(table)
    doubles = duplicate_works(entries)
    _print_problems([*problems, *doubles], "warning")
    if output == "table":
        nowhere = sum(1 for row in rows if row["cited"] == "nowhere")
        click.echo(
            f"{len(rows)} reference(s), {nowhere} cited nowhere, {len(doubles)} entered twice"
        )
    if problems:
        raise SystemExit(1)


@cli.command()
@click.option("--leaflet", "slugs", multiple=True, help="Only this leaflet (repeatable).")
@LISTING
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds to wait for each answer.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Addresses asked at once.",
)
@click.pass_obj
def links(project: Path, slugs: tuple[str, ...], output: str, timeout: float, jobs: int) -> None:
    """Ask every web address of the texts, references and contacts whether it still answers;
    broken, unreachable and permanently moved ones are reported where they are written."""
    from rich.console import Console

    from leafprint.build.progress import Bar, Progress, Quiet
    from leafprint.commands.options import not_a_project
    from leafprint.publish.links import as_json, check_all, collect, judge

    outside = not_a_project(project)
    if outside is not None:
        raise click.UsageError(str(outside))
    found = _or_exit(lambda: collect(project, slugs))
    urls = list(dict.fromkeys(use.url for use in found.uses))
    console = Console(stderr=True)
    bar: Progress = Bar(console, "Checking links", echo=False) if console.is_terminal else Quiet()
    bar.start(len(urls))
    try:
        answers = check_all(urls, timeout, jobs, lambda url: bar.done("checked", url, url))
    finally:
        bar.stop()
    checked = judge(found.uses, answers, found.levels)
    if output == "json":
        click.echo(as_json(checked), nl=False)
    elif output == "csv":
        rows = [{k: "" if v is None else str(v) for k, v in c.as_dict().items()} for c in checked]
        click.echo(_csv(rows), nl=False)
    else:
        _print_links(checked, len(urls))
    _print_problems(found.problems, "error")
    if found.problems or any(c.finding and c.finding.is_error for c in checked):
        raise SystemExit(1)


def _print_links(checked: list[Checked], asked: int) -> None:
    """The findings under the leaflet they belong to, then a summary."""
    leaflet = None
    for item in checked:
        if item.finding is None:
            continue
        if item.use.leaflet != leaflet:
            leaflet = item.use.leaflet
            click.echo(click.style(leaflet, bold=True))
        colour = "red" if item.finding.is_error else "yellow"
        click.echo("  " + click.style(str(item.finding), fg=colour))
    results = list({c.use.url: c.answer.result for c in checked}.values())
    click.echo(
        f"{asked} web address(es) asked: {results.count('broken')} broken, "
        f"{results.count('unreachable')} unreachable, {results.count('moved')} moved permanently"
    )


@cli.command()
@click.argument("slug")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("evidence"),
    show_default=True,
    help="Folder for the review pack.",
)
@click.option(
    "--dist",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Build output folder; the PDFs of earlier versions in its archive/SLUG/VERSION/ "
    "are listed (a relative one lies in the --project folder).",
)
@TODAY
@click.pass_obj
def evidence(project: Path, slug: str, out: Path, dist: Path, today: dt.datetime | None) -> None:
    """Write a review pack (Markdown and CSV) of SLUG for a quality-mark assessment."""
    from leafprint.checks.check import Checker
    from leafprint.publish.evidence import write_evidence

    from .write import writable_folder

    leaflet = _load(project, slug)
    checker = Checker(project, today.date() if today else None)
    brand = _or_exit(lambda: checker.brand(leaflet))
    dist = dist if dist.is_absolute() else project / dist
    day = checker.context.today
    out = writable_folder("--out", out)
    for path in _or_exit(lambda: write_evidence(leaflet, brand, out, day, dist)):
        click.echo(f"wrote {path}")


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the schema files (default: schema/ in the project).",
)
@click.pass_obj
def schema(project: Path, out: Path | None) -> None:
    """Write JSON Schema for leaflet.yaml and the language files (for editors)."""
    from leafprint.content.schema import SCHEMA_DIR, write_schemas

    from .write import writable_folder

    for path in write_schemas(writable_folder("--out", out or project / SCHEMA_DIR)):
        click.echo(f"wrote {path}")


T = TypeVar("T")


def _csv(rows: list[dict[str, str]]) -> str:
    """*rows* as CSV, a header line first."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else [])
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _or_exit(action: Callable[[], T]) -> T:
    """Run *action*; if it raises a user's or the machine's mistake, report it and exit."""
    from .errors import LeafprintError

    try:
        return action()
    except LeafprintError as error:
        _fail(error)


def _fail(error: LeafprintError) -> NoReturn:
    """Print *error*'s messages and what to do, and exit with its class's code."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False)
    for line in error.lines():
        console.print(f"[red]{escape(line)}[/]", soft_wrap=True)
    console.print(f"[dim]hint:[/] {escape(error.hint)}", soft_wrap=True)
    raise SystemExit(error.exit_code)


def _load(project: Path, slug: str) -> Leaflet:
    from leafprint.content.leaflets import discover, load_leaflet

    return _or_exit(lambda: load_leaflet(discover(project / "leaflets", [slug])[0]))


@cli.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free one).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    help="Format built for every leaflet (repeatable; default: a4). Others are built "
    "when a preview page asks for them.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Output folder.",
)
@click.pass_obj
def serve(project: Path, port: int, formats: tuple[str, ...], out: Path) -> None:
    """Build, serve the catalog and previews on http://127.0.0.1:PORT/ and rebuild on change."""
    from leafprint.commands.build import Project
    from leafprint.commands.serve import serve as run_server
    from leafprint.content.formats import FORMATS

    from .write import writable_folder

    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise click.BadParameter(
            f"unknown format '{unknown[0]}' (known: {', '.join(FORMATS)})", param_hint="--format"
        )
    run_server(Project(project), writable_folder("--out", out), port, formats)


@cli.command()
@click.argument("slug")
@click.option("--lang", "languages", multiple=True, help="Only this language (repeatable).")
@click.pass_obj
def readability(project: Path, slug: str, languages: tuple[str, ...]) -> None:
    """Show readability per section of leaflet SLUG against the brand's targets."""
    from rich.console import Console

    from leafprint.checks.readability_table import load_for_readability, readability_tables

    leaflet, brand = load_for_readability(project, slug, list(languages))
    tables, warnings = readability_tables(leaflet, brand, list(languages))
    console = Console(highlight=False)
    for table in tables:
        console.print(table)
    _print_problems(warnings, "warning")


def _report(result: BuildResult, console: Console, quiet: bool) -> None:
    from leafprint.build.progress import CACHED, SAME, WROTE

    if not quiet:
        for page in result.web_written:
            console.print(f"[green]{'web':>9}[/] {page}", soft_wrap=True)
    _print_problems(result.warnings, "warning")
    _print_problems(result.errors, "error")
    rendered = result.count(WROTE) + result.count(SAME)
    counts = [
        f"{rendered} rendered",
        f"{result.count(CACHED)} unchanged",
        f"{len(result.failed)} failed",
    ]
    if result.interrupted:
        from rich.console import Console

        Console(stderr=True).print(
            "[red]interrupted:[/] every PDF written is whole; the others were not made"
        )
    if result.web:
        counts.append(f"{len(result.web)} web page(s)")
    if result.posters:
        counts.append(f"{len(result.posters)} poster(s)")
    if result.taken_out:
        gone = ", ".join(f"{g.slug} ({g.state})" for g in result.taken_out)
        counts.append(f"not published: {gone}")
    summary = f"{', '.join(counts)} in {result.seconds:.1f} s; "
    summary += f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)"
    preflight = sum(problem.code.startswith("PF") for problem in result.warnings)
    summary += f" ({preflight} from the preflight)" if preflight else ""
    console.print(f"[bold {'red' if result.errors else 'green'}]{summary}[/]", soft_wrap=True)


def _print_problems(problems: list[Problem], kind: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False)
    for problem in problems:
        if kind == "error":
            console.print(f"[red]{escape(str(problem))}[/]", soft_wrap=True)
        else:
            console.print(f"[yellow]warning:[/] {escape(str(problem))}", soft_wrap=True)


_debug = False


def _set_debug(debug: bool) -> None:
    global _debug
    _debug = debug
    import logging

    # the tracebacks of faults in leafprint, logged by failures.unexpected
    logger = logging.getLogger("leafprint")
    logger.setLevel(logging.DEBUG if debug else logging.NOTSET)
    logger.handlers = [logging.StreamHandler()] if debug else []


def main() -> None:
    """Run the command; a fault in leafprint is one line and exit code 3 (see --debug)."""
    try:
        cli(prog_name="leafprint")
    except Exception as error:
        if _debug:
            raise
        click.echo(
            f"leafprint: internal error: {type(error).__name__}: {error} "
            "(run again with --debug to see where)",
            err=True,
        )
        raise SystemExit(3) from None
