"""``leafprint check``: every finding of every leaflet at once, without rendering.

:func:`run_checks` loads each leaflet and its brand, applies every rule (and any
extra rules or problems other modules contribute), gives each finding its level
(a brand may change it) and returns them all. :class:`Checker` is what the build
uses: the same rules per loaded leaflet, plus the refusals that depend on the
output asked for (a draft as final output, an outdated translation for press).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from leafprint.cache import (
    BuildCache,
    contents_digest,
    folder_digest,
    forget_digests,
    output_key,
    toolchain_digest,
)
from leafprint.checks.rules.records import missing_records
from leafprint.checks.rules.translations import missing_brand_texts_refused
from leafprint.content.brands import Brand, load_brand, unknown_brand
from leafprint.content.codes import CodeUse, code_rows, codes_from_rows, index_codes
from leafprint.content.editions import editions_of
from leafprint.content.formats import FORMATS
from leafprint.content.leaflets import Leaflet, discover, load_leaflet
from leafprint.content.library import duplicate_works, references
from leafprint.content.lifecycle import is_draft, missing_signoffs
from leafprint.content.translations import translation_state
from leafprint.errors import ContentError, LeafletError, OptionError, Problem
from leafprint.findings import Finding, leveled
from leafprint.yamlsource import YamlDocument, load_yaml

from .rules import CheckContext, Rule, all_rules, located


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    leaflets: list[Leaflet] = field(default_factory=list)  # those that loaded

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    def add(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            if finding not in self.findings:
                self.findings.append(finding)


class Checker:
    """The rules of one project, with its leaflet codes indexed and brands loaded once."""

    def __init__(
        self,
        root: Path,
        today: dt.date | None = None,
        rules: Sequence[Rule] | None = None,
        cache: BuildCache | None = None,
    ) -> None:
        self.leaflets_dir = root / "leaflets"
        self.cache = cache  # findings of unchanged leaflets are taken from it
        self.styles = root / "styles"
        self.context = CheckContext(today or default_today(), _codes(self.leaflets_dir, cache))
        self._rules = list(rules) if rules is not None else None  # None: all_rules(), when asked
        codes = sorted((code, sorted(map(repr, uses))) for code, uses in self.context.codes.items())
        self._shared = output_key(  # what every leaflet's findings also depend on
            folder_digest(self.styles / "base"),
            toolchain_digest(),
            self.context.today.isoformat(),
            repr(codes),
            _names(self._rules),
            os.getcwd(),  # problems name files relative to it
        )
        self.brands: dict[str, Brand] = {}

    @property
    def rules(self) -> list[Rule]:
        """The rules; the built-in ones are imported when findings are made (leafprint's code
        is in every findings key, so a build with nothing changed imports none)."""
        if self._rules is None:
            self._rules = all_rules()
        return self._rules

    def brand(self, leaflet: Leaflet) -> Brand:
        brand_id = leaflet.meta.brand
        if brand_id not in self.brands:
            unknown = brand_problem(self.styles, leaflet.document)
            if unknown is not None:
                raise ContentError(unknown)
            self.brands[brand_id] = load_brand(self.styles, brand_id)
        return self.brands[brand_id]

    def leaflet(self, leaflet: Leaflet, brand: Brand) -> list[Finding]:
        """The findings of every rule for one loaded leaflet, at the brand's levels.

        With a cache, they are found again only when something they depend on changed:
        the leaflet, its brand, the base styles, leafprint, the rules, the day, or the
        codes of the other leaflets.
        """
        if self.cache is None:
            return self._leaflet(leaflet, brand)
        key = output_key(
            folder_digest(leaflet.folder),
            contents_digest(leaflet.inputs),
            folder_digest(brand.folder),
            self._shared,
        )
        findings = self.cache.findings(leaflet.slug, key)
        if findings is None:
            findings = self._leaflet(leaflet, brand)
            self.cache.record_findings(leaflet.slug, key, findings)
        return findings

    def _leaflet(self, leaflet: Leaflet, brand: Brand) -> list[Finding]:
        problems: list[Problem] = []
        for rule in self.rules:
            try:
                problems += rule(leaflet, brand, self.context)
            except LeafletError as error:  # an unreadable translations.lock, say
                problems += [p for p in error.problems if p not in problems]
        return leveled(problems, brand.meta.rules)

    def refusal(
        self,
        leaflet: Leaflet,
        brand: Brand,
        language: str,
        format_name: str,
        *,
        final: bool | None = None,
        allow_outdated: bool = False,
        kept: bool = False,
    ) -> Finding | None:
        """Why this output may not be made, or None: an error, or a warning when its last
        good file stays instead (an outdated translation outside a final build; *kept*:
        that file exists)."""
        problems = []
        wants_final = brand.meta.approvals.final if final is None else final
        if wants_final and is_draft(leaflet, brand):
            problems.append(
                located(
                    leaflet.document,
                    ("version",),
                    f"version {leaflet.meta.version} is a draft (no sign-off by "
                    f"{', '.join(missing_signoffs(leaflet, brand))}): final output refused",
                    "LP214",
                )
            )
        missing = missing_records(leaflet, brand)
        if wants_final and missing:
            problems.append(
                located(
                    leaflet.document,
                    ("version",),
                    f"no {', '.join(missing)} record (required by {brand.id}): final output "
                    "refused",
                    "LP215",
                )
            )
        if wants_final and language:
            mixed = missing_brand_texts_refused(leaflet, brand, language)
            problems += [mixed] if mixed else []
        print_shop = format_name in FORMATS and FORMATS[format_name].print_shop
        state = translation_state(leaflet, language) if print_shop and not allow_outdated else None
        if state and state.outdated:
            problems.append(_held_back(leaflet, language, format_name, wants_final, kept))
        findings = sorted(leveled(problems, brand.meta.rules), key=lambda f: not f.is_error)
        return findings[0] if findings else None


def _names(rules: list[Rule] | None) -> str:
    if rules is None:  # the built-in rules: their code is in toolchain_digest()
        return "(built-in)"
    return ",".join(f"{rule.__module__}.{rule.__qualname__}" for rule in rules)


def _codes(leaflets_dir: Path, cache: BuildCache | None) -> dict[str, list[CodeUse]]:
    """The project's codes, kept in *cache* while no leaflet.yaml and not leafprint changed."""
    if cache is None:
        return index_codes(leaflets_dir)
    files = sorted(leaflets_dir.glob("*/leaflet.yaml"))
    key = output_key(str(leaflets_dir), contents_digest(files), toolchain_digest())
    rows = cache.value("codes", key)
    try:
        if rows is not None:
            return codes_from_rows(rows)
    except (TypeError, ValueError):  # not what code_rows writes: index again
        pass
    codes = index_codes(leaflets_dir)
    cache.keep("codes", key, code_rows(codes))
    return codes


def _held_back(
    leaflet: Leaflet, language: str, format_name: str, final: bool, kept: bool
) -> Problem:
    """An outdated translation's print-shop file: refused in a final build, else not made
    again (its last good file stays)."""
    document = leaflet.versions[language].document
    if final:
        message = (
            f"outdated translation: no {format_name} output until it is brought up to date "
            "(or build with --allow-outdated)"
        )
        return located(document, ("translated_from",), message, "LP306")
    if kept:
        message = (
            f"outdated translation: its {format_name} file is not made again until the "
            "translation is brought up to date; the last good one is kept (or build with "
            "--allow-outdated)"
        )
    else:
        message = (
            f"outdated translation: no {format_name} file until the translation is brought up "
            "to date (or build with --allow-outdated)"
        )
    return located(document, ("translated_from",), message, "LP307")


def brand_problem(styles: Path, document: YamlDocument) -> Problem | None:
    """The problem of a ``leaflet.yaml`` whose brand is not in *styles*, or None."""
    data = document.data if isinstance(document.data, dict) else {}
    brand_id = data.get("brand")
    unknown = unknown_brand(styles, brand_id) if isinstance(brand_id, str) else None
    return document.problem(("brand",), unknown) if unknown else None


def unloaded(folder: Path, styles: Path, error: LeafletError) -> list[Problem]:
    """The problems of a leaflet that did not load, with its unknown brand if it has one."""
    try:
        document = load_yaml(folder / "leaflet.yaml")
    except LeafletError:
        return error.problems
    unknown = brand_problem(styles, document)
    return [*error.problems, *([unknown] if unknown else [])]


def default_today() -> dt.date:
    """Today, or the day in ``LEAFPRINT_TODAY`` (YYYY-MM-DD): reproducible checks and tests."""
    fixed = os.environ.get("LEAFPRINT_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise OptionError(
                "LEAFPRINT_TODAY",
                f"'{fixed}' is not a YYYY-MM-DD date",
                "set the environment variable to a day such as 2027-06-01, or unset it",
            ) from None
    return dt.date.today()


def run_checks(
    root: Path,
    slugs: Sequence[str] = (),
    *,
    today: dt.date | None = None,
    rules: Sequence[Rule] | None = None,
    extra_rules: Sequence[Rule] = (),
    extra: Iterable[Problem] = (),
) -> CheckReport:
    """Check every leaflet (or *slugs*) of the project at *root*; never raises for content.

    *extra_rules* run beside the built-in rules; *extra* problems (from a source that
    has already run) get the levels of the brand of the leaflet they are in. It writes
    nothing: the project and its output folder are left as they are.
    """
    forget_digests()
    checker = Checker(root, today, [*(rules if rules is not None else all_rules()), *extra_rules])
    report = CheckReport()
    try:
        folders = discover(checker.leaflets_dir, list(slugs))
    except LeafletError as error:
        report.add(leveled(error.problems))
        return report
    for folder in folders:
        report.add(_check_folder(checker, folder, report))
    if not slugs:  # the library is checked whole: the same work entered twice
        try:
            entries = references(checker.leaflets_dir, report.leaflets)
        except LeafletError:
            entries = []  # a broken library file: reported with every leaflet
        report.add(leveled(duplicate_works(entries)))
    report.add(_leveled_extra(checker, report.leaflets, extra))
    report.findings.sort(key=_place)
    return report


def _place(finding: Finding) -> tuple[str, int, int, str, str, str]:
    p = finding.problem
    return (p.path, p.line, p.column, p.code, p.field, p.message)


def _check_folder(checker: Checker, folder: Path, report: CheckReport) -> list[Finding]:
    try:
        leaflet = load_leaflet(folder)
    except LeafletError as error:
        return leveled(unloaded(folder, checker.styles, error))
    try:
        brand = checker.brand(leaflet)
    except LeafletError as error:
        return leveled(error.problems)
    report.leaflets.append(leaflet)
    coded = [p for p in leaflet.warnings if p.code]  # citation warnings: a brand may raise them
    findings = [Finding(p, "warning") for p in leaflet.warnings if not p.code]
    findings += leveled(coded, brand.meta.rules)
    try:
        editions_of(leaflet, brand)
    except LeafletError as error:
        findings += leveled(error.problems)
    findings += checker.leaflet(leaflet, brand)
    return findings


def _leveled_extra(
    checker: Checker, leaflets: list[Leaflet], extra: Iterable[Problem]
) -> list[Finding]:
    findings = []
    for problem in extra:
        owner = next(
            (
                leaflet
                for leaflet in leaflets
                if Path(problem.path).resolve().is_relative_to(leaflet.folder.resolve())
            ),
            None,
        )
        overrides = checker.brand(owner).meta.rules if owner else {}
        findings += leveled([problem], overrides)
    return findings
