"""Read an editor's text file: bounded in size, UTF-8, no invisible control characters.

Every refusal is a located :class:`ContentError` that says what to do, so a file
saved in the wrong encoding or holding a pasted control character is reported at
its line and column rather than as a decoding traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ContentError, Problem

MAX_TEXT_BYTES = 1_000_000  # a long leaflet is about 30 kB

# C0 and C1 controls other than tab, line feed and carriage return; U+FEFF (BOM) is allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """The text of *path*, or a located error saying what is wrong with the file."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ContentError(Problem.at(path, "(file)", "not a regular file"))
        if size > limit:
            raise ContentError(
                Problem.at(
                    path,
                    "(file)",
                    f"the file is too large ({size:,} bytes, at most {limit:,}): "
                    "split it or remove what does not belong in it",
                )
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ContentError(Problem.at(path, "(file)", "file not found")) from None
    except OSError as error:
        raise ContentError(Problem.at(path, "(file)", f"cannot read: {error.strerror}")) from None
    text = decode_utf8(path, data)
    check_controls(path, text)
    return text


def decode_utf8(path: Path, data: bytes) -> str:
    """*data* decoded as UTF-8; otherwise an error at the first bad byte's line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        line, column = line_column(before, len(before))
        byte = data[error.start]
        guess = bytes([byte]).decode("cp1252", errors="replace")
        shown = f" ('{guess}' in Windows-1252)" if guess.isprintable() and byte >= 0x80 else ""
        raise ContentError(
            Problem.at(
                path,
                "(file)",
                f"the file is not UTF-8: byte 0x{byte:02X}{shown} cannot be read; "
                "save the file as UTF-8 (in most editors: Save as → Encoding → UTF-8)",
                line,
                column,
            )
        ) from None


def check_controls(path: Path, text: str) -> None:
    """Refuse invisible control characters, which usually come from pasting."""
    match = _CONTROL.search(text)
    if match is None:
        return
    char = match.group()
    line, column = line_column(text, match.start())
    raise ContentError(
        Problem.at(
            path,
            "(file)",
            f"invisible control character U+{ord(char):04X}: delete it "
            "(it often comes with text copied from another program)",
            line,
            column,
        )
    )


def line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character *index* in *text*."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
