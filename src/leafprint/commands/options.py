"""Command-line arguments checked as arguments, before any leaflet is built.

A mistyped ``--format``, ``--lang``, ``--edition`` or slug is a problem with the
option (a usage error), with a suggestion and the values that would work, not a
problem blamed on some leaflet's file.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from leafprint.content.editions import GENERAL_EDITION
from leafprint.content.formats import FORMATS, POSTER_SIZES
from leafprint.errors import LeafletError
from leafprint.yamlsource import load_yaml


@dataclass(frozen=True)
class OptionProblem:
    """A command-line value that cannot be used."""

    option: str  # "--format", "SLUG" …
    message: str

    def __str__(self) -> str:
        return f"{self.option}: {self.message}"


def format_names(names: Iterable[str]) -> list[str]:
    """Format names as given, in lower case: ``A4`` and ``Large-Print`` work too."""
    return [name.strip().lower() for name in names]


def not_a_project(project: Path) -> OptionProblem | None:
    """The problem of a *project* folder without ``leaflets/`` or ``styles/``, or None."""
    missing = [name for name in ("leaflets", "styles") if not (project / name).is_dir()]
    if not missing:
        return None
    where = "here" if project == Path() else f"in the folder '{project}'"
    return OptionProblem(
        "--project",
        f"no {missing[0]}/ {where}: run leafprint in the folder that holds leaflets/ and "
        "styles/, or name that folder with --project",
    )


def check_options(
    project: Path,
    slugs: Iterable[str],
    languages: Iterable[str],
    formats: Iterable[str],
    editions: Iterable[str],
) -> list[OptionProblem]:
    """Everything wrong with the arguments of ``leafprint build`` for *project*."""
    leaflets = project / "leaflets"
    outside = not_a_project(project)
    if outside is not None:
        return [outside]
    found = {path.parent.name: path for path in sorted(leaflets.glob("*/leaflet.yaml"))}
    slugs = list(slugs)
    problems = _unknown("SLUG", "leaflet", slugs, list(found))
    chosen = [found[slug] for slug in slugs if slug in found] or list(found.values())
    valid = [*FORMATS, *POSTER_SIZES]
    problems += _unknown("--format", "format", format_names(formats), valid)
    languages, editions = list(languages), list(editions)
    if languages:  # the leaflets' files are read only to check what was asked for
        problems += _unknown("--lang", "language", languages, _listed(chosen, "languages"))
    if set(editions) - {GENERAL_EDITION}:
        listed = [GENERAL_EDITION, *_listed(chosen, "editions")]
        problems += _unknown("--edition", "edition", editions, listed)
    return problems


def leaflets_in(project: Path, slugs: Iterable[str], languages: Iterable[str]) -> list[str]:
    """The slugs to build: as given, or, for ``--lang`` alone, the leaflets in those languages.

    ``leafprint build --lang ar`` builds every leaflet that has an Arabic version,
    rather than blaming every leaflet that has none.
    """
    slugs, wanted = list(slugs), set(languages)
    if slugs or not wanted:
        return slugs
    files = sorted((project / "leaflets").glob("*/leaflet.yaml"))
    return [path.parent.name for path in files if wanted & set(_listed([path], "languages"))]


def _unknown(option: str, kind: str, given: Iterable[str], valid: list[str]) -> list[OptionProblem]:
    problems = []
    for value in dict.fromkeys(given):
        if value in valid:
            continue
        close = difflib.get_close_matches(value, valid, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        choices = ", ".join(valid) or "none"
        problems.append(OptionProblem(option, f"no {kind} '{value}'{hint} (valid: {choices})"))
    return problems


def _listed(files: list[Path], field: str) -> list[str]:
    """The values of list *field* across leaflet.yaml *files*; broken files add nothing.

    Their problems are reported by the build itself, with their place.
    """
    values: dict[str, None] = {}
    for path in files:
        try:
            data = load_yaml(path).data
        except LeafletError:
            continue
        listed = data.get(field) if isinstance(data, dict) else None
        if isinstance(listed, list):
            values.update((str(value), None) for value in listed)
    return sorted(values)
