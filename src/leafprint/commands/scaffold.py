"""``leafprint new``: a new leaflet folder that validates and builds at once."""

from __future__ import annotations

import re
from pathlib import Path

from leafprint.checks.check import default_today
from leafprint.content.brands import unknown_brand
from leafprint.content.models import LANGUAGE_TAG
from leafprint.content.schema import modeline
from leafprint.errors import ContentError, LeafletError, Problem
from leafprint.yamlsource import load_yaml

LEAFLET_YAML = """\
{modeline}# Shared by every language of this leaflet. See README.md, "Writing a leaflet".
code: {code}
version: "1.0"
brand: {brand}
source_language: {language}
languages: [{language}]
published: {today}
reviewed: {today}
next_review: {next_review}
owner: Department name
contact: {contact}
authors:
  - name: Your name
    role: Your role
audience: Who this leaflet is for
changes:  # one entry per version: what changed, and who approved it
  - version: "1.0"
    date: {today}
    summary: First edition
    approved_by: Your name
"""

LANGUAGE_YAML = """\
{modeline}# The text of this leaflet in one language. Markdown is allowed in every text.
title: Title of the leaflet
subtitle: Information for patients
summary: >
  One to three short sentences that say what this leaflet is about.
key_points:
  - The most important thing to remember.
sections:
  - heading: First section
    body: |
      Write short sentences. Use **bold** for what matters most.

      - A list item
      - Another list item
"""


def brand_contacts(project: Path, brand: str) -> list[str]:
    """The contact points a brand's contacts.yaml names (none if it cannot be read)."""
    try:
        data = load_yaml(project / "styles" / brand / "contacts.yaml").data
    except LeafletError:
        return []
    contacts = data.get("contacts") if isinstance(data, dict) else None
    return list(contacts) if isinstance(contacts, dict) else []


def scaffold(
    project: Path, slug: str, brand: str, language: str, code: str | None, contact: str
) -> Path:
    """Create ``leaflets/<slug>/`` with a leaflet.yaml and a <language>.yaml."""
    folder = project / "leaflets" / slug
    problems = []
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        problems.append("the slug may hold only lower-case letters, digits and hyphens")
    if folder.exists():
        problems.append(f"{folder} already exists")
    unknown = unknown_brand(project / "styles", brand)
    if unknown is not None:
        problems.append(unknown)
    known = brand_contacts(project, brand)
    if known and contact not in known:
        problems.append(
            f"no contact '{contact}' in {brand}'s contacts.yaml (known: {', '.join(known)})"
        )
    if not LANGUAGE_TAG.match(language):
        problems.append(f"'{language}' is not a language code such as 'nl' or 'en'")
    if problems:
        raise ContentError([Problem.at(folder, "new", message) for message in problems])
    today = default_today()  # the day the checks take for today
    next_review = today.replace(year=today.year + 3, day=min(today.day, 28))
    code = code or "NEW-" + "".join(part[:3] for part in slug.split("-")).upper()
    folder.mkdir(parents=True)
    (folder / "leaflet.yaml").write_text(
        LEAFLET_YAML.format(
            modeline=modeline("leaflet.schema.json"),
            code=code,
            brand=brand,
            language=language,
            today=today,
            next_review=next_review,
            contact=contact,
        ),
        encoding="utf-8",
    )
    (folder / f"{language}.yaml").write_text(
        LANGUAGE_YAML.format(modeline=modeline("language.schema.json")), encoding="utf-8"
    )
    return folder
