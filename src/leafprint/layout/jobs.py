"""Jobs: one PDF to make, as plain, frozen data that a worker process can render.

A :class:`Target` names an output (leaflet, language, edition, format) and the cache
key of all its inputs; it is cheap to make, so a build plans every target first and
resolves only those whose output is out of date. A :class:`Job` is a target with its
resolved :class:`PageModel` and the brand's :class:`Theme`: everything
:func:`leafprint.layout.render.make_pdf` needs, and nothing it could share or change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from leafprint.content.editions import EditionView
from leafprint.content.formats import Format
from leafprint.content.models import Fonts
from leafprint.content.resolve import Page
from leafprint.errors import Problem


@dataclass(frozen=True)
class Target:
    """One output file of a build."""

    slug: str
    language: str
    edition: str | None  # None: the brand's general edition
    format: Format
    path: Path  # relative to the output folder
    title: str
    key: str = ""  # hash of every input; equal keys give equal bytes
    version: str = ""  # the leaflet's version
    code: str = ""  # the code it prints: "ONC-012-NL-OOSTMEER"

    @property
    def name(self) -> str:
        """How messages name this output: ``immunotherapy (nl, a5, edition north)``."""
        edition = f", edition {self.edition}" if self.edition else ""
        return f"{self.slug} ({self.language}, {self.format.name}{edition})"


def output_path(slug: str, language: str, edition: str | None, fmt: Format) -> Path:
    """``<slug>/<slug>.<lang>[.<edition>][.<format>].pdf`` below the output folder."""
    suffix = f".{edition}" if edition else ""
    return Path(slug) / f"{slug}.{language}{suffix}{fmt.suffix}.pdf"


@dataclass(frozen=True)
class Sheet:
    """What a format and an edition add to the page: the availability statement, the
    edition's online address and its QR code, the format label."""

    availability: Markup  # escaped text; numbers and addresses kept left-to-right
    online_url: str  # the web edition of this language and edition
    online_qr: Markup | None
    format_label: str | None
    short: bool = False  # a DL leaflet's short version: its QR code leads to the full text
    # (language, direction, "also in English" written in it) for each other language
    in_other_languages: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class PageModel:
    """Everything the template shows for one output: the page of one language (shared by
    its editions and formats), the edition's contact and what the format adds."""

    page: Page
    edition: EditionView
    sheet: Sheet


@dataclass(frozen=True)
class Theme:
    """A brand's look as the renderer needs it, made once per brand."""

    id: str
    template_dirs: tuple[Path, ...]  # the brand's templates first, then the base templates
    stylesheets: tuple[Path, ...]
    fonts: Fonts
    digits: str  # "latin" or "native": the digits of right-to-left leaflets
    roots: tuple[Path, ...]  # the only folders a render may read


@dataclass(frozen=True)
class Job:
    """A target with everything needed to render it."""

    target: Target
    model: PageModel
    theme: Theme
    page_css: str
    source: Path  # the language file, which problems are reported against
    folder: Path  # the leaflet folder: relative image paths start here
    pdf_options: tuple[tuple[str, object], ...]
    time_limit: float = 0  # seconds; 0: none
    too_long: Problem | None = None  # where a folded leaflet with too much text is reported
    paper_mm: float = 0.0  # the paper's thickness: a booklet's creep allowance


@dataclass(frozen=True)
class JobResult:
    """What a render gives back: the finished PDF bytes, or the problems that stopped it."""

    target: Target
    data: bytes | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    debug: str = ""  # the traceback of an unexpected error, shown with --debug
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage of the render

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.errors
