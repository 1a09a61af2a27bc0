"""``leafprint status`` for a team with many leaflets: due within a period, per owner, brand,
clinic edition and language, outdated translations, the leaflets citing a source."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from helpers import team
from leafprint.cli import cli
from leafprint.commands.build import Project
from leafprint.publish.status import parse_period

TODAY = "2026-12-02"


def status(project: Project, *args: str) -> list[dict[str, str]]:
    runner = CliRunner()
    base = ["--project", str(project.root), "status", "--today", TODAY, "--format", "csv"]
    result = runner.invoke(cli, [*base, *args])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def slugs(rows: list[dict[str, str]]) -> list[str]:
    return [row["leaflet"] for row in rows]


def test_due_within_six_months(sandbox: Project) -> None:
    rows = status(team(sandbox), "--due", "6m")
    assert slugs(rows) == ["lumen-later", "overdue", "soon"]
    assert {row["leaflet"]: row["review_due"] for row in rows} == {
        "lumen-later": "2027-05-01",
        "overdue": "2026-10-01",
        "soon": "2027-03-01",
    }
    assert slugs(status(sandbox, "--due", "3m")) == ["overdue", "soon"]


def test_per_owner_brand_edition_and_source(sandbox: Project) -> None:
    team(sandbox)
    assert slugs(status(sandbox, "--owner", "day unit")) == ["soon"]
    assert slugs(status(sandbox, "--brand", "lumen")) == ["lumen-later"]
    assert slugs(status(sandbox, "--edition", "oostmeer")) == ["overdue"]
    assert slugs(status(sandbox, "--uses", "nci-page")) == ["overdue"]
    assert slugs(status(sandbox, "--due", "6m", "--brand", "westerhaven")) == ["overdue", "soon"]


def test_status_as_json(sandbox: Project) -> None:
    team(sandbox)
    base = ["--project", str(sandbox.root), "status", "--today", TODAY, "--format", "json"]
    rows = json.loads(CliRunner().invoke(cli, [*base, "overdue"]).stdout)
    assert rows == [
        {
            "leaflet": "overdue",
            "code": "TST-OVERDUE",
            "brand": "westerhaven",
            "language": "en",
            "version": "1.0",
            "translation": "source",
            "review_due": "2026-10-01",
            "sign_offs": "0/2",
            "owner": "Test department",
            "editions": "general, oostmeer",
            "readability": rows[0]["readability"],
            "status": "overdue",
        }
    ]


@pytest.mark.parametrize(("text", "months"), [("6m", 6), ("1y", 12), ("18", 18), (" 2Y ", 24)])
def test_periods(text: str, months: int) -> None:
    assert parse_period(text) == months


def test_a_wrong_period_is_named(sandbox: Project) -> None:
    result = CliRunner().invoke(cli, ["--project", str(sandbox.root), "status", "--due", "6x"])
    assert result.exit_code == 2
    assert "Invalid value for --due: '6x' is not a period such as 6m (months) or 1y (years)" in (
        result.output
    )
