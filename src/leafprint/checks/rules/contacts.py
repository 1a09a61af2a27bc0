"""Contacts: a named contact point, urgent and feedback routes, the formats statement (LP4xx)."""

from __future__ import annotations

import re

from leafprint.content.brands import Brand
from leafprint.content.editions import GENERAL_EDITION
from leafprint.content.leaflets import Leaflet, all_sections
from leafprint.content.lifecycle import add_months
from leafprint.errors import Problem

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


def printed_contacts(leaflet: Leaflet, brand: Brand) -> list[tuple[str | None, str]]:
    """(clinic or None, contact id) of every edition this leaflet prints."""
    book = brand.contacts.book
    used: list[tuple[str | None, str]] = [(None, leaflet.meta.contact or brand.meta.contact)]
    used += [(c, book.clinics[c].contact) for c in leaflet.meta.editions if c in book.clinics]
    return [(clinic, contact) for clinic, contact in used if contact in book.contacts]


def urgent_callouts(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """An urgent callout ("call at once") has a number to call in every edition."""
    book, problems = brand.contacts.book, []
    lacking = [
        (clinic, contact_id)
        for clinic, contact_id in printed_contacts(leaflet, brand)
        if book.contacts[contact_id].urgent is None
    ]
    if not lacking:
        return []
    editions = ", ".join(
        f"{clinic or GENERAL_EDITION} ('{contact}')" for clinic, contact in lacking
    )
    for version in leaflet.versions.values():
        for place, section in all_sections(version.text):
            for n, callout in enumerate(section.callouts):
                if callout.kind == "urgent" and callout.number is None:
                    message = (
                        f"an urgent callout prints no number to call in the edition {editions}: "
                        "give the callout a number (number: +31 20 555 0199) or the contact an "
                        "urgent route"
                    )
                    loc = (*place, "callouts", n)
                    problems.append(located(version.document, loc, message, "LP405"))
    return problems


def urgent_hours(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """Every urgent route says when it answers."""
    book, problems = brand.contacts.book, []
    for _, contact_id in dict.fromkeys(printed_contacts(leaflet, brand)):
        urgent = book.contacts[contact_id].urgent
        if urgent is not None and urgent.hours is None:
            message = (
                f"the urgent route of '{contact_id}' does not say when it answers: add hours "
                "(e.g. 24 hours a day, 7 days a week)"
            )
            where = ("contacts", contact_id, "urgent")
            problems.append(located(brand.contacts.document, where, message, "LP406"))
    return problems


def verified(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """Contact details were checked within the brand's interval (review.contacts_months)."""
    book, months, problems = brand.contacts.book, brand.meta.review.contacts_months, []
    oldest = add_months(context.today, -months)
    for contact_id in dict.fromkeys(contact for _, contact in printed_contacts(leaflet, brand)):
        checked = book.contacts[contact_id].verified
        if checked is not None and checked >= oldest:
            continue
        when = f"were last checked on {checked}" if checked else "have no verified date"
        message = (
            f"the details of '{contact_id}' {when}; call the numbers, check the addresses and "
            f"set verified: {context.today} (at least every {months} months)"
        )
        loc = ("contacts", contact_id, "verified") if checked else ("contacts", contact_id)
        problems.append(located(brand.contacts.document, loc, message, "LP407"))
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
            "show {{ sheet.availability }} in it",
            line,
            column,
            code="LP404",
        )
    ]


RULES = [named_contact, routes, urgent_callouts, urgent_hours, verified, formats_statement]
