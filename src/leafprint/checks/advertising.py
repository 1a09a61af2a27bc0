"""Advertising in a leaflet's text (LP116): patient information sells nothing.

Found where it is written, in every text a reader sees: trademark signs (® and ™),
prices, words that sell ("buy now"; one list per language in
``styles/base/advertising/<lang>.yaml``, to which ``styles/<brand>/advertising/<lang>.yaml``
adds) and links to web shops. Brand names of medicines without their generic name are not
looked for: no list of them is reliable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from leafprint.content.brands import Brand
from leafprint.content.leaflets import LanguageVersion, text_fields
from leafprint.errors import ContentError, Problem
from leafprint.yamlsource import Location, field_path, load_yaml

TRADEMARK = re.compile(r"[\w-]*[®™]")
CURRENCY = r"(?:[€£$]|(?<![\w])(?:EUR|GBP|USD|DKK|euro|kr)\b\.?)"
AMOUNT = r"\d+(?:[.,]\d+)*(?:,-)?"
PRICE = re.compile(rf"{CURRENCY}\s?{AMOUNT}|(?<![\w.,]){AMOUNT}\s?{CURRENCY}", re.IGNORECASE)
URL = re.compile(r"https?://[^\s)>\]\"'<]+")
SHOP_WORDS = {
    "shop", "store", "webshop", "cart", "basket", "checkout", "buy", "winkel", "winkelwagen",
    "bestellen", "boutique", "panier", "butik", "kurv", "warenkorb", "kasse",
}  # fmt: skip

SELLING = "patient information advertises nothing"


def selling_words(brand: Brand, language: str) -> list[re.Pattern[str]]:
    """Patterns of the listed words that sell; raise with every mistake in the lists."""
    patterns: list[re.Pattern[str]] = []
    problems: list[Problem] = []
    for path in brand.word_lists("advertising", language):
        document = load_yaml(path)
        data = document.data if document.data is not None else []
        if not isinstance(data, list) or not all(isinstance(w, str) and w.strip() for w in data):
            problems.append(document.problem((), "expected a list of words, one a line"))
            continue
        for words in data:
            spaced = r"\s+".join(re.escape(word) for word in words.split())
            patterns.append(re.compile(rf"(?<!\w){spaced}(?!\w)", re.IGNORECASE))
    if problems:
        raise ContentError(problems)
    return patterns


def advertising_problems(version: LanguageVersion, brand: Brand) -> list[Problem]:
    """LP116 for each trademark sign, price, selling phrase and shop link in *version*."""
    selling = selling_words(brand, version.language)
    document = version.document
    problems: list[Problem] = []
    fields: list[Location] = [loc for loc, _, _ in text_fields(version.text)]
    fields += [("more_information", i, "url") for i in range(len(version.text.more_information))]
    for loc in fields:
        span = document.span(loc)
        if span is None:
            continue
        source = document.text[span[0] : span[1]]
        for offset, message in _findings(source, selling):
            line, column = document.offset_position(span[0] + offset)
            path, field = document.path, field_path(loc)
            problems.append(Problem.at(path, field, message, line, column, code="LP116"))
    return sorted(problems)


def _findings(source: str, selling: list[re.Pattern[str]]) -> Iterator[tuple[int, str]]:
    """(offset, message) of each piece of advertising in *source*."""
    for match in TRADEMARK.finditer(source):
        yield (
            match.start(),
            (
                f"'{match[0]}' carries a trademark sign: {SELLING}; name a medicine by its "
                "generic name (its brand name may follow in brackets) without ® or ™"
            ),
        )
    for match in PRICE.finditer(source):
        yield (
            match.start(),
            (
                f"'{' '.join(match[0].split())}' is a price: {SELLING}; if the reader needs to "
                "know a cost, say who to ask about it"
            ),
        )
    for pattern in selling:
        for match in pattern.finditer(source):
            yield (
                match.start(),
                (
                    f"'{' '.join(match[0].split())}' is selling language: {SELLING}; say what "
                    "the reader needs to know"
                ),
            )
    for match in URL.finditer(source):
        if _is_shop(match[0]):
            yield (
                match.start(),
                (f"'{match[0]}' links to a shop: {SELLING}; link to independent information"),
            )


def _is_shop(url: str) -> bool:
    """A web shop's address: a host or a path part named like one (shop., /cart …)."""
    parts = urlsplit(url)
    words = [*parts.hostname.split(".")[:1]] if parts.hostname else []
    words += [part for part in parts.path.lower().split("/") if part]
    return any(word in SHOP_WORDS for word in words)
