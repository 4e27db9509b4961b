"""CSV export: one file per kind of record, for a spreadsheet or a script. No textual.

Each file has an `id` column, then every field of the record's model (`model.model_fields`,
so a model added to RECORD_TABLES is exported without changes here; a kind whose model is
not built yet gets a file with only the `id` column), as the stored document holds it
(defaults filled in), so a script reading those columns keeps working. After them come
columns a person reads (a date and a time, names, the app's judgements), from
`journal.export_columns`.

Formulas: a spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
return as a formula (CSV injection). Every text cell starting with one of these is written
with a leading `'`, OWASP's advice, so it shows as text; numbers are written as numbers.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from journal.export_columns import readable_columns
from store.errors import StoreFault, plain_os_error
from store.records import RECORD_TABLES, Record, SegmentDone, Table

if TYPE_CHECKING:
    from journal.journal import Journal

LIST_SEPARATOR = ";"
SEGMENT_KEYS = frozenset(SegmentDone.model_fields)
# What a spreadsheet reads as the start of a formula (see the module's docstring).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FOLDER_MODE = 0o700


class ExportWriteError(StoreFault):
    """A CSV file or the export folder could not be written; names it and the system's reason."""


def text_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def cell(value: Any) -> str:
    """One CSV cell, with the same text as model_dump(mode="json") gives for scalars (text
    that would start a formula is escaped, see FORMULA_STARTS)."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, date):  # covers datetime too
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(cell(item) for item in value)
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, dict):
        return nested_cell(value)
    if isinstance(value, str):
        return text_cell(value)
    return str(value)


def nested_cell(doc: dict[str, Any]) -> str:
    """A record inside a record, as one short item of its list. A segment (of a run, or of the
    run in progress) is 'kind done_s/planned_s', e.g. 'run 45/60'; any other nested record
    is its fields as 'name=value' joined by commas."""
    if doc.keys() >= SEGMENT_KEYS:
        return text_cell(f"{doc['kind']} {doc['done_s']}/{doc['planned_s']}")
    return text_cell(",".join(f"{name}={cell(item)}" for name, item in doc.items()))


def header(model: type[Record] | None) -> list[str]:
    """The stored columns: `id` and the model's fields."""
    return ["id", *(model.model_fields if model is not None else ())]


def stored_cells(model: type[Record], doc: dict[str, Any]) -> list[str]:
    """A document's cells in the order of its model's fields."""
    cells: list[str] = []
    for name, info in model.model_fields.items():
        # A doc written before a field with a default existed may lack it (and a false
        # `for_clinician` is left out of the file); the model would fill the default on
        # read, so the export does too.
        if name in doc:
            value = doc[name]
        elif info.is_required():
            value = None
        else:
            value = info.get_default(call_default_factory=True)
        cells.append(cell(value))
    return cells


def write_csv_export(journal: Journal, folder: Path) -> Iterator[Path]:
    """Write `<kind>.csv` for every kind into `folder` (created if missing, private: 0700),
    yielding each path once it is in place. Raises ExportWriteError when a folder or file
    cannot be written."""
    # Read every table before writing anything, so the files come from one state of the data.
    tables = [(kind, *kind_table(journal, kind)) for kind in RECORD_TABLES]
    make_private_folder(folder)
    for kind, columns, rows in tables:
        target = folder / f"{kind}.csv"
        _write_atomically(target, columns, rows)
        yield target


def kind_table(journal: Journal, kind: Table) -> tuple[list[str], list[list[str]]]:
    """The header and rows (oldest id first) of one kind: the stored columns, then the
    readable ones."""
    model = RECORD_TABLES[kind]
    readable = readable_columns(journal, kind)
    columns = [*header(model), *readable.names]
    if model is None:
        return columns, []  # store.check() refuses a file with records in an unbuilt table
    rows = [
        [str(doc_id), *stored_cells(model, doc), *map(cell, readable.cells(doc_id))]
        for doc_id, doc in journal.store.raw_items(kind)
    ]
    return columns, rows


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents readable by their owner only, whatever the
    umask. A folder that already exists is left as it is (it is the person's own)."""
    missing: list[Path] = []
    here = folder
    while not os.path.lexists(here) and here != here.parent:
        missing.append(here)
        here = here.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=FOLDER_MODE)
            os.chmod(path, FOLDER_MODE)
        except FileExistsError:
            continue  # made a moment ago by another export
        except OSError as error:
            raise ExportWriteError(path, f"{_reason(error)}; nothing was exported") from None


def _write_atomically(target: Path, columns: list[str], rows: list[list[str]]) -> None:
    # A temporary file in the same folder, renamed over the target: a crash leaves the old
    # CSV or the new one, never half of one. mkstemp makes it 0600, like the JSON export.
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise ExportWriteError(target, f"{_reason(error)}; it was not written") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(rows)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise ExportWriteError(target, f"{_reason(error)}; it was not written") from None
        raise


def _reason(error: OSError) -> str:
    return plain_os_error(error)
