"""Validate parsed YAML against a model and turn pydantic's errors into located problems."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from leafprint.errors import ContentError, Problem
from leafprint.yamlsource import YamlDocument

from .typography import EMAIL

M = TypeVar("M", bound=BaseModel)


def validate(document: YamlDocument, model: type[M], context: dict[str, Any] | None = None) -> M:
    """Return ``model`` built from *document*, or raise one ContentError with every problem."""
    data = document.data
    if data is None:
        raise ContentError(document.problem((), _empty(model)))
    if not isinstance(data, dict):
        raise ContentError(document.problem((), "expected a mapping of field names to values"))
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        problems = {_problem(document, model, detail) for detail in error.errors()}
        raise ContentError(problems) from None


def _problem(document: YamlDocument, model: type[BaseModel], detail: ErrorDetails) -> Problem:
    loc = _data_location(document.data, detail["loc"])
    kind = detail["type"]
    if kind == "extra_forbidden":
        return document.problem(loc, _unknown_field(model, loc), key=True)
    if kind == "missing":
        return document.problem(loc, "required field is missing")
    return document.problem(loc, _message(detail))


def _empty(model: type[BaseModel]) -> str:
    required = [name for name, field in model.model_fields.items() if field.is_required()]
    return f"the file is empty: it needs at least {', '.join(required)}"


def _data_location(data: Any, loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """*loc* without pydantic's union tags; a part that is a key in the data is kept."""
    kept: list[int | str] = []
    current = data
    for part in loc:
        if _holds(current, part):
            current = current[part]
        elif _is_union_tag(part):
            continue
        else:
            current = None
        kept.append(part)
    return tuple(kept)


def _holds(data: Any, part: int | str) -> bool:
    if isinstance(data, dict):
        return part in data
    return isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)


def _is_union_tag(part: int | str) -> bool:
    # pydantic adds the member type to locations inside unions, e.g. 'str' or 'list[...]'
    return isinstance(part, str) and (part in {"str", "int", "float", "bool"} or "[" in part)


def _message(detail: ErrorDetails) -> str:
    message = detail["msg"]
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    elif message.startswith("Assertion failed, "):
        message = message.removeprefix("Assertion failed, ")
    if detail["type"] == "string_pattern_mismatch":
        message = f"'{detail['input']}' is not in the expected form ({_pattern_hint(detail)})"
    elif detail["type"] in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        message = f"'{detail['input']}' is not a valid date; write it as YYYY-MM-DD"
    elif detail["type"] == "literal_error":
        message = f"'{detail['input']}' is not allowed; {message[0].lower()}{message[1:]}"
    elif detail["type"] == "string_type" and _looks_like_colon(detail["input"]):
        message = (
            "this text holds a colon and a space (': '), so it was read as 'name: value': "
            "put the whole text in quotes"
        )
    elif detail["type"] in {"string_type", "list_type", "dict_type", "model_type"}:
        message = f"{message} (got {_describe(detail['input'])})"
    return message


def _looks_like_colon(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1


def _pattern_hint(detail: ErrorDetails) -> str:
    pattern = str((detail.get("ctx") or {}).get("pattern", ""))
    hints = {
        "^https?://": "a web address starting with https://",
        "^[a-z0-9]": "lower-case letters, digits and hyphens, e.g. 'my-leaflet'",
        "^[A-Z]": "capitals and digits with hyphens, e.g. 'ONC-012'",
        "^\\d+": "numbers with dots, e.g. '2.1'",
        "^#[0-9A-Fa-f]": "a colour such as '#0F6E78'",
        f"^{EMAIL}": "an e-mail address such as name@example.org",
    }
    return next((hint for start, hint in hints.items() if pattern.startswith(start)), pattern)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _unknown_field(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    name = str(loc[-1])
    known = _fields_at(model, loc[:-1])
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown field '{name}'{hint}"


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """Names of the fields allowed in the mapping at *loc* inside *model*."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _inner_model(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None
