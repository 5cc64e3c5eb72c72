"""Reading user files: raw text, JSONL records, CSV/TSV tables and corpora.

Every problem is raised as :class:`InputError` with a one-line message that
names the file (and line), so the CLI can print it without a traceback.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class InputError(ValueError):
    """A user-supplied file or record cannot be used; the message says why."""


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 bytes (a BOM is allowed), refusing binary data.

    Parameters
    ----------
    data : bytes
        File contents.
    name : str
        File name used in error messages.

    Returns
    -------
    str
    """
    if b"\0" in data[:65536]:
        raise InputError(
            f"{name}: looks like a binary file (contains NUL bytes), expected UTF-8 text"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert the file to UTF-8"
        ) from None


def _open_bytes(path: str | Path) -> bytes:
    if str(path) == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    if p.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"{p}: not a valid gzip file ({exc})") from None
    return data


def read_text(path: str | Path) -> str:
    """Return the text of a UTF-8 file (``-`` is standard input)."""
    name = "<stdin>" if str(path) == "-" else str(path)
    return decode_text(_open_bytes(path), name)


def _json_object(line: str, name: str, lineno: int) -> dict[str, Any]:
    """Parse one JSON Lines record, which must be an object."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: line {lineno}: invalid JSON ({exc.msg})") from None
    if not isinstance(rec, dict):
        raise InputError(f"{name}: line {lineno}: expected a JSON object, got "
                         f"{type(rec).__name__}")
    return rec


def read_jsonl(path: str | Path, required: tuple[str, ...] = ("text",)) -> list[dict[str, Any]]:
    """Read a JSON Lines file, checking every record before returning any.

    Blank lines are skipped; every other line must be a JSON object whose
    ``required`` fields are strings.

    Parameters
    ----------
    path : str or Path
        The file (``-`` for standard input; ``.gz`` is decompressed).
    required : tuple of str, default=("text",)
        Fields every record must have as a string.

    Returns
    -------
    list of dict
        Each record gains a ``_line`` key with its 1-based line number.
    """
    name = "<stdin>" if str(path) == "-" else str(path)
    text = read_text(path)
    records = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        rec = _json_object(line, name, lineno)
        for field in required:
            if field not in rec:
                raise InputError(f"{name}: line {lineno}: missing field {field!r}")
            if not isinstance(rec[field], str):
                raise InputError(f"{name}: line {lineno}: field {field!r} must be a string, got "
                                 f"{type(rec[field]).__name__}")
        rec["_line"] = lineno
        records.append(rec)
    return records


def read_table(path: str | Path) -> list[dict[str, Any]]:
    """Read a CSV, TSV or JSONL file into a list of row dicts (by file suffix).

    Parameters
    ----------
    path : str or Path
        ``.csv``, ``.tsv``/``.tab``, or ``.jsonl``/``.json`` (optionally ``.gz``).

    Returns
    -------
    list of dict
        Each row gains a ``_line`` key with its 1-based line number.
    """
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes if s.lower() != ".gz"]
    kind = suffixes[-1] if suffixes else ""
    if kind in (".jsonl", ".json", ".ndjson"):
        return read_jsonl(p, required=())
    if kind not in (".csv", ".tsv", ".tab", ".txt"):
        raise InputError(f"{p}: unknown table type {kind or '(none)'}; use .csv, .tsv or .jsonl")
    text = read_text(p)
    delim = "," if kind == ".csv" else "\t"
    reader = csv.DictReader(text.splitlines(), delimiter=delim)
    rows = []
    for row in reader:
        if None in row:
            raise InputError(f"{p}: line {reader.line_num}: more fields than the header has")
        row["_line"] = reader.line_num
        rows.append(row)
    if reader.fieldnames is None:
        raise InputError(f"{p}: empty table (no header line)")
    return rows


def iter_corpus(paths: list[str | Path]) -> Iterator[dict[str, Any]]:
    """Yield documents from text files, directories of ``.txt`` and JSONL corpora.

    Text files give ``{"text", "doc_id"}``; JSONL (or ``.jsonl.gz``) lines give
    their own fields (``text`` required; ``speaker`` or ``country``, ``year``
    or ``date``, ``id`` optional).

    Parameters
    ----------
    paths : list of str or Path
        Files or directories.

    Yields
    ------
    dict
        A document mapping for :meth:`stance.Analyzer.analyze_many`.
    """
    for path in paths:
        p = Path(path)
        if str(path) != "-" and p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix == ".txt")
            if not files:
                raise InputError(f"{p}: directory holds no .txt files")
            for f in files:
                yield {"text": read_text(f), "doc_id": str(f)}
            continue
        if any(s in (".jsonl", ".ndjson") for s in p.suffixes):
            yield from _iter_jsonl_docs(p)
        else:
            yield {"text": read_text(p), "doc_id": "<stdin>" if str(path) == "-" else str(p)}


def _iter_jsonl_docs(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                rec = _json_object(line, str(path), lineno)
                if not isinstance(rec.get("text"), str):
                    raise InputError(f"{path}: line {lineno}: expected an object with a 'text' "
                                     "string")
                if "speaker" not in rec and isinstance(rec.get("country"), str):
                    rec["speaker"] = rec["country"]
                rec.setdefault("doc_id", str(rec.get("id", f"{path.name}:{lineno}")))
                yield rec
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 ({exc.reason})") from None
    except (OSError, EOFError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
