"""Local, private, crash-safe storage of sitbone's records. Never imports textual."""

from store.errors import DataFileError, NewerSchemaError, StoreBusyError
from store.home import Home
from store.repository import Store

__all__ = ["DataFileError", "Home", "NewerSchemaError", "Store", "StoreBusyError"]
