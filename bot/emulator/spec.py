"""Bot API method/type validation driven by the official spec in api.json.

Stricter than real Telegram in two deliberate ways, both to catch bot bugs:
unknown parameters/fields are rejected (Telegram ignores them), and values
nested inside JSON objects must have their exact JSON type (Telegram coerces).
Top-level parameters are coerced like Telegram does for form data
("123" -> 123, "true" -> True, JSON text -> object).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["ApiError", "Spec", "SpecError", "Upload", "load_spec", "validate_object"]

_ARRAY = "Array of "
_SCALARS = frozenset({"Integer", "Float", "Boolean", "String"})
_INT_RE = re.compile(r"^-?\d+$")
# "Type of the media, must be photo" / 'Type of the origin, always "user"'
_DISCRIMINATOR_RE = re.compile(r'(?:must be|always) "?([a-z0-9_]+)"?$')
_ATTACH_RE = re.compile(r"attach://([\w.-]+)")
# Telegram's own wording for some missing parameters (aiogram omits empty strings).
_MISSING = {
    ("sendMessage", "text"): "message text is empty",
    ("editMessageText", "text"): "message text is empty",
}


class ApiError(Exception):
    """A Bot API error reply: ``{"ok": false, "error_code": code, "description": ...}``."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


class SpecError(ApiError, ValueError):
    """A value does not match the spec (always a 400 Bad Request)."""

    def __init__(self, reason: str, depth: int = 0) -> None:
        super().__init__(400, "Bad Request: " + reason)
        self.reason = reason
        self.depth = depth  # how deep in the value it failed; picks the best union error


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart/form-data request."""

    filename: str
    data: bytes = field(repr=False)
    content_type: str | None = None


def _join(path: str, key: str | int) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)


class Spec:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = data.get("version", "")
        self.types: dict[str, dict] = data["types"]
        self._methods = {name.lower(): m for name, m in data["methods"].items()}
        self._fields = {
            name: {f["name"]: f for f in t.get("fields", [])} for name, t in self.types.items()
        }
        # Subtypes (e.g. BotCommandScopeChat) are told apart by a constant field.
        self._discriminators: dict[str, tuple[str, str]] = {}
        for name, t in self.types.items():
            if not t.get("subtype_of"):
                continue
            for f in t.get("fields", []):
                match = _DISCRIMINATOR_RE.search(f["description"])
                if f["name"] in ("type", "source", "status") and match:
                    self._discriminators[name] = (f["name"], match.group(1))

    # -- lookups ---------------------------------------------------------
    def method(self, name: str) -> dict | None:
        """The spec entry of a method; names are case-insensitive like on Telegram."""
        return self._methods.get(name.lower())

    def returns(self, method: str) -> list[str]:
        entry = self.method(method)
        return list(entry.get("returns", [])) if entry else []

    # -- validation ------------------------------------------------------
    def validate_call(self, method: str, params: Mapping[str, Any],
                      uploads: Mapping[str, Upload] | None = None) -> dict[str, Any]:
        """Validate and decode the parameters of a call; raise ApiError if rejected.

        ``params`` are raw values (strings from form data, JSON values from a
        JSON body, or Upload for file parts); ``uploads`` are file parts that
        may be referenced as "attach://<name>" instead of being parameters.
        """
        entry = self.method(method)
        if entry is None:
            raise ApiError(404, "Not Found")
        fields = {f["name"]: f for f in entry.get("fields", [])}
        for name in params:
            if name not in fields:
                raise SpecError(f"unknown parameter {name}")
        # A file part is either a parameter itself or referenced as "attach://<name>".
        uploads = dict(uploads or {})
        params = {**params, **{k: v for k, v in uploads.items() if k in fields and k not in params}}
        decoded: dict[str, Any] = {}
        for name, spec_field in fields.items():
            value = params.get(name)
            # An empty form value of a non-string parameter counts as absent.
            if value is None or (value == "" and "String" not in spec_field["types"]):
                if spec_field["required"]:
                    raise SpecError(_MISSING.get((entry["name"], name), f"{name} is required"))
                continue
            decoded[name] = self._check_union(spec_field["types"], value, name, True, uploads)
        referenced = {m for v in params.values() if isinstance(v, str) for m in _ATTACH_RE.findall(v)}
        for name in uploads:
            if name not in referenced and name not in fields:
                raise SpecError(f"unknown parameter {name}")
        return decoded

    def validate_object(self, type_name: str, value: Any) -> None:
        """Raise SpecError unless ``value`` (plain JSON data) is a valid ``type_name``."""
        self._check(type_name, value, "", False, {})

    # -- internals -------------------------------------------------------
    def _check_union(self, types: list[str], value: Any, path: str, top: bool,
                     uploads: Mapping[str, Upload]) -> Any:
        errors: list[SpecError] = []
        for type_expr in types:
            try:
                return self._check(type_expr, value, path, top, uploads)
            except SpecError as err:
                errors.append(err)
        deepest = max(errors, key=lambda e: e.depth)
        same = all(e.reason == errors[0].reason for e in errors)
        if same or deepest.depth > path.count(".") + path.count("["):
            raise deepest
        raise SpecError(f"{path or 'value'} must be {' or '.join(types)}", deepest.depth)

    def _check(self, type_expr: str, value: Any, path: str, top: bool,
               uploads: Mapping[str, Upload]) -> Any:
        depth = path.count(".") + path.count("[")
        if type_expr.startswith(_ARRAY):
            value = self._json_text(value, path, top)
            if not isinstance(value, list):
                raise SpecError(f"{path or 'value'} must be {type_expr}", depth)
            inner = type_expr[len(_ARRAY):]
            return [self._check_union([inner], item, _join(path, i), False, uploads)
                    for i, item in enumerate(value)]
        if type_expr in _SCALARS:
            return _check_scalar(type_expr, value, path, top, depth)
        if type_expr == "InputFile":
            if isinstance(value, Upload):
                return value
            if isinstance(value, str) and value.startswith("attach://") and value[9:] in uploads:
                return uploads[value[9:]]
            raise SpecError(f"{path} must be an uploaded file", depth)
        if type_expr not in self.types:
            raise SpecError(f"{path} has unknown type {type_expr}", depth)
        value = self._json_text(value, path, top)
        subtypes = self.types[type_expr].get("subtypes")
        if subtypes:
            if isinstance(value, dict):
                candidates = [s for s in subtypes if self._discriminator_matches(s, value)]
            else:
                candidates = list(subtypes)
            if not candidates:
                raise SpecError(f"{path or 'value'} is not a valid {type_expr}", depth)
            return self._check_union(candidates, value, path, False, uploads)
        if not isinstance(value, dict):
            raise SpecError(f"{path or 'value'} must be a {type_expr} object", depth)
        fields = self._fields[type_expr]
        for key in value:
            if key not in fields:
                raise SpecError(f"unknown field {_join(path, key)}", depth + 1)
        result = {}
        for name, spec_field in fields.items():
            item = value.get(name)
            if item is None:  # JSON null counts as absent, as on Telegram
                if spec_field["required"]:
                    raise SpecError(f"{_join(path, name)} is required", depth + 1)
                continue
            result[name] = self._check_union(spec_field["types"], item, _join(path, name), False, uploads)
        discriminator = self._discriminators.get(type_expr)
        if discriminator and result.get(discriminator[0]) != discriminator[1]:
            raise SpecError(f'{_join(path, discriminator[0])} must be "{discriminator[1]}"', depth + 1)
        return result

    def _discriminator_matches(self, type_name: str, value: dict) -> bool:
        discriminator = self._discriminators.get(type_name)
        return discriminator is None or value.get(discriminator[0]) == discriminator[1]

    def example(self, type_expr: str, _depth: int = 0) -> Any:
        """A minimal valid value of a type (required fields only), for stub results."""
        if type_expr.startswith(_ARRAY) or _depth > 12:
            return []
        scalar = {"Integer": 0, "Float": 0.0, "Boolean": False, "String": "", "InputFile": ""}
        if type_expr in scalar:
            return scalar[type_expr]
        spec_type = self.types[type_expr]
        if spec_type.get("subtypes"):
            return self.example(spec_type["subtypes"][0], _depth + 1)
        value = {f["name"]: self.example(f["types"][0], _depth + 1)
                 for f in spec_type.get("fields", []) if f["required"]}
        if type_expr in self._discriminators:
            key, constant = self._discriminators[type_expr]
            value[key] = constant
        return value

    @staticmethod
    def _json_text(value: Any, path: str, top: bool) -> Any:
        """Top-level objects and arrays may arrive as JSON text (always, in form data)."""
        if top and isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise SpecError(f"can't parse {path} JSON object") from None
        return value


def _check_scalar(type_name: str, value: Any, path: str, top: bool, depth: int) -> Any:
    name = path or "value"
    if type_name == "String":
        if isinstance(value, str):
            return value
        if top and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise SpecError(f"{name} must be String", depth)
    if type_name == "Integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if top and isinstance(value, str) and _INT_RE.match(value.strip()):
            return int(value)
        raise SpecError(f"{name} must be Integer", depth)
    if type_name == "Float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        if top and isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise SpecError(f"{name} must be Float", depth)
    if isinstance(value, bool):
        return value
    if top and isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    raise SpecError(f"{name} must be Boolean", depth)


@lru_cache(maxsize=1)
def load_spec() -> Spec:
    text = resources.files("bot.emulator").joinpath("api.json").read_text(encoding="utf-8")
    return Spec(json.loads(text))


def validate_object(type_name: str, value: Any) -> None:
    """Validate plain JSON data against a spec type (e.g. "Update"); raise SpecError."""
    load_spec().validate_object(type_name, value)
