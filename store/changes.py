"""One change to one record, kept so that it can be undone."""

from __future__ import annotations

from dataclasses import dataclass

from store.records import Record


@dataclass(frozen=True)
class Change:
    """`before` None: the record was added; `after` None: it was deleted."""

    table: str
    record_id: int
    before: Record | None
    after: Record | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "deleted"
        return "edited"

    def inverse(self) -> Change:
        return Change(self.table, self.record_id, before=self.after, after=self.before)
