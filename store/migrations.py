"""Schema versions of the data file and the steps that bring an old file up to date."""

from collections.abc import Callable

SCHEMA_VERSION = 1

Tables = dict[str, dict[str, dict]]

# MIGRATIONS[n] turns the tables of a schema-n file into schema n+1.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


def migrate(tables: Tables, version: int, target: int | None = None) -> Tables:
    """Apply each step from `version` up to `target` (default: the current schema)."""
    for step in range(version, SCHEMA_VERSION if target is None else target):
        tables = MIGRATIONS[step](tables)
    return tables
