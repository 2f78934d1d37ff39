"""Layer 2: every record against its Pydantic model, errors translated into findings.

Pydantic reports a location tuple and an error type; here each becomes a finding with the line
of the offending key, the record id, and a hint a maintainer can act on (the closest known
field for a typo, the allowed values for an enum, the exact defect of a malformed id).
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.ids import PREFIXES, diagnose_id
from afghan_dialogues.datamodel.introspect import enum_in, model_at
from afghan_dialogues.datamodel.models import Model
from afghan_dialogues.findings import Finding

if TYPE_CHECKING:
    from afghan_dialogues.recordfiles.loader import Entry

_ID_PREFIX_BY_FIELD = {
    "id": None,
    "source_id": "src",
    "speaker_id": "act",
    "actor_id": "act",
    "organization_id": "act",
    "publisher_id": "act",
    "meeting_id": "mtg",
    "part_of_id": "mtg",
    "claim_id": "clm",
    "other_claim_id": "clm",
    "merged_into": None,
}
_LIST_PREFIX_BY_FIELD = {
    "source_ids": "src",
    "author_ids": "act",
    "via_ids": "act",
    "about_ids": "act",
    "meeting_ids": "mtg",
}
_MODEL_PREFIX = {
    "Source": PREFIXES["source"],
    "Actor": PREFIXES["actor"],
    "Meeting": PREFIXES["meeting"],
    "Claim": PREFIXES["claim"],
}


def check_models(entries: list[Entry]) -> list[Finding]:
    """Validate each entry, setting `entry.record` when it passes."""
    out: list[Finding] = []
    for entry in entries:
        if not isinstance(entry.data, dict):
            out.append(
                Finding(
                    F.MODEL_TYPE,
                    f"a {entry.model.__name__} record must be a mapping, found {_type_name(entry.data)}",
                    file=entry.file,
                    line=entry.line,
                    hint="write the record as 'key: value' lines",
                )
            )
            continue
        try:
            entry.record = entry.model.model_validate(entry.data)
        except ValidationError as exc:
            out.extend(_translate(entry, exc))
    return out


def _translate(entry: Entry, exc: ValidationError) -> list[Finding]:
    found: list[Finding] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        field = ".".join(str(p) for p in loc) or None
        line = entry.line_of(*loc) if kind != "missing" else entry.line_of(*loc[:-1])
        common: dict[str, Any] = {
            "file": entry.file,
            "line": line,
            "record_id": entry.record_id,
            "field": field,
        }
        value = error.get("input")
        last = str(loc[-1]) if loc else ""
        if kind == "extra_forbidden":
            model = model_at(entry.model, loc[:-1])
            known = list(model.model_fields) if model else []
            close = get_close_matches(last, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(known)}"
            found.append(Finding(F.MODEL_UNKNOWN_FIELD, f"unknown field '{last}'", hint=hint, **common))
        elif kind == "missing":
            found.append(
                Finding(
                    F.MODEL_MISSING_FIELD,
                    f"required field '{last}' is missing",
                    hint=_describe(entry.model, loc),
                    **common,
                )
            )
        elif kind == "string_pattern_mismatch" and isinstance(value, str) and _is_id_field(loc):
            reason, hint = diagnose_id(value, _expected_prefix(entry.model, loc))
            found.append(Finding(F.MODEL_BAD_ID, f"id '{value}' {reason}", hint=hint, **common))
        elif kind in {"enum", "literal_error"}:
            allowed = error.get("ctx", {}).get("expected", "")
            found.append(
                Finding(
                    F.MODEL_VALUE, f"'{value}' is not an allowed value", hint=f"allowed: {allowed}", **common
                )
            )
        elif kind.endswith("_type") or kind in {"model_type", "model_attributes_type", "is_instance_of"}:
            found.append(
                Finding(
                    F.MODEL_TYPE,
                    f"{error['msg']}, found {_type_name(value)}",
                    hint=_describe(entry.model, loc),
                    **common,
                )
            )
        else:
            found.append(Finding(F.MODEL_VALUE, error["msg"], hint=_describe(entry.model, loc), **common))
    return found


def _is_id_field(loc: tuple[Any, ...]) -> bool:
    names = [p for p in loc if isinstance(p, str)]
    return bool(names) and (names[-1] in _ID_PREFIX_BY_FIELD or names[-1] in _LIST_PREFIX_BY_FIELD)


def _expected_prefix(model: type[Model], loc: tuple[Any, ...]) -> str | None:
    names = [p for p in loc if isinstance(p, str)]
    name = names[-1]
    if name == "id" and len(names) == 1:
        return _MODEL_PREFIX.get(model.__name__)
    return _ID_PREFIX_BY_FIELD.get(name) or _LIST_PREFIX_BY_FIELD.get(name)


def _describe(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The field's description and, for enums, its allowed values: the codebook as a hint."""
    owner = model_at(model, loc[:-1]) if loc else None
    names = [p for p in loc if isinstance(p, str)]
    if owner is None or not names:
        return None
    info = owner.model_fields.get(names[-1])
    if info is None:
        return None
    text = info.description or ""
    enum = enum_in(info.annotation)
    if enum is not None:
        text += f" Allowed: {', '.join(m.value for m in enum)}."
    return text or None


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)
