"""Faults in leafprint itself: one line for the editor, the traceback only under --debug."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from .errors import EXIT_CONTENT, EXIT_FAULT, EXIT_OK, Problem

INTERNAL = "(internal error)"  # the field of a problem that is leafprint's own fault

LOGGER = logging.getLogger("leafprint")


def unexpected(error: BaseException, source: Path, where: str) -> Problem:
    """A problem for an exception leafprint did not expect while making *where*.

    *where* names the output, e.g. ``"immunotherapy (nl, a4)"``; the traceback goes
    to the ``leafprint`` logger, which ``--debug`` shows.
    """
    LOGGER.debug("unexpected error while making %s", where, exc_info=error)
    return Problem.at(
        source,
        INTERNAL,
        f"{where}: {type(error).__name__}: {error} (a fault in leafprint, not in the "
        "leaflet; run again with --debug to see where, and report it)",
    )


def exit_code(errors: Iterable[Problem]) -> int:
    """3 when leafprint itself failed, 1 for problems in the content, 0 otherwise."""
    fields = [problem.field for problem in errors]
    if INTERNAL in fields:
        return EXIT_FAULT
    return EXIT_CONTENT if fields else EXIT_OK
