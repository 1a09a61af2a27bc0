"""Contacts: a named contact point, urgent and feedback routes, the formats statement (LP4xx)."""

from __future__ import annotations

import re

from ..brands import Brand
from ..content import Leaflet
from ..errors import Problem
from . import CheckContext, located

_BLOCK = re.compile(r"{%-?\s*block\s+availability\s*-?%}(.*?){%-?\s*endblock", re.S)


def named_contact(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    if leaflet.meta.contact is not None:
        return []
    known = ", ".join(brand.contacts.book.contacts)
    return [
        located(
            leaflet.document,
            ("contact",),
            f"no contact point named: the brand's default '{brand.meta.contact}' is printed; "
            f"add contact: <name> (known: {known})",
            "LP401",
        )
    ]


def routes(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """Every contact this leaflet prints (general and clinic editions) has its routes."""
    book = brand.contacts.book
    used = [leaflet.meta.contact or brand.meta.contact]
    used += [book.clinics[c].contact for c in leaflet.meta.editions if c in book.clinics]
    policy = brand.meta.routes
    problems = []
    for contact_id in dict.fromkeys(used):
        contact = book.contacts.get(contact_id)
        if contact is None:
            continue
        where = ("contacts", contact_id)
        if policy.urgent and contact.urgent is None:
            problems.append(
                located(
                    brand.contacts.document,
                    where,
                    f"contact '{contact_id}' has no urgent route: add urgent: {{label, number, "
                    f"hours}}, or set routes: {{urgent: false}} in {brand.id}'s brand.yaml",
                    "LP402",
                )
            )
        if policy.feedback and contact.feedback is None:
            problems.append(
                located(
                    brand.contacts.document,
                    where,
                    f"contact '{contact_id}' has no feedback route: add feedback: (how to give "
                    f"compliments or complain), or set routes: {{feedback: false}} in {brand.id}'s "
                    "brand.yaml",
                    "LP403",
                )
            )
    return problems


def formats_statement(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """A brand template may restyle the other-formats statement but not drop it."""
    path = brand.templates / "leaflet.html"
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    match = _BLOCK.search(text)
    if match is None or "availability" in match.group(1):
        return []
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return [
        Problem.at(
            path,
            "block availability",
            "this block drops the statement on other formats and languages; "
            "show {{ page.extras.availability }} in it",
            line,
            column,
            code="LP404",
        )
    ]


RULES = [named_contact, routes, formats_statement]
