"""leafprint evidence: the version history and the archived PDFs of earlier versions."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from helpers import DUTCH, META, SIGNED, invoke, leaflet
from leafprint.commands.build import Project

HISTORY = SIGNED.replace('version: "1.0"', 'version: "1.10"').replace(
    "approved_by: Dr. C}\n",
    "approved_by: Dr. C}\n"
    '  - {version: "1.9", date: 2025-03-01, summary: Second edition, approved_by: Dr. B}\n'
    '  - {version: "1.2", date: 2025-02-01, summary: "Fixed | typo", approved_by: Dr. A}\n',
)


def history_leaflet(project: Project) -> None:
    leaflet(project, "pack", meta=META.replace('version: "1.0"', 'version: "1.10"') + HISTORY)


def archive(root: Path, *files: str) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7\n")


def rows(project: Project, *options: str) -> list[list[str]]:
    code, _, err = invoke(project, "evidence", "pack", "--today", "2026-12-02", *options)
    assert (code, err) == (0, "")
    return list(
        csv.reader(
            io.StringIO((project.root / "evidence/pack-evidence.csv").read_text(encoding="utf-8"))
        )
    )


def test_the_pack_lists_the_version_history_oldest_first(sandbox: Project) -> None:
    history_leaflet(sandbox)
    assert rows(sandbox)[1:5] == [
        ["version", "1.10", "2025-05-12", "code TST-PACK, owner Test department"],
        ["change", "1.2", "2025-02-01", "Fixed | typo (approved by Dr. A)"],
        ["change", "1.9", "2025-03-01", "Second edition (approved by Dr. B)"],
        ["change", "1.10", "2025-05-12", "First edition (approved by Dr. C)"],
    ]
    markdown = (sandbox.root / "evidence/pack-evidence.md").read_text()
    assert (
        "## Version history\n\n| version | date | change |\n| --- | --- | --- |\n"
        "| 1.2 | 2025-02-01 | Fixed \\| typo (approved by Dr. A) |\n"
        "| 1.9 | 2025-03-01 | Second edition (approved by Dr. B) |\n"
        "| 1.10 | 2025-05-12 | First edition (approved by Dr. C) |\n"
    ) in markdown


def test_the_summary_is_given_in_the_source_language(sandbox: Project) -> None:
    meta = META.replace("languages: [en]", "languages: [en, nl]") + SIGNED.replace(
        "summary: First edition", "summary: {nl: Eerste uitgave, en: First edition}"
    )
    folder = leaflet(sandbox, "pack", meta=meta)
    (folder / "nl.yaml").write_text(DUTCH, encoding="utf-8")
    assert ["change", "1.0", "2025-05-12", "First edition (approved by Dr. C)"] in rows(sandbox)


def test_the_pack_lists_archived_pdfs_of_earlier_versions(sandbox: Project) -> None:
    history_leaflet(sandbox)
    archive(
        sandbox.root / "dist/archive",
        "pack/1.9/pack.en.pdf",
        "pack/1.2/pack.en.pdf",
        "pack/1.2/pack.en.large-print.pdf",
        "pack/1.2/notes.txt",  # not a PDF
        "pack/old/pack.en.pdf",  # not a version folder
        "other/1.0/other.en.pdf",  # another leaflet's
    )
    archived = [row for row in rows(sandbox) if row[0] == "archived"]
    assert archived == [
        ["archived", "1.2", "", "archive/pack/1.2/pack.en.large-print.pdf"],
        ["archived", "1.2", "", "archive/pack/1.2/pack.en.pdf"],
        ["archived", "1.9", "", "archive/pack/1.9/pack.en.pdf"],
    ]
    markdown = (sandbox.root / "evidence/pack-evidence.md").read_text()
    assert markdown.endswith(
        "## Archived PDFs of earlier versions\n\n| version | date | file |\n| --- | --- | --- |\n"
        "| 1.2 | – | archive/pack/1.2/pack.en.large-print.pdf |\n"
        "| 1.2 | – | archive/pack/1.2/pack.en.pdf |\n"
        "| 1.9 | – | archive/pack/1.9/pack.en.pdf |\n"
    )


def test_dist_names_another_output_folder(sandbox: Project, tmp_path: Path) -> None:
    history_leaflet(sandbox)
    archive(tmp_path / "published/archive", "pack/1.9/pack.en.pdf")
    assert [row for row in rows(sandbox) if row[0] == "archived"] == []
    assert [
        row for row in rows(sandbox, "--dist", str(tmp_path / "published")) if row[0] == "archived"
    ] == [["archived", "1.9", "", "archive/pack/1.9/pack.en.pdf"]]
