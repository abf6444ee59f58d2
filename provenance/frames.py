"""The report as tables for analysis: pandas DataFrames and Parquet files.

Five tables, one row per thing, their columns named as the JSON report's fields
(``docs/report-schema.md``), so that a table and the JSON say the same:

- ``documents``: each document, with its shares of wording (``original``,
  ``quoted``, ...), ``metadata`` and ``sources`` as JSON text;
- ``passages``: each passage of each family (``family``, ``id``, ``doc``,
  ``paragraph``, ``start``, ``end``, ``text``);
- ``links``: each verified link, its spans as four columns, ``edits`` the number of
  its edits;
- ``edges``: each edge of each family's tree, ``direction`` its labels joined by
  ``+``, ``evidence`` its sentences joined by newlines;
- ``segments``: each passage's words cut by origin (``family``, ``passage``,
  ``doc``, ``start``, ``end``, ``origin``, ``determined``, ``rewrites``).

pandas and pyarrow are an optional extra: ``pip install 'news-provenance[tables]'``.

>>> import provenance
>>> tables = provenance.analyze(provenance.example_path()).to_pandas()
>>> len(tables.documents), sorted(tables.segments.columns)[:3]
(5, ['determined', 'doc', 'end'])
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from provenance.errors import MissingExtraError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["NAMES", "Tables", "tables_of", "write_parquet"]

NAMES = ("documents", "passages", "links", "edges", "segments")
"""The tables, in the order :class:`Tables` holds them."""

_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (
        "id", "outlet", "date", "date_precision", "url", "title", "original", "quoted",
        "undetermined", "outside", "rewritten", "paragraphs", "metadata", "sources",
    ),
    "passages": ("family", "id", "doc", "paragraph", "start", "end", "text"),
    "links": (
        "family", "a", "b", "similarity", "containment", "shared_words", "a_start", "a_end",
        "b_start", "b_end", "quotation", "edits",
    ),
    "edges": (
        "family", "parent", "child", "confidence", "direction", "similarity", "quotation",
        "edits", "evidence",
    ),
    "segments": (
        "family", "passage", "doc", "start", "end", "origin", "determined", "rewrites",
    ),
}  # fmt: skip


@attrs.frozen(eq=False)
class Tables:
    """The five tables of a report (:data:`NAMES`), as pandas DataFrames."""

    documents: pd.DataFrame
    passages: pd.DataFrame
    links: pd.DataFrame
    edges: pd.DataFrame
    segments: pd.DataFrame

    def __iter__(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """Each table's name and DataFrame, in :data:`NAMES` order."""
        return iter((name, getattr(self, name)) for name in NAMES)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise MissingExtraError(
            "tables need pandas and pyarrow: pip install 'news-provenance[tables]'"
        ) from None
    return pandas


def _rows(report: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows, from the report's JSON form (:meth:`Report.to_dict`)."""
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in NAMES}
    for d in report["documents"]:
        rows["documents"].append(
            (
                d["id"], d["outlet"], d["date"], d["date_precision"], d["url"], d["title"],
                d.get("original"), d.get("quoted"), d.get("undetermined"), d.get("outside"),
                d.get("rewritten"), len(d["paragraphs"]),
                json.dumps(d["metadata"], ensure_ascii=False),
                json.dumps(d.get("sources", {}), ensure_ascii=False),
            )
        )  # fmt: skip
    for f in report["families"]:
        for p in f["passages"]:
            rows["passages"].append(
                (f["id"], p["id"], p["doc"], p["paragraph"], p["start"], p["end"], p["text"])
            )
            for s in p.get("segments", []):
                rows["segments"].append(
                    (
                        f["id"], p["id"], p["doc"], s["start"], s["end"], s["origin"],
                        s.get("determined"), s.get("rewrites"),
                    )
                )  # fmt: skip
        for e in f["edges"]:
            rows["edges"].append(
                (
                    f["id"], e["parent"], e["child"], e["confidence"], "+".join(e["direction"]),
                    e["similarity"], e["quotation"], len(e["edits"]), "\n".join(e["evidence"]),
                )
            )  # fmt: skip
    for k in report["links"]:
        rows["links"].append(
            (
                k["family"], k["a"], k["b"], k["similarity"], k["containment"], k["shared_words"],
                *k["a_span"], *k["b_span"], k["quotation"], len(k["edits"]),
            )
        )  # fmt: skip
    return rows


def tables_of(report: dict[str, Any]) -> Tables:
    """The :class:`Tables` of a report's JSON form (:meth:`Report.to_dict`).

    :raises MissingExtraError: without pandas.
    """
    pandas = _pandas()
    rows = _rows(report)
    return Tables(
        **{
            name: pandas.DataFrame.from_records(rows[name], columns=list(_COLUMNS[name]))
            for name in NAMES
        }
    )


def write_parquet(tables: Tables, folder: str | os.PathLike[str]) -> list[Path]:
    """Write each table to ``folder`` (made if absent) as ``NAME.parquet``; the files
    written. Each file is written whole or not at all (a temporary file in the folder,
    renamed over the old one); a failure leaves the files not yet written as they were.

    :raises MissingExtraError: without pyarrow.
    """
    try:
        import pyarrow  # noqa: F401  (pandas writes Parquet through it)
    except ImportError:
        raise MissingExtraError(
            "Parquet files need pyarrow: pip install 'news-provenance[tables]'"
        ) from None
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, frame in tables:
        path = target / f"{name}.parquet"
        handle, temporary = tempfile.mkstemp(dir=target, prefix=f".{name}.", suffix=".tmp")
        os.close(handle)
        try:
            frame.to_parquet(temporary, engine="pyarrow", index=False)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written.append(path)
    return written
