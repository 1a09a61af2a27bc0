"""Contact points: validation with positions, translation, phone number formatting."""

from __future__ import annotations

from pathlib import Path

import pytest

from leafprint.contacts import load_contacts
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
    visiting_address: Havenlaan 1
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
    assert dutch.phones[0].display == "020 555 0140"  # national for a Dutch reader
    assert dutch.phones[0].tel == "tel:+31-20-555-0140"
    assert dutch.urgent is not None and dutch.urgent.display == "+45 70 10 20 30"
    english = contacts.resolve("clinic", "en")
    assert english.phones[0].display == "+31 20 555 0140"
    assert english.visiting_address == "Havenlaan 1"


def test_missing_translation_is_located(tmp_path: Path) -> None:
    contacts = load_contacts(brand_folder(tmp_path, CONTACTS))
    with pytest.raises(ContentError) as caught:
        contacts.resolve("clinic", "fr")
    assert [f"{p.line}:{p.field}: {p.message}" for p in caught.value.problems] == [
        "3:contacts.clinic.organisation: no text for language 'fr' (has nl, en)",
        "5:contacts.clinic.phones[1].label: no text for language 'fr' (has nl, en)",
        "7:contacts.clinic.phones[1].hours: no text for language 'fr' (has nl, en)",
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


def test_contact_needs_a_phone_or_email(tmp_path: Path) -> None:
    text = "contacts:\n  empty:\n    organisation: Nobody\n    web: https://x.example.org\n"
    assert messages(tmp_path, text) == [
        "3:5: contacts.empty: a contact needs at least one phone number or e-mail"
    ]


def test_clinic_must_name_a_known_contact_and_logo(tmp_path: Path) -> None:
    text = CONTACTS + "clinics:\n  east:\n    name: East\n    contact: west\n    logo: east.svg\n"
    assert messages(tmp_path, text) == [
        "16:14: clinics.east.contact: no contact 'west' under contacts (known: clinic)",
        "17:11: clinics.east.logo: file not found: east.svg",
    ]
