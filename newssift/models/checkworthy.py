"""Check-worthiness: the probability that a sentence is a check-worthy factual claim.

Model: all-MiniLM-L6-v2 (Wang et al., "MiniLM", NeurIPS 2020; Reimers &
Gurevych, "Sentence-BERT", EMNLP 2019) with mean pooling and a linear layer,
fine-tuned on the ClaimBuster dataset (Arslan, Hassan, Li, Tremayne, "A
Benchmark Dataset of Check-worthy Factual Claims", ICWSM 2020; check-worthy
factual sentences vs. the rest) with three seeds whose weights are averaged
(a "model soup", Wortsman et al., ICML 2022), exported to int8 ONNX and run
with onnxruntime (no torch). The
positive-class logit margin is mapped to a probability by Platt scaling
(Platt 1999) fitted on sentences held out of training, so scores are
calibrated. Trained by ``newssift train claims`` (:mod:`newssift.training.claims`).

The estimator works on plain strings; the ``claims`` analyzer feeds it an
article's sentences.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .artifacts import read_json, require_model_dir
from .onnx_text import load_tokenizer_and_session, padded_batches

CLAIMS_MODEL_NAME = "claims"


def platt(margin: np.ndarray, a: float, b: float) -> np.ndarray:
    """``1 / (1 + exp(-(a * margin + b)))``, numerically safe."""
    z = np.clip(a * np.asarray(margin, dtype=np.float64) + b, -40.0, 40.0)
    return 1.0 / (1.0 + np.exp(-z))


class CheckWorthinessModel:
    """Calibrated check-worthiness probabilities for sentences.

    ``batch_size`` defaults to 1: dynamic int8 quantization scales activations
    per batch, so one sentence per run makes each score a function of its own
    text only (an article analysed alone or in a batch gets the same scores).

    Example::

        >>> model = CheckWorthinessModel.bundled()
        >>> p = model.predict_proba(["Unemployment fell to 3.5 percent last year.", "Thank you all."])
        >>> bool(p[0] > p[1])
        True
    """

    def __init__(self, model_dir: str | Path | None = None, threads: int | None = None, batch_size: int = 1) -> None:
        self.model_dir = require_model_dir(CLAIMS_MODEL_NAME, model_dir)
        self.config = read_json(self.model_dir / "config.json")
        self.max_tokens = int(self.config.get("max_tokens", 96))
        self.platt_a = float(self.config["platt"]["a"])
        self.platt_b = float(self.config["platt"]["b"])
        self.threshold = float(self.config.get("threshold", 0.5))
        self.batch_size = batch_size
        self.tokenizer, self.session, self._inputs = load_tokenizer_and_session(
            self.model_dir, "model.int8.onnx", self.max_tokens, threads)

    @staticmethod
    @lru_cache(maxsize=1)
    def bundled() -> "CheckWorthinessModel":
        """The bundled model, loaded once per process."""
        return CheckWorthinessModel()

    @property
    def version(self) -> str:
        return str(self.config.get("version", "1"))

    def margins(self, texts: Sequence[str]) -> np.ndarray:
        """Positive minus negative logit per text (float64)."""
        out = np.zeros(len(texts), dtype=np.float64)
        if not texts:
            return out
        cleaned = [text if text.strip() else "." for text in texts]
        for chunk, feeds in padded_batches(self.tokenizer, cleaned, self.batch_size, self._inputs):
            logits = self.session.run(None, feeds)[0]  # (batch, 2)
            out[chunk] = logits[:, 1] - logits[:, 0]
        return out

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probability that each text is a check-worthy factual claim."""
        return platt(self.margins(texts), self.platt_a, self.platt_b)
