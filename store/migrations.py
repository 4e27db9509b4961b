"""Schema versions of the data file and the steps that bring an old file up to date.

Each step names the tables as they were called in its schema, in plain strings, not by
store.records.Table: that names them as they are called now, and a step must keep doing
what it did even if a later schema renames a table."""

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 3

# A record as stored: a JSON object, so its values are whatever JSON holds.
Document = dict[str, Any]
# The tables of a file: table name -> record id (a string of digits) -> record.
Tables = dict[str, dict[str, Document]]


def _red_flag_history(tables: Tables) -> Tables:
    """Schema 2 keeps a history of red flags: the flags a profile reported become its first
    entry, raised when the profile was last saved."""
    history: dict[str, Document] = {}
    for profile in tables.get("profile", {}).values():
        if profile.get("red_flags"):
            history["1"] = {"at": profile["updated"], "raised": list(profile["red_flags"])}
    return {**tables, "red_flag_history": history}


def _outcomes(tables: Tables) -> Tables:
    """Schema 3 keeps outcome measures, lets a pain entry, session or run be marked for the
    clinician (a key left out when not marked), and a run imported from a watch file (source
    "import", with the file's import_id): nothing older changes."""
    return {**tables, "outcomes": {}}


# MIGRATIONS[n] turns the tables of a schema-n file into schema n+1.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {1: _red_flag_history, 2: _outcomes}


def migrate(tables: Tables, version: int, target: int | None = None) -> Tables:
    """Apply each step from `version` up to `target` (default: the current schema)."""
    for step in range(version, SCHEMA_VERSION if target is None else target):
        tables = MIGRATIONS[step](tables)
    return tables
