"""Matching a sentence to fact-checked claims: dense retrieval, then a small reranker.

Retrieval: cosine similarity of all-MiniLM-L6-v2 sentence embeddings
(Reimers & Gurevych 2019), the approach of Shaar, Babulkov, Da San Martino,
Nakov, "That is a Known Lie: Detecting Previously Fact-Checked Claims"
(ACL 2020). Reranking: the top-k candidates are rescored by a logistic
regression over the cosine, its gap to the best candidate, lexical overlap
features (content words, numbers, capitalised names, title overlap) and the
candidate's BM25 score and rank among all claims (:mod:`.lexical`), as many
CheckThat! 2020-2022 Task 2 systems did. Trained by ``newssift train
factchecks`` on the CheckThat! train splits; the weights are a few numbers in
``resources/models/factchecks/config.json``.

The score of a match is the reranker's probability that the candidate
verifies the sentence; matches below the tuned threshold are not shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..errors import NewssiftError
from .lexical import STOPWORDS, lexical_features

FEATURES = ("cosine", "gap_to_best", "rank_reciprocal", "content_jaccard", "query_coverage", "candidate_coverage",
            "number_overlap", "name_overlap", "title_coverage", "bm25_relative", "bm25_rank_reciprocal")

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]+|\d[\d,.]*%?")
_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|www\.\S+")
_TWEET_TRAILER = re.compile(r"\s+[\u2014-]{1,2}\s+[^\u2014]{0,80}\(@\w+\)\s+\w+ \d{1,2}, \d{4}\s*$")
_HANDLE = re.compile(r"@(\w+)")


def clean_query(text: str) -> str:
    """Drop URLs and a tweet's author/date trailer ("— Name (@handle) May 1, 2020"); keep the words."""
    text = _TWEET_TRAILER.sub("", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(r"\1", text)
    return re.sub(r"\s+", " ", text).strip() or text


def _tokens(text: str) -> list[str]:
    return [t.lower().strip(".,") for t in _WORD.findall(text or "")]


def _content(text: str) -> set[str]:
    return {t for t in _tokens(text) if t not in STOPWORDS and len(t) > 2}


def _numbers(text: str) -> set[str]:
    return {t.rstrip(".,") for t in re.findall(r"\d[\d,.]*%?", text or "")}


def _names(text: str) -> set[str]:
    words = re.findall(r"\b[A-Z][a-zA-Z]+\b", text or "")
    return {w.lower() for w in words if w.lower() not in STOPWORDS}


def _share(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def pair_features(query: str, claim: str, title: str | None, cosines: Sequence[float], rank: int,
                  lexical: tuple[float, float]) -> list[float]:
    """The reranker's features of one (query, candidate) pair; ``cosines`` are all candidates' cosines, best first;
    ``lexical`` is the candidate's pair from :func:`newssift.factchecks.lexical.lexical_features`."""
    q, c = _content(query), _content(claim)
    # every training claim has a title (Snopes and PolitiFact headlines); many imported ClaimReviews have none,
    # and scoring their title coverage as 0 would hold back even a word-for-word match, so the claim stands in
    t = _content(title) if title and title.strip() else c
    union = q | c
    qn, cn = _numbers(query), _numbers(claim)
    qe, ce = _names(query), _names(claim + " " + (title or ""))
    return [
        float(cosines[rank]),
        float(cosines[0] - cosines[rank]),
        1.0 / (rank + 1),
        len(q & c) / len(union) if union else 0.0,
        _share(q, c),
        _share(c, q),
        (len(qn & cn) / len(qn | cn)) if (qn or cn) else 0.5,
        _share(qe, ce),
        _share(t, q),
        lexical[0],
        lexical[1],
    ]


@dataclass(frozen=True)
class Reranker:
    """Logistic regression over :data:`FEATURES` (weights from ``config.json``)."""

    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    @classmethod
    def from_config(cls, config: dict, path: str = "config.json") -> "Reranker":
        if tuple(config.get("features", ())) != FEATURES:
            raise NewssiftError("NS526", path=path, detail=f"its reranker uses the features {config.get('features')}, "
                                f"this version of newssift computes {list(FEATURES)}")
        return cls(tuple(config["coef"]), float(config["intercept"]), tuple(config["mean"]), tuple(config["scale"]))

    def to_config(self) -> dict:
        return {"features": list(FEATURES), "coef": [round(x, 6) for x in self.coef],
                "intercept": round(self.intercept, 6), "mean": [round(x, 6) for x in self.mean],
                "scale": [round(x, 6) for x in self.scale]}

    def score(self, features: np.ndarray) -> np.ndarray:
        x = (np.asarray(features, dtype=np.float64) - np.asarray(self.mean)) / np.asarray(self.scale)
        z = np.clip(x @ np.asarray(self.coef) + self.intercept, -40, 40)
        return 1.0 / (1.0 + np.exp(-z))


def rerank(query: str, candidates: Sequence[tuple[int, float, str, str | None]],
           reranker: Reranker | None, lexical_scores: np.ndarray) -> list[tuple[int, float, float]]:
    """``candidates`` = (id, cosine, claim, title), best cosine first -> [(id, score, cosine)] best score first.

    ``lexical_scores``: the query's BM25 score of every claim, by id (:meth:`LexicalIndex.scores`). Without a
    reranker the score is the cosine.
    """
    if not candidates:
        return []
    cosines = [c[1] for c in candidates]
    if reranker is None:
        return [(c[0], float(c[1]), float(c[1])) for c in candidates]
    lexical = lexical_features(lexical_scores, [c[0] for c in candidates])
    rows = np.array([pair_features(query, claim, title, cosines, rank, lexical[rank])
                     for rank, (_, _, claim, title) in enumerate(candidates)])
    scores = reranker.score(rows)
    order = np.argsort(-scores, kind="stable")
    return [(candidates[i][0], float(scores[i]), float(candidates[i][1])) for i in order]


MATCHER_MODEL_NAME = "factchecks"


def load_reranker_config(model_dir: str | None = None) -> dict:
    """``config.json`` of the fact-check matching model (reranker weights, tuned threshold, top-k)."""
    from ..models.artifacts import read_json, require_model_dir

    return read_json(require_model_dir(MATCHER_MODEL_NAME, model_dir) / "config.json")


class FactCheckMatcher:
    """Match sentences (and their embeddings) to an index's fact-checks: retrieve top-k, rerank, threshold."""

    def __init__(self, index: object | None, model_dir: str | None = None, threshold: float | None = None,
                 top_k: int | None = None, max_matches: int = 3) -> None:
        config = load_reranker_config(model_dir)
        self.config = config
        self.reranker = (Reranker.from_config(config["reranker"], model_dir or "the bundled factchecks model")
                         if config.get("reranker") else None)
        self.threshold = float(config["threshold"] if threshold is None else threshold)
        self.top_k = int(top_k or config.get("top_k", 20))
        self.max_matches = max_matches
        self.index = index

    def rank(self, texts: Sequence[str], vectors: np.ndarray) -> list[list[tuple[int, float, float]]]:
        """Per text: [(vec_id, score, cosine)] over the top-k candidates, best score first (no threshold)."""
        if self.index is None:
            return [[] for _ in texts]
        hits = self.index.search(vectors, self.top_k)  # type: ignore[attr-defined]
        wanted = sorted({i for row in hits for i, _ in row})
        records = self.index.records(wanted)  # type: ignore[attr-defined]
        queries = [clean_query(text) for text in texts]
        lexical = self.index.lexical.scores(queries)  # type: ignore[attr-defined]
        out = []
        for query, row, scores in zip(queries, hits, lexical):
            candidates = [(i, cos, records[i].claim, records[i].title) for i, cos in row if i in records]
            out.append(rerank(query, candidates, self.reranker, scores))
        return out

    def match(self, texts: Sequence[str], vectors: np.ndarray) -> list[list[dict]]:
        """Per text: matches at or above the threshold as {"similarity", "score", "verdict_ordinal", "claim_review"}."""
        ranked = self.rank(texts, vectors)
        keep = [[(i, s, c) for i, s, c in row if s >= self.threshold][:self.max_matches] for row in ranked]
        records = self.index.records(sorted({i for row in keep for i, _, _ in row})) if self.index is not None else {}  # type: ignore[attr-defined]
        return [[{"similarity": round(c, 4), "score": round(s, 4),
                  "verdict_ordinal": records[i].verdict_ordinal, "claim_review": records[i].claim_review()}
                 for i, s, c in row] for row in keep]
