"""Records read from a file are validated here: a record that fails names itself and its field,
never its content."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from store.errors import DataFileError
from store.migrations import Document, Tables
from store.problems import first_problem
from store.records import RECORD_TABLES, Record

R = TypeVar("R", bound=Record)
# Stored records were valid when written; their dates may be later than today's (a clock set
# back since), so only the rules that hold whatever the day apply (2000-2099, no time zone).
READ_CONTEXT = {"today": datetime.max.date()}


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
    for name, model in RECORD_TABLES.items():
        docs = tables.get(name, {})
        if model is None:
            if docs:
                raise DataFileError(path, f"table '{name}' holds records this version cannot read")
            continue
        for doc_id, doc in docs.items():
            parse_record(path, model, name, doc_id, doc)
