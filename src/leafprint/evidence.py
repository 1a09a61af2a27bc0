"""``leafprint evidence SLUG``: a review pack for a quality-mark assessment.

Writes ``<slug>-evidence.md`` (readable) and ``<slug>-evidence.csv`` (one row per
record: version, sign-off, review date, source, translation) to a folder.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from .brands import Brand
from .content import Leaflet
from .models import in_language
from .readability import score_labels
from .rules.lifecycle import effective_review, missing_signoffs
from .translations import translation_state


def evidence_records(leaflet: Leaflet, brand: Brand) -> list[tuple[str, str, str, str]]:
    """(kind, subject, date, detail) rows describing the leaflet's quality record."""
    meta = leaflet.meta
    rows = [
        (
            "version",
            meta.version,
            meta.published.isoformat(),
            f"code {meta.code}, owner {meta.owner_in(meta.source_language)}",
        ),
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
    return rows


def _issued(item: dict[str, object]) -> str:
    issued = item.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        return "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(parts[0]))
    return ""


def write_evidence(leaflet: Leaflet, brand: Brand, out: Path, today: dt.date) -> list[Path]:
    """Write the Markdown and CSV review pack of *leaflet* into *out*."""
    out.mkdir(parents=True, exist_ok=True)
    rows = evidence_records(leaflet, brand)
    csv_path = out / f"{leaflet.slug}-evidence.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["kind", "subject", "date", "detail"])
        writer.writerows(rows)
    md_path = out / f"{leaflet.slug}-evidence.md"
    md_path.write_text(_markdown(leaflet, rows, today), encoding="utf-8")
    return [md_path, csv_path]


def _markdown(leaflet: Leaflet, rows: list[tuple[str, str, str, str]], today: dt.date) -> str:
    meta = leaflet.meta
    lines = [
        f"# Review pack: {leaflet.source.text.title} ({meta.code})",
        "",
        f"Version {meta.version}, owner {meta.owner_in(meta.source_language)}. Next review due "
        f"{effective_review(leaflet).isoformat()}. Prepared {today.isoformat()}.",
    ]
    titles = {
        "version": "Versions", "review": "Review dates", "author": "Authors",
        "sign-off": "Sign-offs", "sign-off missing": "Sign-offs missing",
        "source": "Sources cited", "readability": "Readability (whole leaflet)",
        "language": "Languages", "translation": "Languages",
    }  # fmt: skip
    current = ""
    for kind, subject, date, detail in rows:
        if titles[kind] != current:
            current = titles[kind]
            lines += ["", f"## {current}", "", "| subject | date | detail |", "| --- | --- | --- |"]
        cells = [c.replace("|", "\\|") for c in (subject, date or "–", detail or "–")]
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"
