"""Readability: hand-counted formula results per language, sections beyond target, targets."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from leafprint.checks.formulas import count_text, formula_for, split_sentences
from leafprint.checks.readability import (
    LanguageReport,
    language_reports,
    readability_problems,
    score_labels,
    target_for,
)
from leafprint.checks.textparts import markdown_blocks
from leafprint.commands.build import Project
from leafprint.content.brands import load_brand
from leafprint.content.leaflets import load_leaflet
from leafprint.content.models import ReadabilitySettings
from leafprint.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent

# Each sample: a heading, a paragraph of two sentences and a list item (four sentences).
# Syllables per word are counted by hand in the comments.
SAMPLES = {
    "en": [
        "When to call us",  # when1 to1 call1 us1 = 4
        # call1 the1 hos-pi-tal3 straight1 a-way2 if1 you1 have1 a1 fe-ver2 = 14
        # take1 your1 med-i-cine3 ev-ery2 day1 = 8
        "Call the hospital straight away if you have a fever. Take your medicine every day.",
        "diarrhoea or tummy pain",  # di-ar-rhoe-a4 or1 tum-my2 pain1 = 8
    ],
    "nl": [
        "Wat zijn bijwerkingen?",  # wat1 zijn1 bij-wer-kin-gen4 = 6
        # u1 krijgt1 het1 me-di-cijn3 vi-a2 een1 in-fuus2 = 11
        # bel1 me-teen2 als1 u1 koorts1 hebt1 = 7
        "U krijgt het medicijn via een infuus. Bel meteen als u koorts hebt.",
        "diarree of buikpijn",  # di-ar-ree3 of1 buik-pijn2 = 6
    ],
    "da": [
        "Hvornår skal du ringe?",  # hvor-når2 skal1 du1 rin-ge2 = 6
        # ring1 straks1 til1 ho-spi-ta-let4 hvis1 du1 får1 fe-ber2 = 12
        # tag1 din1 me-di-cin3 hver1 dag1 = 7
        "Ring straks til hospitalet, hvis du får feber. Tag din medicin hver dag.",
        "diarré eller mavesmerter",  # di-ar-ré3 el-ler2 ma-ve-smer-ter4 = 9
    ],
    "fr": [
        "Quand faut-il appeler ?",  # quand1 faut-il2 ap-pe-ler3 = 6
        # ap-pe-lez3 l'hô-pi-tal3 tout1 de1 suite1 si1 vous1 a-vez2 de1 la1 fièvre1 = 16
        # pre-nez2 vos1 mé-di-ca-ments4 chaque1 jour1 = 9
        "Appelez l'hôpital tout de suite si vous avez de la fièvre. "
        "Prenez vos médicaments chaque jour.",
        "diarrhée ou douleurs au ventre",  # diar-rhée2 ou1 dou-leurs2 au1 ventre1 = 7
    ],
    "de": [
        "Wann sollten Sie anrufen?",  # wann1 soll-ten2 Sie1 an-ru-fen3 = 7
        # ru-fen2 Sie1 so-fort2 im1 Kran-ken-haus3 an1 wenn1 Sie1 Fie-ber2 ha-ben2 = 16
        # neh-men2 Sie1 Ih-re2 Me-di-ka-men-te5 je-den2 Tag1 = 13
        "Rufen Sie sofort im Krankenhaus an, wenn Sie Fieber haben. "
        "Nehmen Sie Ihre Medikamente jeden Tag.",
        "Durchfall oder Bauchschmerzen",  # Durch-fall2 o-der2 Bauch-schmer-zen3 = 7
    ],
}
# words, sentences, syllables, long words (more than 6 letters), counted by hand
HAND_COUNTS = {
    "en": (23, 4, 34, 4),  # hospital straight medicine diarrhoea
    "nl": (19, 4, 30, 4),  # bijwerkingen medicijn diarree buikpijn
    "da": (20, 4, 34, 4),  # hvornår hospitalet medicin mavesmerter
    "fr": (24, 4, 38, 6),  # appeler appelez l'hôpital médicaments diarrhée douleurs
    "de": (23, 4, 43, 6),  # sollten anrufen Krankenhaus Medikamente Durchfall Bauchschmerzen
}
# The scores the published formulas give for the hand counts, worked out on paper:
# a wrong constant in formulas.py shows here.
EXPECTED = {
    "en": 75.9,  # Flesch (1948): 206.835 - 1.015 × 23/4 - 84.6 × 34/23
    "nl": 80.8,  # Douma (1960): 206.84 - 0.93 × 19/4 - 77 × 30/19
    "da": 25.0,  # LIX, Björnsson (1968): 20/4 + 100 × 4/20
    "fr": 84.4,  # Kandel & Moles (1958): 207 - 1.015 × 24/4 - 73.6 × 38/24
    "de": 64.9,  # Amstad (1978): 180 - 23/4 - 58.5 × 43/23
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_hand_counted_sample_gives_the_exact_formula_result(language: str) -> None:
    counts = count_text(SAMPLES[language], language)
    words, sentences, syllables, long_words = HAND_COUNTS[language]
    assert (len(counts.words), len(counts.sentences)) == (words, sentences)
    assert (counts.syllables, counts.long_words) == (syllables, long_words)
    formula = formula_for(language)
    assert formula is not None
    assert formula.score(counts) == EXPECTED[language]


def test_formula_names_and_fallbacks() -> None:
    names = {tag: getattr(formula_for(tag), "name", None) for tag in ("en", "nl-BE", "sv", "pl")}
    assert names == {
        "en": "Flesch Reading Ease",
        "nl-BE": "Flesch–Douma",
        "sv": "LIX",
        "pl": "LIX",
    }
    assert formula_for("zh") is None  # no spaces between words: nothing to count


def test_sentences_end_at_full_stops_but_not_at_abbreviations_or_decimals() -> None:
    text = "Take it e.g. with food. A fever of 38.5 °C is high! Call Dr. Jansen. really?"
    assert split_sentences(text) == [
        "Take it e.g. with food.",
        "A fever of 38.5 °C is high!",
        "Call Dr. Jansen. really?",
    ]


def test_markdown_blocks_drop_citations_and_keep_list_items_and_footnotes() -> None:
    text = (
        "It works [@hodi2010]. Ask us[^a].\n\n- **tiredness**;\n- a rash\n\n[^a]: Footnote text.\n"
    )
    assert markdown_blocks(text) == [
        "It works. Ask us.",
        "tiredness;",
        "a rash",
        "Footnote text.",
    ]


def test_targets_come_from_defaults_and_the_brand() -> None:
    settings = ReadabilitySettings(targets={"nl": 60, "en": None, "ar": 40, "fr-CA": 65})
    assert target_for("nl", settings) == 60
    assert target_for("nl-BE", settings) == 60
    assert target_for("en", settings) is None
    assert target_for("da", settings) == 35
    assert target_for("de", settings) == 70
    assert target_for("fr-CA", settings) == 65
    assert target_for("fr", settings) == 70
    assert target_for("pl", settings) is None


META = """\
code: TST-001
version: "1.0"
brand: {brand}
source_language: en
languages: [en]
published: 2025-01-01
reviewed: 2025-06-01
next_review: 2028-01-01
owner: Test department
authors:
  - name: A. Author
"""
HARD_SECTION = """\
title: A test leaflet
summary: A short summary.
sections:
  - heading: Easy part
    body: |
      We will call you. You can ask us. Bring a friend if you like. It is fine.
  - heading: Treatment considerations
    body: |
      Immunotherapeutic interventions necessitate comprehensive evaluation of
      individual physiological characteristics. Administration frequently
      occurs intravenously. Consequently, haematological investigations
      accompany every administration, alongside systematic documentation of
      unanticipated inflammatory complications affecting respiratory,
      gastrointestinal, endocrinological or dermatological functioning.
"""


def add_leaflet(project: Project, text: str, brand: str = "westerhaven") -> Path:
    folder = project.leaflets / "test"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "leaflet.yaml").write_text(META.format(brand=brand), encoding="utf-8")
    (folder / "en.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_section_written_too_hard_is_a_warning_with_its_longest_sentences(
    sandbox: Project,
) -> None:
    folder = add_leaflet(sandbox, HARD_SECTION)
    brand = load_brand(sandbox.styles, "westerhaven")
    settings = brand.meta.model_copy(update={"readability": ReadabilitySettings(min_words=10)})
    brand = type(brand)(brand.id, brand.folder, settings, brand.contacts)
    problems = readability_problems(load_leaflet(folder), brand)
    assert [str(problem) for problem in problems] == [
        f"{folder / 'en.yaml'}:7:14: PL101 sections[2]: 'Treatment considerations' scores "
        'Flesch -157.4, beyond the en target ≥ 70; longest sentences: "Consequently, '
        "haematological investigations accompany every administration, alongside systematic "
        'documentation of unanticipated inflammatory complications affe…" (20 words); '
        '"Immunotherapeutic interventions necessitate comprehensive evaluation of individual '
        'physiological characteristics." (9 words); longest words: Immunotherapeutic, '
        "endocrinological, gastrointestinal",
        f"{folder / 'en.yaml'}:11:14: PL102 sections[2].body: 'intravenously' is a medical "
        "term many readers do not know: where it first appears, write 'drip' or 'vein', or "
        "explain it with that word nearby",
        f"{folder / 'en.yaml'}:11:43: PL102 sections[2].body: 'haematological' is a medical "
        "term many readers do not know: where it first appears, write 'blood', or explain it "
        "with that word nearby",
        f"{folder / 'en.yaml'}:14:7: PL102 sections[2].body: 'gastrointestinal' is a medical "
        "term many readers do not know: where it first appears, write 'stomach' or 'bowel' or "
        "'gut', or explain it with that word nearby",
    ]


def test_a_section_may_record_a_known_exception_and_no_longer_warns(sandbox: Project) -> None:
    reason = "medical terms the reader needs, each explained in the text"
    text = HARD_SECTION.replace(
        "  - heading: Treatment considerations\n",
        f'  - heading: Treatment considerations\n    readability: {{accept: "{reason}"}}\n',
    )
    folder = add_leaflet(sandbox, text)
    brand = load_brand(sandbox.styles, "westerhaven")
    settings = brand.meta.model_copy(update={"readability": ReadabilitySettings(min_words=10)})
    brand = type(brand)(brand.id, brand.folder, settings, brand.contacts)
    leaflet = load_leaflet(folder)
    codes = [problem.code for problem in readability_problems(leaflet, brand)]
    assert codes == ["PL102", "PL102", "PL102"]  # the words are still named
    english = language_reports(leaflet, brand)["en"]
    assert [english.part_verdict(p) for p in english.parts] == ["too short", "ok", "accepted"]
    assert english.parts[2].part.accepted == reason


def test_a_known_exception_needs_its_reason(sandbox: Project) -> None:
    text = HARD_SECTION.replace(
        "  - heading: Easy part\n", "  - heading: Easy part\n    readability: {accept: }\n"
    )
    folder = add_leaflet(sandbox, text)
    with pytest.raises(ContentError) as caught:
        load_leaflet(folder)
    assert [str(p).replace(str(folder) + "/", "") for p in caught.value.problems] == [
        "en.yaml:5:27: sections[1].readability.accept: say why this section may stay beyond the "
        'readability target, e.g. readability: {accept: "names the treatments one by one"}'
    ]


def test_short_parts_get_a_score_but_no_verdict(sandbox: Project) -> None:
    folder = add_leaflet(sandbox, HARD_SECTION)
    report = language_reports(load_leaflet(folder), load_brand(sandbox.styles, "westerhaven"))
    english = report["en"]
    rows = [(p.part.name, len(p.counts.words), english.part_verdict(p)) for p in english.parts]
    assert rows == [
        ("Title and summary", 6, "too short"),
        ("Easy part", 19, "too short"),
        ("Treatment considerations", 35, "too short"),
    ]
    assert readability_problems(load_leaflet(folder), load_brand(sandbox.styles, "westerhaven"))


def test_brand_targets_are_validated_at_their_place(sandbox: Project) -> None:
    brand_file = sandbox.styles / "westerhaven" / "brand.yaml"
    text = brand_file.read_text(encoding="utf-8")
    brand_file.write_text(text + "readability:\n  targets: {nl: high}\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_brand(sandbox.styles, "westerhaven")
    line = text.count("\n") + 2
    assert [str(p) for p in caught.value.problems] == [
        f"{brand_file}:{line}:17: readability.targets.nl: Input should be a valid number, "
        "unable to parse string as a number"
    ]


def test_a_brand_target_changes_the_verdict(sandbox: Project) -> None:
    folder = add_leaflet(sandbox, HARD_SECTION.replace("A short summary.", "We can help. " * 40))
    brand_file = sandbox.styles / "westerhaven" / "brand.yaml"
    text = brand_file.read_text(encoding="utf-8")
    leaflet = load_leaflet(folder)
    before = language_reports(leaflet, load_brand(sandbox.styles, "westerhaven"))["en"]
    brand_file.write_text(text + "readability:\n  targets: {en: 120}\n", encoding="utf-8")
    after = language_reports(leaflet, load_brand(sandbox.styles, "westerhaven"))["en"]
    assert (before.target, before.part_verdict(before.parts[0])) == (70, "ok")
    assert (after.target, after.part_verdict(after.parts[0])) == (120, "beyond target")
    # 123 words ("A test leaflet" + 40 × "We can help."), 41 sentences, 124 syllables
    assert before.parts[0].score == after.parts[0].score == 118.5


# --- the example leaflets --------------------------------------------------------------------


def readme_section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"## {title}")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end > 0 else None]


def example_reports() -> dict[str, dict[str, LanguageReport]]:
    reports: dict[str, dict[str, LanguageReport]] = {}
    for folder in sorted(p.parent for p in (ROOT / "leaflets").glob("*/leaflet.yaml")):
        leaflet = load_leaflet(folder)
        brand = load_brand(ROOT / "styles", leaflet.meta.brand)
        reports[leaflet.slug] = dict(language_reports(leaflet, brand))
    return reports


def test_readme_lists_the_real_scores_and_every_known_exception() -> None:
    section = readme_section("Plain language")
    scores = set(re.findall(r"^\| `([\w-]+)` \| (\w+) \| ([\w–]+) ([\d.]+) \|", section, re.M))
    exceptions = set(
        re.findall(
            r"^\| `([\w-]+)` \| (\w+) \| (.+?) \| ([\d.]+) \| known exception", section, re.M
        )
    )
    real_scores: set[tuple[str, str, str, str]] = set()
    real_exceptions: set[tuple[str, str, str, str]] = set()
    for slug, reports in example_reports().items():
        for language, report in reports.items():
            formula = report.formula
            assert formula is not None
            real_scores.add((slug, language, formula.short, f"{report.score:.1f}"))
            for scored in report.parts:  # beyond target, and recorded as known exceptions
                if report.part_verdict(scored) in {"beyond target", "accepted"}:
                    real_exceptions.add((slug, language, scored.part.name, f"{scored.score:.1f}"))
    assert scores == real_scores
    assert exceptions == real_exceptions


def test_one_score_per_language_for_the_status_table() -> None:
    leaflet = load_leaflet(ROOT / "leaflets" / "immuno-oncology-guide")
    labels = score_labels(leaflet, load_brand(ROOT / "styles", "lumen"))
    assert labels == {"da": "LIX 36.7 (target ≤ 35)", "en": "Flesch 66.1 (target ≥ 70)"}
    leaflet = load_leaflet(ROOT / "leaflets" / "immunotherapy")
    labels = score_labels(leaflet, load_brand(ROOT / "styles", "westerhaven"))
    assert labels == {
        "nl": "Douma 71.2",
        "en": "Flesch 71.4",
        "da": "LIX 30.8",
        "fr": "Kandel–Moles 73.3",
        "ar": "LIX 23.0",
    }


def test_readme_example_warning_is_real() -> None:
    example = re.search(r"^(leaflets/\S+ PL101 .*)$", readme_section("Plain language"), re.M)
    assert example is not None
    leaflet = load_leaflet(ROOT / "leaflets" / "immunotherapy")
    english = leaflet.versions["en"]
    assert english.text.sections[0].readability is not None  # a known exception: quiet
    assert not readability_problems(leaflet, load_brand(ROOT / "styles", "westerhaven"), ["en"])
    sections = [s.model_copy(update={"readability": None}) for s in english.text.sections]
    text = english.text.model_copy(update={"sections": sections})
    leaflet.versions["en"] = dataclasses.replace(english, text=text)  # without its note
    problems = readability_problems(leaflet, load_brand(ROOT / "styles", "westerhaven"), ["en"])
    relative = [str(problem).replace(str(ROOT) + "/", "") for problem in problems]
    assert example.group(1) in relative


# --- the readability command -----------------------------------------------------------------


def run_cli(project: Project, *args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from leafprint.cli import cli

    result = CliRunner().invoke(
        cli, ["--project", str(project.root), *args], env={"COLUMNS": "120"}
    )
    return result.exit_code, result.stdout, result.stderr


def test_the_readability_command_prints_a_table_per_section(sandbox: Project) -> None:
    folder = add_leaflet(sandbox, HARD_SECTION.replace("A short summary.", "We can help. " * 40))
    code, out, err = run_cli(sandbox, "readability", "test", "--lang", "en")
    assert code == 0
    rows = [
        [cell.strip() for cell in line.strip("│ ").split("│")]
        for line in out.splitlines()
        if line.startswith("│") and "Section" not in line
    ]
    assert rows == [
        ["Title and summary", "123", "41", "118.5", "≥ 70", "ok"],
        ["Easy part", "19", "5", "113.9", "≥ 70", "too short"],  # 20 syllables
        ["Treatment considerations", "35", "4", "-157.4", "≥ 70", "too short"],  # 147
        ["Whole leaflet", "177", "50", "64.2", "≥ 70", "beyond target"],  # 124 + 20 + 147
    ]
    assert out.splitlines()[0].strip() == "test · en · Flesch Reading Ease"
    assert f"{folder / 'en.yaml'}:11:14: PL102 sections[2].body: 'intravenously'" in err


def test_the_readability_command_reports_an_unknown_language(sandbox: Project) -> None:
    folder = add_leaflet(sandbox, HARD_SECTION)
    code, out, err = run_cli(sandbox, "readability", "test", "--lang", "nl")
    assert (code, out) == (1, "")
    assert err == (
        f"{folder / 'leaflet.yaml'}:1:1: languages: leaflet 'test' has no language 'nl' "
        "(it has: en)\n"
        "hint: fix each file at the line and column named, then run the command again\n"
    )


def test_a_zero_width_non_joiner_is_part_of_a_persian_word() -> None:
    counts = count_text(["نکته‌های اصلی را می‌خوانم."], "fa")
    assert counts.words == ("نکته‌های", "اصلی", "را", "می‌خوانم")
