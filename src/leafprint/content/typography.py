"""Typesetting the text of a rendered leaflet, per language.

:func:`typeset` works on the text between the tags of the finished HTML document (never
on tags, attributes, styles or SVG) and applies what a typesetter would by hand:

- typographic quotes and apostrophes for the language (its profile, languages.py);
- non-breaking spaces inside dates, times, number ranges, numbers with their unit and
  phone numbers, and before French ``: ; ? !`` (and inside « »);
- citation markers bound to the word before them;
- web addresses, DOIs and e-mail addresses that never get a hyphen: they may break only
  after a ``/``, ``.`` or ``-`` that is really there;
- in right-to-left leaflets, every left-to-right run (Latin words, addresses, codes,
  phone numbers) isolated so that it reads in logical order, and one digit system.

Text inside an element with a ``lang`` attribute is set for that language: an English
reference title in a French leaflet gets English quotes and no space before its colon.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html import escape, unescape

from markupsafe import Markup

from leafprint.languages import NBSP, profile

NNBSP = "\u202f"  # narrow no-break space (French ; ? !)
WJ = "\u2060"  # word joiner: no line break here

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
EXTENDED_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹"
TO_LATIN = str.maketrans(ARABIC_INDIC + EXTENDED_ARABIC_INDIC, "0123456789" * 2)
TO_ARABIC = str.maketrans("0123456789", ARABIC_INDIC)
DIGIT_SYSTEMS = ("latin", "native")

_SKIP = {"style", "script", "svg", "title", "head"}  # text that is not read
_TAG = re.compile(r"(<!--.*?-->|<[^>]+>)", re.DOTALL)
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z][a-zA-Z0-9]*)")
_LANG = re.compile(r'\slang="([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)"')
# The one rule for an e-mail address, and for a web address in running text (it ends
# before the punctuation that follows it).
EMAIL = r"[\w+-]+(?:\.[\w+-]+)*@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
URL = r"https?://[^\s<>\"')\]]+?(?=[.,;:!?]?(?:[\s<>\"')\]]|$))"
_DOI = r"doi:(?P<doi>10\.\S+?)(?=[.,;]?(?:\s|$))"
ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s<>]*[^\s<>.,;:)\]]"
    r"|doi:\s?10\.\d{4,}/[^\s<>]*[^\s<>.,;:)\]]"
    r"|\b10\.\d{4,}/[^\s<>]*[^\s<>.,;:)\]]"
    rf"|{EMAIL}"
    r"|\b(?:[A-Za-z0-9-]+\.)+(?:org|com|net|nl|dk|fr|de|be|eu|gov|uk|int)\b(?:/[^\s<>]*[^\s<>.,;:)\]])?"
)
_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_TIME_RANGE = re.compile(rf"({_DIGIT}{{1,2}}[.:]{_DIGIT}{{2}})\s*([–-])\s*(?={_DIGIT})")
_NUMBER_RANGE = re.compile(rf"(?<![\w/.])({_DIGIT}+)\s?([–-])\s?(?={_DIGIT})")
_DATE = re.compile(rf"\b({_DIGIT}{{1,2}}\.?) ([^\W\d_]{{3,}}\.?) ({_DIGIT}{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b({_DIGIT}{{1,2}}\.?) (?=[^\W\d_]{{3,}}\.? {_DIGIT}{{4}})")
_UNIT = re.compile(
    rf"({_DIGIT}) (?=(?:°C|%|mg|ml|kg|cm|mm|km|µg|g|l|h|min|uur|timer|heures?|hours?|"
    r"days?|dagen|dage|jours|weeks?|weken|uger|semaines|mmHg)\b)"
)
_PHONE = re.compile(
    rf"(?:\+{_DIGIT}{{1,3}} )?(?:\({_DIGIT}+\) )?{_DIGIT}{{2,4}}(?: {_DIGIT}{{2,4}}){{2,4}}"
)
_FRENCH_SPACE = re.compile(
    r"(?<=[\w»)\]%.’…])[ \u00a0]?([;?!])(?=\s|$)|(?<=[\w»)\]%’…]) ?(:)(?=\s|$)"
)
_LTR_RUN = re.compile(
    r"[A-Za-z0-9\u00c0-\u024f@+#&/][A-Za-z0-9\u00c0-\u024f@+#&/.,:;()\[\]'’\-–_%=?! \u00a0\u2060]*"
    r"[A-Za-z0-9\u00c0-\u024f/)\]%]"
    r"|[A-Za-z\u00c0-\u024f]"
)
_ELISION = re.compile(r"(?:[stn]|em|\d\d)\b")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class Typesetting:
    """How one leaflet language is set."""

    language: str
    direction: str = "ltr"
    digits: str = "latin"  # "latin" (0-9) or "native" (the script's own, e.g. ٠-٩)


VOID = {"br", "wbr", "img", "meta", "link", "hr", "input", "source", "col", "area", "base"}


def typeset(html: str, setting: Typesetting) -> str:
    """*html* with the text between its tags set for *setting*."""
    out: list[str] = []
    open_elements: list[_Open] = []
    previous = " "
    for part in _TAG.split(html):
        if not part:
            continue
        if part.startswith("<"):
            _track(part, open_elements)
            out.append(_bind_citation(out, part))
            continue
        if any(e.name in _SKIP for e in open_elements) or not part.strip():
            out.append(part)
            previous = part[-1:] or previous
            continue
        ltr = any(e.ltr for e in open_elements)
        here = _in_language(setting, open_elements)
        text = set_text(unescape(part), here, previous, ltr=ltr)
        previous = text[-1:] or previous
        out.append(_escape_keep(text, here, ltr=ltr))
    return "".join(out)


@dataclass(frozen=True)
class _Open:
    """An element open around the text."""

    name: str
    ltr: bool  # set left to right (dir="ltr")
    language: str | None  # its lang attribute


def _in_language(setting: Typesetting, open_elements: list[_Open]) -> Typesetting:
    """*setting* for the language of the innermost element that names one."""
    for element in reversed(open_elements):
        if element.language:
            return replace(setting, language=element.language)
    return setting


def _track(tag: str, open_elements: list[_Open]) -> None:
    """Keep the stack of open elements up to date with *tag*."""
    match = _TAG_NAME.match(tag)
    if match is None:
        return
    name = match.group(1).lower()
    if tag.startswith("</"):
        for index in range(len(open_elements) - 1, -1, -1):
            if open_elements[index].name == name:
                del open_elements[index:]
                break
    elif name not in VOID and not tag.endswith("/>"):
        language = _LANG.search(tag)
        open_elements.append(_Open(name, 'dir="ltr"' in tag, language and language.group(1)))


def _bind_citation(out: list[str], tag: str) -> str:
    """A superscript citation hugs the word before it: drop the space in between."""
    if tag.startswith('<sup class="citation"') and out and not out[-1].startswith("<"):
        out[-1] = out[-1].rstrip(" \n\t")
    return tag


def set_text(text: str, setting: Typesetting, previous: str = " ", ltr: bool = False) -> str:
    """Plain *text* set for *setting*; *previous* is the character before it."""
    language = profile(setting.language)
    text = _quotes(text, language.quotes, previous)
    text = _no_breaks(text)
    if language.space_before_marks:
        text = _french_spaces(text)
    if setting.digits == "latin" or ltr:
        text = text.translate(TO_LATIN)
    return text


def _quotes(text: str, marks: tuple[str, str, str, str], previous: str) -> str:
    open_double, close_double, open_single, close_single = marks
    chars = []
    before = previous
    for index, char in enumerate(text):
        after = text[index + 1 : index + 2]
        if char == '"':
            char = open_double if _opens(before) else close_double
        elif char == "'":
            if before.isalnum() and (after.isalpha() or not after or not after.isalnum()):
                char = "’" if after.isalpha() or not _opens(before) else close_single
            elif _opens(before) and _ELISION.match(text, index + 1):
                char = "’"  # 's avonds, 't, 'n, '90
            else:
                char = open_single if _opens(before) else "’"
        chars.append(char)
        before = text[index]
    return "".join(chars)


def _opens(before: str) -> bool:
    return not before or before.isspace() or before in "([{–—-/\u00a0"


def _no_breaks(text: str) -> str:
    text = _TIME_RANGE.sub(lambda m: f"{m.group(1)}{WJ}{m.group(2)}{WJ}", text)
    text = _NUMBER_RANGE.sub(lambda m: f"{m.group(1)}{WJ}{m.group(2)}{WJ}", text)
    text = _DATE.sub(lambda m: NBSP.join(m.groups()), text)
    text = _MONTH_YEAR.sub(lambda m: m.group(1) + NBSP, text)
    text = _UNIT.sub(lambda m: m.group(1) + NBSP, text)
    return _PHONE.sub(lambda m: m.group(0).replace(" ", NBSP), text)


def _french_spaces(text: str) -> str:
    def space(match: re.Match[str]) -> str:
        mark = match.group(1) or match.group(2)
        return (NBSP if mark == ":" else NNBSP) + mark

    text = re.sub(r"«[ \u00a0]?", "«" + NBSP, text)
    text = re.sub(r"[ \u00a0]?»", NBSP + "»", text)
    return _FRENCH_SPACE.sub(space, text)


def _escape_keep(text: str, setting: Typesetting, ltr: bool) -> str:
    """Escape *text* again, marking addresses (and, right to left, Latin runs)."""
    pieces: list[str] = []
    for piece, is_address in _split(text, ADDRESS):
        if is_address:
            pieces.append(address_html(piece, isolate=setting.direction == "rtl" and not ltr))
        elif setting.direction == "rtl" and not ltr:
            pieces.append(_isolate_runs(piece, setting))
        else:
            pieces.append(escape(piece, quote=False))
    return "".join(pieces)


def _split(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[str, bool]]:
    start = 0
    for match in pattern.finditer(text):
        if match.start() > start:
            yield text[start : match.start()], False
        yield match.group(0), True
        start = match.end()
    if start < len(text):
        yield text[start:], False


def address_html(address: str, isolate: bool = False) -> str:
    """An address that breaks only after its own ``/ . -`` and never gets a hyphen."""
    parts = re.split(r"(?<=[/.\-])(?=[^/])", address)
    inner = "<wbr>".join(escape(part, quote=False) for part in parts)
    if isolate:
        return f'<bdi class="address" dir="ltr">{inner}</bdi>'
    return f'<span class="address">{inner}</span>'


_TEXT_LINKS = re.compile(rf"(?P<email>{EMAIL})|(?P<url>{URL})")
_REFERENCE_LINKS = re.compile(rf"{_DOI}|(?P<url>{URL})")


def linkify(text: str, *, reference: bool = False) -> Markup:
    """*text* escaped, with its e-mail and web addresses as links kept left to right; for
    a *reference* list entry, its DOIs and web addresses as plain links instead."""
    parts: list[str] = []
    last = 0
    for match in (_REFERENCE_LINKS if reference else _TEXT_LINKS).finditer(text):
        parts += [escape(text[last : match.start()], quote=False), _link(match, reference)]
        last = match.end()
    parts.append(escape(text[last:], quote=False))
    return Markup("".join(parts))


def _link(match: re.Match[str], reference: bool) -> Markup:
    target = match.group(0)
    if reference:
        href = f"https://doi.org/{match['doi']}" if match["doi"] else target
        return Markup('<a href="{}">{}</a>').format(href, target)
    shown, href = Markup.escape(target), target
    if match["email"]:  # a long e-mail address breaks after its @ only
        local, _, domain = target.partition("@")
        shown = Markup('{}@<wbr><span class="nowrap">{}</span>').format(local, domain)
        href = f"mailto:{target}"
    return Markup('<a href="{}"><bdi dir="ltr">{}</bdi></a>').format(href, shown)


def _isolate_runs(text: str, setting: Typesetting) -> str:
    """Latin runs (and phone numbers) in right-to-left text as ``<bdi dir="ltr">``."""
    pieces = []
    for piece, is_run in _split(text, _LTR_RUN):
        needs = is_run and (
            _LATIN_LETTER.search(piece) or _PHONE.fullmatch(piece.replace(NBSP, " "))
        )
        if needs:
            pieces.append(f'<bdi dir="ltr">{escape(piece.translate(TO_LATIN), quote=False)}</bdi>')
        else:
            native = setting.digits == "native"
            pieces.append(escape(piece.translate(TO_ARABIC) if native else piece, quote=False))
    return "".join(pieces)


def isolate(text: str, direction: str) -> str:
    """A Jinja filter: *text* (Latin, e.g. a name) isolated left to right in RTL pages."""
    from markupsafe import Markup

    if direction == "rtl" and _LATIN_LETTER.search(text):
        return Markup('<bdi dir="ltr">{}</bdi>').format(text)
    return Markup.escape(text)
