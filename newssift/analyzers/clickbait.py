"""Clickbait: does the headline read like clickbait?

Model: calibrated TF-IDF (word 1-2 and character 2-5 grams, lower-cased) +
logistic regression (:class:`~newssift.models.linear_text.LinearTextClassifier`,
trained by ``newssift train clickbait``, see :mod:`newssift.training.clickbait`)
on the headlines of Chakraborty, Paranjape, Kakarla, Ganguly, "Stop
Clickbait: Detecting and Preventing Clickbaits in Online News Media", ASONAM
2016 (``clickbait-chakraborty2016``). It judges ``article.title`` only and
abstains when there is none; the evidence is the words and phrases of the
headline that push most toward the label.
"""

from __future__ import annotations

from typing import ClassVar

from ..article import Article
from ..registry import register_analyzer
from .text_classifier import CLEAR_AT_TWO_LABELS, TextClassifierAnalyzer

NO_TITLE_REASON = "there is no headline (title) to judge"


@register_analyzer("clickbait", version="5", requires=("title", "language"), produces=("results.clickbait",))
class ClickbaitAnalyzer(TextClassifierAnalyzer):
    """Whether the headline reads like clickbait, with the words behind it (Chakraborty et al. 2016 data)."""

    model_name = "clickbait"
    min_words = 0
    #: headlines shorter than this many words are not judged
    min_title_words = 3
    use_title = True
    use_text = False
    sentence_evidence = False
    numbers_as_evidence = True  # "17 things ...": a number that leads a headline is a cue a reader sees
    input_name = "headline"
    heldout_keys = ("accuracy",)
    heldout_metric = "accuracy"
    heldout_on = "dev headlines (random split, sites may repeat)"
    label_names: ClassVar[dict[str, str]] = {"clickbait": "clickbait", "non_clickbait": "not clickbait"}
    summaries: ClassVar[dict[str, str]] = {
        "clickbait": "The headline reads like clickbait ({p_phrase}).",
        "non_clickbait": "The headline does not read like clickbait ({p_phrase} that it is not).",
    }
    clear_at = CLEAR_AT_TWO_LABELS
    unclear_summary = ("Unclear whether the headline reads like clickbait: the likelier reading, {name}, "
                       "has only {p_phrase}.")

    def abstain_reason(self, article: Article) -> str | None:
        title = (article.title or "").strip()
        if not title:
            return NO_TITLE_REASON
        n = len(title.split())
        if n < self.min_title_words:
            return f"the headline has {n} word{'s' if n != 1 else ''}; this analyzer needs at least {self.min_title_words}"
        return super().abstain_reason(article)
