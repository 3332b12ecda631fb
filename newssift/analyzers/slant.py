"""Slant: which political direction (left, center, right) the text itself leans.

Model: calibrated TF-IDF + logistic regression
(:class:`~newssift.models.linear_text.LinearTextClassifier`, trained by
``newssift train slant``, see :mod:`newssift.training.slant`) on the AllSides
articles of Baly, Da San Martino, Glass, Nakov, "We Can Detect Your Bias:
Predicting the Political Ideology of News Articles", EMNLP 2020
(``political-bias-allsides-baly2020``). The text is first stripped of what
identifies its outlet (outlet names, bylines, datelines, URLs: the
``news_v2`` cleaner), so the label describes the writing, not the outlet; the
model card gives its accuracy on outlets never seen in training, which is
well below its accuracy on familiar outlets.

Result: ``label`` (left/center/right), ``probabilities``, and ``evidence``:
the sentences and the words that push most toward the label (spans labelled
with it).
"""

from __future__ import annotations

from typing import ClassVar

from ..registry import register_analyzer
from .text_classifier import TextClassifierAnalyzer


@register_analyzer("slant", version="5", requires=("sentences", "language"), produces=("results.slant",))
class SlantAnalyzer(TextClassifierAnalyzer):
    """Political slant of the text (left, center, right), with the sentences and words behind it (Baly et al. 2020 data)."""

    model_name = "slant"
    min_words = 50
    use_title = True
    use_text = True
    sentence_evidence = True
    input_name = "title and text"
    heldout_keys = ("outlet_disjoint", "macro_f1")
    heldout_metric = "macro-F1"
    heldout_on = "dev articles of outlets never seen in training"
    # three labels: a top probability under 0.5 means the other two together are more likely than it
    clear_at = 0.5
    unclear_summary = ("No clear lean in the wording: {label} is only the likeliest of the three readings "
                       "({p_phrase}).")
    caveat = ("A weak signal: on outlets it never saw in training, this model's labels reach macro-F1 {value:.2f} "
              "over the three classes.")
    label_names: ClassVar[dict[str, str]] = {"left": "the left", "center": "the center", "right": "the right"}
    summaries: ClassVar[dict[str, str]] = {
        "left": "The wording leans left ({p_phrase}), judged from the text itself, not its outlet.",
        "center": "The wording reads as center, neither left nor right ({p_phrase}), judged from the text itself.",
        "right": "The wording leans right ({p_phrase}), judged from the text itself, not its outlet.",
    }
