"""Findings: a located problem with a level (error, warning or off) from its rule code.

Every rule code has a default level; a brand may change it in ``brand.yaml``
(``rules: {LP203: error, PL101: off}``), also for codes other modules define.
Codes of other sources default by prefix: ``PL`` (readability) and ``PF`` (PDF
preflight) are warnings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from .errors import Problem

Level = Literal["error", "warning", "off"]

# code → (default level, what it checks)
RULES: dict[str, tuple[Level, str]] = {
    "LP101": ("error", "leaflet code used by more than one leaflet"),
    "LP102": ("error", "image in the text without alternative text"),
    "LP103": ("error", "heading level too high in a text (a second title)"),
    "LP104": ("error", "heading level skipped"),
    "LP105": ("warning", "link text that says nothing out of context"),
    "LP106": ("error", "section without text"),
    "LP107": ("warning", "placeholder text left in"),
    "LP108": ("error", "malformed web address"),
    "LP109": ("error", "malformed e-mail address"),
    "LP110": ("error", "malformed phone number"),
    "LP111": ("error", "text given per language without every language of the leaflet"),
    "LP116": ("warning", "advertising in the text: trademark sign, price, selling words, shop"),
    "LP120": ("error", "leaflet too long for the six panels of a DL tri-fold"),
    "LP140": ("warning", "the same work entered as two references"),
    "LP320": ("warning", "a shared block's translation is outdated"),
    "LP112": ("warning", "summary longer than three sentences"),
    "LP113": ("error", "example text from leafprint new left in"),
    "LP114": ("error", "printed code (leaflet, language, edition) used twice in the project"),
    "LP115": ("warning", "leaflet does not say who it is for"),
    "LP117": ("error", "decision leaflet without benefits, risks, options or doing nothing"),
    "LP201": ("error", "review interval longer than the brand allows"),
    "LP202": ("error", "review overdue"),
    "LP203": ("warning", "review due soon"),
    "LP204": ("error", "extension longer than one year or before the review date"),
    "LP205": ("warning", "current version without an entry in the change log"),
    "LP206": ("error", "change-log version listed twice or newer than the leaflet's version"),
    "LP207": ("error", "change-log dates that do not rise with the versions"),
    "LP208": ("error", "publication, review or version dated in the future"),
    "LP210": ("warning", "version without the sign-offs the brand requires (draft)"),
    "LP211": ("error", "sign-off dated in the future"),
    "LP212": ("error", "sign-off dated before its version"),
    "LP214": ("error", "final output of a draft refused"),
    "LP215": ("error", "final output refused: a quality record the brand requires is missing"),
    "LP220": ("error", "a withdrawn leaflet's replacement is not a leaflet of the project"),
    "LP221": ("warning", "leaflet taken out of publication (withdrawn, overdue or unapproved)"),
    "LP222": ("error", "version lower than one already published"),
    "LP223": ("error", "an archived version's file would change"),
    "LP224": ("error", "an earlier slug in renamed_from is still a leaflet"),
    "LP301": ("warning", "source section changed since the translation was marked current"),
    "LP302": ("warning", "translation made from an older version"),
    "LP303": ("warning", "section, key point or question missing in a translation"),
    "LP305": ("warning", "language file not listed in leaflet.yaml"),
    "LP306": ("error", "outdated translation refused for press and booklet output (final)"),
    "LP307": ("warning", "outdated translation: press and booklet files not made again"),
    "LP310": ("warning", "brand texts missing in a language (fallback used)"),
    "LP311": ("error", "final output refused: brand texts missing in the language"),
    "LP401": ("warning", "leaflet does not name its contact point"),
    "LP402": ("error", "contact without an urgent route"),
    "LP403": ("error", "contact without a feedback route"),
    "LP404": ("error", "brand template drops the other formats and languages statement"),
    "LP405": ("error", "urgent callout without a number to call in an edition"),
    "LP406": ("error", "urgent route without its hours"),
    "LP407": ("warning", "contact details not verified within the brand's interval"),
    "LP501": ("error", "text colour contrast below 4.5:1"),
    "LP502": ("error", "text colour contrast below 4.5:1 in greyscale"),
    "LP503": ("error", "body text smaller than 12 pt"),
    "LP504": ("error", "QR code smaller than 20 mm"),
    "LP601": ("warning", "no user-testing record (required by the brand)"),
    "LP602": ("warning", "translation without a quality check (required by the brand)"),
    "LP603": (
        "warning",
        "no sponsorship and competing-interests statement (required by the brand)",
    ),
    "LP604": ("warning", "brand without a disclaimer (required by the brand)"),
    "LP630": ("warning", "the brand's quality mark certification ends soon"),
    "LP631": ("warning", "the brand's quality mark certification has ended (mark left out)"),
    "LP605": ("error", "quality record dated after today, or of an unknown version or language"),
    "LP610": ("warning", "no sources listed and none said to be available on request"),
    "LP611": ("error", "web source without an access date"),
    "LP612": ("warning", "source older than the brand allows (review.source_years)"),
    "LP613": ("warning", "web source last looked at before the current version was written"),
    "LP614": ("error", "reference entry incomplete or malformed"),
    "LP615": ("error", "reference id used twice"),
    "LP616": ("error", "citation of an unknown reference"),
    "LP617": ("warning", "reference never cited"),
    "LP618": ("warning", "reference cited in some languages only"),
    "LP620": ("error", "web address answers with an error (leafprint links)"),
    "LP621": ("error", "web address cannot be reached (leafprint links)"),
    "LP622": ("warning", "web address moved permanently (leafprint links)"),
}
PREFIX_LEVELS: dict[str, Level] = {"PL": "warning", "PF": "warning"}


def default_level(code: str) -> Level:
    """The level of *code* when no brand changes it; problems without a code are errors."""
    if code in RULES:
        return RULES[code][0]
    return PREFIX_LEVELS.get(code[:2], "error")


@dataclass(frozen=True, order=True)
class Finding:
    """A problem and how seriously it is taken."""

    problem: Problem
    level: Level

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def __str__(self) -> str:
        p = self.problem
        code = f"{p.code} " if p.code else ""
        return f"{p.path}:{p.line}:{p.column}: {self.level} {code}{p.field}: {p.message}"

    def as_dict(self) -> dict[str, object]:
        p = self.problem
        return {
            "path": p.path,
            "line": p.line,
            "column": p.column,
            "level": self.level,
            "code": p.code,
            "field": p.field,
            "message": p.message,
        }


def leveled(
    problems: Iterable[Problem], overrides: Mapping[str, Level] | None = None
) -> list[Finding]:
    """Findings for *problems* at their levels; rules turned off are dropped."""
    overrides = overrides or {}
    findings = []
    for problem in problems:
        level = overrides.get(problem.code) or default_level(problem.code)
        if level != "off":
            findings.append(Finding(problem, level))
    return findings


def as_json(findings: Iterable[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
