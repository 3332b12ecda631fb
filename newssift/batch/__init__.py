"""Corpus scale: resumable batch analysis to Parquet, DuckDB statistics, and a Ray engine.

``run_batch(inputs, out)`` (the ``newssift batch`` command) enumerates the
records of JSONL/CSV/Parquet files, folders of HTML/text files or stdin, runs
the same :class:`~newssift.pipeline.Pipeline` over them on a local process pool
(or on Ray Data actors, ``engine="ray"``) and writes one Parquet row per
article (schema in :mod:`newssift.batch.schema`, documented in
``docs/batch-schema.md``). ``compute_stats(out)`` (``newssift stats``)
aggregates the output with DuckDB.
"""

from .readers import ColumnMap
from .run import BatchSummary, part_files, run_batch
from .schema import BATCH_SCHEMA_VERSION, SCHEMA, report_to_row

__all__ = ["BATCH_SCHEMA_VERSION", "SCHEMA", "BatchSummary", "ColumnMap", "part_files", "report_to_row", "run_batch"]
