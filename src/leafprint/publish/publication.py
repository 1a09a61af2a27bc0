"""Publication: the output folder holds exactly the leaflets that may be handed out today.

Each leaflet's lifecycle decides what stays published. A withdrawn leaflet, an overdue
one (no valid extension) and, for final output, a draft are *taken out*: their PDFs move
to the archive and the web pages at their QR addresses become short notices (see
:mod:`leafprint.publish.notices`). When a new version is published, the PDFs of the version it
replaces are archived before they are overwritten. The archive,
``<out>/archive/<slug>/<version>/``, keeps what was handed out; a file in it is never
overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from leafprint.checks.rules import located
from leafprint.content.brands import Brand
from leafprint.content.leaflets import Leaflet
from leafprint.content.lifecycle import effective_review, is_draft, version_key
from leafprint.errors import Problem
from leafprint.findings import Finding
from leafprint.write import place_file

from .catalog import PdfRecord

ARCHIVE = "archive"
WITHDRAWN, OVERDUE, UNAPPROVED = "withdrawn", "overdue", "unapproved"


@dataclass(frozen=True)
class TakenOut:
    """A leaflet that may not be handed out: why, since when, and what replaces it."""

    leaflet: Leaflet
    brand: Brand
    state: str  # withdrawn, overdue or unapproved (a draft in a final build)
    since: dt.date
    replaced_by: str | None = None  # the slug of the leaflet to use instead

    @property
    def slug(self) -> str:
        return self.leaflet.slug


def taken_out(
    leaflet: Leaflet, brand: Brand, findings: Sequence[Finding], final: bool
) -> TakenOut | None:
    """Why *leaflet* may not be published (given its check *findings*), or None."""
    meta = leaflet.meta
    if meta.withdrawn is not None:
        withdrawn = meta.withdrawn
        return TakenOut(leaflet, brand, WITHDRAWN, withdrawn.date, withdrawn.replaced_by)
    if any(f.is_error and f.problem.code == "LP202" for f in findings):
        return TakenOut(leaflet, brand, OVERDUE, effective_review(leaflet))
    if final and is_draft(leaflet, brand):
        return TakenOut(leaflet, brand, UNAPPROVED, meta.published)
    return None


def archived_versions(out: Path, slug: str) -> list[str]:
    """The versions of *slug* in the archive, oldest first."""
    folder = out / ARCHIVE / slug
    if not folder.is_dir():
        return []
    names = [p.name for p in folder.iterdir() if p.is_dir() and _is_version(p.name)]
    return sorted(names, key=version_key)


def version_going_down(
    leaflet: Leaflet, out: Path, published: Sequence[PdfRecord]
) -> Problem | None:
    """An error when *leaflet*'s version is lower than one already published."""
    mine = [r.version for r in published if r.slug == leaflet.slug and _is_version(r.version)]
    earlier = [*mine, *archived_versions(out, leaflet.slug)]
    if not earlier:
        return None
    highest = max(earlier, key=version_key)
    if version_key(leaflet.meta.version) >= version_key(highest):
        return None
    return located(
        leaflet.document,
        ("version",),
        f"version {leaflet.meta.version} is lower than version {highest}, which was already "
        "published; a new version needs a higher number",
        "LP222",
    )


def archive(out: Path, path: Path, slug: str, version: str) -> Problem | None:
    """Keep the published file *path* of *version* in the archive; an error when the
    archive already holds that version's file with other content."""
    target = out / ARCHIVE / slug / version / path.name
    if target.is_file():
        if _same(target, path):
            return None
        return Problem.at(
            path,
            "version",
            f"version {version} of {path.name} is already archived with other content; "
            "a changed text needs a new version number",
            code="LP223",
        )
    place_file(path, target)
    return None


def take_down(
    out: Path, slug: str, published: Iterable[PdfRecord], version: str
) -> tuple[list[Path], list[Problem]]:
    """Move the published PDFs of *slug* into the archive (under their recorded version,
    else *version*); the files moved, and problems (a file kept in place because the
    archive holds other content under its version)."""
    moved: list[Path] = []
    problems: list[Problem] = []
    for record in published:
        path = out / record.file
        if record.slug != slug or not path.is_file():
            continue
        kept = record.version if _is_version(record.version) else version
        problem = archive(out, path, slug, kept)
        if problem is not None:
            problems.append(problem)
            continue
        path.unlink()
        moved.append(path)
    (out / "thumbnails" / f"{slug}.png").unlink(missing_ok=True)
    folder = out / slug
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return moved, problems


def taken_out_problem(gone: TakenOut, moved: Sequence[Path], out: Path) -> Problem:
    """What the build says about a leaflet it took out of publication."""
    where = out / ARCHIVE / gone.slug
    reason = {
        WITHDRAWN: f"withdrawn on {gone.since}",
        OVERDUE: f"review overdue since {gone.since}",
        UNAPPROVED: "a draft, and this build is final",
    }[gone.state]
    return located(
        gone.leaflet.document,
        ("withdrawn",) if gone.state == WITHDRAWN else ("version",),
        f"{reason}: taken out of publication ({len(moved)} PDF(s) moved to {where}); "
        "its web pages now show a notice",
        "LP221",
    )


def _same(one: Path, other: Path) -> bool:
    try:
        if os.path.samefile(one, other):
            return True
    except OSError:
        return False
    return one.stat().st_size == other.stat().st_size and one.read_bytes() == other.read_bytes()


def _is_version(text: str) -> bool:
    return bool(text) and all(part.isdigit() for part in text.split("."))
