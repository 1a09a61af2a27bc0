"""``leafprint status --contacts``: the contact points due for verification, per brand and
edition, with the leaflets printing them (today is 2026-12-02, see conftest)."""

from __future__ import annotations

import csv
import io
import json
import re

from click.testing import CliRunner

from helpers import META, add_leaflet, team
from leafprint.cli import cli
from leafprint.commands.build import Project

HEADER = ["brand", "edition", "contact", "verified", "due", "status", "leaflets"]


def verified(project: Project, dates: dict[str, str | None]) -> None:
    """Set (or, with None, remove) the verified date of contact points of both brands."""
    for brand in ("westerhaven", "lumen"):
        path = project.root / "styles" / brand / "contacts.yaml"
        text = path.read_text(encoding="utf-8")
        for contact, date in dates.items():
            line = f"    verified: {date}\n" if date else ""
            text = re.sub(
                rf"(\n  {contact}:\n)(?:    verified: [0-9-]+[^\n]*\n)?",
                rf"\g<1>{line}",
                text,
                count=1,
            )
        path.write_text(text, encoding="utf-8")


def contacts(project: Project, *args: str) -> list[list[str]]:
    base = ["--project", str(project.root), "status", "--contacts", "--format", "csv"]
    result = CliRunner().invoke(cli, [*base, *args])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == HEADER
    return rows[1:]


def setup(sandbox: Project) -> Project:
    """team()'s four leaflets, one more printing the centrum clinic's edition, and the
    contacts verified: oncology 13 months ago, oostmeer due in January, centrum never,
    helpline last month."""
    team(sandbox)
    add_leaflet(sandbox, "clinic", META + "editions: [centrum]\n")
    verified(
        sandbox,
        {
            "oncology": "2025-11-01",
            "oostmeer": "2026-01-15",
            "centrum": None,
            "helpline": "2026-11-17",
        },
    )
    return sandbox


def test_every_printed_contact_point_most_urgent_first(sandbox: Project) -> None:
    assert contacts(setup(sandbox)) == [
        ["westerhaven", "centrum", "centrum", "", "", "not verified", "clinic"],
        [
            "westerhaven",
            "general",
            "oncology",
            "2025-11-01",
            "2026-11-01",
            "overdue",
            "clinic, later, overdue, soon",
        ],
        ["westerhaven", "oostmeer", "oostmeer", "2026-01-15", "2027-01-15", "due soon", "overdue"],
        ["lumen", "general", "helpline", "2026-11-17", "2027-11-17", "current", "lumen-later"],
    ]


def test_narrowed_like_the_leaflet_status(sandbox: Project) -> None:
    setup(sandbox)
    names = lambda rows: [(row[1], row[2]) for row in rows]  # noqa: E731
    assert names(contacts(sandbox, "--due", "1m")) == [
        ("centrum", "centrum"),
        ("general", "oncology"),
    ]
    assert len(contacts(sandbox, "--due", "2m")) == 3  # oostmeer is due on 2027-01-15
    assert names(contacts(sandbox, "--brand", "lumen")) == [("general", "helpline")]
    assert names(contacts(sandbox, "--edition", "oostmeer")) == [("oostmeer", "oostmeer")]
    assert contacts(sandbox, "--owner", "day unit") == [
        ["westerhaven", "general", "oncology", "2025-11-01", "2026-11-01", "overdue", "soon"]
    ]
    assert names(contacts(sandbox, "overdue")) == [
        ("general", "oncology"),
        ("oostmeer", "oostmeer"),
    ]
    assert contacts(sandbox, "--today", "2027-12-01", "--brand", "lumen")[0][5] == "overdue"


def test_contacts_as_json_and_a_table(sandbox: Project) -> None:
    setup(sandbox)
    base = ["--project", str(sandbox.root), "status", "--contacts", "--brand", "lumen"]
    result = CliRunner().invoke(cli, [*base, "--format", "json"])
    assert json.loads(result.stdout) == [
        {
            "brand": "lumen",
            "edition": "general",
            "contact": "helpline",
            "verified": "2026-11-17",
            "due": "2027-11-17",
            "status": "current",
            "leaflets": "lumen-later",
        }
    ]
    table = CliRunner().invoke(cli, base, terminal_width=160).stdout
    assert re.search(r"lumen +│ general +│ helpline +│ 2026-11-17 │ 2027-11-17 │ current", table)


def test_leaflet_options_do_not_apply_to_contacts(sandbox: Project) -> None:
    result = CliRunner().invoke(
        cli, ["--project", str(setup(sandbox).root), "status", "--contacts", "--lang", "en"]
    )
    assert result.exit_code == 2
    assert "--lang, --outdated and --uses do not apply to --contacts" in result.output
