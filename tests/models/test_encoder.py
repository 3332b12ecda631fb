"""The bundled int8 MiniLM encoder: shape, normalisation, and that meaning drives similarity."""

from __future__ import annotations

import numpy as np

from newssift import Article
from newssift.models.encoder import DIMENSIONS, SentenceEncoder, sentence_embeddings


def test_vectors_are_unit_length_and_384_wide():
    vectors = SentenceEncoder.bundled().encode(["The council approved the budget.", "Rain is expected."])
    assert vectors.shape == (2, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_paraphrases_are_closer_than_unrelated_sentences():
    a, b, c = SentenceEncoder.bundled().encode([
        "Unemployment fell to four percent last year.",
        "Last year the jobless rate dropped to 4%.",
        "The orchestra played a new symphony on Sunday.",
    ])
    assert a @ b > 0.6
    assert a @ b > a @ c + 0.3


def test_a_vector_does_not_depend_on_the_other_texts_in_the_call():
    encoder = SentenceEncoder.bundled()
    texts = ["Short.", "A much longer sentence about the harbour bridge and its repairs in the spring.", "Mid size one."]
    together = encoder.encode(texts)
    one_by_one = np.vstack([encoder.encode([t]) for t in texts])
    assert np.allclose(together, one_by_one, atol=1e-6)
    assert encoder.encode([]).shape == (0, DIMENSIONS)


def test_article_embeddings_are_computed_once_and_cached():
    from newssift.ingest.segment import segment

    article = Article(text="The bridge opened. It cost two million dollars.")
    article.sentences = segment(article.text)
    first = sentence_embeddings(article)
    assert first.shape == (len(article.sentences), DIMENSIONS)
    assert sentence_embeddings(article) is first
