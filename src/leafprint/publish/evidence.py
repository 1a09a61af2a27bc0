"""``leafprint evidence SLUG``: a review pack for a quality-mark assessment.

Writes ``<slug>-evidence.md`` (readable) and ``<slug>-evidence.csv`` (one row per
record: version, change, sign-off, review date, user testing, translation check,
sponsorship, disclaimer, source, translation, archived PDF) to a folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from leafprint.checks.readability import score_labels
from leafprint.checks.rules.records import unchecked_languages
from leafprint.content.brands import Brand
from leafprint.content.leaflets import Leaflet
from leafprint.content.lifecycle import (
    effective_review,
    missing_signoffs,
    version_date,
    version_key,
)
from leafprint.content.models import in_language
from leafprint.content.translations import translation_state

Row = tuple[str, str, str, str]
VERSION_FOLDER = re.compile(r"^\d+(\.\d+)*$")


def evidence_records(leaflet: Leaflet, brand: Brand, dist: Path | None = None) -> list[Row]:
    """(kind, subject, date, detail) rows describing the leaflet's quality record; the
    archived PDFs of earlier versions are looked for in the build output folder *dist*."""
    meta = leaflet.meta
    rows = [
        (
            "version",
            meta.version,
            version_date(meta).isoformat(),
            f"code {meta.code}, owner {meta.owner_in(meta.source_language)}",
        ),
        *_history(leaflet),
        ("review", "last reviewed", meta.reviewed.isoformat(), ""),
        ("review", "next review", meta.next_review.isoformat(), ""),
    ]
    if meta.extension:
        ext = meta.extension
        rows.append(("review", "extension", ext.until.isoformat(), f"by {ext.by}: {ext.reason}"))
    if meta.withdrawn:
        withdrawn = meta.withdrawn
        reason = in_language(withdrawn.reason, meta.source_language)
        rows.append(("review", "withdrawn", withdrawn.date.isoformat(), reason))
    rows += [
        ("author", p.name, "", in_language(p.role or "", meta.source_language))
        for p in meta.authors
    ]
    rows += [
        ("sign-off", f"{a.role}: {a.name}", a.date.isoformat(), f"version {a.version}")
        for a in meta.approvals
    ]
    rows += [
        ("sign-off missing", role, "", f"version {meta.version}")
        for role in missing_signoffs(leaflet, brand)
    ]
    rows += _records(leaflet, brand)
    if meta.references == "on_request":
        rows.append(("source", "on request", "", "sources are available on request"))
    for item in leaflet.references.items.values():
        rows.append(("source", str(item.get("id", "")), _issued(item), str(item.get("title", ""))))
    scores = score_labels(leaflet, brand)
    rows += [("readability", language, "", score) for language, score in scores.items()]
    for language in leaflet.versions:
        state = translation_state(leaflet, language)
        if state is None:
            rows.append(("language", language, "", "source"))
        else:
            what = "outdated" if state.outdated else "current"
            changed = f"; changed: {', '.join(state.changed)}" if state.changed else ""
            marked = state.marked.date if state.marked else ""
            rows.append(
                (
                    "translation",
                    language,
                    marked,
                    f"made from version {state.version}, {what}{changed}",
                )
            )
    return rows + (_archived(dist / "archive", leaflet.slug) if dist else [])


def _history(leaflet: Leaflet) -> list[Row]:
    """The change log, oldest version first."""
    meta = leaflet.meta
    changes = sorted(meta.changes, key=lambda change: version_key(change.version))
    return [
        (
            "change",
            change.version,
            change.date.isoformat(),
            f"{in_language(change.summary, meta.source_language)} "
            f"(approved by {change.approved_by})",
        )
        for change in changes
    ]


def _records(leaflet: Leaflet, brand: Brand) -> list[Row]:
    """User testing, translation checks, sponsorship and the brand's disclaimer."""
    meta, language = leaflet.meta, leaflet.meta.source_language
    rows: list[Row] = [
        (
            "user testing",
            f"version {t.version}",
            t.date.isoformat(),
            f"{t.participants} people ({t.who}); {t.method}; changed: {t.changed}",
        )
        for t in meta.user_testing
    ]
    rows += [
        ("translation check", f"{c.language}, version {c.version}", c.date.isoformat(),
         f"{c.method} by {c.by}")
        for c in meta.translation_checks
    ]  # fmt: skip
    rows += [
        ("translation check missing", lang, "", f"version {version}")
        for lang, version in unchecked_languages(leaflet)
    ]
    if meta.sponsorship:
        funding = in_language(meta.sponsorship.funding, language)
        interests = in_language(meta.sponsorship.competing_interests, language)
        rows.append(("sponsorship", "funding", "", funding))
        rows.append(("sponsorship", "competing interests", "", interests))
    else:
        rows.append(("sponsorship", "not recorded", "", ""))
    disclaimer = brand.meta.disclaimer
    if disclaimer:
        rows.append(("disclaimer", brand.id, "", in_language(disclaimer, language)))
    return rows


def _archived(archive: Path, slug: str) -> list[Row]:
    """The PDFs kept of earlier versions: ``archive/<slug>/<version>/*.pdf``."""
    folder = archive / slug
    if not folder.is_dir():
        return []
    versions = [f for f in folder.iterdir() if f.is_dir() and VERSION_FOLDER.match(f.name)]
    return [
        ("archived", version.name, "", f"archive/{slug}/{version.name}/{pdf.name}")
        for version in sorted(versions, key=lambda f: version_key(f.name))
        for pdf in sorted(version.glob("*.pdf"))
    ]


def _issued(item: dict[str, object]) -> str:
    issued = item.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        return "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(parts[0]))
    return ""


def write_evidence(
    leaflet: Leaflet, brand: Brand, out: Path, today: dt.date, dist: Path | None = None
) -> list[Path]:
    """Write the Markdown and CSV review pack of *leaflet* into *out*; *dist* is the build
    output folder whose archive the pack lists."""
    out.mkdir(parents=True, exist_ok=True)
    rows = evidence_records(leaflet, brand, dist)
    csv_path = out / f"{leaflet.slug}-evidence.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["kind", "subject", "date", "detail"])
        writer.writerows(rows)
    md_path = out / f"{leaflet.slug}-evidence.md"
    md_path.write_text(_markdown(leaflet, rows, today), encoding="utf-8")
    return [md_path, csv_path]


def _markdown(leaflet: Leaflet, rows: list[Row], today: dt.date) -> str:
    meta = leaflet.meta
    lines = [
        f"# Review pack: {leaflet.source.text.title} ({meta.code})",
        "",
        f"Version {meta.version}, owner {meta.owner_in(meta.source_language)}. Next review due "
        f"{effective_review(leaflet).isoformat()}. Prepared {today.isoformat()}.",
    ]
    titles = {
        "version": "Versions", "change": "Version history", "review": "Review dates",
        "author": "Authors", "sign-off": "Sign-offs", "sign-off missing": "Sign-offs missing",
        "user testing": "User testing", "translation check": "Translation checks",
        "translation check missing": "Translation checks missing",
        "sponsorship": "Sponsorship and competing interests", "disclaimer": "Disclaimer",
        "source": "Sources cited", "readability": "Readability (whole leaflet)",
        "language": "Languages", "translation": "Languages",
        "archived": "Archived PDFs of earlier versions",
    }  # fmt: skip
    headers = {"change": "| version | date | change |", "archived": "| version | date | file |"}
    current = ""
    for kind, subject, date, detail in rows:
        if titles[kind] != current:
            current = titles[kind]
            header = headers.get(kind, "| subject | date | detail |")
            lines += ["", f"## {current}", "", header, "| --- | --- | --- |"]
        cells = [c.replace("|", "\\|") for c in (subject, date or "–", detail or "–")]
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"
