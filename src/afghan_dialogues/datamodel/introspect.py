"""Small helpers for walking model annotations (nested models, enums)."""

from __future__ import annotations

from enum import Enum
from typing import Any, get_args

from pydantic import BaseModel


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as `ReportedDate | None` or `list[Name]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = nested_model(arg)
        if found is not None:
            return found
    return None


def enum_in(annotation: Any) -> type[Enum] | None:
    """The enum class inside an annotation, if any."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    for arg in get_args(annotation):
        found = enum_in(arg)
        if found is not None:
            return found
    return None


def model_at(model: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The (nested) model that owns the mapping at `path` inside a record of `model`."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None or isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        current = nested_model(info.annotation) if info else None
    return current
