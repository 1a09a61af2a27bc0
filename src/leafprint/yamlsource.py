"""Read YAML files while remembering where every value stands in the file.

The loader is stricter than PyYAML's safe loader, in ways that protect editors:
dates stay text (so the schema, not the parser, reports an invalid date with its
position), only ``true``/``false`` are booleans (a language key ``no`` stays
``"no"``), floats keep their written form (a version ``2.10`` stays ``"2.10"``)
and a key given twice in one mapping is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Problem

Location = tuple[int | str, ...]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without timestamps, yes/no booleans or float rounding."""


_DROPPED_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_float_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_float_as_text)

_FastStrictLoader: Any = None
if hasattr(yaml, "CSafeLoader"):

    class _FastStrictLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """The same resolvers on libyaml's parser: used only to build the node tree."""

    _FastStrictLoader.yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers


@dataclass
class YamlDocument:
    """Parsed YAML data plus the position of every value and key in its file."""

    path: Path
    data: Any
    text: str = ""
    _values: dict[Location, tuple[int, int]] = field(default_factory=dict)
    _keys: dict[Location, tuple[int, int]] = field(default_factory=dict)
    _spans: dict[Location, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Sequence[int | str], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at *loc*, or of its key when *key* is set.

        Falls back to the nearest enclosing value that exists in the file, so a
        missing field points at the mapping that should contain it.
        """
        loc = tuple(loc)
        if key and loc in self._keys:
            return self._keys[loc]
        while loc not in self._values and loc:
            loc = loc[:-1]
        return self._values.get(loc, (1, 1))

    def span(self, loc: Sequence[int | str]) -> tuple[int, int] | None:
        """Start and end offsets of the value at *loc* in :attr:`text`, if it is in the file."""
        return self._spans.get(tuple(loc))

    def text_position(self, loc: Sequence[int | str], needle: str) -> tuple[int, int]:
        """Position of *needle* inside the source text of the value at *loc*.

        Used for problems inside Markdown (an unknown citation key, say): the
        needle is searched in the file between the value's start and end, so
        folded and literal block scalars both work.
        """
        span = self._spans.get(tuple(loc))
        if span is not None:
            index = self.text.find(needle, span[0], span[1])
            if index < 0:  # escaped or folded across lines: fall back to the first word
                index = self.text.find(needle.split()[0], span[0], span[1]) if needle else -1
            if index >= 0:
                line = self.text.count("\n", 0, index) + 1
                column = index - (self.text.rfind("\n", 0, index) + 1) + 1
                return line, column
        return self.position(loc)

    def problem(
        self, loc: Sequence[int | str], message: str, *, key: bool = False, prefix: str = ""
    ) -> Problem:
        line, column = self.position(loc, key=key)
        return Problem.at(self.path, prefix + field_path(loc), message, line, column)


@dataclass(frozen=True)
class TextOrigin:
    """Where a piece of Markdown came from, to report problems inside it."""

    document: YamlDocument
    loc: Location

    def problem(self, message: str, needle: str = "") -> Problem:
        """A problem at *needle* inside this text (or at the text's start)."""
        line, column = (
            self.document.text_position(self.loc, needle)
            if needle
            else self.document.position(self.loc)
        )
        return Problem.at(self.document.path, field_path(self.loc), message, line, column)


def field_path(loc: Sequence[int | str]) -> str:
    """``('sections', 2, 'heading')`` → ``sections[3].heading`` (items counted from 1)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + part
    return text or "(document)"


def load_yaml(path: Path) -> YamlDocument:
    """Parse *path*; raise :class:`ContentError` with the position of any problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(Problem.at(path, "(file)", "file not found")) from None
    except UnicodeDecodeError as error:
        raise ContentError(
            Problem.at(path, "(file)", f"not UTF-8 text (byte {error.start})")
        ) from None
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = (error.problem or str(error)).strip()
        if error.context:
            message = f"{message} ({error.context.strip()})"
        raise ContentError(
            Problem.at(path, "(syntax)", f"invalid YAML: {message}", line, column)
        ) from None
    document = YamlDocument(path, None, text)
    if node is None:
        return document
    problems = list(_index(node, (), document))
    if problems:
        raise ContentError(problems)
    document.data = _StrictLoader("").construct_document(node)
    return document


def _compose(text: str) -> yaml.Node | None:
    """The node tree of *text*: libyaml when installed (same nodes and marks, much faster);
    PyYAML's own parser for malformed text, whose messages and positions the tests pin."""
    for loader_class in (_FastStrictLoader, _StrictLoader):
        if loader_class is None:
            continue
        loader = loader_class(text)
        try:
            return loader.get_single_node()
        except yaml.MarkedYAMLError:
            if loader_class is _StrictLoader:
                raise
        finally:
            loader.dispose()
    return None


def _index(node: yaml.Node, loc: Location, document: YamlDocument) -> Iterator[Problem]:
    document._values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    document._spans[loc] = (node.start_mark.index, node.end_mark.index)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*loc, key)
            if key in seen:
                line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                yield Problem.at(
                    document.path, field_path(child), "this key is given twice", line, column
                )
            seen.add(key)
            document._keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            yield from _index(value_node, child, document)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _index(item, (*loc, index), document)
