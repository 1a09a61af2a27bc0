"""Links and images in Markdown: checked where they are written, never silently dropped.

A link must be a web address, an e-mail address or a phone number; it stays a
link in the PDF and is never fetched. An image must be a file inside the
leaflet's own folder (``![Alt text](images/diagram.png)``). Anything else is a
problem at the place it is written, instead of text that quietly stays as typed.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from leafprint.resources import image_file_problem
from leafprint.yamlsource import TextOrigin

LINK_SCHEMES = {"http", "https", "mailto", "tel"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg"}


def safe_links_plugin(md: MarkdownIt) -> None:
    """Let every link and image through the parser, then check it while rendering."""
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("image", _render_image)


def link_problem(url: str) -> str | None:
    """Why *url* cannot be a link, or None when it can."""
    scheme = urlsplit(url).scheme.lower()
    if url.startswith("#") or scheme in LINK_SCHEMES:
        return None
    return (
        f"link '{url}' cannot be used: a link must be a web address (https://…), "
        "an e-mail address (mailto:…) or a phone number (tel:…)"
    )


def image_file(url: str, folder: Path) -> tuple[Path | None, str]:
    """The file *url* names inside *folder*, or None and the reason it is refused.

    The file itself is checked too (size, pixels, SVG references), so a bad image
    is reported where it is named rather than only when the PDF is rendered.
    """
    parts = urlsplit(url)
    rule = "an image must be a file in the leaflet's folder, e.g. images/diagram.png"
    if parts.scheme or parts.netloc or url.startswith("/"):
        return None, f"image '{url}' cannot be used: {rule}"
    path = (folder / unquote(parts.path)).resolve()
    if not path.is_relative_to(folder.resolve()):
        return None, f"image '{url}' lies outside the leaflet's folder: {rule}"
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return None, f"image '{url}' is not a PNG, JPEG, GIF or SVG file"
    if not path.is_file():
        return None, f"image file not found: {url}"
    problem = image_file_problem(path)
    if problem:
        return None, f"image '{url}': {problem}"
    return path, ""


def _report(env: EnvType, message: str, needle: str) -> None:
    origin: TextOrigin | None = env.get("origin")
    if origin is not None:
        env.setdefault("problems", []).append(origin.problem(message, needle))


def _render_link_open(
    self: RendererProtocol, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    problem = link_problem(href)
    if problem:
        _report(env, problem, f"]({href}")
        token.attrSet("href", "#")
    return self.renderToken(tokens, idx, options, env)  # type: ignore[attr-defined,no-any-return]


def _render_image(
    self: RendererProtocol, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = html.escape(token.content)
    origin: TextOrigin | None = env.get("origin")
    folder = origin.document.path.parent if origin is not None else None
    path, problem = image_file(src, folder) if folder is not None else (None, "")
    if path is None:
        _report(env, problem, f"]({src}")
        return f'<span class="missing-image">{alt}</span>'
    return f'<img src="{html.escape(path.as_uri())}" alt="{alt}" />'
