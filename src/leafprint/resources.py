"""Limits for the files a leaflet pulls into its PDF: size, pixels, SVG references.

Each check returns the reason a resource is refused, or None when it may be used.
They read only the bytes already in hand, so a hostile file is refused before
WeasyPrint decodes it.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

MAX_FILE_BYTES = 20_000_000  # one image, stylesheet or font
MAX_DATA_URL_BYTES = 1_000_000  # a data: URL written into a template or stylesheet
MAX_IMAGE_SIDE = 10_000  # pixels
MAX_IMAGE_PIXELS = 40_000_000  # about a 7,000 × 5,700 photo

# href="…", xlink:href='…' and url(…) inside an SVG file
_SVG_REFERENCE = re.compile(
    rb"""(?:\bhref\s*=\s*["']\s*([^"']*)["'])|(?:url\(\s*["']?\s*([^"')]*))""", re.IGNORECASE
)
_SVG_ENTITY = re.compile(rb"<!(?:ENTITY|DOCTYPE)", re.IGNORECASE)


def image_file_problem(path: Path) -> str | None:
    """Why the image file at *path* cannot be used (size, pixels, outside references)."""
    problem = file_size_problem(path.stat().st_size)
    if problem:
        return problem
    data = path.read_bytes()
    return svg_problem(data) if path.suffix.lower() == ".svg" else image_size_problem(data)


def file_size_problem(size: int) -> str | None:
    if size > MAX_FILE_BYTES:
        return f"the file is too large ({size:,} bytes, at most {MAX_FILE_BYTES:,})"
    return None


def data_url_problem(url: str) -> str | None:
    if len(url) > MAX_DATA_URL_BYTES:
        return (
            f"a data: URL of {len(url):,} characters is too long (at most {MAX_DATA_URL_BYTES:,})"
        )
    return None


def svg_problem(data: bytes) -> str | None:
    """Refuse SVG files that reach outside themselves (other files, the web, entities).

    Embedded ``data:image/…`` pictures are allowed: the fetcher checks them in turn.
    """
    if _SVG_ENTITY.search(data):
        return "an SVG file may not declare a DOCTYPE or entities"
    for match in _SVG_REFERENCE.finditer(data):
        target = (match.group(1) or match.group(2) or b"").strip()
        if target and not target.startswith((b"#", b"data:image/")):
            shown = target[:60].decode("utf-8", errors="replace")
            return f"an SVG file may only refer to its own parts (#id), not to '{shown}'"
    return None


def image_size_problem(data: bytes) -> str | None:
    """Refuse raster images with too many pixels, read from their headers."""
    size = image_size(data)
    if size is None:
        return None
    width, height = size
    if max(width, height) > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        return (
            f"the image is {width} × {height} pixels, more than allowed "
            f"(at most {MAX_IMAGE_SIDE:,} a side and {MAX_IMAGE_PIXELS:,} in all): make it smaller"
        )
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG image, or None for other data."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 <= len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        index += 2 + int(length)
    return None
