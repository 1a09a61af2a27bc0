"""PDF content streams as lists of operations, read and written by qpdf (pikepdf): its
parser is about ten times as fast as pypdf's, which post-processing would otherwise
spend most of its time in. An operation is its operator's name and the instruction
(operands and operator) as parsed; the instructions that are not changed are written
back as they were read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pikepdf

Operations = list[tuple[str, Any]]  # (operator, instruction) of a content stream
INLINE_IMAGE = "INLINE IMAGE"  # the operator of an inline image, kept whole


def parse(data: bytes) -> Operations:
    """The operations of the (decoded) content stream *data*."""
    scratch = pikepdf.new()  # the stream's owner, alive while it is parsed
    instructions = pikepdf.parse_content_stream(pikepdf.Stream(scratch, data))
    return [(str(instruction.operator), instruction) for instruction in instructions]


def instruction(operands: Sequence[Any], operator: str) -> Any:
    """A new instruction (operands: pikepdf objects or Python numbers)."""
    return pikepdf.ContentStreamInstruction(list(operands), pikepdf.Operator(operator))


def unparse(instructions: Iterable[Any]) -> bytes:
    """The content stream of *instructions*."""
    return pikepdf.unparse_content_stream(list(instructions))
