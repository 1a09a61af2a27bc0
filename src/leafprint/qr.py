"""QR codes as inline SVG (segno): to the online version, or a contact card."""

from __future__ import annotations

import segno
from markupsafe import Markup
from segno import helpers

from .contacts import ResolvedContact


def qr_svg(data: str, title: str) -> Markup:
    """A QR code for *data* with the standard quiet zone of 4 modules.

    The SVG has no fixed size: the stylesheet sets it (at least 2 cm wide in print).
    """
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(border=4, dark="#000000", light="#FFFFFF", omitsize=True, title=title)
    return Markup(svg)


def vcard_svg(contact: ResolvedContact) -> Markup:
    """A QR code that adds *contact* to a phone's address book."""
    phone = contact.first_phone
    data = helpers.make_vcard_data(
        name=contact.department or contact.organisation,
        displayname=contact.department or contact.organisation,
        org=contact.organisation,
        email=contact.email,
        phone=phone.international.replace(" ", "") if phone else None,
        url=contact.web,
    )
    return qr_svg(data, contact.organisation)
