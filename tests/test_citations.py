"""Citations: parsing, numbering, compressed ranges, the reference list and its checks."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from helpers import ROOT, pdf_text
from leafprint.commands.build import BuildOptions, Project, build
from leafprint.content.bibliography import format_references
from leafprint.content.citations import CitationRegistry, compress_numbers, find_citations
from leafprint.content.leaflets import load_leaflet
from leafprint.content.markdown import MarkdownRenderer
from leafprint.content.references import ReferenceLibrary, load_references
from leafprint.errors import ContentError
from leafprint.yamlsource import load_yaml

FIXTURE = ROOT / "tests" / "fixtures" / "cited"


def cited_project(sandbox: Project) -> Path:
    folder = sandbox.leaflets / "cited"
    shutil.copytree(FIXTURE, folder)
    return folder


def single_line(path: Path) -> str:
    """The PDF's words in one line, without the draft watermark's letters (an unsigned
    fixture), which land wherever the text around them falls."""
    text = re.sub(r"(?m)^[A-Z]$", "", pdf_text(path))
    return " ".join(text.split())


# --- parsing ------------------------------------------------------------------------------------


def test_citation_forms() -> None:
    found = [
        (raw, [(i.key, i.locator) for i in items])
        for raw, items in find_citations(
            "A [@a]. B [@a; @b-2]. C [@c, p. 12]. D [@d, pp. 3-5; @e]. mail x@y.org [link](u) [@]"
        )
    ]
    assert found == [
        ("[@a]", [("a", None)]),
        ("[@a; @b-2]", [("a", None), ("b-2", None)]),
        ("[@c, p. 12]", [("c", "p. 12")]),
        ("[@d, pp. 3-5; @e]", [("d", "pp. 3-5"), ("e", None)]),
    ]


@given(st.lists(st.integers(min_value=1, max_value=60), max_size=30))
def test_compressed_runs_are_maximal_and_cover_every_number(numbers: list[int]) -> None:
    runs = compress_numbers(numbers)
    covered = [n for first, last in runs for n in range(first, last + 1)]
    assert covered == sorted(set(numbers))
    assert all(b[0] > a[1] + 1 for a, b in itertools.pairwise(runs))


def test_registry_numbers_by_first_use_and_compresses() -> None:
    library = ReferenceLibrary({key: {} for key in "abcdef"})
    md = MarkdownRenderer({"citations": CitationRegistry(library, "en")})
    html = md.block("x [@a; @b; @c] y [@d; @e] z [@c; @a; @b; @f]", None)  # type: ignore[arg-type]
    numbers = re.findall(r"<sup[^>]*>(.*?)</sup>", html)
    plain = [re.sub(r"<[^>]+>", "", n) for n in numbers]
    assert plain == ["1–3", "4, 5", "1–3, 6"]
    assert 'href="#ref-6"' in html


def test_brackets_style() -> None:
    library = ReferenceLibrary({"a": {}, "b": {}})
    md = MarkdownRenderer({"citations": CitationRegistry(library, "en", "brackets")})
    html = md.block("Said [@a; @b].", None)  # type: ignore[arg-type]
    assert re.sub(r"<[^>]+>", "", html).strip() == "Said [1, 2]."


# --- the reference list -------------------------------------------------------------------------


def references() -> dict[str, dict]:
    return {item["id"]: item for item in load_yaml(FIXTURE / "leaflet.yaml").data["references"]}


def test_vancouver_entries_in_english() -> None:
    items = references()
    entries = format_references([items[k] for k in ("alpha", "bravo", "charlie", "foxtrot")], "en")
    assert entries == [
        "Smith AJ, Jones P, de Vries A, Olsen M, Martin L, Khan S, et al. Written information for "
        "patients before surgery. Br J Surg. 2020 Mar 15;107(4):345–52. doi:10.1002/bjs.11111",
        "National Cancer Institute. Immunotherapy to treat cancer [Internet]. 2019 Sep 24 "
        "[cited 2025 Jan 10]. Available from: "
        "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy",
        "Hansen K. Living with cancer. 2nd ed. Copenhagen: Example Press; 2018.",
        "Health Council. Cancer care in Europe. Brussels: Health Council; 2021 Aug. "
        "Report no.: 2021-07.",
    ]


def test_vancouver_entries_in_dutch() -> None:
    items = references()
    entries = format_references([items["alpha"], items["bravo"]], "nl")
    assert entries == [
        "Smith AJ, Jones P, de Vries A, Olsen M, Martin L, Khan S, e.a. Written information for "
        "patients before surgery. Br J Surg. 2020 mrt 15;107(4):345-52. doi:10.1002/bjs.11111",
        "National Cancer Institute. Immunotherapy to treat cancer [Internet]. 2019 sep 24 "
        "[geciteerd 2025 jan 10]. Beschikbaar op: "
        "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy",
    ]


def test_bibliography_links_dois_and_urls() -> None:
    items = references()
    library = ReferenceLibrary({"alpha": items["alpha"], "bravo": items["bravo"]})
    registry = CitationRegistry(library, "en")
    MarkdownRenderer({"citations": registry}).block("[@bravo; @alpha]", None)  # type: ignore[arg-type]
    first, second = registry.bibliography()
    assert (first.number, first.key, second.key) == (1, "bravo", "alpha")
    assert '<a href="https://doi.org/10.1002/bjs.11111">doi:10.1002/bjs.11111</a>' in second.html
    assert '<a href="https://www.cancer.gov/about-cancer/treatment/types/immunotherapy">' in (
        first.html
    )


# --- checks -------------------------------------------------------------------------------------


def test_unknown_key_is_an_error_at_its_place(sandbox: Project) -> None:
    folder = cited_project(sandbox)
    text = (folder / "nl.yaml").read_text().replace("[@delta]", "[@deltta]")
    (folder / "nl.yaml").write_text(text)
    with pytest.raises(ContentError) as caught:
        load_leaflet(folder)
    assert [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in caught.value.problems] == [
        "8:51: sections[1].body: unknown reference 'deltta'; did you mean 'delta'?"
    ]


def test_duplicate_reference_id(sandbox: Project) -> None:
    folder = cited_project(sandbox)
    (folder / "references.yaml").write_text("- id: echo\n  type: book\n  title: Again\n")
    with pytest.raises(ContentError) as caught:
        load_references(folder, load_yaml(folder / "leaflet.yaml"))
    (problem,) = caught.value.problems
    assert problem.path.endswith("references.yaml")
    assert (problem.line, problem.field) == (1, "references[1].id")
    assert problem.message.startswith("reference id 'echo' is already used at ")
    assert problem.message.endswith("leaflet.yaml:54:9")


def test_bad_reference_fields(sandbox: Project) -> None:
    folder = cited_project(sandbox)
    (folder / "references.json").write_text(
        '[{"id": "golf", "type": "journal", "title": "X", "DOI": "nope"}]'
    )
    with pytest.raises(ContentError) as caught:
        load_references(folder, load_yaml(folder / "leaflet.yaml"))
    assert [p.message for p in caught.value.problems] == [
        "'nope' is not a DOI such as '10.1056/…'",
        "'journal' is not a CSL type such as 'article-journal', 'webpage', 'book' or 'report'",
    ]


def test_bibtex_references_are_read(sandbox: Project) -> None:
    folder = cited_project(sandbox)
    (folder / "references.bib").write_text(
        "@book{hotel,\n  author = {Dahl, Eva},\n  title = {Cancer and you},\n"
        "  publisher = {Nordic Press},\n  address = {Oslo},\n  year = {2017}\n}\n"
    )
    library = load_references(folder, load_yaml(folder / "leaflet.yaml"))
    assert format_references([library.items["hotel"]], "en") == [
        "Dahl E. Cancer and you. Oslo: Nordic Press; 2017."
    ]


def test_warnings_for_uncited_and_unevenly_cited(sandbox: Project) -> None:
    folder = cited_project(sandbox)
    nl = (folder / "nl.yaml").read_text().replace(" [@foxtrot]", "")
    (folder / "nl.yaml").write_text(nl)
    with (folder / "leaflet.yaml").open("a") as stream:
        stream.write("  - {id: india, type: book, title: Never cited}\n")
    warnings = [w.message for w in load_leaflet(folder).warnings]
    assert warnings == [
        "reference 'india' is never cited",
        "'foxtrot' is cited in en but not in nl",
    ]


# --- end to end, from the PDF -------------------------------------------------------------------

EXPECTED_EN = [
    ("sentence", "1–3"),
    ("another", "4"),
    ("cancers", "5"),
    ("repeated", "1–3"),
    ("first", "1"),
    ("next", "3 (p. 12)"),
    ("studied", "2"),
    ("treatments", "6"),
]


def numbers_after(text: str, word: str) -> str:
    match = re.search(re.escape(word) + r"\s*([0-9–, ]+(?:\(p\. 12\))?)\s*\.", text)
    assert match, word
    return match.group(1).strip()


@pytest.mark.slow
def test_numbers_and_reference_list_in_two_languages(sandbox: Project) -> None:
    cited_project(sandbox)
    only = BuildOptions(out=sandbox.root / "dist", formats=["a4"], editions=["general"])
    result = build(sandbox, only)  # the two PDFs this test reads, not every format and edition
    assert result.errors == []
    en = single_line(sandbox.root / "dist/cited/cited.en.pdf")
    nl = single_line(sandbox.root / "dist/cited/cited.nl.pdf")
    assert [(w, numbers_after(en, w)) for w, _ in EXPECTED_EN] == EXPECTED_EN
    dutch_words = ["zin", "gemeld", "veranderen", "terugkomt", "eerste", "volgde", "onderzocht",
                   "behandelingen"]  # fmt: skip
    assert [numbers_after(nl, w) for w in dutch_words] == [n for _, n in EXPECTED_EN]
    # the reference list, numbered in order of first citation, under a localised heading
    for text, heading in ((en, "References"), (nl, "Bronnen")):
        listing = text[text.index(heading + " 1. ") :]
        order = [m.group(1) for m in re.finditer(r"\b(\d)\. (Smith|National|Hansen|Larsen|"
                                                 r"Meyer|Health)", listing)]  # fmt: skip
        assert order == ["1", "2", "3", "4", "5", "6"]
        assert re.findall(r"\d\. (Smith|National|Hansen|Larsen|Meyer|Health)", listing) == [
            "Smith", "National", "Hansen", "Larsen", "Meyer", "Health",
        ]  # fmt: skip
    assert "[cited 2025 Jan 10]" in en and "[geciteerd 2025 jan 10]" in nl
    # DOIs and web addresses in the list are links; citation numbers link to their entries
    reader = PdfReader(sandbox.root / "dist/cited/cited.en.pdf")
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    uris = {str(link["/A"]["/URI"]) for link in links if "/A" in link}
    assert "https://doi.org/10.1002/bjs.11111" in uris
    assert "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy" in uris
    targets = [str(link["/Dest"]) for link in links if "/Dest" in link]
    assert targets[:4] == ["ref-1", "ref-3", "ref-4", "ref-5"]
    # the footnote is lettered and sits at the foot of the page that refers to it
    first_page = " ".join(
        subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", str(sandbox.root / "dist/cited/cited.en.pdf"), "-"],
            capture_output=True, text=True, check=True,
        ).stdout.split()
    )  # fmt: skip
    assert "part of a wider groupa." in first_page
    note = first_page.index("a. The wider group is called immunotherapy.")
    assert first_page.index("They may join other treatments") < note < first_page.index("Page 1")


@pytest.mark.slow
def test_moving_a_paragraph_renumbers_everything(sandbox: Project) -> None:
    folder = cited_project(sandbox)
    text = (folder / "en.yaml").read_text()
    first, rest = text.split("  - heading: Long-term survival")
    head, why = first.split("sections:\n")
    last_heading = "  - heading: Which cancers"
    survival, which = rest.split(last_heading)
    moved = head + "sections:\n" + last_heading + which.rstrip("\n") + "\n"
    moved += why + "  - heading: Long-term survival" + survival
    (folder / "en.yaml").write_text(moved)
    options = BuildOptions(
        out=sandbox.root / "dist", languages=["en"], formats=["a4"], editions=["general"]
    )
    result = build(sandbox, options)
    assert result.errors == []
    en = single_line(sandbox.root / "dist/cited/cited.en.pdf")
    assert [numbers_after(en, w) for w in ("first", "next", "studied", "treatments", "sentence",
                                           "another", "cancers", "repeated")] == [
        "1", "2 (p. 12)", "3", "4", "1–3", "5", "6", "1–3",
    ]  # fmt: skip
    listing = en[en.index("References 1. ") :]
    assert re.findall(r"\d\. (Smith|National|Hansen|Larsen|Meyer|Health)", listing) == [
        "Smith", "Hansen", "National", "Health", "Larsen", "Meyer",
    ]  # fmt: skip
