"""BM25 over fact-checked claims: the lexical half of claim matching.

Dense cosine alone misses a match worded close to the query but embedded
apart (names, numbers, rare words); CheckThat! Task 2 systems combined it with
BM25 (Shaar et al. 2020, "That is a Known Lie", ACL; the 2021-2022 overviews).
Here BM25 (Okapi, k1 = 1.2, b = 0.75; Robertson & Zaragoza 2009, "The
Probabilistic Relevance Framework: BM25 and Beyond") scores every claim for a
query, and two features of each dense candidate (its BM25 score relative to
the query's best, and the reciprocal of its BM25 rank) go to the reranker in
:mod:`newssift.factchecks.matching`.

Tokens are lower-cased runs of two or more word characters, without the
matcher's stop words; a query counts each distinct token once. The index is
a term-by-claim sparse matrix of BM25 weights, saved next to the vectors as
``lexical.npz`` (no pickles) and rebuilt from the records whenever their
number changes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

K1 = 1.2
B = 0.75
#: candidates outside the query's top-``RANK_DEPTH`` BM25 claims get a rank feature of 0
RANK_DEPTH = 50
_TOKEN = re.compile(r"\b\w\w+\b")
#: words left out of BM25 and of the matcher's overlap features
STOPWORDS = frozenset("""a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself yourselves says said say saying claim claims also""".split())


def tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall((text or "").lower()) if t not in STOPWORDS]


class LexicalIndex:
    """BM25 weights of ``n_docs`` claims; document ``i`` is the claim with id ``i``.

    Example::

        >>> lexical = LexicalIndex.build([(0, "Wind turbines cause cancer"), (1, "Vaccines contain microchips")])
        >>> lexical.scores(["do wind turbines cause cancer?"])[0].round(2)
        array([2.62, 0.  ], dtype=float32)
    """

    FILE_NAME = "lexical.npz"

    def __init__(self, vocabulary: dict[str, int], postings: sparse.csr_matrix) -> None:
        self.vocabulary = vocabulary
        self.postings = postings  # (terms, docs)

    @property
    def n_docs(self) -> int:
        return int(self.postings.shape[1])

    @classmethod
    def build(cls, docs: Iterable[tuple[int, str]]) -> "LexicalIndex":
        """BM25 weights of ``(id, text)`` pairs; ids are column numbers (``n_docs`` = largest id + 1)."""
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        lengths: dict[int, int] = {}
        for doc_id, text in docs:
            words = tokens(text)
            lengths[doc_id] = len(words)
            per_doc: dict[int, int] = {}
            for word in words:
                term = vocabulary.setdefault(word, len(vocabulary))
                per_doc[term] = per_doc.get(term, 0) + 1
            rows.extend(per_doc)
            cols.extend([doc_id] * len(per_doc))
            counts.extend(per_doc.values())
        n_docs = max(lengths) + 1 if lengths else 0
        if not rows:
            return cls(vocabulary, sparse.csr_matrix((len(vocabulary), n_docs), dtype=np.float32))
        row, col = np.asarray(rows), np.asarray(cols)
        tf = np.asarray(counts, dtype=np.float64)
        doc_length = np.zeros(n_docs)
        doc_length[list(lengths)] = list(lengths.values())
        mean_length = doc_length[list(lengths)].mean() or 1.0
        df = np.bincount(row, minlength=len(vocabulary))
        idf = np.log(1.0 + (len(lengths) - df + 0.5) / (df + 0.5))
        weight = idf[row] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc_length[col] / mean_length))
        postings = sparse.csr_matrix((weight.astype(np.float32), (row, col)), shape=(len(vocabulary), n_docs))
        return cls(vocabulary, postings)

    def scores(self, queries: Sequence[str]) -> list[np.ndarray]:
        """Per query, the BM25 score of every claim (a dense vector of ``n_docs``)."""
        out = []
        for query in queries:
            terms = sorted({self.vocabulary[t] for t in tokens(query) if t in self.vocabulary})
            if not terms:
                out.append(np.zeros(self.n_docs, dtype=np.float32))
            else:
                out.append(np.asarray(self.postings[terms].sum(axis=0), dtype=np.float32).ravel())
        return out

    # -- persistence ---------------------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write ``lexical.npz`` (to a temporary name, then renamed)."""
        terms = np.array(sorted(self.vocabulary, key=self.vocabulary.__getitem__), dtype=str)
        partial = folder / (self.FILE_NAME + ".partial.npz")
        np.savez(partial, terms=terms, data=self.postings.data, indices=self.postings.indices,
                 indptr=self.postings.indptr, shape=np.asarray(self.postings.shape))
        os.replace(partial, folder / self.FILE_NAME)

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex | None":
        """The saved index, or None when it is missing or unreadable (it is then rebuilt from the records)."""
        try:
            with np.load(folder / cls.FILE_NAME, allow_pickle=False) as saved:
                terms = saved["terms"].tolist()
                postings = sparse.csr_matrix((saved["data"], saved["indices"], saved["indptr"]),
                                             shape=tuple(int(n) for n in saved["shape"]))
        except (OSError, ValueError, KeyError):
            return None
        return cls({term: i for i, term in enumerate(terms)}, postings)


def lexical_features(scores: np.ndarray, ids: Sequence[int]) -> list[tuple[float, float]]:
    """Per candidate id: (BM25 score / the query's best BM25 score, 1 / (1 + BM25 rank) within the top
    ``RANK_DEPTH``, else 0). Both are 0 when the query shares no token with any claim."""
    best = float(scores.max()) if len(scores) else 0.0
    if best <= 0:
        return [(0.0, 0.0) for _ in ids]
    depth = min(RANK_DEPTH, len(scores))
    top = np.argpartition(-scores, depth - 1)[:depth]
    top = top[np.argsort(-scores[top], kind="stable")]
    rank = {int(j): r for r, j in enumerate(top) if scores[j] > 0}
    return [(float(scores[j]) / best if 0 <= j < len(scores) else 0.0,
             1.0 / (1 + rank[j]) if j in rank else 0.0) for j in ids]
