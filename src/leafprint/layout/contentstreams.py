"""PDF content streams as lists of operations, read and written by qpdf (pikepdf): its
parser is about ten times as fast as pypdf's, which post-processing would otherwise
spend most of its time in."""

from __future__ import annotations

from typing import Any

import pikepdf

Operations = list[tuple[Any, bytes]]  # (operands, operator) of a content stream
INLINE_IMAGE = b"INLINE IMAGE"  # an inline image is one operation, kept whole


def parse(data: bytes) -> Operations:
    """The operations of the (decoded) content stream *data*."""
    scratch = pikepdf.new()  # the stream's owner, alive while it is parsed
    stream = pikepdf.Stream(scratch, data)
    return [
        (instruction, INLINE_IMAGE)
        if isinstance(instruction, pikepdf.ContentStreamInlineImage)
        else (list(instruction.operands), bytes(instruction.operator.unparse()))
        for instruction in pikepdf.parse_content_stream(stream)
    ]


def unparse(operations: Operations) -> bytes:
    """The content stream of *operations* (operands: pikepdf objects or Python numbers)."""
    return pikepdf.unparse_content_stream(
        [
            operands
            if operator == INLINE_IMAGE
            else pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(operator.decode()))
            for operands, operator in operations
        ]
    )
