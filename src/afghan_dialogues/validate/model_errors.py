"""The model layer for records: each record against its Pydantic model, errors as findings.

Pydantic reports a location tuple and an error type; here each becomes a finding with the line
of the offending key, the record id, and a hint a maintainer can act on (the closest known
field for a typo, the allowed values for an enum, the exact defect of a malformed id). The
`field` of a finding is the published column the value lands in (`published_start`, not
`published.start`; `about_ids`, not `about_ids.0`), as the package front end names it.
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.ids import diagnose_id
from afghan_dialogues.datamodel.introspect import enum_in, model_at
from afghan_dialogues.datamodel.models import Model
from afghan_dialogues.datamodel.tables import TABLE_BY_NAME, TABLES, Table, date_fields
from afghan_dialogues.findings import Finding

if TYPE_CHECKING:
    from afghan_dialogues.recordfiles.loader import Entry


def check_models(entries: list[Entry]) -> list[Finding]:
    """Validate each entry, setting `entry.record` when it passes."""
    out: list[Finding] = []
    for entry in entries:
        if not isinstance(entry.data, dict):
            out.append(
                Finding(
                    F.MODEL_TYPE,
                    f"a {entry.model.__name__} record must be a mapping, found {type_name(entry.data)}",
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


def table_and_column(model: type[Model], loc: tuple[Any, ...]) -> tuple[Table | None, str | None]:
    """The published table and column a location inside a record lands in."""
    names = [p for p in loc if isinstance(p, str)]
    if not names or not model.table:
        return None, ".".join(map(str, loc)) or None
    table = TABLE_BY_NAME[model.table]
    for nested in TABLES:
        if nested.nested_field == names[0] and model in nested.parents:
            return nested, names[1] if len(names) > 1 else names[0]
    if names[0] in date_fields(model) and len(names) > 1:
        return table, f"{names[0]}_{names[1]}"
    return table, names[0]


def _translate(entry: Entry, exc: ValidationError) -> list[Finding]:
    found: list[Finding] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        table, column = table_and_column(entry.model, loc)
        line = entry.line_of(*loc) if kind != "missing" else entry.line_of(*loc[:-1])
        common: dict[str, Any] = {
            "file": entry.file,
            "line": line,
            "record_id": entry.record_id,
            "field": column,
        }
        value = error.get("input")
        last = str(loc[-1]) if loc else ""
        is_id, prefix = table.id_column(column) if table is not None and column else (False, None)
        if kind == "extra_forbidden":
            owner = model_at(entry.model, loc[:-1])
            known = list(owner.model_fields) if owner else []
            close = get_close_matches(last, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(known)}"
            found.append(Finding(F.MODEL_UNKNOWN_FIELD, f"unknown field '{last}'", hint=hint, **common))
        elif kind == "missing":
            found.append(
                Finding(
                    F.MODEL_MISSING_FIELD,
                    f"required field '{column}' is missing",
                    hint=_describe(entry.model, loc),
                    **common,
                )
            )
        elif kind == "string_pattern_mismatch" and isinstance(value, str) and is_id:
            reason, hint = diagnose_id(value, prefix)
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
                    f"{error['msg']}, found {type_name(value)}",
                    hint=_describe(entry.model, loc),
                    **common,
                )
            )
        else:
            found.append(Finding(F.MODEL_VALUE, error["msg"], hint=_describe(entry.model, loc), **common))
    return found


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


def type_name(value: Any) -> str:
    """A value's kind in a maintainer's words."""
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
