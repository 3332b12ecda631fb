"""A :class:`LinearTextClassifier` trained to judge the writing rather than the outlet.

Article-level labels that come from the outlet (distant supervision with
outlet ratings, publisher-level hyperpartisan labels) let a text classifier
score well by recognising the outlet: its boilerplate, its staff's names, its
recurring topics (Baly et al. 2020, "We Can Detect Your Bias", EMNLP; Zhou et
al. 2021, "Hidden Biases in Unreliable News Detection Datasets", EACL). Two
measures against that, both driven by the outlet (``groups``) of each
training row:

- **outlet-spread vocabulary**: only n-grams used by at least ``min_groups``
  different outlets are kept, so a term only one outlet writes (a byline, a
  show's name, a house phrase) cannot carry weight;
- **outlet-balanced weights**: every (outlet, label) cell gets the same total
  weight (``group_balance=True``), so a few large outlets do not define a
  class (otherwise Fox News and the Washington Times alone would be most of
  the "unreliable" examples of the AllSides distant supervision).

The fitted model is saved in the plain ``newssift.linear_text.v1`` format, so
:meth:`LinearTextClassifier.load` (and the shared analyzer base) reads it
unchanged. Calibration can also be fitted on precomputed held-out logits
(:meth:`calibrate_logits`), e.g. out-of-fold logits of a group-aware
cross-validation.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from .linear_text import LinearTextClassifier


class OutletRobustTextClassifier(LinearTextClassifier):
    """TF-IDF + logistic regression with an outlet-spread vocabulary and outlet-balanced weights.

    Example::

        >>> texts = ["calm careful report"] * 4 + ["SHOCKING outrage now"] * 4
        >>> model = OutletRobustTextClassifier(min_df=1, min_groups=2).fit(
        ...     texts, ["ok"] * 4 + ["bad"] * 4, groups=["a", "b", "c", "d"] * 2)
        >>> model.predict(["a careful report"])
        ['ok']
    """

    def __init__(self, *, min_groups: int = 1, group_balance: bool = True, **params) -> None:
        super().__init__(**params)
        self.min_groups = min_groups
        self.group_balance = group_balance

    def fit(self, texts: Sequence[str], labels: Sequence[str], groups: Sequence[str] | None = None,
            calibration_texts: Sequence[str] | None = None, calibration_labels: Sequence[str] | None = None,
            sample_weight: Sequence[float] | None = None) -> "OutletRobustTextClassifier":
        labels = [str(label) for label in labels]
        clipped = self._clip(texts)
        self.vectorizers_ = self._vectorizers()
        blocks = []
        for vectorizer in self.vectorizers_:
            matrix = vectorizer.fit_transform(clipped).tocsc()
            if groups is not None and self.min_groups > 1:
                matrix = self._restrict_vocabulary(vectorizer, matrix, groups)
            blocks.append(matrix.tocsr())
        matrix = sparse.hstack(blocks, format="csr")
        weights = np.ones(len(labels)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if groups is not None and self.group_balance:
            cells = Counter(zip(groups, labels))
            per_label = Counter(labels)
            cells_per_label = Counter(label for _, label in cells)
            # each (outlet, label) cell weighs the same; each label keeps its row count in total
            weights = weights * np.array([per_label[y] / (cells_per_label[y] * cells[(g, y)])
                                          for g, y in zip(groups, labels)])
        weights = weights * (len(weights) / weights.sum())
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)
        model.fit(matrix, labels, sample_weight=weights)
        return self._adopt(model, calibration_texts, calibration_labels)

    def _restrict_vocabulary(self, vectorizer, matrix: sparse.csc_matrix, groups: Sequence[str]) -> sparse.csr_matrix:
        """Keep the columns (terms) used by at least ``min_groups`` groups; re-normalise rows as TF-IDF does."""
        names = sorted(set(groups))
        index = {name: i for i, name in enumerate(names)}
        rows = np.array([index[g] for g in groups])
        membership = sparse.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(names), len(rows)))
        present = matrix.copy()
        present.data = np.ones_like(present.data)
        spread = np.asarray(((membership @ present) > 0).sum(axis=0)).ravel()
        keep = np.flatnonzero(spread >= self.min_groups)
        terms = vectorizer.get_feature_names_out()
        idf = vectorizer.idf_
        vectorizer.vocabulary_ = {terms[j]: i for i, j in enumerate(keep)}
        del vectorizer._tfidf  # a fresh transformer for the smaller vocabulary (as LinearTextClassifier.load does)
        vectorizer.idf_ = idf[keep]
        if hasattr(vectorizer, "stop_words_"):
            vectorizer.stop_words_ = None
        return normalize(matrix[:, keep].tocsr(), norm="l2", copy=False)

    def get_params(self) -> dict:
        return super().get_params()  # min_groups/group_balance only shape training; saved under "training"
