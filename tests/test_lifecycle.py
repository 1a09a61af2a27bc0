"""The change log's helpers: version order and the date of the current version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import GOOD_META
from leafprint.checks.check import run_checks
from leafprint.commands.build import Project
from leafprint.commands.scaffold import scaffold
from leafprint.content.leaflets import load_leaflet
from leafprint.content.lifecycle import version_date, version_key
from leafprint.content.models import LeafletMeta
from leafprint.content.validate import validate
from leafprint.yamlsource import load_yaml


def meta(tmp_path: Path, text: str) -> LeafletMeta:
    path = tmp_path / "leaflet.yaml"
    path.write_text(text, encoding="utf-8")
    return validate(load_yaml(path), LeafletMeta)


def test_versions_compare_as_numbers() -> None:
    assert version_key("2.10") == (2, 10)
    assert version_key("2.9") < version_key("2.10") < version_key("3")
    assert sorted(["1.10", "1.2", "1.9.1"], key=version_key) == ["1.2", "1.9.1", "1.10"]


def test_the_current_version_is_dated_by_its_change_log_entry(tmp_path: Path) -> None:
    log = (
        "changes:\n"
        '  - {version: "1.1", date: 2025-02-01, summary: Older, approved_by: Dr. C}\n'
        '  - {version: "1.2", date: 2025-03-15, summary: {nl: Nieuw, en: New}, approved_by: X}\n'
    )
    assert version_date(meta(tmp_path, GOOD_META + log)) == dt.date(2025, 3, 15)


def test_without_an_entry_the_current_version_dates_from_published(tmp_path: Path) -> None:
    log = 'changes:\n  - {version: "1.1", date: 2025-02-01, summary: Older, approved_by: Dr. C}\n'
    assert version_date(meta(tmp_path, GOOD_META + log)) == dt.date(2025, 1, 1)
    assert version_date(meta(tmp_path, GOOD_META)) == dt.date(2025, 1, 1)


def test_a_new_leaflet_starts_its_change_log(sandbox: Project) -> None:
    scaffold(sandbox.root, "care", "westerhaven", "en", None, "oncology")
    meta = load_leaflet(sandbox.leaflets / "care").meta
    assert [(c.version, c.date, c.summary) for c in meta.changes] == [
        ("1.0", dt.date(2026, 12, 2), "First edition")
    ]
    report = run_checks(sandbox.root)  # today as the scaffold took it: LEAFPRINT_TODAY
    assert [f.problem.code for f in report.findings if f.problem.code.startswith("LP2")] == [
        "LP210"
    ]
