"""A calibrated linear text classifier: TF-IDF n-grams + logistic regression + temperature scaling.

The workhorse for article-level signals (slant, hyperpartisan, reliability,
clickbait). Follows scikit-learn's estimator contract (``__init__`` stores
hyperparameters, ``fit`` returns ``self``, learned state ends in ``_``) and
works on lists of strings, never on an Article.

- Features: word n-grams (TF-IDF, sublinear tf) and, optionally, character
  n-grams within word boundaries, stacked side by side.
- Classifier: multinomial logistic regression (scikit-learn, lbfgs).
- Calibration: temperature scaling with per-class bias (Guo et al. 2017, "On
  Calibration of Modern Neural Networks"), fitted on held-out data passed to
  :meth:`fit`, never on the training rows themselves.
- Evidence: per-term contributions (tf-idf value times the class weight) and
  per-sentence scores, so a report can show what pushed a probability.
- Saved as a readable folder: ``config.json`` (hyperparameters, classes,
  calibration) and ``weights.npz`` (vocabularies, idf, coefficients), loaded
  with ``allow_pickle=False``. No pickles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import minimize
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from .artifacts import read_json, write_json

FORMAT = "newssift.linear_text.v1"


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


class LinearTextClassifier:
    """TF-IDF + logistic regression with temperature scaling.

    Example::

        >>> model = LinearTextClassifier(min_df=1).fit(["great win", "awful loss"] * 5, ["pos", "neg"] * 5)
        >>> model.predict(["a great day"])
        ['pos']
    """

    def __init__(self, *, word_ngrams: tuple[int, int] = (1, 2), char_ngrams: tuple[int, int] | None = None,
                 max_features: int = 100_000, min_df: int = 2, max_df: float = 0.9, C: float = 4.0,
                 class_weight: str | None = "balanced", max_chars: int = 20_000, lowercase: bool = True) -> None:
        self.word_ngrams = tuple(word_ngrams)
        self.char_ngrams = tuple(char_ngrams) if char_ngrams else None
        self.max_features = max_features
        self.min_df = min_df
        self.max_df = max_df
        self.C = C
        self.class_weight = class_weight
        self.max_chars = max_chars
        self.lowercase = lowercase

    # -- hyperparameters ---------------------------------------------------
    def get_params(self) -> dict[str, Any]:
        return {"word_ngrams": list(self.word_ngrams), "char_ngrams": list(self.char_ngrams) if self.char_ngrams else None,
                "max_features": self.max_features, "min_df": self.min_df, "max_df": self.max_df, "C": self.C,
                "class_weight": self.class_weight, "max_chars": self.max_chars, "lowercase": self.lowercase}

    def _vectorizers(self) -> list[TfidfVectorizer]:
        common = {"sublinear_tf": True, "lowercase": self.lowercase, "dtype": np.float32}
        vectorizers = [TfidfVectorizer(ngram_range=self.word_ngrams, min_df=self.min_df, max_df=self.max_df,
                                       max_features=self.max_features, token_pattern=r"(?u)\b\w[\w'’-]*\b", **common)]
        if self.char_ngrams:
            vectorizers.append(TfidfVectorizer(analyzer="char_wb", ngram_range=self.char_ngrams, min_df=self.min_df,
                                               max_df=self.max_df, max_features=self.max_features, **common))
        return vectorizers

    def _clip(self, texts: Sequence[str]) -> list[str]:
        return [text[: self.max_chars] for text in texts]

    # -- fitting -----------------------------------------------------------
    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        clipped = self._clip(texts)
        return sparse.hstack([v.transform(clipped) for v in self.vectorizers_], format="csr")

    def fit(self, texts: Sequence[str], labels: Sequence[str], calibration_texts: Sequence[str] | None = None,
            calibration_labels: Sequence[str] | None = None) -> "LinearTextClassifier":
        """Fit on ``texts``; fit the calibration on the held-out ``calibration_*`` rows when given."""
        clipped = self._clip(texts)
        self.vectorizers_ = self._vectorizers()
        matrix = sparse.hstack([v.fit_transform(clipped) for v in self.vectorizers_], format="csr")
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000)
        model.fit(matrix, list(labels))
        return self._adopt(model, calibration_texts, calibration_labels)

    def _adopt(self, model: LogisticRegression, calibration_texts: Sequence[str] | None,
               calibration_labels: Sequence[str] | None) -> "LinearTextClassifier":
        """Take a fitted logistic regression's weights (uncalibrated), then calibrate on held-out rows if given."""
        self.classes_ = [str(c) for c in model.classes_]
        coef = model.coef_.astype(np.float32)
        intercept = model.intercept_.astype(np.float32)
        if len(self.classes_) == 2:  # sklearn keeps one row for binary; store both so every path is multi-class
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2], dtype=np.float32)
        self.coef_ = coef
        self.intercept_ = intercept
        self.temperature_ = 1.0
        self.bias_ = np.zeros(len(self.classes_), dtype=np.float64)
        if calibration_texts is not None and calibration_labels is not None:
            self.calibrate(calibration_texts, calibration_labels)
        return self

    def calibrate(self, texts: Sequence[str], labels: Sequence[str]) -> "LinearTextClassifier":
        """Temperature scaling + per-class bias, by minimum negative log-likelihood on held-out rows."""
        return self.calibrate_logits(self.decision_function(texts, calibrated=False), labels)

    def calibrate_logits(self, logits: np.ndarray, labels: Sequence[str]) -> "LinearTextClassifier":
        """The same fit on precomputed *uncalibrated* held-out logits (e.g. out-of-fold ones)."""
        gold = np.array([self.classes_.index(str(label)) for label in labels])
        k = len(self.classes_)

        def nll(params: np.ndarray) -> float:
            scaled = logits / np.exp(params[0]) + np.concatenate([[0.0], params[1:]])
            shifted = scaled - scaled.max(axis=1, keepdims=True)
            log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            return float(-log_probs[np.arange(len(gold)), gold].mean() + 1e-3 * (params[1:] ** 2).sum())

        found = minimize(nll, np.zeros(k), method="L-BFGS-B")
        self.temperature_ = float(np.exp(found.x[0]))
        self.bias_ = np.concatenate([[0.0], found.x[1:]])
        return self

    # -- inference ---------------------------------------------------------
    def decision_function(self, texts: Sequence[str], calibrated: bool = True) -> np.ndarray:
        logits = np.asarray(self.features(texts) @ self.coef_.T) + self.intercept_
        if calibrated:
            logits = logits / self.temperature_ + self.bias_
        return logits

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return _softmax(self.decision_function(texts))

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.classes_[i] for i in self.predict_proba(texts).argmax(axis=1)]

    def term_contributions(self, text: str, label: str, top: int = 8) -> list[tuple[str, float]]:
        """Terms of ``text`` that push most toward ``label`` (tf-idf value x weight margin over the other classes)."""
        index = self.classes_.index(label)
        margin = self.coef_[index] - np.delete(self.coef_, index, axis=0).mean(axis=0)
        row = self.features([text]).tocoo()
        contributions = row.data * margin[row.col]
        order = np.argsort(-contributions)[:top]
        names = self.feature_names_
        return [(names[row.col[i]], round(float(contributions[i]), 4)) for i in order if contributions[i] > 0]

    @property
    def feature_names_(self) -> list[str]:
        if not hasattr(self, "_feature_names"):
            names: list[str] = []
            for prefix, vectorizer in zip(("", "chars:"), self.vectorizers_):
                names.extend(prefix + name for name in vectorizer.get_feature_names_out())
            self._feature_names = names
        return self._feature_names

    # -- persistence ---------------------------------------------------------
    def save(self, directory: str | Path, extra_config: dict[str, Any] | None = None) -> None:
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {"coef": self.coef_.astype(np.float32), "intercept": self.intercept_}
        for i, vectorizer in enumerate(self.vectorizers_):
            terms = vectorizer.get_feature_names_out()
            arrays[f"terms_{i}"] = np.array(terms, dtype=str)
            arrays[f"idf_{i}"] = vectorizer.idf_.astype(np.float32)
        np.savez_compressed(out / "weights.npz", **arrays)
        config = {"format": FORMAT, "params": self.get_params(), "classes": self.classes_,
                  "temperature": self.temperature_, "bias": [float(b) for b in self.bias_]}
        config.update(extra_config or {})
        write_json(out / "config.json", config)

    @classmethod
    def load(cls, directory: str | Path) -> "LinearTextClassifier":
        folder = Path(directory)
        config = read_json(folder / "config.json")
        if config.get("format") != FORMAT:
            raise ValueError(f"{folder} is not a {FORMAT} artifact")
        params = config["params"]
        params["word_ngrams"] = tuple(params["word_ngrams"])
        params["char_ngrams"] = tuple(params["char_ngrams"]) if params.get("char_ngrams") else None
        model = cls(**params)
        with np.load(folder / "weights.npz", allow_pickle=False) as weights:
            model.vectorizers_ = model._vectorizers()
            for i, vectorizer in enumerate(model.vectorizers_):
                terms = weights[f"terms_{i}"].tolist()
                vectorizer.vocabulary_ = {term: j for j, term in enumerate(terms)}
                vectorizer.idf_ = weights[f"idf_{i}"].astype(np.float64)
            model.coef_ = weights["coef"]
            model.intercept_ = weights["intercept"]
        model.classes_ = list(config["classes"])
        model.temperature_ = float(config["temperature"])
        model.bias_ = np.array(config["bias"], dtype=np.float64)
        model.config_ = config
        return model
