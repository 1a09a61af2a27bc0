"""The ``leafprint readability`` tables: one per language, one row per section."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table

from leafprint.content.brands import Brand, load_brand
from leafprint.content.leaflets import Leaflet, discover, load_leaflet
from leafprint.errors import ContentError, Problem

from .readability import LanguageReport, language_reports, readability_problems

_VERDICT_STYLE = {
    "ok": "green",
    "accepted": "green",
    "beyond target": "bold red",
    "no target": "dim",
}


def load_for_readability(project: Path, slug: str, languages: list[str]) -> tuple[Leaflet, Brand]:
    """Load leaflet *slug* and its brand; an unknown language is an error."""
    folder = discover(project / "leaflets", [slug])[0]
    leaflet = load_leaflet(folder)
    unknown = [language for language in languages if language not in leaflet.versions]
    if unknown:
        raise ContentError(
            Problem.at(
                folder / "leaflet.yaml",
                "languages",
                f"leaflet '{slug}' has no language '{unknown[0]}' "
                f"(it has: {', '.join(leaflet.meta.languages)})",
            )
        )
    return leaflet, load_brand(project / "styles", leaflet.meta.brand)


def readability_tables(
    leaflet: Leaflet, brand: Brand, languages: list[str]
) -> tuple[list[Table], list[Problem]]:
    """A table per language (all, or only *languages*) and the warnings for them."""
    reports = language_reports(leaflet, brand)
    chosen = [reports[language] for language in languages or list(reports)]
    warnings = readability_problems(leaflet, brand, [report.language for report in chosen])
    return [language_table(leaflet.slug, report) for report in chosen], warnings


def language_table(slug: str, report: LanguageReport) -> Table:
    """Section, words, sentences, score, target and verdict, then the whole leaflet."""
    formula = report.formula
    title = f"{slug} · {report.language} · {formula.name if formula else 'no formula'}"
    table = Table(title=title, title_justify="left")
    table.add_column("Section", overflow="fold")
    for column in ("Words", "Sentences", "Score"):
        table.add_column(column, justify="right")
    table.add_column("Target", justify="right")
    table.add_column("Verdict")
    target = formula.target_text(report.target) if formula and report.target is not None else "–"
    for scored in report.parts:
        table.add_row(
            scored.part.name,
            str(len(scored.counts.words)),
            str(len(scored.counts.sentences)),
            _score(scored.score),
            target,
            _verdict(report.part_verdict(scored)),
            end_section=scored is report.parts[-1],
        )
    table.add_row(
        "Whole leaflet",
        str(len(report.total.words)),
        str(len(report.total.sentences)),
        _score(report.score),
        target,
        _verdict(report.verdict(report.score)),
        style="bold",
    )
    return table


def _score(score: float | None) -> str:
    return "–" if score is None else f"{score:.1f}"


def _verdict(verdict: str) -> str:
    style = _VERDICT_STYLE.get(verdict, "dim")
    return f"[{style}]{verdict}[/]"
