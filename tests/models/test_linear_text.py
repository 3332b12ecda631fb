"""LinearTextClassifier: fit, calibrate, explain, and a pickle-free round trip."""

from __future__ import annotations

import copy
import pickle
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from newssift.models import linear_text
from newssift.models.linear_text import (FAST_TOKEN_PATTERN, TOKEN_PATTERN, LinearTextClassifier,
                                         _inward_to_whitespace, row_dot)
from newssift.models.outlet_robust import OutletRobustTextClassifier

POSITIVE = ["a wonderful, brilliant result", "brilliant work and a wonderful day", "what a wonderful brilliant team",
            "the result was wonderful", "brilliant as always", "wonderful news for everyone"]
NEGATIVE = ["a dreadful, awful mess", "awful planning and dreadful service", "what a dreadful awful week",
            "the outcome was awful", "dreadful as always", "awful news for everyone"]


@pytest.fixture(scope="module")
def model():
    texts = POSITIVE + NEGATIVE
    labels = ["pos"] * len(POSITIVE) + ["neg"] * len(NEGATIVE)
    return LinearTextClassifier(min_df=1, max_df=1.0, char_ngrams=(3, 4)).fit(
        texts, labels, calibration_texts=texts, calibration_labels=labels)


def test_learns_and_predicts(model):
    assert model.predict(["a brilliant and wonderful evening", "an awful, dreadful evening"]) == ["pos", "neg"]
    probs = model.predict_proba(["wonderful"])
    assert probs.shape == (1, 2) and np.isclose(probs.sum(), 1.0)


def test_terms_pushing_toward_a_label_are_its_words(model):
    terms = [term for term, _ in model.term_contributions("a wonderful but awful day", "pos")]
    assert "wonderful" in terms and "awful" not in terms


def test_save_and_load_without_pickle_gives_the_same_probabilities(model, tmp_path):
    model.save(tmp_path, extra_config={"task": "toy"})
    loaded = LinearTextClassifier.load(tmp_path)
    texts = ["wonderful team", "dreadful week", "unrelated words entirely"]
    assert np.allclose(loaded.predict_proba(texts), model.predict_proba(texts), atol=1e-5)
    assert loaded.config_["task"] == "toy"
    with np.load(tmp_path / "weights.npz", allow_pickle=False) as weights:  # would raise if objects were pickled
        assert "coef" in weights


def test_temperature_scaling_fits_overconfident_logits():
    rng = np.random.default_rng(0)
    texts = [f"word{rng.integers(0, 30)} word{rng.integers(0, 30)}" for _ in range(400)]
    labels = [rng.choice(["a", "b"]) for _ in texts]  # labels unrelated to text: calibrated probs near 0.5
    model = LinearTextClassifier(min_df=1, C=100.0).fit(texts[:200], labels[:200],
                                                       calibration_texts=texts[200:], calibration_labels=labels[200:])
    assert model.temperature_ > 1.0
    assert np.abs(model.predict_proba(texts[200:])[:, 0] - 0.5).mean() < 0.15


PROBES = ["A wonderful, BRILLIANT result!", "", "zzz unknown words only", "the outcome was awful. " * 30,
          "A I x Wonderful\tawful\n\nbrilliant  DREADFUL é café", "   "]


def _sklearn_features(model, texts):
    clipped = model._clip(texts)
    return sparse.hstack([v.transform(clipped) for v in model.vectorizers_], format="csr").toarray()


@pytest.mark.parametrize("lowercase,word_ngrams", [(True, (1, 2)), (False, (1, 2)), (True, (1, 1))])
def test_features_equal_scikit_learns_transform(lowercase, word_ngrams, tmp_path):
    texts = POSITIVE + NEGATIVE
    labels = ["pos"] * len(POSITIVE) + ["neg"] * len(NEGATIVE)
    fitted = LinearTextClassifier(min_df=1, max_df=1.0, char_ngrams=(2, 4), lowercase=lowercase,
                                  word_ngrams=word_ngrams).fit(texts, labels)
    fitted.save(tmp_path)
    for model in (fitted, LinearTextClassifier.load(tmp_path)):
        for _ in range(2):  # the second pass reads each word's character n-grams from the cache
            assert np.abs(model.features(PROBES).toarray() - _sklearn_features(model, PROBES)).max() < 1e-6


def test_the_character_n_gram_cache_gives_the_same_features_when_it_grows_fills_and_is_shared(monkeypatch):
    """Words' character n-gram columns come from a cache that grows, empties when full, is copied with the
    model and is shared by threads: the features stay scikit-learn's throughout."""
    texts = POSITIVE + NEGATIVE
    labels = ["pos"] * len(POSITIVE) + ["neg"] * len(NEGATIVE)
    model = LinearTextClassifier(min_df=1, max_df=1.0, char_ngrams=(2, 4)).fit(texts, labels)
    counter = model.term_counters()[1]
    monkeypatch.setattr(counter, "MAX_CACHED_WORDS", 12)  # fills within a few probes
    batches = [PROBES[i:i + 2] for i in range(0, len(PROBES), 2)] + [texts, PROBES]
    for batch in batches:
        assert np.abs(model.features(batch).toarray() - _sklearn_features(model, batch)).max() < 1e-6
        assert len(counter._word_ids) <= max(12, len(" ".join(batch).lower().split()))
    copied = copy.deepcopy(model)
    assert np.abs(copied.features(PROBES).toarray() - _sklearn_features(model, PROBES)).max() < 1e-6
    monkeypatch.setattr(counter, "MAX_CACHED_WORDS", 50_000)
    known = sorted(set(" ".join(texts).lower().split()))
    words = [f"{known[i % len(known)]}{known[i // len(known) % len(known)][:3]}{i}" for i in range(3000)]
    # (more new words than the cache's arrays first hold, made of known ones' character n-grams)
    jobs = [" ".join(words[i::4]) for i in range(4)] * 3
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda text: model.features([text]).toarray(), jobs))
    for text, features in zip(jobs, found):
        assert np.abs(features - _sklearn_features(model, [text])).max() < 1e-6


def test_word_counters_share_token_numbers_across_models_and_renumber_in_a_new_process(monkeypatch):
    """Every model's word counter numbers tokens in one shared dictionary: a model still reads scikit-learn's
    features after another model adds tokens it does not know, and an unpickled model numbers its tokens again
    (in a new process the dictionary starts empty, as the fresh one here)."""
    labels = ["pos"] * len(POSITIVE) + ["neg"] * len(NEGATIVE)
    first = LinearTextClassifier(min_df=1, max_df=1.0).fit(POSITIVE + NEGATIVE, labels)
    first.term_counters()
    others = [text.replace("a", "q") + " zebra quagga okapi" for text in POSITIVE + NEGATIVE]
    second = LinearTextClassifier(min_df=1, max_df=1.0, word_ngrams=(1, 1)).fit(others, labels)
    second.term_counters()
    probes = [f"{text} {other} " * 3 for text, other in zip(POSITIVE + NEGATIVE, others)]  # 24+ tokens each
    for model in (first, second):
        assert np.abs(model.features(probes).toarray() - _sklearn_features(model, probes)).max() < 1e-6
    stored = pickle.dumps(first)
    monkeypatch.setattr(linear_text, "_SHARED_TOKENS", linear_text._SharedTokenIds())
    # a new process's dictionary, where another model's tokens were numbered first: the pickled numbers are stale
    linear_text._SHARED_TOKENS.add(sorted(set(" ".join(others).split())))
    restored = pickle.loads(stored)
    assert restored.term_counters()[0].token_ids is linear_text._SHARED_TOKENS.ids
    assert np.abs(restored.features(probes).toarray() - _sklearn_features(first, probes)).max() < 1e-6


def test_features_follow_a_refit_and_a_restricted_vocabulary():
    texts = POSITIVE + NEGATIVE
    labels = ["pos"] * len(POSITIVE) + ["neg"] * len(NEGATIVE)
    model = OutletRobustTextClassifier(min_df=1, max_df=1.0, char_ngrams=(3, 4), min_groups=2)
    model.fit(texts, labels, groups=["a", "b", "c"] * 4)
    before = model.features(PROBES).shape
    model.fit(texts[:4] + texts[6:10], labels[:4] + labels[6:10], groups=["a", "b"] * 4)
    assert model.features(PROBES).shape != before
    assert np.abs(model.features(PROBES).toarray() - _sklearn_features(model, PROBES)).max() < 1e-6


def test_scores_from_feature_blocks_equal_the_matrix_product(model):
    """The analyzers score ``feature_blocks`` with ``row_dot``, never building the matrix: the same numbers,
    a text without known terms (or no text at all) scoring zero."""
    weights = np.arange(2 * model.features(["x"]).shape[1], dtype=np.float32).reshape(-1, 2) / 100
    expected = model.features(PROBES) @ weights
    assert np.allclose(row_dot(model.feature_blocks(PROBES), weights, len(PROBES)), expected, atol=1e-4)
    assert np.all(row_dot(model.feature_blocks(["", "zzz"]), weights, 2) == 0)
    assert row_dot(model.feature_blocks([]), weights, 0).shape == (0, 2)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_part_blocks_count_the_texts_once_and_each_part_as_its_own_text(model, data):
    """``part_feature_blocks`` gives ``feature_blocks`` of the texts, and for each span the features of the text
    inside it (edges moved out of words to whitespace)."""
    texts = data.draw(st.lists(st.sampled_from(PROBES + POSITIVE + NEGATIVE), min_size=1, max_size=4))
    spans = []
    for text in texts:
        edges = sorted(data.draw(st.lists(st.integers(0, len(text) + 5), max_size=6)))
        spans.append(list(zip(edges[::2], edges[1::2])))
    weights = np.arange(2 * model.features(["x"]).shape[1], dtype=np.float32).reshape(-1, 2) / 100
    text_blocks, part_blocks, n_parts = model.part_feature_blocks(texts, spans)
    assert np.allclose(row_dot(text_blocks, weights, len(texts)), row_dot(model.feature_blocks(texts), weights, len(texts)))
    parts = []
    for text, text_spans in zip(texts, spans):
        for start, end in text_spans:
            start, end = _inward_to_whitespace(text, start, end)
            parts.append(text[start:end] if start < end else "")
    assert n_parts == len(parts)
    assert np.allclose(row_dot(part_blocks, weights, n_parts), row_dot(model.feature_blocks(parts), weights, len(parts)))


def test_part_edges_move_out_of_words():
    assert _inward_to_whitespace("a wonderful day", 4, 13) == (11, 11)  # inside "wonderful" to inside "day": nothing
    assert _inward_to_whitespace("a wonderful day", 1, 15) == (1, 15)
    assert _inward_to_whitespace("a wonderful day", 0, 6) == (0, 1)
    assert _inward_to_whitespace("a wonderful day", 3, 99) == (11, 15)


@pytest.mark.parametrize("occurrences", [0, 1, 7, 500])
def test_occurrences_are_summed_alike_in_a_dense_array_and_by_sorting(model, occurrences, monkeypatch):
    """``summed`` counts into a dense array, or sorts int32 keys, or (past 2**31 cells) int64 ones: the same."""
    counter = model.term_counters()[0]
    rng = np.random.default_rng(occurrences)
    rows, cols = rng.integers(0, 3, occurrences), rng.integers(0, len(counter.idf), occurrences)
    monkeypatch.setattr(counter, "DENSE_COUNT_RATIO", 10 ** 9)  # always dense
    dense = counter.summed(rows, cols)
    monkeypatch.setattr(counter, "DENSE_COUNT_RATIO", 0)  # never
    by_sorting = counter.summed(rows, cols)
    far = 2 ** 31 // len(counter.idf) + 1  # rows this far apart make keys past int32
    far_rows, far_cols, far_counts = counter.summed(rows * far, cols)
    assert all(np.array_equal(a, b) for a, b in zip(dense, by_sorting))
    assert np.array_equal(far_rows, dense[0] * far) and np.array_equal(far_cols, dense[1])
    assert np.array_equal(far_counts, dense[2]) and dense[2].sum() == occurrences


_TOKEN_ALPHABET = "ab9_'’-‐ \n.,é\u0301\u00a0İ"


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(alphabet=_TOKEN_ALPHABET, max_size=30), st.text(max_size=30)))
def test_the_fast_token_pattern_finds_the_vectorizers_tokens(text):
    """The counters tokenise with FAST_TOKEN_PATTERN instead of the vectorizers' TOKEN_PATTERN: the same tokens."""
    assert re.findall(FAST_TOKEN_PATTERN, text) == re.findall(TOKEN_PATTERN, text)


@pytest.mark.parametrize("char_ngrams", [(2, 4), (3, 5), (1, 3)])
def test_character_n_grams_by_integer_keys_equal_those_by_string_lookup(char_ngrams):
    """New words' character n-grams are found by integer keys (:meth:`_columns_by_keys`); the same columns, each
    as often, as building every n-gram string and looking it up."""
    texts = POSITIVE + NEGATIVE + ["é café naïve ünïcode", "a I x", "ab abc abcd abcde", "\ud800 lone surrogate"]
    model = LinearTextClassifier(min_df=1, max_df=1.0, char_ngrams=char_ngrams).fit(texts, ["a", "b"] * 8)
    counter = model.term_counters()[1]
    assert hasattr(counter, "char_keys")
    words = " ".join(texts + ["wonderfully awfulness ÉCOLE z zz", "unseen\u212aelvin"]).lower().split()
    (keyed, keyed_sizes), (looked_up, looked_up_sizes) = counter._columns_by_keys(words), counter._columns_by_lookup(words)
    assert keyed_sizes.tolist() == looked_up_sizes.tolist()
    bounds = np.cumsum(keyed_sizes)[:-1]
    for word, by_keys, by_lookup in zip(words, np.split(keyed, bounds), np.split(looked_up, bounds)):
        assert sorted(by_keys.tolist()) == sorted(by_lookup.tolist()), word
