"""The exception tree and the problem records that the CLI turns into messages.

    LeafletError              a leaflet (or the run) cannot be built
     ├── ContentError         YAML, Markdown, schema or cross-reference problems in content
     ├── TemplateError        a Jinja2 template is missing or fails
     ├── AssetError           a brand, image, font or other file is missing or unusable
     └── RenderError          WeasyPrint or PDF post-processing failed

Every error carries one or more :class:`Problem` records, so a run can report all
of its problems at once, each as ``path:line:col: field.path: message``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) at a place in a source file."""

    path: str
    line: int
    column: int
    field: str
    message: str
    code: str = ""  # a stable rule code such as "LP101"; empty for plain content errors

    def __str__(self) -> str:
        code = f"{self.code} " if self.code else ""
        return f"{self.path}:{self.line}:{self.column}: {code}{self.field}: {self.message}"

    @classmethod
    def at(
        cls,
        path: Path | str,
        field: str,
        message: str,
        line: int = 1,
        column: int = 1,
        code: str = "",
    ) -> Problem:
        return cls(display_path(path), line, column, field, message, code)


def display_path(path: Path | str) -> str:
    """Show *path* relative to the working directory when it lies below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class LeafletError(Exception):
    """Base of every error leafprint reports to its user."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else sorted(problems)
        )
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ContentError(LeafletError):
    """Content files are malformed, invalid or inconsistent."""


class TemplateError(LeafletError):
    """A template is missing or failed to render."""


class AssetError(LeafletError):
    """A brand, image, font or other file is missing or unusable."""


class RenderError(LeafletError):
    """The PDF could not be rendered or post-processed."""
