"""Read YAML files while remembering where every value stands in the file.

The loader is stricter than PyYAML's safe loader, in ways that protect editors:
dates stay text (so the schema, not the parser, reports an invalid date with its
position), only ``true``/``false`` are booleans (a language key ``no`` stays
``"no"``), floats keep their written form (a version ``2.10`` stays ``"2.10"``)
and a key given twice in one mapping is an error.

Limits keep hostile or broken files from hanging a build: the file size, the
nesting depth and the number of values after expanding aliases are bounded, and
only plain YAML types are accepted (no ``!tags``, no lists or mappings as keys).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from .errors import ContentError, Problem
from .textfile import read_text
from .yamlhints import missing_colon, syntax_message

Location = tuple[int | str, ...]

MAX_DEPTH = 40  # nesting of lists and mappings; a leaflet needs about 6
ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")  # "&name" where a value starts
MAX_VALUES = 100_000  # values after expanding aliases; a long leaflet has about 2,000
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
}


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


class _LimitError(yaml.MarkedYAMLError):
    """A file goes beyond a limit; reported at *problem_mark*."""


class _LimitedLoader(_StrictLoader):
    """Counts nesting and the values aliases expand to while composing, and stops early."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._values = 0
        self._sizes: dict[int, int] = {}
        self._open_anchors: set[str] = set()

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self._open_anchors:
                self._stop(event, f"alias *{event.anchor} refers to the value it is part of")
            node = super().compose_node(parent, index)
            self._count(event, _expanded_size(node, self._sizes) if node else 1)
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            self._stop(event, f"lists and mappings are nested more than {MAX_DEPTH} deep")
        anchor = getattr(event, "anchor", None)
        if anchor:
            self._open_anchors.add(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._open_anchors.discard(anchor or "")
        self._count(event, 1)
        return node

    def _count(self, event: yaml.Event, values: int) -> None:
        self._values += values
        if self._values > MAX_VALUES:
            self._stop(
                event,
                f"more than {MAX_VALUES:,} values once aliases (*name) are expanded: "
                "write the text out instead of repeating aliases",
            )

    def _stop(self, event: yaml.Event, message: str) -> None:
        raise _LimitError(problem=message, problem_mark=event.start_mark)  # type: ignore[arg-type]


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values *node* stands for with every alias inside it written out."""
    if id(node) not in sizes:
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        sizes[id(node)] = 1 + sum(_expanded_size(child, sizes) for child in children)
    return sizes[id(node)]


@dataclass
class Marks:
    """Where every value (line, column; start and end offset) and key of a file stands."""

    values: dict[Location, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Location, tuple[int, int]] = field(default_factory=dict)
    spans: dict[Location, tuple[int, int]] = field(default_factory=dict)


@dataclass
class YamlDocument:
    """Parsed YAML data and its text; the position of every value and key in the file is
    found again from the text when asked for (:func:`_marks`), so that a build of many
    leaflets does not hold them all."""

    path: Path
    data: Any
    text: str = ""

    @property
    def _marks(self) -> Marks:
        return _marks(self.text)

    def position(self, loc: Sequence[int | str], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at *loc*, or of its key when *key* is set.

        Falls back to the nearest enclosing value that exists in the file, so a
        missing field points at the mapping that should contain it.
        """
        loc, marks = tuple(loc), self._marks
        if key and loc in marks.keys:
            return marks.keys[loc]
        while loc not in marks.values and loc:
            loc = loc[:-1]
        return marks.values.get(loc, (1, 1))

    def span(self, loc: Sequence[int | str]) -> tuple[int, int] | None:
        """Start and end offset of the value at *loc* in :attr:`text`, if it is in the file."""
        return self._marks.spans.get(tuple(loc))

    def offset_position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of the character at offset *index* of :attr:`text`."""
        line = self.text.count("\n", 0, index) + 1
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1

    def text_position(self, loc: Sequence[int | str], needle: str) -> tuple[int, int]:
        """Position of *needle* inside the source text of the value at *loc*.

        Used for problems inside Markdown (an unknown citation key, say): the
        needle is searched in the file between the value's start and end, so
        folded and literal block scalars both work.
        """
        span = self.span(loc)
        if span is not None:
            index = self.text.find(needle, span[0], span[1])
            if index < 0:  # escaped or folded across lines: fall back to the first word
                index = self.text.find(needle.split()[0], span[0], span[1]) if needle else -1
            if index >= 0:
                return self.offset_position(index)
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
    text = read_text(path)
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        raise ContentError(_syntax_problem(path, error, text)) from None
    document = YamlDocument(path, None, text)
    if node is None:
        return document
    problems = list(_index(node, (), Marks(), path))
    if problems:
        raise ContentError(problems)
    try:
        document.data = _StrictLoader("").construct_document(node)
    except yaml.MarkedYAMLError as error:  # a value of a plain type that cannot be read
        raise ContentError(_syntax_problem(path, error, text)) from None
    return document


def _syntax_problem(path: Path, error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if isinstance(error, _LimitError):
        return Problem.at(path, "(limits)", str(error.problem), line, column)
    colon = missing_colon(error, text)
    if colon is not None:
        return Problem.at(path, "(syntax)", colon[2], colon[0], colon[1])
    return Problem.at(path, "(syntax)", syntax_message(error), line, column)


def _compose(text: str) -> yaml.Node | None:
    """The node tree of *text*. libyaml (same nodes and marks, much faster) reads plain
    files: no anchors, so no aliases to expand, and nesting well within the limits.
    PyYAML's own parser, with the limits, reads the rest and malformed text, whose
    messages and positions the tests pin."""
    if _FastStrictLoader is not None and _plain(text):
        loader = _FastStrictLoader(text)
        try:
            return cast(yaml.Node | None, loader.get_single_node())
        except yaml.MarkedYAMLError:
            pass  # worded and placed by the limited loader below
        finally:
            loader.dispose()
    limited = _LimitedLoader(text)
    try:
        return limited.get_single_node()
    finally:
        limited.dispose()


def _plain(text: str) -> bool:
    """No anchors, brackets nested at most MAX_DEPTH deep, indentation at most 2 × MAX_DEPTH.
    Plain substring tests first: most files have no '&' and few brackets."""
    if "&" in text and ANCHOR.search(text):
        return False
    if "\n" + " " * (2 * MAX_DEPTH + 1) in "\n" + text:
        return False
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return True
    depth = deepest = 0
    for character in re.findall(r"[\[\]{}]", text):
        depth += 1 if character in "[{" else -1
        deepest = max(deepest, depth)
    return deepest <= MAX_DEPTH


@functools.lru_cache(maxsize=32)
def _marks(text: str) -> Marks:
    """The marks of a file :func:`load_yaml` has read: the last few files' are kept (those
    of the leaflet being checked), the others found again when needed."""
    marks, node = Marks(), _compose(text)
    if node is not None:
        for _ in _index(node, (), marks, Path()):
            pass
    return marks


def _index(node: yaml.Node, loc: Location, marks: Marks, path: Path) -> Iterator[Problem]:
    """Records the marks of *node* and those inside it; yields what is not plain YAML."""
    marks.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    marks.spans[loc] = (node.start_mark.index, node.end_mark.index)
    if node.tag not in _PLAIN_TAGS:
        yield _located(path, loc, node, f"unknown YAML tag '{node.tag}': {_TAG_HINT}")
        return
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                yield _located(path, loc, key_node, _COMPLEX_KEY)
                continue
            key = str(key_node.value)
            child = (*loc, key)
            if key in seen:
                line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                yield Problem.at(path, field_path(child), "this key is given twice", line, column)
            seen.add(key)
            marks.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            yield from _index(value_node, child, marks, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _index(item, (*loc, index), marks, path)


_TAG_HINT = "remove it, or put the text in quotes if the '!' belongs to the text"
_COMPLEX_KEY = (
    "a field name must be a plain word, not a list or mapping "
    "(a line starting with '? ' makes one: remove the '?' or quote the text)"
)


def _located(path: Path, loc: Location, node: yaml.Node, message: str) -> Problem:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    return Problem.at(path, field_path(loc), message, line, column)
