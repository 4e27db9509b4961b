"""Authored content (YAML and Markdown) and the pydantic models that validate it.

Never imports textual. Names are loaded on first use (PEP 562) to keep start-up cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from content.loader import ContentError, Library, load_library

_EXPORTS = {
    "ContentError": "content.loader",
    "Library": "content.loader",
    "load_library": "content.loader",
}

__all__ = ["ContentError", "Library", "load_library"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'content' has no attribute {name!r}")
