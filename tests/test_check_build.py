"""leafprint build runs the checks first: refusals, drafts and outdated translations in print."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from pypdf import PdfReader

from helpers import DUTCH, META, SIGNED, findings, leaflet, pdf_text, translated
from leafprint.commands.build import BuildOptions, BuildResult, Project, build
from leafprint.content.leaflets import load_leaflet
from leafprint.content.translations import mark_current


def run(project: Project, **options: object) -> BuildResult:
    return build(project, BuildOptions(out=project.root / "dist", **options))  # type: ignore[arg-type]


def page_texts(path: object) -> list[str]:
    pages = len(PdfReader(str(path)).pages)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


@pytest.mark.slow
def test_overdue_leaflet_is_refused_and_due_soon_is_a_warning(sandbox: Project) -> None:
    leaflet(sandbox, "late")
    result = run(sandbox, today=dt.date(2028, 1, 2))
    assert (result.outputs, [p.code for p in result.errors]) == ([], ["LP202"])
    result = run(sandbox, today=dt.date(2027, 12, 1))
    assert result.errors == []
    # (and the brand's contact details, verified long before that day, are due a check)
    assert [p.code for p in result.warnings] == ["LP203", "LP407"]
    assert [o.path.name for o in result.outputs] == ["late.en.pdf"]


def test_withdrawn_leaflet_is_not_built(sandbox: Project) -> None:
    leaflet(sandbox, "gone", meta=META + SIGNED + "withdrawn: {date: 2026-10-01, reason: merged}\n")
    result = run(sandbox, today=dt.date(2026, 12, 2))
    assert (result.outputs, result.errors) == ([], [])


@pytest.mark.slow
def test_draft_is_watermarked_on_every_page_and_refused_as_final(sandbox: Project) -> None:
    body = "\n\n".join(["A paragraph of text that fills the page."] * 60)
    leaflet(sandbox, "draft", f'"{body}"', META)
    result = run(sandbox, today=dt.date(2026, 12, 2))
    assert result.errors == []
    (path,) = [o.path for o in result.outputs]
    pages = page_texts(path)
    assert len(pages) > 1
    assert all("DRAFT" in text for text in pages)
    info = PdfReader(str(path)).metadata
    assert info is not None
    assert str(info["/Keywords"]).endswith(", DRAFT")
    assert str(info["/Subject"]).startswith("DRAFT: ")
    refused = run(sandbox, today=dt.date(2026, 12, 2), final=True)
    assert refused.outputs == []
    assert [str(p).split("leaflets/")[1] for p in refused.errors] == [
        "draft/leaflet.yaml:2:10: LP214 version: version 1.0 is a draft (no sign-off by "
        "clinical-reviewer, patient-reviewer): final output refused"
    ]
    (taken,) = [p for p in refused.warnings if p.code == "LP221"]
    assert taken.message.startswith(
        "a draft, and this build is final: taken out of publication (1 PDF(s) moved to "
    )
    # a final build publishes no draft anywhere: the earlier draft PDF is only archived
    assert not path.exists()
    assert (path.parents[1] / "archive" / "draft" / "1.0" / path.name).is_file()


@pytest.mark.slow
def test_signed_leaflet_has_no_watermark(sandbox: Project) -> None:
    leaflet(sandbox, "signed")
    result = run(sandbox, today=dt.date(2026, 12, 2), final=True)
    (path,) = [o.path for o in result.outputs]
    assert "DRAFT" not in pdf_text(path)


@pytest.mark.slow
def test_outdated_translation_refused_for_press_and_marked_in_print(sandbox: Project) -> None:
    meta_changes = DUTCH.replace("Wat tekst.", "Wat tekst over de behandeling.")
    folder = translated(sandbox, dutch=meta_changes)
    meta = folder / "leaflet.yaml"
    meta.write_text(
        meta.read_text()
        .replace('version: "1.0"', 'version: "1.1"')
        .replace('version: "1.0", role', 'version: "1.1", role')
    )
    held = run(sandbox, today=dt.date(2026, 12, 2), languages=["nl"], formats=["press"])
    assert (held.outputs, held.errors) == ([], [])
    assert [str(p).split("leaflets/")[1] for p in held.warnings if p.code == "LP307"] == [
        "both/nl.yaml:1:18: LP307 translated_from: outdated translation: no press file until "
        "the translation is brought up to date (or build with --allow-outdated)"
    ]
    brand = sandbox.styles / "westerhaven" / "brand.yaml"
    brand.write_text(  # this test's leaflet keeps no quality records
        brand.read_text().replace(
            "required: [user_testing, translation_checks, sponsorship, disclaimer]", "required: []"
        )
    )
    refused = run(
        sandbox, today=dt.date(2026, 12, 2), languages=["nl"], formats=["press"], final=True
    )
    assert refused.outputs == []
    assert [str(p).split("leaflets/")[1] for p in refused.errors] == [
        "both/nl.yaml:1:18: LP306 translated_from: outdated translation: no press output until "
        "it is brought up to date (or build with --allow-outdated)"
    ]
    result = run(sandbox, today=dt.date(2026, 12, 2), languages=["nl"], formats=["a4"])
    assert result.errors == []
    first = " ".join(page_texts(result.outputs[0].path)[0].split())
    assert (
        "Deze vertaling volgt versie 1.0 van de oorspronkelijke tekst in het Engels. Die tekst "
        "is sindsdien gewijzigd." in first
    )
    assert "Versie 1.0" in first and "Versie 1.1" not in first
    allowed = run(
        sandbox, today=dt.date(2026, 12, 2), languages=["nl"], formats=["booklet"],
        allow_outdated=True,
    )  # fmt: skip
    assert (allowed.errors, len(allowed.outputs)) == ([], 1)


@pytest.mark.slow
def test_a_brand_may_make_final_output_the_default(sandbox: Project) -> None:
    from helpers import invoke

    brand = sandbox.styles / "westerhaven" / "brand.yaml"
    brand.write_text(brand.read_text().replace("approvals:\n", "approvals:\n  final: true\n"))
    leaflet(sandbox, "draft", meta=META)
    code, _, err = invoke(sandbox, "build", "--today", "2026-12-02")
    assert code == 1
    assert "LP214 version: version 1.0 is a draft" in err
    code, out, _ = invoke(sandbox, "build", "--today", "2026-12-02", "--draft")
    assert code == 0
    assert "wrote dist/draft/draft.en.pdf" in out


@pytest.mark.slow
def test_an_editorial_source_change_is_accepted_and_keeps_press_files(sandbox: Project) -> None:
    from helpers import invoke

    folder = translated(sandbox)
    meta = folder / "leaflet.yaml"
    meta.write_text(meta.read_text().replace("formats: [a4]", "formats: [a4, press]"))
    mark_current(load_leaflet(folder), "nl", dt.date(2026, 11, 1))
    first = run(sandbox, today=dt.date(2026, 12, 2))
    assert (first.errors, len(first.outputs)) == ([], 4)
    press = sandbox.root / "dist/both/both.nl.press.pdf"
    good = press.read_bytes()
    source = folder / "en.yaml"
    source.write_text(source.read_text().replace("Some text.", "Some more text."))
    # the translation is outdated: its press file stays as it was, with a warning
    held = run(sandbox, today=dt.date(2026, 12, 2))
    assert held.errors == []
    assert [str(p).split("leaflets/")[1] for p in held.warnings if p.code == "LP307"] == [
        "both/nl.yaml:1:18: LP307 translated_from: outdated translation: its press file is not "
        "made again until the translation is brought up to date; the last good one is kept (or "
        "build with --allow-outdated)"
    ]
    assert press.read_bytes() == good
    assert "both.nl.press.pdf" not in [o.path.name for o in held.outputs]
    # the change needs no translation work
    code, out, _ = invoke(sandbox, "translations", "accept", "both", "--lang", "all")
    assert (code, out) == (
        0,
        "nl: the changes in sections[1] accepted as editorial; nl is current with version 1.0\n",
    )
    assert not [f for f in findings(sandbox, "LP3", dt.date(2026, 12, 2))]
    code, out, err = invoke(sandbox, "build", "--today", "2026-12-02")
    assert (code, err) == (0, "")
    # the A4 file loses its outdated notice; the press file was current all along
    assert out.splitlines()[0].strip() == "wrote dist/both/both.nl.pdf"
    assert "1 rendered, 3 unchanged, 0 failed" in out and "0 error(s), 0 warning(s)" in out
    assert press.read_bytes() == good
    code, out, _ = invoke(sandbox, "translations", "accept", "both", "--lang", "nl")
    assert out == "nl follows every section of the source: nothing to accept\n"
    leaflet(sandbox, "alone")
    code, out, _ = invoke(sandbox, "translations", "accept", "alone", "--lang", "all")
    assert (code, out) == (0, "alone has no translations: nothing to accept\n")


def test_accepting_a_new_version_keeps_the_translation_date(sandbox: Project) -> None:
    from helpers import invoke

    folder = translated(sandbox, dutch=DUTCH.replace('"1.0"}', '"1.0", date: 2026-11-01}'))
    meta = folder / "leaflet.yaml"
    meta.write_text(
        meta.read_text()
        .replace('version: "1.0"', 'version: "1.1"')
        .replace('version: "1.0", role', 'version: "1.1", role')
        .replace("changes:\n", 'changes:\n  - {version: "1.1", date: 2025-05-30, summary: Typo, '
                 "approved_by: Dr. C}\n")
    )  # fmt: skip
    args = ("translations", "accept", "both", "--lang", "nl", "--today", "2026-12-02")
    code, out, _ = invoke(sandbox, *args)
    assert (code, out) == (
        0,
        "nl: version 1.1 accepted as editorial; nl is current with version 1.1\n",
    )
    assert (folder / "nl.yaml").read_text().splitlines()[0] == (
        'translated_from: {language: en, version: "1.1", date: 2026-11-01}'
    )
    assert findings(sandbox, "LP3", dt.date(2026, 12, 2)) == []
    code, _, err = invoke(sandbox, "translations", "accept", "both", "--lang", "en")
    assert (code, err) == (
        1,
        "leaflets/both/leaflet.yaml:5:12: languages: 'en' is not a translation of this leaflet "
        "(translations: nl)\n"
        "hint: fix each file at the line and column named, then run the command again\n",
    )
