"""What an assessor asks for, on the examples: quality records, sources, urgent routes,
verified contacts; and where they are printed (PDF and web page)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from helpers import META, SIGNED, copy_example, findings, invoke, leaflet, pdf_text
from leafprint.checks.check import Checker
from leafprint.commands.build import BuildResult, Project
from leafprint.content.leaflets import load_leaflet


def example(project: Project, slug: str) -> Path:
    """A copy of the example leaflet *slug* in the sandbox."""
    return copy_example(slug, project.leaflets)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_block(path: Path, key: str) -> None:
    """Remove the top-level *key* and its indented lines from a YAML file."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"^{key}:.*\n(?:[ ].*\n)*", "", text, flags=re.M), encoding="utf-8")


def test_the_examples_pass_every_new_rule(project: Project) -> None:
    report = findings(project, "LP4") + findings(project, "LP6") + findings(project, "LP11")
    assert report == []


# --- records (LP601–LP605, LP215) ------------------------------------------------------------


def test_lp601_lp603_user_testing_and_sponsorship_required_by_the_brand(sandbox: Project) -> None:
    meta = example(sandbox, "immunotherapy") / "leaflet.yaml"
    drop_block(meta, "user_testing")
    drop_block(meta, "sponsorship")
    assert findings(sandbox, "LP60") == [
        "leaflets/immunotherapy/leaflet.yaml:1:1: warning LP601 user_testing: no user testing "
        "record (required by westerhaven before final output): add user_testing: [{version, "
        "date, participants, who, method, changed}]",
        "leaflets/immunotherapy/leaflet.yaml:1:1: warning LP603 sponsorship: no sponsorship "
        "record (required by westerhaven before final output): add sponsorship: {funding, "
        "competing_interests} (write none if none)",
    ]


def test_lp602_each_translation_has_a_quality_check_of_its_version(sandbox: Project) -> None:
    meta = example(sandbox, "immunotherapy") / "leaflet.yaml"
    edit(meta, '  - {language: ar, version: "2.1"', '  - {language: ar, version: "2.0"')
    assert findings(sandbox, "LP60") == [
        "leaflets/immunotherapy/ar.yaml:1:18: warning LP602 translated_from: the ar translation "
        "of version 2.1 has no quality check (required by westerhaven before final output): add "
        '{language: ar, version: "2.1", by, method, date} to translation_checks in leaflet.yaml'
    ]


def test_lp604_the_brand_has_a_disclaimer(sandbox: Project) -> None:
    example(sandbox, "immunotherapy")
    drop_block(sandbox.styles / "westerhaven" / "brand.yaml", "disclaimer")
    assert findings(sandbox, "LP604") == [
        "styles/westerhaven/brand.yaml:2:1: warning LP604 disclaimer: no disclaimer (required by "
        "westerhaven before final output): add disclaimer: (one text, or one per language)"
    ]


def test_lp605_records_are_not_dated_after_today(sandbox: Project) -> None:
    meta = example(sandbox, "metastases-treatment") / "leaflet.yaml"
    edit(meta, "    date: 2026-01-08\n", "    date: 2027-01-08\n")
    edit(meta, "{language: en, version", "{language: nl, version")
    assert findings(sandbox, "LP605") == [
        "leaflets/metastases-treatment/leaflet.yaml:42:11: error LP605 user_testing[1].date: "
        "record dated 2027-01-08, after today (2026-12-02)",
        "leaflets/metastases-treatment/leaflet.yaml:48:16: error LP605 "
        "translation_checks[1].language: 'nl' is not a translation of this leaflet",
    ]


def test_lp215_final_output_needs_the_records(sandbox: Project) -> None:
    folder = example(sandbox, "metastases-treatment")
    drop_block(folder / "leaflet.yaml", "user_testing")
    checker = Checker(sandbox.root)
    loaded = load_leaflet(folder)
    brand = checker.brand(loaded)
    refused = checker.refusal(loaded, brand, "en", "a4", final=True)
    root = str(sandbox.root) + "/"
    assert str(refused).replace(root, "") == (
        "leaflets/metastases-treatment/leaflet.yaml:2:10: error LP215 version: no user testing "
        "record (required by westerhaven): final output refused"
    )
    assert checker.refusal(loaded, brand, "en", "a4", final=False) is None


def test_the_review_pack_shows_every_record(project: Project, tmp_path: Path) -> None:
    code, _, err = invoke(
        project, "evidence", "immunotherapy", "--today", "2026-12-02", "--out", str(tmp_path)
    )
    assert (code, err) == (0, "")
    rows = list(
        csv.reader(
            io.StringIO((tmp_path / "immunotherapy-evidence.csv").read_text(encoding="utf-8"))
        )
    )
    kinds = {row[0] for row in rows}
    assert {"change", "sign-off", "user testing", "translation check", "sponsorship"} <= kinds
    assert ["translation check", "ar, version 2.1", "2026-03-02",
            "back-translation by N. Haddad (hospital interpreter)"] in rows  # fmt: skip
    markdown = (tmp_path / "immunotherapy-evidence.md").read_text(encoding="utf-8")
    for title in ("## Version history", "## Sign-offs", "## User testing",
                  "## Translation checks", "## Sponsorship and competing interests",
                  "## Disclaimer"):  # fmt: skip
        assert title in markdown
    assert (
        "| version 2.1 | 2026-01-20 | 8 people (six patients of the oncology day unit" in markdown
    )


# --- urgent routes and contacts (LP405–LP407) --------------------------------------------------


URGENT_CALLOUT = """\
    callouts:
      - kind: urgent
        title: Call at once
        body: Call at once if you have a high fever.
"""


def test_lp405_an_urgent_callout_needs_a_number_to_call(sandbox: Project) -> None:
    text = example(sandbox, "refractory-cancer") / "en.yaml"
    edit(
        text,
        "  - heading: What is refractory cancer?\n",
        "  - heading: What is refractory cancer?\n" + URGENT_CALLOUT,
    )
    assert findings(sandbox, "LP405") == [
        "leaflets/refractory-cancer/en.yaml:15:9: error LP405 sections[1].callouts[1]: an urgent "
        "callout prints no number to call in the edition general ('helpline'): give the callout a "
        "number (number: +31 20 555 0199) or the contact an urgent route"
    ]
    edit(
        text,
        "        title: Call at once\n",
        '        title: Call at once\n        number: "+45 70 55 01 12"\n',
    )
    assert findings(sandbox, "LP405") == []


def test_lp406_an_urgent_route_says_when_it_answers(sandbox: Project) -> None:
    example(sandbox, "immunotherapy")
    contacts = sandbox.styles / "westerhaven" / "contacts.yaml"
    edit(
        contacts,
        '      number: "+31 20 555 0199"\n      hours:\n',
        '      number: "+31 20 555 0199"\n      notes:\n',
    )
    edit(contacts, "      notes:\n", "      hours_removed:\n")
    text = contacts.read_text(encoding="utf-8")
    text = re.sub(r"      hours_removed:\n(?:        .*\n)+", "", text, count=1)
    contacts.write_text(text, encoding="utf-8")
    assert findings(sandbox, "LP406") == [
        "styles/westerhaven/contacts.yaml:34:7: error LP406 contacts.oncology.urgent: the urgent "
        "route of 'oncology' does not say when it answers: add hours (e.g. 24 hours a day, 7 "
        "days a week)"
    ]


def test_lp407_contact_details_verified_within_the_brands_interval(sandbox: Project) -> None:
    example(sandbox, "refractory-cancer")
    contacts = sandbox.styles / "lumen" / "contacts.yaml"
    edit(contacts, "    verified: 2026-11-17", "    verified: 2025-10-01")
    assert findings(sandbox, "LP407") == [
        "styles/lumen/contacts.yaml:6:15: warning LP407 contacts.helpline.verified: the details "
        "of 'helpline' were last checked on 2025-10-01; call the numbers, check the addresses "
        "and set verified: 2026-12-02 (at least every 12 months)"
    ]


# --- sources (LP610–LP613, LP617) ------------------------------------------------------------


def test_lp610_sources_listed_or_on_request(sandbox: Project) -> None:
    leaflet(sandbox, "unsourced", meta=META + SIGNED.replace("references: on_request\n", ""))
    assert findings(sandbox, "LP61") == [
        "leaflets/unsourced/leaflet.yaml:1:1: warning LP610 references: no sources: list at "
        "least one under references, or write references: on_request (the leaflet then says "
        "they are available on request)"
    ]


def test_lp611_lp612_lp613_web_sources_dated_and_sources_not_too_old(sandbox: Project) -> None:
    meta = example(sandbox, "immunotherapy") / "leaflet.yaml"
    edit(sandbox.leaflets / "references.yaml", "  accessed: {date-parts: [[2026, 2, 2]]}\n", "")
    edit(meta, "issued: {date-parts: [[2018, 1, 11]]}", "issued: {date-parts: [[1985, 1, 11]]}")
    other = example(sandbox, "metastases-treatment") / "leaflet.yaml"
    edit(other, "accessed: {date-parts: [[2026, 1, 12]]}", "accessed: {date-parts: [[2025, 3, 1]]}")
    assert findings(sandbox, "LP61") == [
        "leaflets/immunotherapy/leaflet.yaml:69:9: warning LP612 references[1].id: source "
        "'postow2018' is from 1985, more than 20 years before the last review (2026-02-10): look "
        "for newer evidence (review.source_years)",
        "leaflets/metastases-treatment/leaflet.yaml:53:9: warning LP613 references[1].id: web "
        "source 'nci-metastatic' was last looked at on 2025-03-01, before version 1.2 was "
        "written (2026-01-06): check it again and update accessed",
        "leaflets/references.yaml:2:7: error LP611 references[1].id: web source "
        "'nci-immunotherapy' has no access date: add accessed: {date-parts: [[2026, 12, 2]]}",
    ]


def test_citation_warnings_have_codes_a_brand_can_raise(sandbox: Project) -> None:
    meta = example(sandbox, "immunotherapy") / "leaflet.yaml"
    edit(meta, "references:\n", "references:\n  - {id: unused2020, type: book, title: Unused}\n")
    assert findings(sandbox, "LP617") == [
        "leaflets/immunotherapy/leaflet.yaml:69:10: warning LP617 references[1].id: reference "
        "'unused2020' is never cited"
    ]
    with (sandbox.styles / "westerhaven" / "brand.yaml").open("a") as brand:
        brand.write("rules: {LP617: error}\n")
    assert findings(sandbox, "LP617")[0].split(": ")[1] == "error LP617 references[1].id"


# --- summary, placeholders, review cap (LP112, LP113, LP201) -------------------------------------


def test_lp112_a_summary_of_more_than_three_sentences(sandbox: Project) -> None:
    text = example(sandbox, "metastases-treatment") / "en.yaml"
    edit(text, "These are called metastases.", "These are called metastases. They can grow.")
    assert findings(sandbox, "LP112") == [
        "leaflets/metastases-treatment/en.yaml:4:10: warning LP112 summary: the summary has 4 "
        "sentences; say what the leaflet is about in at most 3 and move the rest to a section"
    ]


def test_lp113_words_from_leafprint_new_are_refused(sandbox: Project) -> None:
    meta = example(sandbox, "metastases-treatment") / "leaflet.yaml"
    edit(meta, "  - {name: ", "  - {name: Your name, role: Your role}\n  - {name: ")
    found = findings(sandbox, "LP113")
    assert found[:2] == [
        "leaflets/metastases-treatment/leaflet.yaml:12:12: error LP113 authors[1].name: 'Your "
        "name' is an example from leafprint new: write the real text",
        "leaflets/metastases-treatment/leaflet.yaml:12:29: error LP113 authors[1].role: 'Your "
        "role' is an example from leafprint new: write the real text",
    ]


def test_the_review_interval_is_capped_at_five_years(sandbox: Project) -> None:
    example(sandbox, "immunotherapy")
    brand = sandbox.styles / "westerhaven" / "brand.yaml"
    edit(brand, "review: {max_years: 3,", "review: {max_years: 10,")
    assert findings(sandbox, "") == [
        "styles/westerhaven/brand.yaml:29:21: error review.max_years: Input should be less than "
        "or equal to 5"
    ]


# --- printed: audience, statements, the other-formats offer, the emergency number ---------------


@pytest.mark.slow
def test_audience_offer_statements_and_emergency_number_in_pdf_and_web(
    project: Project, examples: BuildResult
) -> None:
    [output] = [o for o in examples.outputs if (o.slug, o.language) == ("immunotherapy", "en")]
    pdf = " ".join(pdf_text(output.path).split())
    site = output.path.parent.parent / "leaflets.westerhaven.example.org"
    web = (site / "immunotherapy/en/index.html").read_text(encoding="utf-8")
    web_text = " ".join(re.sub(r"<[^>]+>", "", web).split())
    for text in (pdf, web_text):
        assert (
            "Who this leaflet is for: Adults with cancer who are offered immunotherapy, and their "
            "families" in text
        )
        assert (
            "You can also ask for it in braille, as audio, in easy read or in another language. "
            "To ask, call +31 20 555 0140 or e-mail oncologie@westerhaven.example.org." in text
        )
        assert "This leaflet gives general information." in text
        assert "No company or other outside body paid for this leaflet." in text
        assert "The makers of this leaflet have no competing interests." in text
        assert "In a life-threatening emergency, call 112." in text
    assert pdf.index("Who this leaflet is for") < pdf.index("In short")
