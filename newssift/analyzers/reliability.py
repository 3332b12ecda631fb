"""Reliability: does the writing resemble that of outlets raters judge reliable or unreliable?

It describes the *writing*, never the truth of the article: it never says
"fake". Model: calibrated TF-IDF + logistic regression
(:class:`~newssift.models.outlet_robust.OutletRobustTextClassifier`, saved as a
:class:`~newssift.models.linear_text.LinearTextClassifier` artifact; trained by
``newssift train reliability``, see :mod:`newssift.training.reliability`) on
AllSides articles (Baly et al., EMNLP 2020) labelled by their outlet's
factual-reporting rating in the bundled rater tables (MBFC, Baly et al.
2018/2020, Burdisso et al. 2024, OpenSources), BuzzFeed-Webis 2016 (Potthast
et al., ACL 2018), Horne & Adali 2017, the FakeNewsCorpus sample and
FakeNewsNet PolitiFact (Shu et al. 2020). Outlet names, bylines, datelines
and URLs are removed first (``news_v1``), and the model was trained so that it
cannot lean on recognising an outlet; its model card gives its figures on
outlets never seen in training and its political-symmetry figures.

Result: ``label`` (reliable/unreliable: whose writing it resembles),
``probabilities``, and ``evidence``: the sentences and the words that push
most toward the label (spans labelled with it).
"""

from __future__ import annotations

from ..registry import register_analyzer
from .text_classifier import CLEAR_AT_TWO_LABELS, TextClassifierAnalyzer


@register_analyzer("reliability", version="6", requires=("sentences", "language"), produces=("results.reliability",))
class ReliabilityAnalyzer(TextClassifierAnalyzer):
    """Whether the writing resembles that of outlets raters judge reliable or unreliable, with the sentences and words behind it."""

    model_name = "reliability"
    min_words = 80
    use_title = True
    use_text = True
    sentence_evidence = True
    input_name = "title and text"
    heldout_keys = ("model", "dev_heldout_outlets", "macro_f1")
    heldout_metric = "macro-F1"
    heldout_on = "dev articles of outlets never seen in training"
    caveat = "A weak signal: on outlets it never saw in training, macro-F1 {value:.2f} over the two classes."
    label_names = {"reliable": "writing of outlets rated reliable", "unreliable": "writing of outlets rated unreliable"}
    summaries = {
        "reliable": "The writing resembles that of outlets raters judge reliable ({p_phrase}).",
        "unreliable": "The writing resembles that of outlets raters judge unreliable ({p_phrase}); "
                      "this describes the style, not whether the article's claims are true.",
    }
    clear_at = CLEAR_AT_TWO_LABELS
    unclear_summary = ("No clear resemblance either way: the writing is about as close to that of outlets raters "
                       "judge reliable as to that of those they judge unreliable ({label} is only slightly likelier, "
                       "{p_phrase}).")
