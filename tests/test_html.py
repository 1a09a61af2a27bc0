from leafprint.html import _font_list, display_url


def test_display_url() -> None:
    assert display_url("https://www.kanker.nl/") == "www.kanker.nl"
    assert display_url("https://example.org/a/b?x=1") == "example.org/a/b?x=1"
    assert display_url("mailto:a@b.org") == "mailto:a@b.org"


def test_font_list_quotes_names_and_drops_doubles() -> None:
    assert _font_list(["Noto Sans", "Noto Sans", "sans-serif"]) == '"Noto Sans", sans-serif'
