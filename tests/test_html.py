from leafprint.content.resolve import Credit
from leafprint.layout.html import _font_list, credit, display_url, join_list


def test_display_url() -> None:
    assert display_url("https://www.kanker.nl/") == "www.kanker.nl"
    assert display_url("https://example.org/a/b?x=1") == "example.org/a/b?x=1"
    assert display_url("mailto:a@b.org") == "mailto:a@b.org"


def test_font_list_quotes_names_and_drops_doubles() -> None:
    assert _font_list(["Noto Sans", "Noto Sans", "sans-serif"]) == '"Noto Sans", sans-serif'


def test_the_arabic_and_stands_apart_from_a_latin_name_only() -> None:
    names = [credit(Credit(name=name, role="دور"), "rtl") for name in ("A. Jansen", "M. de Vries")]
    assert '</span> (دور) و\u00a0<span class="credit-name"><bdi dir="ltr">M. de Vries' in str(
        join_list(names, "ar")
    )
    assert join_list(["أحمد", "سارة"], "ar") == "أحمد وسارة"  # written onto an Arabic word
    assert join_list(["A", "B", "C"], "en") == "A, B and C"
