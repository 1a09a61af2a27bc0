"""Contact points: validation with positions, translation, numbers and addresses for the reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leafprint.content.contacts import load_contacts, text_direction
from leafprint.content.qr import MIN_SYMBOL_MM
from leafprint.content.vcard import vcard_data, vcard_qr
from leafprint.errors import ContentError

CONTACTS = """\
contacts:
  clinic:
    organisation: {nl: Kliniek, en: Clinic}
    phones:
      - label: {nl: Balie, en: Desk}
        number: "+31 20 555 0140"
        hours: {nl: werkdagen, en: weekdays}
    urgent:
      label: Emergency
      number: "+45 70 10 20 30"
    email: desk@clinic.example.org
    visiting_address:
      street: Havenlaan 1
      postcode: 1099 ZZ
      city: Westerhaven
      country: NL
      directions: {nl: Ingang B, en: Entrance B}
    postal_address:
      street: 1 Harbour Road
      postcode: ZZ1 1ZZ
      city: Westhaven
      country: GB
"""


def brand_folder(tmp_path: Path, text: str) -> Path:
    (tmp_path / "contacts.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def messages(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_contacts(brand_folder(tmp_path, text))
    return [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in caught.value.problems]


def test_resolves_texts_and_formats_numbers_for_the_reader(tmp_path: Path) -> None:
    contacts = load_contacts(brand_folder(tmp_path, CONTACTS))
    dutch = contacts.resolve("clinic", "nl")
    assert (dutch.organisation, dutch.phones[0].label, dutch.phones[0].hours) == (
        "Kliniek", "Balie", "werkdagen",
    )  # fmt: skip
    desk = dutch.phones[0]
    assert desk.display == "020 555 0140"  # national for a Dutch reader
    assert (desk.international, desk.e164, desk.home) == ("+31 20 555 0140", "+31205550140", True)
    assert desk.tel == "tel:+31-20-555-0140"
    assert dutch.urgent is not None and dutch.urgent.display == "+45 70 10 20 30"
    assert not dutch.urgent.home
    english = contacts.resolve("clinic", "en")
    assert english.phones[0].display == "+31 20 555 0140"
    # a region in the language tag names the reader's country; texts fall back to 'en'
    expat = contacts.resolve("clinic", "en-NL")
    assert (expat.phones[0].label, expat.phones[0].display) == ("Desk", "020 555 0140")


def test_addresses_show_the_country_only_to_readers_elsewhere(tmp_path: Path) -> None:
    contacts = load_contacts(brand_folder(tmp_path, CONTACTS))
    dutch, english = contacts.resolve("clinic", "nl"), contacts.resolve("clinic", "en")
    assert dutch.visiting_address is not None and english.visiting_address is not None
    # a postcode and its city are one unit, never broken over two lines
    assert dutch.visiting_address.lines == ["Havenlaan 1", "1099\u00a0ZZ\u00a0Westerhaven"]
    assert dutch.visiting_address.directions == "Ingang B"
    assert english.visiting_address.lines == [
        "Havenlaan 1",
        "1099\u00a0ZZ\u00a0Westerhaven",
        "Netherlands",
    ]
    # British addresses put the city before the postcode; a Dutch reader is told the country
    assert dutch.postal_address is not None
    assert dutch.postal_address.lines == [
        "1 Harbour Road",
        "Westhaven\u00a0ZZ1\u00a01ZZ",
        "Verenigd Koninkrijk",
    ]


def test_missing_translation_is_located(tmp_path: Path) -> None:
    contacts = load_contacts(brand_folder(tmp_path, CONTACTS))
    with pytest.raises(ContentError) as caught:
        contacts.resolve("clinic", "fr")
    assert [f"{p.line}:{p.field}: {p.message}" for p in caught.value.problems] == [
        "3:contacts.clinic.organisation: no text for language 'fr' (has nl, en)",
        "5:contacts.clinic.phones[1].label: no text for language 'fr' (has nl, en)",
        "7:contacts.clinic.phones[1].hours: no text for language 'fr' (has nl, en)",
        "17:contacts.clinic.visiting_address.directions: no text for language 'fr' (has nl, en)",
    ]


def test_invalid_phone_number(tmp_path: Path) -> None:
    text = CONTACTS.replace("+31 20 555 0140", "+31 20 555")
    assert messages(tmp_path, text) == [
        "6:17: contacts.clinic.phones[1].number: '+31 20 555' is not a valid phone number"
    ]


def test_number_without_country_code(tmp_path: Path) -> None:
    text = CONTACTS.replace('"+31 20 555 0140"', '"020 555 0140"')
    assert messages(tmp_path, text) == [
        "6:17: contacts.clinic.phones[1].number: '020 555 0140' is not a phone number in "
        "international form, e.g. '+31 20 555 0140'"
    ]


def test_address_country_and_postcode_are_checked(tmp_path: Path) -> None:
    text = CONTACTS.replace("country: NL", "country: XX").replace(
        "postcode: ZZ1 1ZZ", "postcode: 4000"
    )
    assert messages(tmp_path, text) == [
        "16:16: contacts.clinic.visiting_address.country: 'XX' is not an ISO 3166 country code "
        "such as 'NL' or 'DK'",
        "20:17: contacts.clinic.postal_address.postcode: write the postcode in quotes, e.g. "
        '"4000" (a bare number loses leading zeros)',
    ]


def test_contact_needs_a_phone_or_email(tmp_path: Path) -> None:
    text = "contacts:\n  empty:\n    organisation: Nobody\n    web: https://x.example.org\n"
    assert messages(tmp_path, text) == [
        "3:5: contacts.empty: a contact needs at least one phone number or e-mail"
    ]


def test_clinic_must_name_a_known_contact_and_logo(tmp_path: Path) -> None:
    text = CONTACTS + "clinics:\n  east:\n    name: East\n    contact: west\n    logo: east.svg\n"
    assert messages(tmp_path, text) == [
        "26:14: clinics.east.contact: no contact 'west' under contacts (known: clinic)",
        "27:11: clinics.east.logo: file not found: east.svg",
    ]


def test_a_contact_e_mail_follows_the_one_address_rule(tmp_path: Path) -> None:
    text = "contacts:\n  a:\n    organisation: A\n    email: desk..west@clinic.example.org\n"
    assert messages(tmp_path, text) == [
        "4:12: contacts.a.email: 'desk..west@clinic.example.org' is not in the expected form "
        "(an e-mail address such as name@example.org)"
    ]
    feedback = "    feedback: Write to desk.west@clinic.example.org.\n"
    contacts = load_contacts(brand_folder(tmp_path, text.replace("..", ".") + feedback))
    assert 'href="mailto:desk.west@clinic.example.org"' in str(
        contacts.resolve("a", "en").feedback_html
    )


def test_text_direction() -> None:
    assert [text_direction(t) for t in ("1099 ZZ Westerhaven", "هولندا", "12 شارع", "")] == [
        "ltr", "rtl", "rtl", "ltr",
    ]  # fmt: skip


def test_vcard_holds_every_number_and_prints_at_least_2_cm(tmp_path: Path) -> None:
    contact = load_contacts(brand_folder(tmp_path, CONTACTS)).resolve("clinic", "en")
    data = vcard_data(contact).replace("\r\n", "\n")
    assert data.startswith("BEGIN:VCARD") and "ORG:Clinic" in data
    assert re.findall(r"^TEL:(.*)$", data, re.MULTILINE) == ["+31205550140", "+4570102030"]
    assert "EMAIL:desk@clinic.example.org" in data
    assert "NOTE:Emergency: +45 70 10 20 30" in data
    assert "ADR:;;Havenlaan 1;Westerhaven;;1099 ZZ;NL" in data
    card = vcard_qr(contact, "Save")
    modules = int(re.search(r'viewBox="0 0 (\d+) ', card.svg).group(1))  # type: ignore[union-attr]
    symbol_mm = card.size_mm * (modules - 8) / modules  # without the quiet zone of 4 modules
    assert symbol_mm >= MIN_SYMBOL_MM
    assert card.size_mm / modules >= 0.5  # module size


def test_an_address_written_as_one_line_is_explained(tmp_path: Path) -> None:
    text = "contacts:\n  a:\n    organisation: A\n    email: a@x.example.org\n"
    text += "    visiting_address: Havenlaan 12, 1099 ZZ Westerhaven\n"
    assert messages(tmp_path, text) == [
        "5:23: contacts.a.visiting_address: write the address as a mapping: street, postcode, "
        "city and country, e.g. {street: Havenlaan 12, postcode: 1099 ZZ, city: Westerhaven, "
        "country: NL}"
    ]
