"""Records read from a file are validated here: a record that fails names itself and its field,
never its content."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from store.errors import DataFileError
from store.migrations import Document, Tables
from store.problems import first_problem
from store.records import RECORD_TABLES, STORED, Record

R = TypeVar("R", bound=Record)
# Stored records were valid when written; their dates may be later than today's (a clock set
# back since), so only the rules that hold whatever the day apply (2000-2099, no time zone).
READ_CONTEXT = STORED


def parse_record(path: Path, model: type[R], name: str, doc_id: str, doc: Document) -> R:
    try:
        return model.model_validate(doc, context=READ_CONTEXT)
    except ValidationError as error:
        first = first_problem(error)
        raise DataFileError(
            path,
            f"record {doc_id} in '{name}' is invalid: {first.path() or 'record'}: {first.message}",
        ) from None
    except (RecursionError, OverflowError, ValueError):
        raise DataFileError(path, f"record {doc_id} in '{name}' cannot be read") from None


def validate_tables(path: Path, tables: Tables) -> None:
    """Raise DataFileError unless every record in `tables` is valid."""
    ParsedRecords(path).validate(tables)


class ParsedRecords:
    """The records parsed from a file's documents, kept beside them. A document that is still
    the one a record was parsed from (the same object, or an equal one read again) gives that
    record back without pydantic: only the documents that changed are validated again, so a
    write or a re-read costs the same at five years of records as at one week."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tables: dict[str, dict[str, tuple[Document, Record]]] = {}

    def record(self, model: type[R], name: str, doc_id: str, doc: Document) -> R:
        table = self._tables.setdefault(name, {})
        known = table.get(doc_id)
        if known is not None and type(known[1]) is model:
            if known[0] is doc:
                return known[1]
            if known[0] == doc:
                table[doc_id] = (doc, known[1])  # keep the new object; the old one can go
                return known[1]
        record = parse_record(self.path, model, name, doc_id, doc)
        table[doc_id] = (doc, record)
        return record

    def validate(self, tables: Tables) -> None:
        """Raise DataFileError unless every record in `tables` is valid; records of documents
        no longer there are dropped."""
        for name, model in RECORD_TABLES.items():
            docs = tables.get(name, {})
            if model is None:
                if docs:
                    raise DataFileError(
                        self.path, f"table '{name}' holds records this version cannot read"
                    )
                continue
            known = self._tables.get(name, {})
            if not known.keys() <= docs.keys():
                self._tables[name] = {k: v for k, v in known.items() if k in docs}
            for doc_id, doc in docs.items():
                self.record(model, name, doc_id, doc)
