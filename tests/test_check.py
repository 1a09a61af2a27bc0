"""leafprint check: every rule with a leaflet that triggers it, at its exact place."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import (
    DUTCH,
    META,
    SIGNED,
    TEXT,
    TODAY,
    add_leaflet,
    copy_example,
    findings,
    leaflet,
    pdf_text,
    translated,
)
from leafprint.commands.build import BuildOptions, Project, build
from leafprint.content.leaflets import load_leaflet
from leafprint.content.translations import diff, mark_current
from leafprint.publish.status import status_rows


def block(markdown: str) -> str:
    """A section body as a literal block (indented under `body: |`)."""
    return "|\n" + "".join(f"      {line}\n" if line else "\n" for line in markdown.splitlines())


# --- LP1xx content and structure ------------------------------------------------------------


def test_a_signed_leaflet_with_a_contact_has_no_findings(sandbox: Project) -> None:
    leaflet(sandbox, "clean")
    assert findings(sandbox) == []


def test_lp101_codes_are_unique(sandbox: Project) -> None:
    leaflet(sandbox, "one", meta=META.replace("TST-001", "DUP-001") + SIGNED)
    leaflet(sandbox, "two", meta=META.replace("TST-001", "DUP-001") + SIGNED)
    assert findings(sandbox, "LP101") == [
        "leaflets/one/leaflet.yaml:1:7: error LP101 code: code DUP-001 is also used by "
        "leaflets/two/leaflet.yaml:1; every leaflet needs its own code",
        "leaflets/two/leaflet.yaml:1:7: error LP101 code: code DUP-001 is also used by "
        "leaflets/one/leaflet.yaml:1; every leaflet needs its own code",
    ]


def test_lp102_image_without_alt_text(sandbox: Project) -> None:
    folder = leaflet(sandbox, "pic", "See ![](images/arm.svg) here.")
    (folder / "images").mkdir()
    (folder / "images" / "arm.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8"
    )
    assert findings(sandbox, "LP102") == [
        "leaflets/pic/en.yaml:5:15: error LP102 sections[1].body: image images/arm.svg has no "
        "alternative text: write ![what it shows](images/arm.svg)"
    ]


def test_lp103_lp104_heading_levels(sandbox: Project) -> None:
    leaflet(sandbox, "heads", block("# Second title\n\nText.\n\n### Fine\n\n##### Too deep\n"))
    assert findings(sandbox, "LP10") == [
        "leaflets/heads/en.yaml:6:7: error LP103 sections[1].body: heading 'Second title' is "
        "level 1, as high as the leaflet's own headings; headings in a text start at level 3: "
        "### heading",
        "leaflets/heads/en.yaml:12:7: error LP104 sections[1].body: heading 'Too deep' jumps "
        "from level 3 to level 5; use level 4 (####)",
    ]


def test_lp105_vague_link_text(sandbox: Project) -> None:
    leaflet(sandbox, "links", "For more, [click here](https://www.example.org/more).")
    assert findings(sandbox, "LP105") == [
        "leaflets/links/en.yaml:5:21: warning LP105 sections[1].body: link text 'click here' "
        "says nothing out of context; name where it leads"
    ]


def test_lp106_empty_section_and_lp107_placeholder(sandbox: Project) -> None:
    text = TEXT.replace("Some text with <script>alert(1)</script> in it.", '"..."')
    text += "  - heading: Later\n    body: TODO write this\n"
    add_leaflet(sandbox, "empty", META + SIGNED, text)
    assert findings(sandbox, "LP10") == [
        "leaflets/empty/en.yaml:5:11: error LP106 sections[1].body: section 'First heading' "
        "has no text",
        "leaflets/empty/en.yaml:7:11: warning LP107 sections[2].body: placeholder 'TODO' left "
        "in the text",
    ]


def test_lp108_lp109_lp110_addresses_and_numbers(sandbox: Project) -> None:
    body = (
        "See [our site](htps://www.example.org) or [the ward](https://ward), mail "
        "jan@example or call +31 20 555."
    )
    leaflet(sandbox, "addresses", body)
    assert findings(sandbox, "LP1") == [
        "leaflets/addresses/en.yaml:5:26: error LP108 sections[1].body: "
        "'htps://www.example.org' is not a web address such as https://www.example.org/page",
        "leaflets/addresses/en.yaml:5:64: error LP108 sections[1].body: 'https://ward' is not "
        "a web address such as https://www.example.org/page",
        "leaflets/addresses/en.yaml:5:84: error LP109 sections[1].body: 'jan@example' is not "
        "an e-mail address such as name@example.org",
        "leaflets/addresses/en.yaml:5:104: error LP110 sections[1].body: '+31 20 555' is not a "
        "valid phone number in international form, e.g. +31 20 555 0140",
    ]


# --- LP2xx review lifecycle and sign-offs ------------------------------------------------------


def test_lp111_a_text_per_language_covers_every_language(sandbox: Project) -> None:
    meta = META.replace("owner: Test department", "owner: {nl: Testafdeling}").replace(
        "authors: [{name: A. Author}]", "authors: [{name: A. Author, role: {en: nurse}}]"
    )
    leaflet(sandbox, "local", meta=meta + SIGNED)
    assert findings(sandbox, "LP111") == [
        "leaflets/local/leaflet.yaml:9:8: error LP111 owner: no text in en: give one per "
        "language (en), or one text for all"
    ]


def test_lp201_review_interval_capped_by_the_brand(sandbox: Project) -> None:
    leaflet(
        sandbox,
        "long",
        meta=META.replace("next_review: 2028-01-01", "next_review: 2037-06-01") + SIGNED,
    )
    assert findings(sandbox, "LP2") == [
        "leaflets/long/leaflet.yaml:8:14: error LP201 next_review: next review 2037-06-01 is "
        "12.0 years after the last review (2025-06-01); westerhaven allows at most 3 years "
        "(review.max_years)"
    ]


def test_lp202_overdue_and_lp203_due_soon(sandbox: Project) -> None:
    leaflet(sandbox, "late")
    assert findings(sandbox, "LP2", today=dt.date(2028, 1, 2)) == [
        "leaflets/late/leaflet.yaml:8:14: error LP202 next_review: review overdue since "
        "2028-01-01: review the leaflet, record an extension (extension: {by, reason, until}) "
        "or withdraw it"
    ]
    assert findings(sandbox, "LP2", today=dt.date(2027, 11, 15)) == [
        "leaflets/late/leaflet.yaml:8:14: warning LP203 next_review: review due on 2028-01-01, "
        "in 47 days"
    ]


EXTENSION = "extension: {by: Dr. C, reason: waiting for a new guideline, until: %s}\n"


def test_an_extension_postpones_the_review_for_at_most_a_year(sandbox: Project) -> None:
    leaflet(sandbox, "extended", meta=META + SIGNED + EXTENSION % "2028-09-01")
    assert findings(sandbox, "LP2", today=dt.date(2028, 3, 1)) == []
    assert findings(sandbox, "LP2", today=dt.date(2028, 9, 2)) == [
        "leaflets/extended/leaflet.yaml:8:14: error LP202 next_review: its extension ran out "
        "on 2028-09-01: review the leaflet, record an extension (extension: {by, reason, "
        "until}) or withdraw it"
    ]


def test_lp204_extension_longer_than_a_year(sandbox: Project) -> None:
    leaflet(sandbox, "too-long", meta=META + SIGNED + EXTENSION % "2029-03-01")
    assert findings(sandbox, "LP20", today=dt.date(2028, 3, 1)) == [
        "leaflets/too-long/leaflet.yaml:8:14: error LP202 next_review: review overdue since "
        "2028-01-01: review the leaflet, record an extension (extension: {by, reason, until}) "
        "or withdraw it",
        "leaflets/too-long/leaflet.yaml:24:68: error LP204 extension.until: an extension may "
        "last at most one year after next_review 2028-01-01 (until 2029-01-01 at the latest)",
    ]


def test_lp210_missing_signoffs_make_a_draft_and_lp211_future_dates(sandbox: Project) -> None:
    meta = META + SIGNED.replace("date: 2025-05-21", "date: 2027-01-05").replace(
        "role: clinical-reviewer", "role: information-lead"
    )
    leaflet(sandbox, "unsigned", meta=meta)
    assert findings(sandbox, "LP21") == [
        "leaflets/unsigned/leaflet.yaml:15:3: warning LP210 approvals: version 1.0 has no "
        "sign-off by clinical-reviewer (required by westerhaven); it builds only as a draft",
        "leaflets/unsigned/leaflet.yaml:16:68: error LP211 approvals[2].date: sign-off dated "
        "2027-01-05, after today (2026-12-02)",
    ]


UNLOGGED = SIGNED.split("changes:")[0]  # signed, without a change log
CHANGE = '  - {version: "%s", date: %s, summary: %s, approved_by: Dr. C}\n'


def test_lp205_the_current_version_has_a_change_log_entry(sandbox: Project) -> None:
    leaflet(sandbox, "unlogged", meta=META + UNLOGGED)
    older = "changes:\n" + CHANGE % ("0.9", "2025-03-01", "First draft")
    leaflet(sandbox, "older", meta=META + UNLOGGED + older)
    assert findings(sandbox, "LP205") == [
        "leaflets/older/leaflet.yaml:18:3: warning LP205 changes: version 1.0 has no entry in "
        'the change log: add {version: "1.0", date, summary, approved_by} to changes',
        "leaflets/unlogged/leaflet.yaml:2:10: warning LP205 version: version 1.0 has no entry "
        'in the change log: add {version: "1.0", date, summary, approved_by} to changes',
    ]


def test_lp206_lp207_change_log_versions_once_and_dates_rising(sandbox: Project) -> None:
    log = "".join(
        CHANGE % entry
        for entry in [
            ("0.9", "2025-03-01", "First draft"),
            ("1.0", "2025-05-12", "First edition"),
            ("0.10", "2025-02-01", "Second draft"),
            ("1.0", "2025-05-13", "Typo"),
            ("1.1", "2025-05-14", "Not yet"),
        ]
    )
    leaflet(sandbox, "log", meta=META + UNLOGGED + "changes:\n" + log)
    assert findings(sandbox, "LP20") == [
        "leaflets/log/leaflet.yaml:20:29: error LP207 changes[3].date: version 0.10 dated "
        "2025-02-01, before version 0.9 (2025-03-01); the dates must rise with the versions",
        "leaflets/log/leaflet.yaml:21:15: error LP206 changes[4].version: version 1.0 is listed "
        "twice (also changes[2])",
        "leaflets/log/leaflet.yaml:22:15: error LP206 changes[5].version: version 1.1 is newer "
        "than the leaflet's version 1.0",
    ]


def test_lp208_recorded_dates_are_not_after_today(sandbox: Project) -> None:
    meta = META.replace("published: 2025-01-01", "published: 2026-12-03").replace(
        "reviewed: 2025-06-01", "reviewed: 2026-12-04"
    )
    log = SIGNED.replace("date: 2025-05-12", "date: 2026-12-05")
    leaflet(sandbox, "ahead", meta=meta + log)
    assert findings(sandbox, "LP208") == [
        "leaflets/ahead/leaflet.yaml:6:12: error LP208 published: publication dated 2026-12-03, "
        "after today (2026-12-02)",
        "leaflets/ahead/leaflet.yaml:7:11: error LP208 reviewed: review dated 2026-12-04, after "
        "today (2026-12-02)",
        "leaflets/ahead/leaflet.yaml:18:28: error LP208 changes[1].date: version 1.0 dated "
        "2026-12-05, after today (2026-12-02)",
    ]


def test_lp212_a_signoff_is_not_dated_before_its_version(sandbox: Project) -> None:
    logged = SIGNED.replace("date: 2025-05-12", "date: 2025-05-21")
    leaflet(sandbox, "early", meta=META + logged)
    # without a change log, the current version dates from `published`
    unlogged = META.replace("published: 2025-01-01", "published: 2025-05-21") + UNLOGGED
    leaflet(sandbox, "unlogged", meta=unlogged)
    older = (
        UNLOGGED + '  - {version: "0.9", role: clinical-reviewer, name: Dr. C, date: 2025-01-02}\n'
    )
    older += "changes:\n" + CHANGE % ("0.9", "2025-01-03", "Draft")
    older += CHANGE % ("1.0", "2025-05-12", "First edition")
    leaflet(sandbox, "older", meta=META + older)
    assert findings(sandbox, "LP212") == [
        "leaflets/early/leaflet.yaml:15:66: error LP212 approvals[1].date: sign-off of version "
        "1.0 dated 2025-05-20, before the version's date (2025-05-21); sign off a version once "
        "it is written",
        "leaflets/older/leaflet.yaml:17:66: error LP212 approvals[3].date: sign-off of version "
        "0.9 dated 2025-01-02, before the version's date (2025-01-03); sign off a version once "
        "it is written",
        "leaflets/unlogged/leaflet.yaml:15:66: error LP212 approvals[1].date: sign-off of "
        "version 1.0 dated 2025-05-20, before the version's date (2025-05-21); sign off a "
        "version once it is written",
    ]


def test_lp111_a_change_summary_per_language_covers_every_language(sandbox: Project) -> None:
    meta = META.replace("languages: [en]", "languages: [en, nl]") + UNLOGGED
    meta += "changes:\n" + CHANGE % ("1.0", "2025-05-12", "{en: First edition}")
    folder = leaflet(sandbox, "summary", "Some text.", meta)
    (folder / "nl.yaml").write_text(DUTCH, encoding="utf-8")
    assert findings(sandbox, "LP111") == [
        "leaflets/summary/leaflet.yaml:18:49: error LP111 changes[1].summary: no text in nl: "
        "give one per language (en, nl), or one text for all"
    ]


# --- LP3xx translations --------------------------------------------------------------------------


def test_lp301_names_each_changed_section_even_without_a_new_version(sandbox: Project) -> None:
    folder = translated(sandbox)
    mark_current(load_leaflet(folder), "nl", dt.date(2026, 11, 1))
    assert (folder / "nl.yaml").read_text().splitlines()[0] == (
        'translated_from: {language: en, version: "1.0", date: 2026-11-01}'
    )
    assert findings(sandbox, "LP3") == []
    source = folder / "en.yaml"
    source.write_text(source.read_text().replace("Some text.", "Some new text."))
    assert findings(sandbox, "LP3") == [
        "leaflets/both/nl.yaml:5:5: warning LP301 sections[1]: source section sections[1] "
        "changed since this translation was marked current (2026-11-01); see 'leafprint "
        "translations diff both nl'"
    ]
    assert diff(load_leaflet(folder), "nl") == (
        "--- en.yaml sections[1] (version 1.0, 2026-11-01)\n"
        "+++ en.yaml sections[1] (now)\n"
        "@@ -1,3 +1,3 @@\n"
        " First heading\n"
        " \n"
        "-Some text.\n"
        "+Some new text.\n"
    )


def test_lp302_translation_of_an_older_version(sandbox: Project) -> None:
    translated(sandbox, dutch=DUTCH.replace('version: "1.0"', 'version: "0.9"'))
    assert findings(sandbox, "LP3") == [
        "leaflets/both/nl.yaml:1:42: warning LP302 translated_from.version: translation is "
        "outdated: made from version 0.9, the source is now version 1.0"
    ]


def test_lp303_parts_missing_in_a_translation(sandbox: Project) -> None:
    folder = translated(sandbox)
    source = folder / "en.yaml"
    source.write_text(source.read_text() + "key_points: [One, Two]\nquestions: [Why]\n")
    assert findings(sandbox, "LP3") == [
        "leaflets/both/nl.yaml:1:1: warning LP303 key_points: the source (en.yaml) has 2 key "
        "points, this translation 0: key_points[1] onwards missing",
        "leaflets/both/nl.yaml:1:1: warning LP303 questions: the source (en.yaml) has 1 "
        "questions, this translation 0: questions[1] onwards missing",
    ]


def test_lp305_language_file_not_listed(sandbox: Project) -> None:
    folder = leaflet(sandbox, "extra")
    (folder / "pl.yaml").write_text(DUTCH.replace("language: en", "language: en"))
    assert findings(sandbox, "LP3") == [
        "leaflets/extra/leaflet.yaml:5:12: warning LP305 languages: pl.yaml is not listed in "
        "leaflet.yaml languages: add pl to languages to build it"
    ]
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist", languages=["pl"]))
    assert [p.message for p in result.errors] == [
        "no version in pl (has: en); pl.yaml exists but is not listed in leaflet.yaml languages"
    ]


@pytest.mark.slow
def test_lp310_a_new_language_is_one_file(sandbox: Project) -> None:
    folder = translated(sandbox, dutch=DUTCH)
    (folder / "nl.yaml").rename(folder / "pl.yaml")
    meta = folder / "leaflet.yaml"
    meta.write_text(meta.read_text().replace("[en, nl]", "[en, pl]").replace(": nl,", ": pl,"))
    assert findings(sandbox, "LP310") == [
        "styles/westerhaven/brand.yaml:3:3: warning LP310 name: no brand texts in 'pl' for the "
        "brand name (brand.yaml name); the disclaimer (brand.yaml disclaimer); the quality "
        "mark (brand.yaml quality_mark name); the interface labels (labels/pl.yaml); contacts.yaml "
        "contacts.oncology.organisation, contacts.oncology.department, "
        "contacts.oncology.phones[1].label, contacts.oncology.phones[1].hours, "
        "contacts.oncology.urgent.label, contacts.oncology.urgent.hours, "
        "contacts.oncology.visiting_address.directions, contacts.oncology.feedback: using 'en' "
        "instead; translate them"
    ]
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist", languages=["pl"]))
    assert result.errors == []
    assert "Department of Medical Oncology" in pdf_text(result.outputs[0].path)


@pytest.mark.slow
def test_lp311_a_language_without_its_brand_texts_is_no_final_output(sandbox: Project) -> None:
    (sandbox.styles / "base" / "labels" / "nl.yaml").unlink()
    translated(sandbox)
    missing = "no brand texts in 'nl' for the interface labels (labels/nl.yaml): "
    assert findings(sandbox, "LP31") == [
        f"styles/westerhaven/brand.yaml:3:3: warning LP310 name: {missing}using 'en' instead; "
        "translate them"
    ]
    (row,) = [r for r in status_rows(sandbox.root, ["both"], TODAY) if r.language == "nl"]
    assert row.translation == "current, brand texts missing"
    out = sandbox.root / "dist"
    draft = build(sandbox, BuildOptions(out=out, languages=["nl"], today=TODAY))
    assert draft.errors == [] and [o.path.name for o in draft.outputs] == ["both.nl.pdf"]
    final = build(sandbox, BuildOptions(out=out, languages=["nl"], final=True, today=TODAY))
    assert [str(p).replace(str(sandbox.root) + "/", "") for p in final.errors] == [
        f"styles/westerhaven/brand.yaml:3:3: LP311 name: {missing}final output refused, as it "
        "would print them in 'en'; translate them"
    ]
    assert final.outputs == []


# --- LP4xx contacts ------------------------------------------------------------------------------


def plain_brand(project: Project, brand_yaml: str = "", css: str = "") -> None:
    """A brand 'plain' (westerhaven's look) with one contact that has a phone only."""
    brand = project.styles / "plain"
    brand.mkdir()
    for name in ("brand.yaml", "logo.svg", "quality-mark.svg", "leaflet.css"):
        (brand / name).write_bytes((project.styles / "westerhaven" / name).read_bytes())
    text = (brand / "brand.yaml").read_text().replace("contact: oncology", "contact: desk")
    (brand / "brand.yaml").write_text(text + brand_yaml)
    with (brand / "leaflet.css").open("a") as file:
        file.write(css)
    (brand / "contacts.yaml").write_text(
        "contacts:\n  desk:\n    organisation: Plain Clinic\n    verified: 2026-11-01\n"
        '    phones: [{label: Desk, number: "+31 20 555 0140"}]\n'
    )


PLAIN = META.replace("brand: westerhaven", "brand: plain") + SIGNED.replace("oncology", "desk")


def test_lp401_leaflet_names_its_contact(sandbox: Project) -> None:
    leaflet(sandbox, "nameless", meta=META + SIGNED.replace("contact: oncology\n", ""))
    assert findings(sandbox, "LP4") == [
        "leaflets/nameless/leaflet.yaml:1:1: warning LP401 contact: no contact point named: the "
        "brand's default 'oncology' is printed; add contact: <name> (known: oncology, oostmeer, "
        "duinzicht, centrum)"
    ]


def test_lp402_lp403_urgent_and_feedback_routes(sandbox: Project) -> None:
    plain_brand(sandbox)
    leaflet(sandbox, "routes", meta=PLAIN)
    assert findings(sandbox, "LP4") == [
        "styles/plain/contacts.yaml:3:5: error LP402 contacts.desk: contact 'desk' has no urgent "
        "route: add urgent: {label, number, hours}, or set routes: {urgent: false} in plain's "
        "brand.yaml",
        "styles/plain/contacts.yaml:3:5: error LP403 contacts.desk: contact 'desk' has no "
        "feedback route: add feedback: (how to give compliments or complain), or set routes: "
        "{feedback: false} in plain's brand.yaml",
    ]


def test_a_brand_states_routes_that_do_not_apply(sandbox: Project) -> None:
    plain_brand(sandbox, "routes: {urgent: false, feedback: false}\n")
    leaflet(sandbox, "routes", meta=PLAIN)
    assert findings(sandbox, "LP4") == []


def test_lp404_brand_template_keeps_the_formats_statement(sandbox: Project) -> None:
    templates = sandbox.styles / "westerhaven" / "templates"
    templates.mkdir()
    (templates / "leaflet.html").write_text(
        '{% extends "base/leaflet.html" %}\n\n{% block availability %}{% endblock %}\n'
    )
    leaflet(sandbox, "template")
    assert findings(sandbox, "LP4") == [
        "styles/westerhaven/templates/leaflet.html:3:1: error LP404 block availability: this "
        "block drops the statement on other formats and languages; show {{ "
        "sheet.availability }} in it"
    ]


# --- LP5xx accessibility and design ----------------------------------------------------------


def test_lp501_brand_colour_contrast(sandbox: Project) -> None:
    brand = sandbox.styles / "westerhaven" / "brand.yaml"
    brand.write_text(brand.read_text().replace('primary: "#00567D"', 'primary: "#FFD700"'))
    leaflet(sandbox, "yellow")
    assert findings(sandbox, "LP5") == [
        "styles/westerhaven/brand.yaml:10:12: error LP501 colours.primary: text #FFD700 "
        "(colours.primary) on #FFFFFF (colours.background) has a contrast of 1.4:1; at least "
        "4.5:1 is needed (a in styles/base/leaflet.css)",
        "styles/westerhaven/brand.yaml:10:12: error LP501 colours.primary: text #FFFFFF on "
        "#FFD700 (colours.primary) has a contrast of 1.4:1; at least 4.5:1 is needed "
        "(section.contact-block > h2 in styles/base/leaflet.css)",
    ]


def test_lp502_contrast_lost_in_greyscale(sandbox: Project) -> None:
    css = "\n.callout-tip .callout-title { color: #000000; background: #009900; }\n"
    with (sandbox.styles / "westerhaven" / "leaflet.css").open("a") as file:
        file.write(css)
    leaflet(sandbox, "grey")
    lines = (sandbox.styles / "westerhaven" / "leaflet.css").read_text().count("\n")
    assert findings(sandbox, "LP5") == [
        f"styles/westerhaven/leaflet.css:{lines}:31: error LP502 color: text #000000 on #009900 "
        "has a contrast of 3.0:1 when printed in greyscale; at least 4.5:1 is needed "
        "(.callout-tip .callout-title in styles/westerhaven/leaflet.css)"
    ]


def test_lp503_body_text_at_least_12_pt(sandbox: Project) -> None:
    brand = sandbox.styles / "westerhaven" / "brand.yaml"
    brand.write_text(brand.read_text() + "body_size_pt: 11\n")
    with (sandbox.styles / "westerhaven" / "leaflet.css").open("a") as file:
        file.write("p, li { font-size: 10pt; }\n")
    leaflet(sandbox, "small")
    lines = (sandbox.styles / "westerhaven" / "leaflet.css").read_text().count("\n")
    assert findings(sandbox, "LP5") == [
        f"styles/westerhaven/brand.yaml:{brand.read_text().count(chr(10))}:15: error LP503 "
        "body_size_pt: body text of 11 pt is too small; at least 12 pt",
        f"styles/westerhaven/leaflet.css:{lines}:9: error LP503 font-size: p, li sets body "
        "text at 10.0 pt; at least 12 pt",
    ]


def test_lp504_qr_code_at_least_20_mm(sandbox: Project) -> None:
    with (sandbox.styles / "westerhaven" / "leaflet.css").open("a") as file:
        file.write(".qr-code { width: 12mm; height: 12mm; }\n")
    leaflet(sandbox, "qr")
    lines = (sandbox.styles / "westerhaven" / "leaflet.css").read_text().count("\n")
    assert findings(sandbox, "LP5") == [
        f"styles/westerhaven/leaflet.css:{lines}:12: error LP504 width: the QR code to "
        "https://leaflets.westerhaven.example.org/qr/en prints 9.7 mm wide (12mm with its quiet "
        "zone); at least 20 mm, so at least 25mm here"
    ]


def test_an_unreadable_translations_lock_is_reported(sandbox: Project) -> None:
    folder = translated(sandbox)
    (folder / "translations.lock").write_text("nl: [not, a, mark]\n")
    assert findings(sandbox, "") == [
        "leaflets/both/translations.lock:1:1: error (file): not a translations lock; delete it "
        "and mark again"
    ]


def test_lp310_names_single_missing_labels(sandbox: Project) -> None:
    labels = sandbox.styles / "base" / "labels" / "nl.yaml"
    labels.write_text(
        "".join(
            line + "\n" for line in labels.read_text().splitlines() if not line.startswith("draft:")
        )
    )
    translated(sandbox)
    assert findings(sandbox, "LP310") == [
        "styles/westerhaven/brand.yaml:3:3: warning LP310 name: no brand texts in 'nl' for the "
        "interface labels draft (labels/nl.yaml): using 'en' instead; translate them"
    ]


def test_lp117_a_decision_leaflet_weighs_every_side(sandbox: Project) -> None:
    """The example decision leaflet passes; without its section on doing nothing, and with
    a topic no section is marked for, each language gets the message at its sections."""
    folder = copy_example("metastases-treatment", sandbox.leaflets)
    assert findings(sandbox, "LP117") == []
    for language in ("en", "nl"):
        text = folder / f"{language}.yaml"
        text.write_text(text.read_text().replace("    covers: [benefits, risks]\n", ""))
    english = folder / "en.yaml"
    english.write_text(english.read_text().replace("covers: [no-treatment]", "covers: []"))
    message = (
        "error LP117 sections: a decision leaflet weighs benefits, risks, options, "
        "no-treatment; no section covers benefits, risks{}: write it, and mark the section "
        "that does with covers: [benefits]"
    )
    assert findings(sandbox, "LP117") == [
        f"leaflets/metastases-treatment/en.yaml:14:3: {message.format(', no-treatment')}",
        f"leaflets/metastases-treatment/nl.yaml:13:3: {message.format('')}",
    ]


def test_covers_names_only_the_topics_of_a_decision(sandbox: Project) -> None:
    folder = copy_example("metastases-treatment", sandbox.leaflets)
    text = folder / "en.yaml"
    text.write_text(text.read_text().replace("covers: [options]", "covers: [costs]"))
    assert findings(sandbox, "") == [
        "leaflets/metastases-treatment/en.yaml:63:14: error sections[4].covers[1]: 'costs' is "
        "not allowed; input should be 'benefits', 'risks', 'options' or 'no-treatment'"
    ]
