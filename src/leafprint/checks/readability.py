"""Readability per leaflet language and per section, measured against the brand's targets.

:func:`readability_problems` gives the warnings for ``leafprint check``: PL101 for
a section beyond its target, PL102 for a listed medical term not explained where
the reader first meets it. :func:`language_reports` gives the scores for tables
(the ``readability`` command); :func:`score_labels` one score per language for a
status column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leafprint.errors import Problem
from leafprint.languages import profile
from leafprint.yamlsource import field_path

from .formulas import Counts, Formula, count_text, formula_for
from .textparts import Part, leaflet_parts

if TYPE_CHECKING:
    from leafprint.content.brands import Brand
    from leafprint.content.leaflets import LanguageVersion, Leaflet
    from leafprint.content.models import ReadabilitySettings


@dataclass(frozen=True)
class PartScore:
    """One part of a leaflet language (a section, the summary …) and its score."""

    part: Part
    counts: Counts
    score: float | None


@dataclass(frozen=True)
class LanguageReport:
    """Scores of one leaflet language: per part and for the whole text."""

    language: str
    formula: Formula | None
    target: float | None
    parts: tuple[PartScore, ...]
    total: Counts
    score: float | None
    min_words: int = 100  # shorter parts get a score but no verdict

    def verdict(self, score: float | None, words: int | None = None) -> str:
        """'ok', 'beyond target', 'no target', 'too short' or 'not scored'."""
        if score is None or self.formula is None:
            return "not scored"
        if self.target is None:
            return "no target"
        if words is not None and words < self.min_words:
            return "too short"
        return "ok" if self.formula.meets(score, self.target) else "beyond target"

    def part_verdict(self, scored: PartScore) -> str:
        """As :meth:`verdict`; 'accepted' for a part beyond target with a recorded reason."""
        verdict = self.verdict(scored.score, len(scored.counts.words))
        return "accepted" if verdict == "beyond target" and scored.part.accepted else verdict

    @property
    def label(self) -> str:
        """The whole-leaflet score for a status column: 'Flesch 71.5', 'LIX 37.1 (target ≤ 35)'."""
        if self.formula is None or self.score is None:
            return "–"
        text = f"{self.formula.short} {self.score:.1f}"
        if self.verdict(self.score) == "beyond target" and self.target is not None:
            text += f" (target {self.formula.target_text(self.target)})"
        return text

    @property
    def beyond(self) -> list[PartScore]:
        return [part for part in self.parts if self.part_verdict(part) == "beyond target"]


def target_for(language: str, settings: ReadabilitySettings) -> float | None:
    """The brand's target for a language tag (exact tag, then its base language), else
    its profile's default."""
    known = profile(language)
    tag = next((tag for tag in known.tags if tag in settings.targets), None)
    return settings.targets[tag] if tag else known.target


def language_report(version: LanguageVersion, settings: ReadabilitySettings) -> LanguageReport:
    """Score every part of one language version, and the whole text."""
    language = version.language
    formula = formula_for(language)
    scored: list[PartScore] = []
    blocks: list[str] = []
    for part in leaflet_parts(version.text):
        part_blocks = part.blocks()
        blocks += part_blocks
        counts = count_text(part_blocks, language)
        scored.append(PartScore(part, counts, formula.score(counts) if formula else None))
    total = count_text(blocks, language)
    return LanguageReport(
        language,
        formula,
        target_for(language, settings),
        tuple(scored),
        total,
        formula.score(total) if formula else None,
        settings.min_words,
    )


def language_reports(leaflet: Leaflet, brand: Brand) -> dict[str, LanguageReport]:
    """One report per language of *leaflet*, in the order of its ``languages``."""
    settings = brand.meta.readability
    return {
        language: language_report(leaflet.versions[language], settings)
        for language in leaflet.meta.languages
        if language in leaflet.versions
    }


def score_labels(leaflet: Leaflet, brand: Brand) -> dict[str, str]:
    """One whole-leaflet score per language, for a status column: 'Flesch 71.5'."""
    return {language: report.label for language, report in language_reports(leaflet, brand).items()}


def readability_problems(
    leaflet: Leaflet, brand: Brand, languages: Sequence[str] = ()
) -> list[Problem]:
    """Every readability warning of *leaflet* (or of its *languages*): PL101 for a
    section beyond target, PL102 for a medical term without its plain word nearby.

    Raises :class:`~leafprint.errors.ContentError` when a plain-words list is invalid.
    """
    from .plainwords import plain_word_problems

    problems: list[Problem] = []
    for language, report in language_reports(leaflet, brand).items():
        if languages and language not in languages:
            continue
        version = leaflet.versions[language]
        problems += [section_problem(version, report, part) for part in report.beyond]
        problems += plain_word_problems(version, brand)
    return problems


def section_problem(version: LanguageVersion, report: LanguageReport, scored: PartScore) -> Problem:
    """PL101: a part beyond the target, with its two longest sentences and longest words."""
    assert report.formula is not None and report.target is not None and scored.score is not None
    formula = report.formula
    sentences = "; ".join(
        f'"{_shorten(text)}" ({words} words)' for text, words in scored.counts.longest_sentences()
    )
    message = (
        f"'{scored.part.name}' scores {formula.short} {scored.score:.1f}, beyond the "
        f"{version.language} target {formula.target_text(report.target)}; longest sentences: "
        f"{sentences}; longest words: {', '.join(scored.counts.longest_words())}"
    )
    line, column = version.document.position(scored.part.anchor)
    return Problem.at(
        version.path, field_path(scored.part.loc), message, line, column, code="PL101"
    )


def _shorten(sentence: str, limit: int = 160) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
