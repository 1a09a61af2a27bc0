"""Content streams read into operations and written back."""

from __future__ import annotations

from decimal import Decimal

import pikepdf

from leafprint.layout.contentstreams import INLINE_IMAGE, instruction, parse, unparse

STREAM = (
    b"q 0.2 0.4 0.6 rg /P <</MCID 3>> BDC 10 20 m 30 40 l S EMC "
    b"BI /W 1 /H 1 /CS /G /BPC 8 ID \x7f EI Q"
)


def test_each_operation_is_its_operator_and_instruction() -> None:
    operations = parse(STREAM)
    assert [operator for operator, _ in operations] == [
        "q", "rg", "BDC", "m", "l", "S", "EMC", INLINE_IMAGE, "Q"
    ]  # fmt: skip
    assert list(operations[1][1].operands) == [Decimal("0.2"), Decimal("0.4"), Decimal("0.6")]
    name, properties = operations[2][1].operands
    assert name == pikepdf.Name.P and int(properties["/MCID"]) == 3


def test_what_is_parsed_is_written_back_the_same() -> None:
    once = unparse(instruction for _, instruction in parse(STREAM))
    assert [op for op, _ in parse(once)] == [op for op, _ in parse(STREAM)]
    assert unparse(instruction for _, instruction in parse(once)) == once
    assert b"ID \x7f EI" in once.replace(b"\n", b" ")  # the image's data kept


def test_a_new_instruction_may_have_plain_numbers() -> None:
    made = instruction([Decimal("0.5"), 0, 1, Decimal("0.25")], "k")
    assert unparse([made, instruction([pikepdf.Name.Artifact], "BMC")]) == (
        b"0.5 0 1 0.25 k\n/Artifact BMC"
    )
