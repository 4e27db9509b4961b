"""Local, private, crash-safe storage of sitbone's records. Never imports textual.

Names are loaded on first use (PEP 562), so `import store` stays cheap for start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.changes import Change
    from store.errors import (
        DataFileError,
        NewerSchemaError,
        StaleRecordError,
        StoreBusyError,
        StoreError,
        StoreFault,
    )
    from store.home import Home
    from store.repository import Store

_EXPORTS = {
    "DataFileError": "store.errors",
    "NewerSchemaError": "store.errors",
    "StoreBusyError": "store.errors",
    "StaleRecordError": "store.errors",
    "StoreError": "store.errors",
    "StoreFault": "store.errors",
    "Change": "store.changes",
    "Home": "store.home",
    "Store": "store.repository",
}

__all__ = [
    "Change",
    "DataFileError",
    "Home",
    "NewerSchemaError",
    "StaleRecordError",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreFault",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'store' has no attribute {name!r}")
