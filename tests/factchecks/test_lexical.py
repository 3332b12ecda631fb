"""BM25 over fact-checked claims: the scores, the features, and the index file kept in step with the records."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from newssift.errors import NewssiftError
from newssift.factchecks import FactCheckIndex
from newssift.factchecks.lexical import K1, B, LexicalIndex, lexical_features
from newssift.factchecks.matching import FEATURES, Reranker, load_reranker_config

DOCS = [(0, "Wind turbines cause cancer"), (1, "Vaccines contain microchips, microchips everywhere"),
        (2, "The bridge cost two billion dollars"), (4, "Wind farms raise power bills")]


def test_scores_follow_the_bm25_formula():
    lexical = LexicalIndex.build(DOCS)
    assert lexical.n_docs == 5  # ids are columns; id 3 is an empty column
    lengths = {0: 4, 1: 5, 2: 5, 4: 5}  # tokens without stop words ("the", "two" stays: not a stop word)
    mean = sum(lengths.values()) / 4

    def bm25(tf: int, df: int, length: int) -> float:
        idf = math.log(1 + (4 - df + 0.5) / (df + 0.5))
        return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / mean))

    wind, microchips = lexical.scores(["Do WIND turbines?", "microchips in vaccines"])
    assert wind[0] == pytest.approx(bm25(1, 2, 4) + bm25(1, 1, 4), rel=1e-5)
    assert wind[4] == pytest.approx(bm25(1, 2, 5), rel=1e-5)
    assert wind[1] == wind[2] == wind[3] == 0
    assert microchips[1] == pytest.approx(bm25(2, 1, 5) + bm25(1, 1, 5), rel=1e-5)
    assert not lexical.scores(["the of and"])[0].any()  # stop words only


def test_features_are_relative_score_and_reciprocal_rank():
    scores = np.array([0.0, 4.0, 1.0, 2.0], dtype=np.float32)
    assert lexical_features(scores, [1, 3, 2, 0]) == [(1.0, 1.0), (0.5, 0.5), (0.25, 1 / 3), (0.0, 0.0)]
    assert lexical_features(np.zeros(3, dtype=np.float32), [0, 1]) == [(0.0, 0.0), (0.0, 0.0)]


def test_save_and_load_round_trip(tmp_path):
    lexical = LexicalIndex.build(DOCS)
    lexical.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert loaded is not None and loaded.n_docs == lexical.n_docs
    for a, b in zip(loaded.scores(["wind power bills"]), lexical.scores(["wind power bills"])):
        assert np.array_equal(a, b)
    (tmp_path / LexicalIndex.FILE_NAME).write_bytes(b"not a zip file")
    assert LexicalIndex.load(tmp_path) is None


def _claim_reviews(path, claims):
    path.write_text("\n".join(json.dumps({
        "@type": "ClaimReview", "claimReviewed": claim, "url": f"https://checks.example.org/{i}",
        "reviewRating": {"@type": "Rating", "alternateName": "False"}}) for i, claim in claims) + "\n",
        encoding="utf-8")
    return path


class _StubEncoder:
    """Unit vectors from a hash: the lexical side is under test, not the embeddings."""

    def encode(self, texts):
        vectors = np.stack([np.random.default_rng(abs(hash(t)) % 2**32).normal(size=384) for t in texts])
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_the_index_keeps_its_bm25_file_in_step_with_the_records(tmp_path):
    folder = tmp_path / "index"
    first = _claim_reviews(tmp_path / "a.jsonl", [(0, "Wind turbines cause cancer"), (1, "Microchips in vaccines")])
    with FactCheckIndex.open(folder, create=True, encoder=_StubEncoder()) as index:
        index.import_file(first)
        assert (folder / LexicalIndex.FILE_NAME).is_file()
        assert index.lexical.scores(["wind turbines"])[0].argmax() == 0
        index.import_file(_claim_reviews(tmp_path / "b.jsonl", [(2, "Windmills kill birds by the million")]))
        assert index.lexical.n_docs == 3 and index.lexical.scores(["windmills birds"])[0].argmax() == 2
    # an index made before the BM25 file existed (or an interrupted import) gets it rebuilt on first use
    (folder / LexicalIndex.FILE_NAME).unlink()
    with FactCheckIndex.open(folder, encoder=_StubEncoder()) as index:
        assert index.lexical.scores(["microchips"])[0].argmax() == 1
    assert LexicalIndex.load(folder).n_docs == 3


def test_a_matching_model_with_other_features_is_refused_with_a_code():
    config = load_reranker_config()["reranker"]
    assert tuple(config["features"]) == FEATURES
    old = dict(config, features=list(FEATURES[:9]), coef=config["coef"][:9])
    with pytest.raises(NewssiftError) as error:
        Reranker.from_config(old, "/models/factchecks")
    assert error.value.code == "NS526" and "bm25_relative" in str(error.value)
