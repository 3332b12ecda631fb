"""Hyperpartisan: does the article read as hyperpartisan (one-sided, inflammatory) writing?

Model: calibrated TF-IDF + logistic regression
(:class:`~newssift.models.linear_text.LinearTextClassifier` artifact, trained by
``newssift train hyperpartisan``, see :mod:`newssift.training.hyperpartisan`)
on the by-article data of SemEval-2019 Task 4, Hyperpartisan News Detection
(Kiesel et al., SemEval 2019; ``hyperpartisan-semeval2019-byarticle``). Outlet
names, bylines, datelines and URLs are removed first (``news_v1``). The model
card gives its dev accuracy on outlets never seen in training, its calibration
and its political-symmetry figures (how often it flags reliable left- and
right-leaning outlets).

Result: ``label`` (hyperpartisan/not_hyperpartisan), ``probabilities``, and
``evidence``: the sentences and words that push most toward the label (spans
labelled with it).
"""

from __future__ import annotations

from ..registry import register_analyzer
from .text_classifier import CLEAR_AT_TWO_LABELS, TextClassifierAnalyzer


@register_analyzer("hyperpartisan", version="6", requires=("sentences", "language"), produces=("results.hyperpartisan",))
class HyperpartisanAnalyzer(TextClassifierAnalyzer):
    """Whether the article reads as hyperpartisan writing, with the sentences and words behind it (SemEval-2019 Task 4 data)."""

    model_name = "hyperpartisan"
    min_words = 80
    use_title = True
    use_text = True
    sentence_evidence = True
    input_name = "title and text"
    # the 577 train articles scored out of fold, grouped by outlet, rather than the 67 of dev: the larger sample,
    # and the lower figure (see newssift.training.hyperpartisan)
    heldout_keys = ("model", "train_group_cv", "accuracy")
    heldout_metric = "accuracy"
    heldout_on = ("SemEval-2019 by-article articles, each scored by a model that never saw its outlet "
                  "(5-fold cross-validation by outlet)")
    label_names = {"hyperpartisan": "hyperpartisan writing", "not_hyperpartisan": "non-hyperpartisan writing"}
    summaries = {
        "hyperpartisan": "The article reads as hyperpartisan writing: one-sided and charged ({p_phrase}).",
        "not_hyperpartisan": "The article does not read as hyperpartisan writing ({p_phrase} that it is not).",
    }
    clear_at = CLEAR_AT_TWO_LABELS
    unclear_summary = ("Unclear whether the article reads as hyperpartisan writing: the likelier reading, {name}, "
                       "has only {p_phrase}.")
