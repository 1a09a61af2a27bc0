"""The exception tree and the problem records that the CLI turns into messages.

    LeafprintError            a mistake of the user or the machine: exit code and hint
     ├── LeafletError         a leaflet (or the run) cannot be built (exit 1)
     │    ├── ContentError    YAML, Markdown, schema or cross-reference problems in content
     │    ├── TemplateError   a Jinja2 template is missing or fails
     │    ├── AssetError      a brand, image, font or other file is missing or unusable
     │    └── RenderError     WeasyPrint or PDF post-processing failed
     └── OptionError          an option names what cannot be used here (exit 2)

Each class carries the exit code and the hint the CLI prints after its messages. Any
other exception is a fault in leafprint (exit 3). A :class:`LeafletError` carries one or
more :class:`Problem` records, so a run can report all of its problems at once, each as
``path:line:col: field.path: message``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_FAULT = 0, 1, 2, 3


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


class LeafprintError(Exception):
    """Base of every error leafprint reports to its user: not a fault in leafprint."""

    exit_code: ClassVar[int] = EXIT_CONTENT
    hint: str = "fix what the lines above name, then run the command again"

    def lines(self) -> list[str]:
        """The messages, one a line."""
        return str(self).splitlines()


class LeafletError(LeafprintError):
    """A leaflet (or the run) cannot be built; every problem is located in a file."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else sorted(problems)
        )
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ContentError(LeafletError):
    """Content files are malformed, invalid or inconsistent."""

    hint = "fix each file at the line and column named, then run the command again"


class TemplateError(LeafletError):
    """A template is missing or failed to render."""

    hint = "fix the brand's template at the line named, then run the command again"


class AssetError(LeafletError):
    """A brand, image, font or other file is missing or unusable."""

    hint = "check that the file named exists and that you may read (or write) it"


class RenderError(LeafletError):
    """The PDF could not be rendered or post-processed."""

    hint = "check the stylesheet, fonts and images of the leaflet named"


class OptionError(LeafprintError):
    """An option names something this machine cannot use: a port, a folder, a scheduler."""

    exit_code = EXIT_USAGE

    def __init__(self, option: str, message: str, hint: str) -> None:
        self.option = option
        self.hint = hint  # what to do depends on the option and what went wrong
        super().__init__(f"{option}: {message}")
