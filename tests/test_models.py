"""Schema validation through validate(): messages and positions editors will see."""

from pathlib import Path

import pytest

from helpers import GOOD_META
from leafprint.content.models import LeafletMeta, Translation
from leafprint.content.validate import validate
from leafprint.errors import ContentError
from leafprint.yamlsource import load_yaml


def problems(tmp_path: Path, text: str, model: type = LeafletMeta) -> list[str]:
    path = tmp_path / "leaflet.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        validate(load_yaml(path), model)
    prefix = f"{path}:"
    return [str(p).removeprefix(prefix) for p in caught.value.problems]


def test_good_metadata(tmp_path: Path) -> None:
    path = tmp_path / "leaflet.yaml"
    path.write_text(GOOD_META)
    meta = validate(load_yaml(path), LeafletMeta)
    assert meta.version == "1.2"
    assert meta.languages == ["nl", "en"]


def test_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    assert problems(tmp_path, GOOD_META + "reviewer:\n  - name: X\n") == [
        "12:1: reviewer: unknown field 'reviewer'; did you mean 'reviewers'?"
    ]


def test_missing_required_field(tmp_path: Path) -> None:
    text = GOOD_META.replace("owner: Oncology\n", "")
    assert problems(tmp_path, text) == ["1:1: owner: required field is missing"]


def test_wrong_type(tmp_path: Path) -> None:
    text = GOOD_META.replace("languages: [nl, en]", "languages: nl")
    assert problems(tmp_path, text) == ["5:12: languages: Input should be a valid list (got 'nl')"]


def test_invalid_date(tmp_path: Path) -> None:
    text = GOOD_META.replace("published: 2025-01-01", "published: 2025-02-30")
    assert problems(tmp_path, text) == [
        "6:12: published: '2025-02-30' is not a valid date; write it as YYYY-MM-DD"
    ]


def test_all_problems_at_once(tmp_path: Path) -> None:
    text = GOOD_META.replace("code: ONC-001", "code: onc 1").replace(
        "  - name: A. Author", "  - name: A. Author\n    rank: 3"
    )
    assert problems(tmp_path, text) == [
        "1:7: code: 'onc 1' is not in the expected form (capitals and digits with hyphens, "
        "e.g. 'ONC-012')",
        "12:5: authors[1].rank: unknown field 'rank'",
    ]


def test_dates_must_be_in_order(tmp_path: Path) -> None:
    text = GOOD_META.replace("next_review: 2028-01-01", "next_review: 2024-01-01")
    (message,) = problems(tmp_path, text)
    assert "dates must run published ≤ reviewed < next_review" in message


def test_translation_needs_sections(tmp_path: Path) -> None:
    assert problems(tmp_path, "title: T\nsummary: S\nsections: []\n", Translation) == [
        "3:11: sections: List should have at least 1 item after validation, not 0"
    ]


def test_callout_kind_is_checked(tmp_path: Path) -> None:
    text = "title: T\nsummary: S\nsections:\n  - heading: H\n    body: B\n    callouts:\n"
    text += "      - body: X\n        kind: danger\n"
    (message,) = problems(tmp_path, text, Translation)
    assert message.startswith("8:15: sections[1].callouts[1].kind: 'danger' is not allowed")


def test_owner_and_roles_may_be_given_per_language(tmp_path: Path) -> None:
    path = tmp_path / "leaflet.yaml"
    text = GOOD_META.replace("owner: Oncology", "owner: {nl: Oncologie, en: Oncology}")
    path.write_text(
        text.replace("  - name: A. Author", "  - {name: A. Author, role: {nl: arts, en: doctor}}")
    )
    meta = validate(load_yaml(path), LeafletMeta)
    assert (meta.owner_in("nl"), meta.owner_in("en")) == ("Oncologie", "Oncology")
    assert meta.authors[0].role == {"nl": "arts", "en": "doctor"}


def test_a_change_log_entry_needs_every_field(tmp_path: Path) -> None:
    text = GOOD_META + 'changes:\n  - {version: "1.2", date: 2025-01-01, summary: New, by: X}\n'
    assert problems(tmp_path, text) == [
        "13:5: changes[1].approved_by: required field is missing",
        "13:54: changes[1].by: unknown field 'by'",
    ]


def test_a_change_summary_may_be_given_per_language(tmp_path: Path) -> None:
    path = tmp_path / "leaflet.yaml"
    entry = '{version: "1.2", date: 2025-01-01, summary: {nl: Nieuw, en: New}, approved_by: X}'
    path.write_text(GOOD_META + f"changes:\n  - {entry}\n")
    meta = validate(load_yaml(path), LeafletMeta)
    assert meta.changes[0].summary == {"nl": "Nieuw", "en": "New"}
    assert (("changes", 0, "summary"), {"nl": "Nieuw", "en": "New"}) in meta.localized()
