"""The output folder is the published state: a project is built, then one leaflet is
withdrawn, one becomes overdue and one a draft, and the rebuilt folder is inspected as
a patient who scans an old leaflet's QR code, and an assessor, would."""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from helpers import ROOT, outdate_guide, pdf_text, scan_last_pages, seed
from leafprint.cli import cli
from leafprint.commands.build import BuildOptions, BuildResult, Project, build
from leafprint.publish.web import web_path

pytestmark = pytest.mark.slow  # every test here renders PDFs

NEW_VERSION = """  - version: "2.2"
    date: 2026-02-02
    summary:
      nl: Een duidelijker stuk over vermoeidheid, op verzoek van lezers.
      en: A clearer part on fatigue, asked for by readers.
      da: Et tydeligere afsnit om træthed, som læserne bad om.
      fr: Une partie plus claire sur la fatigue, à la demande des lecteurs.
      ar: جزء أوضح عن التعب، بناءً على طلب القرّاء.
    approved_by: Dr. A. Jansen
"""
LATER = dt.date(2027, 8, 15)  # metastases-treatment's review (1 August 2027) is overdue
WESTERHAVEN = "leaflets.westerhaven.example.org"
LUMEN = "www.lumen-patients.example.org/leaflets"
WITHDRAWAL = """withdrawn:
  date: 2026-12-01
  reason:
    fr: "Remplacée par le guide de l'immuno-oncologie."
    en: "Replaced by the guide to immuno-oncology."
  replaced_by: immuno-oncology-guide
"""


@dataclass(frozen=True)
class Lifecycle:
    project: Project
    out: Path
    options: BuildOptions
    first: BuildResult
    second: BuildResult
    first_pdfs: dict[str, bytes]  # name relative to out: bytes, after the first build


def page(out: Path, address: str) -> str:
    return html.unescape((out / address / "index.html").read_text(encoding="utf-8"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def published_pdfs(out: Path) -> list[str]:
    return sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*.pdf") if "archive" not in p.parts
    )


@pytest.fixture(scope="module")
def lifecycle(tmp_path_factory: pytest.TempPathFactory, site: Path) -> Lifecycle:
    """The project built in English and Danish, then changed and built again. The first
    build starts from the English and Danish PDFs of ``site`` (the same project): it renders
    only the Duinzicht clinic editions."""
    root = tmp_path_factory.mktemp("project")
    for folder in ("leaflets", "styles"):
        shutil.copytree(ROOT / folder, root / folder)
    outdate_guide(root / "leaflets")
    project, out = Project(root), root / "dist"
    options = BuildOptions(
        languages=["en", "da"], formats=["a4"], editions=["general", "duinzicht"], out=out
    )
    seed(out, [*site.glob("*/*.en.pdf"), *site.glob("*/*.da.pdf")])
    first = build(project, options)
    assert first.errors == []
    first_pdfs = {name: (out / name).read_bytes() for name in published_pdfs(out)}
    leaflets = root / "leaflets"
    with (leaflets / "refractory-cancer" / "leaflet.yaml").open("a", encoding="utf-8") as f:
        f.write(WITHDRAWAL)
    guide = leaflets / "immuno-oncology-guide" / "leaflet.yaml"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(re.sub(r"approvals:\n(  - .*\n)+", "", text), encoding="utf-8")
    second = build(project, replace(options, today=LATER))
    return Lifecycle(project, out, options, first, second, first_pdfs)


def test_withdrawn_and_overdue_pdfs_leave_the_published_places(lifecycle: Lifecycle) -> None:
    out = lifecycle.out
    before = set(lifecycle.first_pdfs)
    assert any(name.startswith("refractory-cancer/") for name in before)
    assert any("metastases-treatment" in name for name in before)
    left = published_pdfs(out)
    assert not [name for name in left if "refractory-cancer" in name or "metastases" in name]
    for name, data in lifecycle.first_pdfs.items():
        slug, file = name.split("/")[0], Path(name).name
        if slug in {"refractory-cancer", "metastases-treatment"}:
            version = "1.0" if slug == "refractory-cancer" else "1.2"
            assert (out / "archive" / slug / version / file).read_bytes() == data
    assert not (out / "thumbnails" / "refractory-cancer.png").exists()


def test_qr_addresses_of_taken_out_leaflets_show_a_notice(lifecycle: Lifecycle) -> None:
    out = lifecycle.out
    withdrawn = page(out, f"{LUMEN}/refractory-cancer/en")
    assert "This leaflet was withdrawn on 1 December 2026 and should no longer be used." in (
        withdrawn
    )
    assert "Replaced by the guide to immuno-oncology." in withdrawn
    link = re.search(r'class="replacement">[^<]*<a href="([^"]+)"', withdrawn)
    assert link is not None
    target = (out / LUMEN / "refractory-cancer" / "en" / link.group(1) / "index.html").resolve()
    assert target == (out / LUMEN / "immuno-oncology-guide" / "en" / "index.html").resolve()
    assert target.is_file()
    french = page(out, f"{LUMEN}/refractory-cancer/fr")  # a language this build did not make
    assert "Remplacée par le guide de l'immuno-oncologie." in french
    overdue = page(out, f"{WESTERHAVEN}/metastases-treatment/en")
    assert "This leaflet is being reviewed and cannot be used for now." in overdue
    assert "Its review was due on 1 August 2027." in overdue
    assert '<meta name="robots" content="noindex">' in overdue
    assert "+31 20 555 0199" in overdue  # whom to ask
    for text in (withdrawn, overdue):
        assert "<h2>" not in text.split('id="contact-heading"')[0]  # no leaflet text is left
    assert not list((out / WESTERHAVEN / "metastases-treatment" / "en").glob("*.pdf"))


def test_catalog_no_longer_offers_taken_out_leaflets(lifecycle: Lifecycle) -> None:
    catalog = json.loads((lifecycle.out / "catalog.json").read_text(encoding="utf-8"))
    slugs = {entry["slug"] for entry in catalog["leaflets"] + catalog["web"]}
    assert slugs == {"immunotherapy", "immuno-oncology-guide"}
    index = (lifecycle.out / "index.html").read_text(encoding="utf-8")
    assert "refractory-cancer" not in index and "metastases-treatment" not in index


def test_the_build_says_what_it_took_out_and_fails_for_the_overdue_one(
    lifecycle: Lifecycle,
) -> None:
    second = lifecycle.second
    errors = {(Path(p.path).parent.name, p.code) for p in second.errors}
    assert ("metastases-treatment", "LP202") in errors
    warnings = [p for p in second.warnings if p.code == "LP221"]
    assert [Path(p.path).parent.name for p in warnings] == [
        "metastases-treatment",
        "refractory-cancer",
    ]
    assert "review overdue since 2027-08-01: taken out of publication (1 PDF(s) moved to" in (
        warnings[0].message
    )
    assert "withdrawn on 2026-12-01: taken out of publication (1 PDF(s) moved to" in (
        warnings[1].message
    )
    assert {gone.slug: gone.state for gone in second.taken_out} == {
        "refractory-cancer": "withdrawn",
        "metastases-treatment": "overdue",
    }


def test_the_command_names_what_is_not_published_and_exits_1(
    lifecycle: Lifecycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEAFPRINT_TODAY", LATER.isoformat())
    args = ["--project", str(lifecycle.project.root), "build", "--lang", "en", "--format", "a4"]
    result = CliRunner().invoke(cli, [*args, "--edition", "general", "--out", str(lifecycle.out)])
    assert result.exit_code == 1
    summary = result.stdout.splitlines()[-1]
    assert (
        ", not published: metastases-treatment (overdue), refractory-cancer (withdrawn) in "
        in summary
    )


def test_draft_web_page_says_so_above_the_title(lifecycle: Lifecycle) -> None:
    text = page(lifecycle.out, f"{LUMEN}/immuno-oncology-guide/da")
    assert '<meta name="robots" content="noindex">' in text
    notice = text.index('class="web-notice web-notice-draft"')
    assert notice < text.index('<h1 class="title">')
    assert "UDKAST</strong> Denne pjece er endnu ikke godkendt." in text


def test_outdated_translation_page_links_to_its_source(lifecycle: Lifecycle) -> None:
    out = lifecycle.out
    text = page(out, f"{LUMEN}/immuno-oncology-guide/en")
    notice = re.search(r'class="web-notice web-notice-outdated"[^>]*>(.*?)</p>', text, re.S)
    assert notice is not None
    assert "The original has been changed since then." in notice.group(1)
    link = re.search(r'<a href="([^"]+)"[^>]*>Read the Danish original</a>', notice.group(1))
    assert link is not None
    source = out / LUMEN / "immuno-oncology-guide" / "en" / link.group(1) / "index.html"
    assert source.resolve() == (out / LUMEN / "immuno-oncology-guide" / "da" / "index.html")
    assert notice.start() < text.index('<h1 class="title">')


def test_web_page_offers_the_other_languages_and_formats(lifecycle: Lifecycle) -> None:
    text = page(lifecycle.out, f"{WESTERHAVEN}/immunotherapy/en")
    availability = text.split('id="availability-heading"')[1].split("</section>")[0]
    assert "Other languages and formats" in availability
    assert "Dutch" in availability and "large print" in availability


def test_every_clinic_qr_code_opens_a_page_with_its_urgent_number(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    out = lifecycle.out
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    clinic = [e["file"] for e in catalog["leaflets"] if e["edition"] == "duinzicht"]
    assert len(clinic) == 2  # immunotherapy in English and Danish
    for name in clinic:
        pdf = out / name
        language = name.split(".")[1]
        urgent = yaml.safe_load((ROOT / "styles/base/labels" / f"{language}.yaml").read_bytes())
        printed = re.findall(rf"{urgent['urgent']}: (\+[\d\s]+\d)", pdf_text(pdf))
        assert printed, name
        codes = [c for c in scan_last_pages(pdf, tmp_path) if "://" in c]
        assert codes and codes[0].endswith("/duinzicht"), name
        online_page = web_path(codes[0], out).read_text(encoding="utf-8")
        online = re.search(r'contact-urgent-number"><a [^>]+><bdi dir="ltr">([^<]+)<', online_page)
        assert online is not None
        numbers = {" ".join(number.split()) for number in (online.group(1), printed[0])}
        assert numbers == {"+31 20 555 0177"}  # not the hospital's +31 20 555 0199


def test_every_web_page_links_to_the_accessibility_statement(lifecycle: Lifecycle) -> None:
    out = lifecycle.out
    pages = [p for p in out.rglob("index.html") if "accessibility" not in p.parts]
    pages.remove(out / "index.html")  # the catalog
    assert len(pages) == 15  # 6 web editions, 4 notices, 5 language pages (leaflet, edition)
    for path in pages:
        text = path.read_text(encoding="utf-8")
        link = re.search(r'<footer class="site-footer"><a href="([^"]+)">', text)
        assert link is not None, path
        statement = (path.parent / link.group(1) / "index.html").resolve()
        assert statement.is_file(), path
        text = statement.read_text(encoding="utf-8")
        assert ("WCAG" in text and "braille" in text.lower()) or "punktskrift" in text


def test_a_new_version_archives_the_one_it_replaces(lifecycle: Lifecycle) -> None:
    out, leaflets = lifecycle.out, lifecycle.project.leaflets
    meta = leaflets / "immunotherapy" / "leaflet.yaml"
    edit(meta, '\nversion: "2.1"\n', '\nversion: "2.2"\n')
    edit(meta, '{version: "2.1", role: clinical', '{version: "2.2", role: clinical')
    edit(meta, '{version: "2.1", role: patient', '{version: "2.2", role: patient')
    edit(meta, "changes:\n", f"changes:\n{NEW_VERSION}")
    result = build(lifecycle.project, replace(lifecycle.options, slugs=["immunotherapy"]))
    assert [p for p in result.errors if "immunotherapy" in p.path] == []
    old = {n: d for n, d in lifecycle.first_pdfs.items() if n.startswith("immunotherapy/")}
    assert old
    for name, data in old.items():
        archived = out / "archive" / "immunotherapy" / "2.1" / Path(name).name
        assert archived.read_bytes() == data
        assert (out / name).read_bytes() != data  # the new version took its place
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    versions = {e["version"] for e in catalog["leaflets"] if e["slug"] == "immunotherapy"}
    assert versions == {"2.2"}
    text = page(out, f"{WESTERHAVEN}/immunotherapy/en")
    log = text.split('<details class="change-log">')[1].split("</details>")[0]
    assert "Changes to this leaflet" in log
    entries = re.findall(r'<p class="change-version">.*?Version ([\d.]+)', log)
    assert entries == ["2.2", "2.1", "2.0"]  # newest first
    assert "A clearer part on fatigue, asked for by readers." in log
    assert "Approved by: Dr. A. Jansen" in log


def test_a_version_number_may_not_go_down(lifecycle: Lifecycle) -> None:
    out, meta = lifecycle.out, lifecycle.project.leaflets / "immunotherapy" / "leaflet.yaml"
    text = meta.read_text(encoding="utf-8")
    current = re.search(r'version: "([\d.]+)"', text)
    assert current is not None
    before = {name: (out / name).read_bytes() for name in published_pdfs(out)}
    edit(meta, f'version: "{current.group(1)}"', 'version: "1.9"')
    try:
        result = build(lifecycle.project, replace(lifecycle.options, slugs=["immunotherapy"]))
    finally:
        meta.write_text(text, encoding="utf-8")
    (problem,) = [p for p in result.errors if p.code == "LP222"]
    assert problem.message.startswith(
        f"version 1.9 is lower than version {current.group(1)}, which was already published"
    )
    assert problem.line == 2
    assert {name: (out / name).read_bytes() for name in published_pdfs(out)} == before


# --- in a real browser (Debian's chromium, driven by Playwright) ------------------------------


@pytest.fixture(scope="module")
def site_url(lifecycle: Lifecycle) -> Iterator[str]:
    """The output folder served on 127.0.0.1, as a web server publishes it."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(lifecycle.out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_in_a_browser_a_scanned_old_leaflet_leads_to_its_replacement(
    site_url: str, browser: Any
) -> None:
    tab = browser.new_page()
    tab.goto(f"{site_url}{LUMEN}/refractory-cancer/en/")
    assert tab.get_by_role("alert").inner_text() == (
        "This leaflet was withdrawn on 1 December 2026 and should no longer be used."
    )
    tab.get_by_role("link", name="Immuno-oncology").click()
    tab.wait_for_load_state()
    assert tab.url.endswith("/immuno-oncology-guide/en/")
    assert "Immuno-oncology" in tab.locator("h1").inner_text()
    tab.close()


@pytest.mark.browser
def test_in_a_browser_draft_and_outdated_notices_stand_above_the_title(
    site_url: str, browser: Any
) -> None:
    tab = browser.new_page(viewport={"width": 390, "height": 800})
    tab.goto(f"{site_url}{LUMEN}/immuno-oncology-guide/en/")
    title = tab.locator("h1.title").bounding_box()
    for notice in ("draft", "outdated"):
        box = tab.locator(f".web-notice-{notice}").bounding_box()
        assert box is not None and title is not None
        assert box["y"] + box["height"] <= title["y"]
        assert box["y"] < 800  # seen without scrolling
    assert tab.locator(".web-notice-draft").inner_text().startswith("DRAFT")
    tab.get_by_role("link", name="Read the Danish original").click()
    tab.wait_for_load_state()
    assert tab.url.endswith("/immuno-oncology-guide/da/")
    assert tab.locator("html").get_attribute("lang") == "da"
    tab.close()


def test_an_archived_file_is_never_overwritten(lifecycle: Lifecycle) -> None:
    out, meta = lifecycle.out, lifecycle.project.leaflets / "immunotherapy" / "leaflet.yaml"
    text = meta.read_text(encoding="utf-8")
    current = re.search(r'\nversion: "([\d.]+)"', text)
    assert current is not None
    version = current.group(1)
    published = out / "immunotherapy" / "immunotherapy.en.pdf"
    before = published.read_bytes()
    clash = out / "archive" / "immunotherapy" / version / "immunotherapy.en.pdf"
    clash.parent.mkdir(parents=True, exist_ok=True)
    clash.write_bytes(b"%PDF- another text under the same version")
    higher = f"{version}.1"
    edit(meta, f'\nversion: "{version}"\n', f'\nversion: "{higher}"\n')
    edit(meta, f'{{version: "{version}", role: clinical', f'{{version: "{higher}", role: clinical')
    edit(meta, f'{{version: "{version}", role: patient', f'{{version: "{higher}", role: patient')
    try:
        result = build(lifecycle.project, replace(lifecycle.options, slugs=["immunotherapy"]))
    finally:
        meta.write_text(text, encoding="utf-8")
    (problem,) = [p for p in result.errors if p.code == "LP223"]
    assert problem.message == (
        f"version {version} of immunotherapy.en.pdf is already archived with other content; "
        "a changed text needs a new version number"
    )
    assert clash.read_bytes() == b"%PDF- another text under the same version"
    assert published.read_bytes() == before  # kept: not replaced while unarchived


def test_a_renamed_leaflet_keeps_its_old_address_working(sandbox: Project) -> None:
    shutil.copytree(ROOT / "leaflets" / "metastases-treatment", sandbox.leaflets / "metastases")
    (sandbox.leaflets / "references.yaml").write_bytes(
        (ROOT / "leaflets/references.yaml").read_bytes()
    )
    out = sandbox.root / "dist"
    options = BuildOptions(languages=["en"], formats=["a4"], out=out)
    assert build(sandbox, options).errors == []
    old = sandbox.leaflets / "metastases"
    old.rename(sandbox.leaflets / "treating-metastases")
    with (sandbox.leaflets / "treating-metastases" / "leaflet.yaml").open("a") as meta:
        meta.write("renamed_from: [metastases]\n")
    result = build(sandbox, options)
    assert result.errors == []
    redirect = page(out, f"{WESTERHAVEN}/metastases/en")
    assert '<meta http-equiv="refresh" content="0; url=../../treating-metastases/en/">' in redirect
    target = out / WESTERHAVEN / "metastases" / "en" / "../../treating-metastases/en/index.html"
    assert target.resolve().is_file()
    assert "Treatment of metastases" in target.read_text(encoding="utf-8")
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert {e["slug"] for e in catalog["leaflets"] + catalog["web"]} == {"treating-metastases"}
    assert not (out / "metastases").exists()
    assert (out / "archive" / "metastases" / "1.2" / "metastases.en.pdf").is_file()


@pytest.mark.browser
def test_notice_pages_pass_axe_on_a_phone(lifecycle: Lifecycle, browser: Any) -> None:
    from helpers import PHONE, Watched, axe_violations

    watched = Watched(browser, PHONE)
    notices = [
        lifecycle.out / LUMEN / "refractory-cancer" / "fr" / "index.html",
        lifecycle.out / WESTERHAVEN / "metastases-treatment" / "en" / "index.html",
    ]
    for path in notices:
        watched.page.goto(path.as_uri())
        assert axe_violations(watched.page) == [], path
        assert watched.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    watched.context.close()
