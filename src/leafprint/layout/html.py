"""Render a page model into HTML with Jinja2 (autoescape on, undefined is an error)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from leafprint.content.brands import Brand
from leafprint.content.contacts import text_direction
from leafprint.content.formats import Format, format_css
from leafprint.content.resolve import Credit, Page
from leafprint.content.typography import Typesetting, isolate, typeset
from leafprint.errors import Problem, TemplateError
from leafprint.languages import locale_for, profile

from .fonts import ltr_alias
from .jobs import PageModel, Theme

if TYPE_CHECKING:
    import jinja2


def make_environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """Templates are looked up in the brand first, then in ``styles/base/templates``
    (the last of *template_dirs*).

    ``base/leaflet.html`` always names the base template, so a brand override can
    extend it and replace single blocks.
    """
    import jinja2  # imported when a page is rendered: a build with nothing new renders none

    base_loader = jinja2.FileSystemLoader(template_dirs[-1])
    loader = jinja2.ChoiceLoader(
        [
            *(jinja2.FileSystemLoader(folder) for folder in template_dirs[:-1]),
            base_loader,
            jinja2.PrefixLoader({"base": base_loader}),
        ]
    )
    environment = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    environment.filters["display_url"] = display_url
    environment.filters["isolate"] = isolate
    environment.filters["join_list"] = join_list
    environment.filters["credit"] = credit
    environment.filters["last_words_together"] = last_words_together
    return environment


def credit(person: Credit, direction: str) -> Markup:
    """A colophon credit, "Name (role)": the name isolated in right-to-left pages, and
    never broken over two lines (nor a double-barrelled name at its hyphen)."""
    name = Markup('<span class="credit-name">{}</span>').format(
        Markup(isolate(person.name, direction))
    )
    return name + Markup(" ({})").format(person.role) if person.role else name


def last_words_together(text: str) -> Markup:
    """A title whose last two words share a line (a no-break space between them), so that
    no word stands alone on its last line ("Immunotherapy for / cancer")."""
    markup = str(escape(text))
    head, space, tail = markup.rpartition(" ")
    if not space or not head or "<" in tail or ">" in tail:
        return Markup(markup)
    return Markup(f"{head}\u00a0{tail}")


def join_list(items: Iterable[str], language: str) -> Markup:
    """Items (text or markup) as a list in *language*: "A, B and C", "A، B و C"."""
    from babel.lists import format_list

    escaped = [str(escape(item)) for item in items]
    slots = [f"\x00{index}\x00" for index in range(len(escaped))]
    joined = format_list(slots, locale=locale_for(language))
    for slot, item in zip(slots, escaped, strict=True):
        joined = joined.replace(slot, _apart(joined, slot, item))
    return Markup(joined)


def _apart(joined: str, slot: str, item: str) -> str:
    """*item*, after a no-break space when the list's conjunction is written onto it (Arabic
    "وB") and it reads left to right: "و M. de Vries", not "وM. de Vries"."""
    before = joined[: joined.index(slot)][-1:]
    attached = before.isalpha() and text_direction(before) == "rtl"
    if attached and text_direction(Markup(item).striptags()) == "ltr":
        return "\u00a0" + item
    return item


def display_url(url: str) -> str:
    """A web address as people read it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    if parts.scheme in {"http", "https"}:
        return (parts.netloc + parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")
    return url


def render_html(
    model: PageModel,
    fmt: Format,
    theme: Theme,
    environment: jinja2.Environment,
    css: str,
    template_name: str = "leaflet.html",
    stylesheets: tuple[Path, ...] | None = None,
    **context: object,
) -> str:
    """The complete HTML document of *model* in format *fmt*; *css* is its :func:`page_css`.

    *stylesheets* replace the theme's (the web edition has its own); *context* adds
    template variables.
    """
    import jinja2

    try:
        template = environment.get_template(template_name)
        html = template.render(
            page=model.page,
            edition=model.edition,
            sheet=model.sheet,
            brand=theme,
            format=fmt,
            stylesheets=[
                sheet.resolve().as_uri()
                for sheet in (theme.stylesheets if stylesheets is None else stylesheets)
            ],
            page_css=Markup(css),
            **context,
        )
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            Problem.at(
                error.filename or error.name or "template",
                "template",
                error.message or "",
                error.lineno,
            )
        ) from None
    except jinja2.TemplateError as error:
        path, line = _template_position(error)
        raise TemplateError(Problem.at(path, "template", str(error), line)) from None
    except (LookupError, AttributeError, TypeError, ValueError) as error:  # raised by a call
        path, line = _template_position(error)
        message = str(error).strip("'\"")
        raise TemplateError(Problem.at(path, "template", message, line)) from None
    page = model.page
    return typeset(html, Typesetting(page.language, page.direction, theme.digits))


def _template_position(error: BaseException) -> tuple[str, int]:
    """The template file and line where a render error happened (innermost frame)."""
    position = ("leaflet.html", 1)
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".j2", ".jinja")):
            position = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return position


def page_css(page: Page, brand: Brand, fmt: Format) -> str:
    """Brand colours and fonts as custom properties, plus the localised page counter."""
    colours = brand.meta.colours
    fonts = brand.meta.fonts
    script_font = profile(page.language).script_font(fonts.scripts)
    body = [fonts.body, *fonts.scripts.values(), "sans-serif"]
    latin = _font_list([ltr_alias(fonts.body), *body])  # left-to-right runs in RTL pages
    headings = [fonts.headings, *fonts.scripts.values(), "sans-serif"]
    if script_font:  # a script font leads for its language; the brand font shows Latin runs
        body = [script_font, *body]
        headings = [script_font, *headings]
    before, _, rest = page.labels.page_x_of_y.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    counter = f"{_css_string(before)} counter(page) {_css_string(middle)} counter(pages)"
    counter += f" {_css_string(after)}" if after else ""
    if fmt.booklet:  # a bound booklet numbers its pages; notes pages change the total
        counter = "counter(page)"
    return (
        ":root {\n"
        f"  --primary: {colours.primary};\n  --accent: {colours.accent};\n"
        f"  --text: {colours.text};\n  --tint: {colours.tint};\n"
        f"  --font-body: {_font_list(body)};\n  --font-headings: {_font_list(headings)};\n"
        f"  --font-latin: {latin};\n"
        "}\n"
        + (_ltr_font_faces(fonts.body) if page.direction == "rtl" else "")
        + _footer_css(counter, page.direction)
        + format_css(fmt, brand.meta, brand.folder, page.language)
    )


def _ltr_font_faces(family: str) -> str:
    """The body font again, regular and bold, under its left-to-right name."""
    alias = _css_string(ltr_alias(family))
    return "".join(
        f"@font-face {{ font-family: {alias}; font-weight: {weight}; "
        f"src: local({_css_string(f'{family} {style}')}); }}\n"
        for weight, style in ((400, "Regular"), (700, "Bold"))
    )


def _footer_css(counter: str, direction: str) -> str:
    """The running footer across the whole width of the page, its page number at the end
    of its last line (a page counter works inside a running element).

    Margin boxes are physical, so right-to-left pages use the right one.
    """
    start, end = ("right", "left") if direction == "rtl" else ("left", "right")
    return (
        f"@page {{ @bottom-{start} {{ content: element(footer-left); text-align: {start}; "
        "width: 100%; }\n"
        f"  @bottom-{end} {{ content: none; width: 0; }} }}\n"
        f".footer-page::after {{ content: {counter}; }}\n"
    )


def _font_list(families: list[str]) -> str:
    generic = {"serif", "sans-serif", "monospace"}
    unique = list(dict.fromkeys(families))
    return ", ".join(name if name in generic else _css_string(name) for name in unique)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
