"""One change to one record, kept so that it can be undone."""

from __future__ import annotations

from dataclasses import dataclass

from store.records import Record, Table, table_named


@dataclass(frozen=True)
class Change:
    """`before` None: the record was added; `after` None: it was deleted. A table given by its
    name ("pain") is kept as its Table (ValueError for a name that is no table)."""

    table: Table
    record_id: int
    before: Record | None
    after: Record | None

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", table_named(self.table))

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "deleted"
        return "edited"

    def inverse(self) -> Change:
        return Change(self.table, self.record_id, before=self.after, after=self.before)
