"""leafprint check, status, evidence, schema and translations on the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import yaml

from helpers import META, ROOT, SIGNED, add_leaflet, copy_example, invoke, leaflet, outdate_guide
from leafprint.checks.check import run_checks
from leafprint.commands.build import Project
from leafprint.errors import Problem

EXAMPLES_TODAY = "2026-12-02"


def test_check_prints_every_finding_and_exits_1_on_errors(sandbox: Project) -> None:
    leaflet(sandbox, "late", "See [click here](https://www.example.org)")
    code, out, _ = invoke(sandbox, "check", "--today", "2028-02-01")
    assert code == 1
    assert out.splitlines() == [
        "leaflets/late/en.yaml:5:15: warning LP105 sections[1].body: link text 'click here' "
        "says nothing out of context; name where it leads",
        "leaflets/late/leaflet.yaml:8:14: error LP202 next_review: review overdue since "
        "2028-01-01: review the leaflet, record an extension (extension: {by, reason, until}) "
        "or withdraw it",
        "styles/westerhaven/contacts.yaml:6:15: warning LP407 contacts.oncology.verified: the "
        "details of 'oncology' were last checked on 2026-10-14; call the numbers, check the "
        "addresses and set verified: 2028-02-01 (at least every 12 months)",
        "1 leaflet(s): 1 error(s), 2 warning(s)",
    ]


def test_warnings_pass_unless_strict(sandbox: Project) -> None:
    leaflet(sandbox, "soon")
    assert invoke(sandbox, "check", "--today", "2027-12-01")[0] == 0
    code, out, _ = invoke(sandbox, "check", "--today", "2027-12-01", "--strict")
    assert code == 1
    assert "warning LP203 next_review: review due on 2028-01-01, in 31 days" in out


def test_check_as_json(sandbox: Project) -> None:
    leaflet(sandbox, "soon")
    code, out, _ = invoke(sandbox, "check", "--today", "2027-12-01", "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "path": "leaflets/soon/leaflet.yaml",
            "line": 8,
            "column": 14,
            "level": "warning",
            "code": "LP203",
            "field": "next_review",
            "message": "review due on 2028-01-01, in 31 days",
        },
        {
            "path": "styles/westerhaven/contacts.yaml",
            "line": 6,
            "column": 15,
            "level": "warning",
            "code": "LP407",
            "field": "contacts.oncology.verified",
            "message": "the details of 'oncology' were last checked on 2026-10-14; call the "
            "numbers, check the addresses and set verified: 2027-12-01 (at least every 12 months)",
        },
    ]


def test_schema_errors_of_every_leaflet_at_once(sandbox: Project) -> None:
    leaflet(sandbox, "one", meta=META.replace("owner: Test department\n", "") + SIGNED)
    leaflet(sandbox, "two", meta=META.replace("2025-01-01", "2025-13-01") + SIGNED)
    code, out, _ = invoke(sandbox, "check", "--today", EXAMPLES_TODAY)
    assert code == 1
    assert out.splitlines() == [
        "leaflets/one/leaflet.yaml:1:1: error owner: required field is missing",
        "leaflets/two/leaflet.yaml:6:12: error published: '2025-13-01' is not a valid date; "
        "write it as YYYY-MM-DD",
        "0 leaflet(s): 2 error(s), 0 warning(s)",
    ]


def test_a_brand_changes_rule_levels_also_of_other_sources(sandbox: Project) -> None:
    brand = sandbox.styles / "westerhaven" / "brand.yaml"
    brand.write_text(brand.read_text() + "rules: {LP203: error, LP105: off, PF101: error}\n")
    folder = leaflet(sandbox, "soon", "See [click here](https://www.example.org)")
    extra = [
        Problem.at(folder / "en.yaml", "title", "reading age 14", 2, 8, code="PL101"),
        Problem.at(folder / "en.yaml", "(pdf)", "image at 150 ppi", code="PF101"),
    ]
    report = run_checks(sandbox.root, today=dt.date(2027, 12, 1), extra=extra)
    assert [(f.problem.code, f.level) for f in report.findings] == [
        ("PF101", "error"),
        ("PL101", "warning"),
        ("LP203", "error"),
        ("LP407", "warning"),
    ]


def test_extra_rules_run_beside_the_built_in_ones(sandbox: Project) -> None:
    leaflet(sandbox, "one")

    def readability(leaflet: object, brand: object, context: object) -> list[Problem]:
        return [Problem.at("leaflets/one/en.yaml", "summary", "long sentences", code="PL102")]

    report = run_checks(sandbox.root, today=dt.date(2026, 12, 2), extra_rules=[readability])
    assert [str(f) for f in report.findings] == [
        "leaflets/one/en.yaml:1:1: warning PL102 summary: long sentences"
    ]


def test_check_does_not_render(sandbox: Project) -> None:
    leaflet(sandbox, "one")
    script = (
        "import sys; from leafprint.cli import main; "
        f"sys.argv=['leafprint', '--project', {str(sandbox.root)!r}, 'check']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('weasyprint' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.splitlines()[-1] == "False"


def test_examples_warn_only_of_the_deliberate_draft(project: Project) -> None:
    """The examples are current, signed and plain: their one warning is the draft that
    refractory-cancer is on purpose (its leaflet.yaml says so)."""
    report = run_checks(project.root, today=dt.date(2026, 12, 2))
    assert report.errors == []
    assert [str(f) for f in report.warnings] == [
        "leaflets/refractory-cancer/leaflet.yaml:2:10: warning LP210 version: version 1.0 has "
        "no sign-off by clinical-reviewer, patient-reviewer (required by lumen); it builds only "
        "as a draft",
    ]


def test_status_of_the_examples_as_csv(project: Project) -> None:
    code, out, _ = invoke(Project(ROOT), "status", "--format", "csv", "--today", EXAMPLES_TODAY)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["leaflet"], r["language"], r["translation"], r["status"]) for r in rows] == [
        ("immuno-oncology-guide", "da", "source", "current"),
        ("immuno-oncology-guide", "en", "current", "current"),
        ("immunotherapy", "nl", "source", "current"),
        ("immunotherapy", "en", "current", "current"),
        ("immunotherapy", "da", "current", "current"),
        ("immunotherapy", "fr", "current", "current"),
        ("immunotherapy", "ar", "current", "current"),
        ("metastases-treatment", "nl", "source", "current"),
        ("metastases-treatment", "en", "current", "current"),
        ("refractory-cancer", "fr", "source", "draft"),
        ("refractory-cancer", "en", "current", "draft"),
    ]
    first = rows[0]
    assert (first["review_due"], first["sign_offs"], first["owner"]) == (
        "2027-08-31 (extended)",
        "2/2",
        "Patientinformationsteamet",  # the owner as the row's language names it
    )
    assert rows[2]["editions"] == "general, oostmeer, duinzicht, centrum"
    assert [r["readability"] for r in rows[:3]] == [
        "LIX 36.7 (target ≤ 35)",
        "Flesch 66.1 (target ≥ 70)",
        "Douma 71.2",
    ]


def test_status_overdue_and_withdrawn(sandbox: Project) -> None:
    leaflet(sandbox, "late")
    leaflet(sandbox, "gone", meta=META + SIGNED + "withdrawn: {date: 2026-10-01, reason: merged}\n")
    code, out, _ = invoke(sandbox, "status", "--format", "csv", "--today", "2028-02-01")
    assert code == 0
    assert [row.split(",")[-1] for row in out.splitlines()] == ["status", "withdrawn", "overdue"]


def test_evidence_pack(sandbox: Project) -> None:
    leaflet(sandbox, "pack")
    code, out, _ = invoke(sandbox, "evidence", "pack", "--today", EXAMPLES_TODAY)
    assert code == 0
    assert out.splitlines() == [
        "wrote evidence/pack-evidence.md",
        "wrote evidence/pack-evidence.csv",
    ]
    rows = list(
        csv.reader(
            io.StringIO((sandbox.root / "evidence/pack-evidence.csv").read_text(encoding="utf-8"))
        )
    )
    assert rows[:6] == [
        ["kind", "subject", "date", "detail"],
        ["version", "1.0", "2025-05-12", "code TST-PACK, owner Test department"],
        ["change", "1.0", "2025-05-12", "First edition (approved by Dr. C)"],
        ["review", "last reviewed", "2025-06-01", ""],
        ["review", "next review", "2028-01-01", ""],
        ["author", "A. Author", "", ""],
    ]
    assert ["sign-off", "clinical-reviewer: Dr. C", "2025-05-20", "version 1.0"] in rows
    markdown = (sandbox.root / "evidence/pack-evidence.md").read_text()
    assert markdown.startswith("# Review pack: A test leaflet (TST-PACK)\n")
    assert "| patient-reviewer: P. Panel | 2025-05-21 | version 1.0 |" in markdown


def test_evidence_lists_sources_and_translations(sandbox: Project, tmp_path: Path) -> None:
    copy_example("immuno-oncology-guide", sandbox.leaflets)
    outdate_guide(sandbox.leaflets)
    out = tmp_path / "evidence"
    code, _, _ = invoke(sandbox, "evidence", "immuno-oncology-guide", "--out", str(out))
    assert code == 0
    rows = list(
        csv.reader(
            io.StringIO((out / "immuno-oncology-guide-evidence.csv").read_text(encoding="utf-8"))
        )
    )
    kinds = {row[0] for row in rows}
    assert {"source", "translation", "sign-off", "review"} <= kinds
    assert [
        "translation",
        "en",
        "2026-12-01",
        "made from version 1.3, outdated; changed: sections[4]",
    ] in rows


def test_schema_and_modeline(sandbox: Project) -> None:
    code, out, _ = invoke(sandbox, "schema")
    assert code == 0
    assert out.splitlines() == [
        "wrote schema/leaflet.schema.json",
        "wrote schema/language.schema.json",
    ]
    leaflet_schema = json.loads((sandbox.root / "schema/leaflet.schema.json").read_text())
    assert {"code", "approvals", "extension", "withdrawn"} <= set(leaflet_schema["properties"])
    language_schema = json.loads((sandbox.root / "schema/language.schema.json").read_text())
    assert "sections" in language_schema["required"]
    assert invoke(sandbox, "schema", "--out", "elsewhere")[1] == (
        "wrote elsewhere/leaflet.schema.json\nwrote elsewhere/language.schema.json\n"
    )
    args = ("new", "care", "--brand", "westerhaven", "--lang", "en", "--contact", "oncology")
    assert invoke(sandbox, *args)[0] == 0
    meta = (sandbox.leaflets / "care" / "leaflet.yaml").read_text().splitlines()
    assert meta[0] == "# yaml-language-server: $schema=../../schema/leaflet.schema.json"
    assert "contact: oncology" in meta
    text = (sandbox.leaflets / "care" / "en.yaml").read_text().splitlines()
    assert text[0] == "# yaml-language-server: $schema=../../schema/language.schema.json"


def test_new_asks_for_the_contact_point(sandbox: Project) -> None:
    from click.testing import CliRunner

    from leafprint.cli import cli

    result = CliRunner().invoke(
        cli,
        ["--project", str(sandbox.root), "new", "care", "--brand", "lumen", "--lang", "en"],
        input="helpline\n",
    )
    assert result.exit_code == 0, result.output
    assert "Contact point printed on the leaflet (helpline) [helpline]:" in result.output
    assert "contact: helpline" in (sandbox.leaflets / "care" / "leaflet.yaml").read_text()


def test_pre_commit_hook_runs_check() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == (
        "leafprint-check",
        "leafprint check",
        False,
    )


def test_translations_commands(sandbox: Project) -> None:
    from helpers import translated

    folder = translated(sandbox)
    code, out, _ = invoke(sandbox, "translations", "diff", "both", "nl")
    assert (code, out) == (
        0,
        "nl has not been marked current yet; after checking it against the source, run: "
        "leafprint translations mark-current both nl\n",
    )
    args = ("translations", "mark-current", "both", "nl", "--today", "2026-11-01")
    code, out, _ = invoke(sandbox, *args)
    assert (code, out) == (
        0,
        "nl marked current with version 1.0 in leaflets/both/translations.lock\n",
    )
    assert invoke(sandbox, "translations", "diff", "both", "nl")[1] == (
        "nl follows every section of the source.\n"
    )
    code, _, err = invoke(sandbox, "translations", "mark-current", "both", "en")
    assert code == 1
    assert err == (
        "leaflets/both/leaflet.yaml:5:12: languages: 'en' is not a translation of this leaflet "
        "(translations: nl)\n"
        "hint: fix each file at the line and column named, then run the command again\n"
    )
    assert (folder / "translations.lock").read_text().startswith("# Written by")


def test_readme_documents_every_rule_code() -> None:
    from leafprint.findings import RULES

    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Checks and rule codes")[1].split("\n## ")[0]
    rows = {
        line.split(" | ")[0].strip("| "): line
        for line in section.splitlines()
        if line.startswith("| LP")
    }
    assert sorted(rows) == sorted(RULES)
    for code, (level, _) in RULES.items():
        assert rows[code].split(" | ")[1].split(" (")[0] == level, code


def test_fast_parser_gives_the_same_nodes_and_places() -> None:
    import yaml as pyyaml

    from leafprint.yamlsource import _compose, _StrictLoader

    def places(node: pyyaml.Node) -> list[tuple[object, ...]]:
        found = [(node.tag, node.start_mark.index, node.end_mark.index, node.start_mark.line)]
        children = node.value if isinstance(node.value, list) else []
        for child in children:
            for part in child if isinstance(child, tuple) else (child,):
                found += places(part)
        return found

    for path in [*ROOT.glob("leaflets/*/*.yaml"), *ROOT.glob("styles/*/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        fast = _compose(text)
        slow = _StrictLoader(text).get_single_node()
        assert fast is not None and slow is not None
        assert places(fast) == places(slow), path


def test_today_from_the_environment(sandbox: Project, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    leaflet(sandbox, "soon")
    monkeypatch.setenv("LEAFPRINT_TODAY", "2027-12-01")
    code, out, _ = invoke(sandbox, "check")
    assert "warning LP203 next_review: review due on 2028-01-01, in 31 days" in out
    monkeypatch.setenv("LEAFPRINT_TODAY", "2027-13-01")
    for command in ("check", "build", "status"):
        code, _, err = invoke(sandbox, command)
        assert (code, err) == (
            2,
            "LEAFPRINT_TODAY: '2027-13-01' is not a YYYY-MM-DD date\n"
            "hint: set the environment variable to a day such as 2027-06-01, or unset it\n",
        )


def test_every_mistake_of_every_stage_in_one_run(sandbox: Project) -> None:
    """A syntax error, a schema error, an unknown citation, a bad date, an unknown brand
    and a missing image, in four files: one check run names them all; so does build."""
    meta = (
        META.replace("brand: westerhaven", "brand: nowhere")
        .replace("languages: [en]", "languages: [en, nl, fr]")
        .replace("published: 2025-01-01", "published: 2025-13-01")
    )
    text = (
        "title: Hair loss during chemotherapy\n"
        "summary: Some medicines make your hair fall out [@nokey].\n"
        "sections:\n"
        "  - heading: Why it happens\n"
        "    body: |\n"
        "      The medicine harms cells that grow fast.\n\n"
        "      ![A head scarf](images/scarf.png)\n"
    )
    folder = add_leaflet(sandbox, "hair", meta, text)
    origin = 'translated_from: {language: en, version: "1.0"}\n'
    (folder / "nl.yaml").write_text(
        origin + "title: Haaruitval\nsubtitle Informatie voor patiënten\nsummary: Kort.\n",
        encoding="utf-8",
    )
    (folder / "fr.yaml").write_text(
        origin + "titel: Perte de cheveux\nsummary: Court.\n"
        "sections:\n  - {heading: Pourquoi, body: Texte.}\n",
        encoding="utf-8",
    )
    expected = [
        "leaflets/hair/en.yaml:2:49: error LP616 summary: unknown reference 'nokey'",
        "leaflets/hair/en.yaml:8:21: error sections[1].body: image file not found: "
        "images/scarf.png",
        "leaflets/hair/fr.yaml:1:1: error title: required field is missing",
        "leaflets/hair/fr.yaml:2:1: error titel: unknown field 'titel'; did you mean 'title'?",
        "leaflets/hair/leaflet.yaml:3:8: error brand: unknown brand 'nowhere' "
        "(known: lumen, westerhaven)",
        "leaflets/hair/leaflet.yaml:6:12: error published: '2025-13-01' is not a valid date; "
        "write it as YYYY-MM-DD",
        "leaflets/hair/nl.yaml:3:9: error (syntax): add ':' after 'subtitle': a field name is "
        "followed by a colon and a space, then its text (subtitle: …)",
    ]
    code, out, _ = invoke(sandbox, "check")
    assert code == 1
    assert out.splitlines() == [*expected, "0 leaflet(s): 7 error(s), 0 warning(s)"]
    code, _, err = invoke(sandbox, "build")
    assert code == 1
    assert sorted(err.splitlines()[: len(expected)]) == [
        line.replace(" error ", " ", 1) for line in expected
    ]


def _tree(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file below *root* with its modification time and bytes, and every folder."""
    return {
        p.relative_to(root).as_posix(): (
            (p.stat().st_mtime_ns, p.read_bytes()) if p.is_file() else (0, b"")
        )
        for p in root.rglob("*")
    }


def test_check_writes_nothing(sandbox: Project) -> None:
    """``leafprint check`` only reads: not even into an output folder that is there."""
    copy_example("immunotherapy", sandbox.leaflets)
    (sandbox.root / "dist").mkdir()
    before = _tree(sandbox.root)
    code, out, _ = invoke(sandbox, "check")
    assert code == 0 and out.endswith("1 leaflet(s): 0 error(s), 0 warning(s)\n"), out
    assert run_checks(sandbox.root).errors == []
    assert _tree(sandbox.root) == before
