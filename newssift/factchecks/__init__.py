"""The local fact-check index: import ClaimReview / Google Fact Check Tools files, search claims by meaning.

See :mod:`newssift.factchecks.store` (SQLite rows + faiss vectors),
:mod:`newssift.factchecks.records` (the two import formats),
:mod:`newssift.factchecks.verdicts` (verdict -> ordinal) and
:mod:`newssift.factchecks.matching` (retrieval + reranking).
"""

from .matching import FactCheckMatcher
from .records import FactCheck, parse_file
from .store import FactCheckIndex, ImportSummary, default_index_dir
from .verdicts import normalize_verdict

__all__ = ["FactCheck", "FactCheckIndex", "FactCheckMatcher", "ImportSummary", "default_index_dir",
           "normalize_verdict", "parse_file"]
