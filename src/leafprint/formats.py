"""Output formats: page size, type size and PDF options for each kind of print-out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One output format; ``a4`` is the default and gets no suffix in file names."""

    name: str
    description: str
    page_size: str = "A4"
    pdf_variant: str | None = None
    pdf_tags: bool = True

    @property
    def suffix(self) -> str:
        return "" if self.name == DEFAULT_FORMAT else f".{self.name}"


DEFAULT_FORMAT = "a4"

FORMATS: dict[str, Format] = {
    "a4": Format("a4", "A4 pages for office printers"),
}


def format_css(fmt: Format, body_size_pt: float) -> str:
    """CSS that sets up the page for *fmt*, added after the brand's stylesheet."""
    return f"@page {{ size: {fmt.page_size}; }}\nhtml {{ --body-size: {body_size_pt:g}pt; }}\n"
