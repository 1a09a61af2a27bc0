"""The ``leafprint`` command. Heavy modules are imported inside commands, so --help is instant."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__

if TYPE_CHECKING:
    from .build import BuildResult
    from .errors import Problem


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="leafprint")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder holding leaflets/ and styles/.",
)
@click.pass_context
def cli(context: click.Context, project: Path) -> None:
    """Build branded, print-ready PDF patient leaflets from YAML and Markdown."""
    context.obj = project


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
    help="Only this clinic edition (repeatable); 'general' is the brand's own.",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/a-2b", "pdf/a-3b"]),
    default=None,
    help="Also make every PDF an archival PDF/A.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Output folder.",
)
@click.pass_obj
def build(
    project: Path,
    slugs: tuple[str, ...],
    languages: tuple[str, ...],
    formats: tuple[str, ...],
    editions: tuple[str, ...],
    pdf_variant: str | None,
    out: Path,
) -> None:
    """Build every leaflet (or only SLUGS) into OUT/<slug>/<slug>.<lang>.pdf."""
    from .build import BuildOptions, Project
    from .build import build as run_build

    result = run_build(
        Project(project),
        BuildOptions(
            slugs=list(slugs),
            languages=list(languages),
            formats=list(formats),
            editions=list(editions),
            pdf_variant=pdf_variant,
            out=out,
        ),
    )
    _report(result)
    if not result.ok:
        raise SystemExit(1)


@cli.command()
@click.argument("slug")
@click.option("--brand", required=True, help="Brand folder name under styles/.")
@click.option("--lang", "language", required=True, help="Source language, e.g. nl or en.")
@click.option("--code", default=None, help="Leaflet code, e.g. ONC-031 (default: made from SLUG).")
@click.pass_obj
def new(project: Path, slug: str, brand: str, language: str, code: str | None) -> None:
    """Create leaflets/SLUG with a leaflet.yaml and a LANG.yaml that build at once."""
    from .errors import LeafletError
    from .scaffold import scaffold

    try:
        folder = scaffold(project, slug, brand, language, code)
    except LeafletError as error:
        _print_problems(error.problems, "error")
        raise SystemExit(1) from None
    click.echo(f"Created {folder}/leaflet.yaml and {folder}/{language}.yaml")
    click.echo(f"Build it with: leafprint build {slug}")


@cli.command()
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
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
    from .build import Project
    from .formats import FORMATS
    from .serve import serve as run_server

    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise click.BadParameter(
            f"unknown format '{unknown[0]}' (known: {', '.join(FORMATS)})", param_hint="--format"
        )
    try:
        run_server(Project(project), out, port, formats)
    except OSError as error:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {error.strerror}") from None


def _report(result: BuildResult) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    for output in result.outputs:
        state = "wrote" if output.changed else "unchanged"
        console.print(f"[green]{state:>9}[/green] {output.path}", soft_wrap=True)
    for page in result.web:
        console.print(f"[green]{'web':>9}[/green] {page}", soft_wrap=True)
    _print_problems(result.warnings, "warning")
    _print_problems(result.errors, "error")
    summary = f"{len(result.outputs)} PDF(s), {len(result.web)} web page(s), "
    summary += f"{len(result.errors)} error(s), "
    summary += f"{len(result.warnings)} warning(s)"
    console.print(f"[bold {'red' if result.errors else 'green'}]{summary}[/]")


def _print_problems(problems: list[Problem], kind: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False)
    for problem in problems:
        if kind == "error":
            console.print(f"[red]{escape(str(problem))}[/]", soft_wrap=True)
        else:
            console.print(f"[yellow]warning:[/] {escape(str(problem))}", soft_wrap=True)


def main() -> None:
    cli(prog_name="leafprint")
