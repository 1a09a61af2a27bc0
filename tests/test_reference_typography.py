"""Typography per language applies to text in that language only: the English titles of a
French leaflet's references keep English spacing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import pdf_text
from leafprint.commands.build import BuildOptions, Project, build
from leafprint.content.typography import Typesetting, typeset


def test_an_element_in_another_language_keeps_its_own_typography() -> None:
    html = (
        '<p>Disponible sur : x. <span lang="en">Cancer drug resistance: an "evolving" '
        'paradigm</span>. Voir "ceci" : oui</p>'
    )
    assert typeset(html, Typesetting("fr")) == (
        '<p>Disponible sur\u00a0: x. <span lang="en">Cancer drug resistance: an “evolving” '
        "paradigm</span>. Voir «\u00a0ceci\u00a0»\u00a0: oui</p>"
    )


@pytest.mark.slow
def test_french_reference_list_keeps_english_titles_as_written(
    project: Project, tmp_path: Path
) -> None:
    options = BuildOptions(
        slugs=["refractory-cancer"], languages=["fr"], formats=["a4"], out=tmp_path
    )
    result = build(project, options)
    assert result.errors == []
    [pdf] = [o.path for o in result.outputs if o.path.suffix == ".pdf"]
    text = pdf_text(pdf).split("Références")[-1]
    references = " ".join(re.sub("\u2010\n", "", text).split())  # joined where hyphenated
    assert "Cancer drug resistance: an evolving paradigm" in references
    assert "Dictionary of Cancer Terms: refractory" in references
    assert "Disponible sur : https://" in references  # the French term keeps its space
