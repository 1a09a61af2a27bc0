"""Typesetting per language: quotes, non-breaking spaces, addresses, right-to-left runs."""

from __future__ import annotations

import re

import pytest

from leafprint.content.typography import (
    EMAIL,
    NBSP,
    NNBSP,
    WJ,
    Typesetting,
    address_html,
    linkify,
    typeset,
)


def nl(html: str) -> str:
    return typeset(html, Typesetting("nl"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "<p>It’s “good”.</p>"),
        ("nl", "<p>It’s “good”.</p>"),
        ("de", "<p>It’s „good“.</p>"),
        ("da", "<p>It’s »good«.</p>"),
        ("fr", f"<p>It’s «{NBSP}good{NBSP}».</p>"),
    ],
)
def test_quotes_and_apostrophes_per_language(language: str, expected: str) -> None:
    assert typeset('<p>It\'s "good".</p>', Typesetting(language)) == expected


def test_tags_attributes_and_styles_are_left_alone() -> None:
    html = (
        '<p title="a \'b\'">x</p><style>a::before { content: "x"; }</style>'
        '<svg><text>"1"</text></svg>'
    )
    assert nl(html) == html


def test_dates_times_ranges_units_and_phone_numbers_do_not_break() -> None:
    text = nl("<p>Op 10 februari 2026 van 8.30 – 17.00, 2-3 weken, 38.5 °C, bel 020 555 0199.</p>")
    assert f"10{NBSP}februari{NBSP}2026" in text
    assert f"8.30{WJ}–{WJ}17.00" in text
    assert f"2{WJ}-{WJ}3{NBSP}weken" in text
    assert f"38.5{NBSP}°C" in text
    assert f"020{NBSP}555{NBSP}0199" in text


def test_french_spaces_before_high_punctuation() -> None:
    text = typeset(
        "<p>Dernière révision: 10 février 2026. Pourquoi? Appelez!</p>", Typesetting("fr")
    )
    assert f"révision{NBSP}: 10" in text
    assert f"Pourquoi{NNBSP}?" in text
    assert f"Appelez{NNBSP}!" in text


def test_web_addresses_are_unchanged_in_french() -> None:
    text = typeset("<p>Voir https://www.example.org/a.</p>", Typesetting("fr"))
    assert "https://<wbr>www." in text
    assert NBSP not in text


def test_a_citation_hugs_the_word_before_it_even_across_a_line_break() -> None:
    html = '<p>na een jaar\n<sup class="citation"><a href="#ref-4">4</a></sup>.</p>'
    assert nl(html) == '<p>na een jaar<sup class="citation"><a href="#ref-4">4</a></sup>.</p>'


def test_addresses_break_only_after_their_own_slashes_dots_and_hyphens() -> None:
    assert address_html("https://www.cancer.gov/about-cancer") == (
        '<span class="address">https://<wbr>www.<wbr>cancer.<wbr>gov/<wbr>about-<wbr>cancer</span>'
    )
    text = nl("<p>doi:10.1056/NEJMoa1003466 of info@x.example.org.</p>")
    assert '<span class="address">doi:10.<wbr>1056/<wbr>NEJMoa1003466</span>' in text
    assert '<span class="address">info@x.<wbr>example.<wbr>org</span>.' in text


def test_right_to_left_isolates_latin_runs_and_phone_numbers() -> None:
    text = typeset(
        "<p>اتصل بالرقم 020 555 0199 بشأن PD-1 أو https://x.example.org/a</p>",
        Typesetting("ar", "rtl"),
    )
    assert f'<bdi dir="ltr">020{NBSP}555{NBSP}0199</bdi>' in text
    assert '<bdi dir="ltr">PD-1</bdi>' in text
    assert '<bdi class="address" dir="ltr">https://<wbr>x.' in text


@pytest.mark.parametrize(("digits", "expected"), [("latin", "من 8:30"), ("native", "من ٨:٣٠")])
def test_one_digit_system_per_leaflet(digits: str, expected: str) -> None:
    text = typeset("<p>من ٨:30</p>", Typesetting("ar", "rtl", digits))
    assert text == f"<p>{expected}</p>"


def test_text_already_left_to_right_keeps_latin_digits() -> None:
    html = '<p>رقم <bdi dir="ltr">ONC-012</bdi> ٣</p>'
    text = typeset(html, Typesetting("ar", "rtl", "native"))
    assert text == '<p>رقم <bdi dir="ltr">ONC-012</bdi> ٣</p>'


def test_elisions_take_an_apostrophe_not_an_opening_quote() -> None:
    assert nl("<p>'s avonds en 't huis, 'ja'</p>") == "<p>’s avonds en ’t huis, ‘ja’</p>"


def test_linkify_links_addresses_and_keeps_them_left_to_right() -> None:
    html = str(linkify("Mail <us> at a.b@x.example.org. Or see https://x.example.org/form."))
    assert html == (
        'Mail &lt;us&gt; at <a href="mailto:a.b@x.example.org"><bdi dir="ltr">a.b@<wbr>'
        '<span class="nowrap">x.example.org</span></bdi></a>. Or see '
        '<a href="https://x.example.org/form"><bdi dir="ltr">https://x.example.org/form</bdi></a>.'
    )


def test_linkify_a_reference_links_dois_and_web_addresses_only() -> None:
    text = "Smith's guide. doi:10.1002/bjs.1. https://x.example.org/a?b=1&c=2. a@x.example.org"
    assert str(linkify(text, reference=True)) == (
        'Smith\'s guide. <a href="https://doi.org/10.1002/bjs.1">doi:10.1002/bjs.1</a>. '
        '<a href="https://x.example.org/a?b=1&amp;c=2">https://x.example.org/a?b=1&amp;c=2</a>. '
        "a@x.example.org"
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("write to desk@clinic.example.org.", "desk@clinic.example.org"),
        ("jan@example", None),
        ("a..b@x.example.org", "b@x.example.org"),
        ("(see https://x.example.org/a).", None),
    ],
)
def test_one_e_mail_rule_finds_addresses_in_text(text: str, found: str | None) -> None:
    match = re.search(EMAIL, text)
    assert (match.group(0) if match else None) == found
