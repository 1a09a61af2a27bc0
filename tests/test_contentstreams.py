"""Content streams read into operations and written back."""

from __future__ import annotations

from decimal import Decimal

import pikepdf

from leafprint.layout.contentstreams import INLINE_IMAGE, parse, unparse

STREAM = b"q 0.2 0.4 0.6 rg /P <</MCID 3>> BDC 10 20 m 30 40 l S EMC BI /W 1 /H 1 /CS /G /BPC 8 ID \x7f EI Q"


def test_operators_are_bytes_and_operands_pdf_objects() -> None:
    operations = parse(STREAM)
    assert [operator for _, operator in operations] == [
        b"q", b"rg", b"BDC", b"m", b"l", b"S", b"EMC", INLINE_IMAGE, b"Q"
    ]  # fmt: skip
    assert operations[1][0] == [Decimal("0.2"), Decimal("0.4"), Decimal("0.6")]
    name, properties = operations[2][0]
    assert name == pikepdf.Name.P and int(properties["/MCID"]) == 3


def test_what_is_parsed_is_written_back_the_same() -> None:
    again = parse(unparse(parse(STREAM)))
    assert [op for _, op in again] == [op for _, op in parse(STREAM)]
    assert unparse(again) == unparse(parse(STREAM))
    assert b"ID \x7f EI" in unparse(again).replace(b"\n", b" ")  # the image's data kept


def test_operations_may_be_changed_with_plain_numbers() -> None:
    operations = parse(b"0.2 0.4 0.6 rg")
    operations[0] = ([Decimal("0.5"), 0, 1, Decimal("0.25")], b"k")
    assert unparse(operations) == b"0.5 0 1 0.25 k"
