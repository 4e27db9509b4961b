"""Reading an activity file: its size capped (unzipped too), its format found from what it
holds (not its name), and its XML parsed with no document type declaration allowed (so no
entity can expand)."""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from journal.importing.activity import Activity, UnusableFile
from journal.importing.fit import read_fit
from journal.importing.gpx import read_gpx
from journal.importing.tcx import read_tcx

# A run of 24 hours recorded every second is a few MB in any format: more is no run.
MAX_BYTES = 64 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
FIT_MARK = b".FIT"  # bytes 8-11 of a FIT file's header
MAX_SECONDS = 24 * 3600  # what a run record may hold


def read_activity(path: Path) -> Activity:
    """The activity in the file at `path`. OSError when it cannot be read; UnusableFile when
    it is not an activity sitbone can import."""
    with path.open("rb") as file:
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UnusableFile(f"larger than {MAX_BYTES // 2**20} MiB: no activity file is")
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data)
    return activity_from(data)


def gunzip(data: bytes) -> bytes:
    """`data` unzipped, never more than MAX_BYTES of it (a small file may unzip to gigabytes)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
            unpacked = packed.read(MAX_BYTES + 1)
    except (OSError, EOFError, zlib.error):
        raise UnusableFile("a damaged or truncated gzip file") from None
    if len(unpacked) > MAX_BYTES:
        raise UnusableFile(f"unzips to more than {MAX_BYTES // 2**20} MiB: no activity file does")
    return unpacked


def activity_from(data: bytes) -> Activity:
    """The activity in a file's (unzipped) bytes."""
    activity = _read(data)
    if activity.seconds < 1:
        raise UnusableFile(f"a {activity.kind} file with no time moving")
    if activity.seconds > MAX_SECONDS:
        raise UnusableFile(f"a {activity.kind} file of more than 24 hours moving: no one run")
    return activity


def _read(data: bytes) -> Activity:
    if not data:
        raise UnusableFile("the file is empty")
    fingerprint = "sha256:" + hashlib.sha256(data).hexdigest()
    if data[8:12] == FIT_MARK:
        return read_fit(data, fingerprint)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        root = safe_xml(data)
        name = root.tag.rsplit("}", 1)[-1]
        if name == "gpx":
            return read_gpx(data, fingerprint)
        if name == "TrainingCenterDatabase":
            return read_tcx(root, fingerprint)
        raise UnusableFile("an XML file, but neither GPX nor TCX")
    raise UnusableFile("not a FIT, GPX or TCX file")


def safe_xml(data: bytes) -> Element:
    """The XML tree of `data`; a document type declaration is refused, since activity files
    never have one and entities declared there can expand without end."""
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
    from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

    try:
        root: Element = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise UnusableFile("XML with a document type declaration: refused") from None
    except ParseError as error:
        line = error.position[0] if error.position else "?"
        raise UnusableFile(f"damaged XML (line {line})") from None
    except (LookupError, ValueError):  # an encoding Python does not know, among others
        raise UnusableFile("damaged XML") from None
    return root
