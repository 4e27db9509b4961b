"""One table's records in the order the accessors give them, kept in step with the file.

Parsed records are cached per document (store/validation.py), but listing five years of
sessions still means walking and sorting thousands of them. A Listing keeps the sorted list
and, when the table changes by a few records (a write of this sitbone: the documents it did
not touch are the same objects), takes out and puts back only those: a set ticked at five
years of records costs what it costs at one week."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from typing import Any

from store.migrations import Document
from store.order import time_order
from store.records import Record

Pair = tuple[int, Record]
# Past this many changed records, sorting the whole table again is as quick.
MOST_PATCHED = 64


def by_id(pair: Pair) -> Any:
    return pair[0]


def by_time(pair: Pair) -> Any:
    """Oldest first, true through daylight saving; the id makes each key unique."""
    return (time_order(pair[1].at, pair[0]), pair[0])  # type: ignore[attr-defined]


class Listing:
    def __init__(self, key: Callable[[Pair], Any]) -> None:
        self.key = key
        self.docs: Mapping[str, Document] | None = None  # the documents listed
        self.pairs: list[Pair] = []
        self._keys: list[Any] = []  # the sort key of each pair, for bisection
        self._key_of: dict[int, Any] = {}

    def update(
        self, docs: Mapping[str, Document], parse: Callable[[str, Document], Record]
    ) -> list[Pair]:
        """The pairs of `docs` in order (the list itself: copy it before handing it out)."""
        if docs is self.docs:
            return self.pairs
        old = self.docs
        if old is not None:
            changed = [k for k, doc in docs.items() if old.get(k) is not doc]
            if len(changed) <= MOST_PATCHED:
                gone = old.keys() - docs.keys() if len(old) + len(changed) != len(docs) else ()
                if len(gone) <= MOST_PATCHED:
                    for k in (*changed, *gone):
                        self._take_out(int(k))
                    for k in changed:
                        self._put_in((int(k), parse(k, docs[k])))
                    self.docs = docs
                    return self.pairs
        pairs = [(int(k), parse(k, doc)) for k, doc in docs.items()]
        keyed = sorted(((self.key(pair), pair) for pair in pairs), key=lambda kp: kp[0])
        self._keys = [k for k, _ in keyed]
        self.pairs = [pair for _, pair in keyed]
        self._key_of = {pair[0]: k for k, pair in keyed}
        self.docs = docs
        return self.pairs

    def _take_out(self, record_id: int) -> None:
        key = self._key_of.pop(record_id, None)
        if key is not None:
            at = bisect_left(self._keys, key)
            del self._keys[at], self.pairs[at]

    def _put_in(self, pair: Pair) -> None:
        key = self.key(pair)
        at = bisect_left(self._keys, key)
        self._keys.insert(at, key)
        self.pairs.insert(at, pair)
        self._key_of[pair[0]] = key
