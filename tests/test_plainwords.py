"""Plain-words lists: terms found at their exact line and column, explained at first use."""

from __future__ import annotations

from pathlib import Path

import pytest

from leafprint.checks.plainwords import load_plain_words, plain_word_problems
from leafprint.commands.build import Project
from leafprint.content.brands import load_brand
from leafprint.content.leaflets import load_leaflet
from leafprint.errors import ContentError

META = """\
code: TST-002
version: "1.0"
brand: westerhaven
source_language: nl
languages: [nl]
published: 2025-01-01
reviewed: 2025-06-01
next_review: 2028-01-01
owner: Test department
authors:
  - name: A. Auteur
"""


def add_leaflet(project: Project, text: str) -> Path:
    folder = project.leaflets / "test"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "leaflet.yaml").write_text(META, encoding="utf-8")
    (folder / "nl.yaml").write_text(text, encoding="utf-8")
    return folder


def problems(project: Project, text: str) -> list[str]:
    folder = add_leaflet(project, text)
    version = load_leaflet(folder).versions["nl"]
    brand = load_brand(project.styles, "westerhaven")
    return [str(p).replace(str(folder) + "/", "") for p in plain_word_problems(version, brand)]


def test_a_listed_term_is_found_at_its_line_and_column_in_a_block_scalar(
    sandbox: Project,
) -> None:
    text = """\
title: Uw behandeling
summary: Wat u kunt verwachten.
sections:
  - heading: Behandeling
    body: |
      De arts bespreekt met u welke behandeling past. Dat gebeurt in een
      gesprek op de polikliniek. Soms heeft de kanker al
      metastasen in de lever of de longen.
"""
    assert problems(sandbox, text) == [
        "nl.yaml:8:7: PL102 sections[1].body: 'metastasen' is a medical term many readers "
        "do not know: where it first appears, write 'uitzaaiing' or 'uitgezaaid', or explain "
        "it with that word nearby"
    ]


def test_a_term_across_a_line_break_and_inside_a_folded_scalar(sandbox: Project) -> None:
    text = """\
title: Uw behandeling
summary: >
  Uw arts kan u een
  contra-indicatie noemen: dan is een middel voor u niet veilig. Vraag wat dat betekent.
sections:
  - heading: Meer
    body: Tekst.
"""
    assert problems(sandbox, text) == [
        "nl.yaml:4:3: PL102 summary: 'contra-indicatie' is a medical term many readers do not "
        "know: where it first appears, write 'mag niet' or 'mogen niet', or explain it with "
        "that word nearby"
    ]


def test_a_term_explained_where_it_first_appears_may_be_used_freely(sandbox: Project) -> None:
    text = """\
title: Metastasen
summary: Soms zaait kanker uit. Artsen noemen uitzaaiingen ook metastasen.
sections:
  - heading: Behandeling van metastasen
    body: |
      Metastasen kunnen in de lever zitten.
  - heading: Uw arts
    body: |
      Uw oncoloog legt het uit.
"""
    assert problems(sandbox, text) == [
        "nl.yaml:9:10: PL102 sections[2].body: 'oncoloog' is a medical term many readers do "
        "not know: where it first appears, write 'kankerarts' or 'arts voor kanker', or "
        "explain it with that word nearby"
    ]


def test_the_plain_word_must_be_near_enough(sandbox: Project) -> None:
    far = " ".join(["woord"] * 25)
    text = f"""\
title: Test
summary: Een oncoloog is een arts voor kanker.
sections:
  - heading: Ver weg
    body: De uitslag is maligne. {far} Dat betekent kwaadaardig.
"""
    assert problems(sandbox, text) == [
        "nl.yaml:5:25: PL102 sections[1].body: 'maligne' is a medical term many readers do "
        "not know: where it first appears, write 'kwaadaardig', or explain it with that word "
        "nearby"
    ]


def test_a_brand_list_adds_to_and_replaces_the_base_list(sandbox: Project) -> None:
    folder = sandbox.styles / "westerhaven" / "plain-words"
    folder.mkdir()
    (folder / "nl.yaml").write_text("oncoloog: specialist\nMDO: overleg\n", encoding="utf-8")
    brand = load_brand(sandbox.styles, "westerhaven")
    words = {word.term: word.plain for word in load_plain_words(brand, "nl")}
    assert words["oncoloog"] == ("specialist",)
    assert words["MDO"] == ("overleg",)
    assert words["maligne"] == ("kwaadaardig",)
    assert {word.term for word in load_plain_words(brand, "nl-BE")} == set(words)
    assert load_plain_words(brand, "pl") == []


def test_mistakes_in_a_list_are_errors_at_their_place(sandbox: Project) -> None:
    path = sandbox.styles / "westerhaven" / "plain-words" / "nl.yaml"
    path.parent.mkdir()
    path.write_text("oncoloog: []\nmeta*stase: uitzaaiing\ngoed: arts\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_plain_words(load_brand(sandbox.styles, "westerhaven"), "nl")
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1:11: oncoloog: write the plain alternative as text or a list of texts",
        f"{path}:2:1: meta*stase: 'meta*stase' is not a term: use letters, and * only at the end",
    ]


def test_every_starter_list_loads(sandbox: Project) -> None:
    brand = load_brand(sandbox.styles, "westerhaven")
    sizes = {lang: len(load_plain_words(brand, lang)) for lang in ("en", "nl", "da", "fr", "de")}
    assert all(size >= 18 for size in sizes.values()), sizes
    assert len(load_plain_words(brand, "ar")) >= 8


def test_a_two_word_term_across_a_line_break_and_in_a_link_description(
    sandbox: Project,
) -> None:
    folder = sandbox.styles / "westerhaven" / "plain-words"
    folder.mkdir()
    (folder / "nl.yaml").write_text("spoedeisende hulp: eerste hulp\n", encoding="utf-8")
    text = """\
title: Test
summary: Kort.
sections:
  - heading: Overleg
    body: |
      Bent u erg ziek? Ga dan naar de spoedeisende
      hulp van het ziekenhuis.
more_information:
  - title: Kanker.nl
    url: https://www.kanker.nl
    description: Alles over het maligne gezwel.
"""
    assert problems(sandbox, text) == [
        "nl.yaml:6:39: PL102 sections[1].body: 'spoedeisende hulp' is a medical term "
        "many readers do not know: where it first appears, write 'eerste hulp', or explain it "
        "with that word nearby",
        "nl.yaml:11:33: PL102 more_information[1].description: 'maligne' is a medical term "
        "many readers do not know: where it first appears, write 'kwaadaardig', or explain it "
        "with that word nearby",
    ]
