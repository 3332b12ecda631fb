"""Techniques: fragments of the article that use one of the 14 SemEval-2020 Task 11 propaganda techniques.

Model: the bundled ``techniques`` artifact (:class:`newssift.models.techniques.TechniqueTagger`):
all-MiniLM-L6-v2 fine-tuned as a token tagger (int8) with a BiLSTM token head
and a span classifier trained on the Propaganda Techniques Corpus (Da San Martino
et al., EMNLP 2019; SemEval-2020 Task 11, Da San Martino et al. 2020), run with
onnxruntime. Its dev-split scores (SI, TC, joint) are in the artifact's
``MODEL_CARD.md``.

Output:

- spans (``article.spans["techniques"]``): ``label`` = the canonical technique
  name (e.g. ``Loaded_Language``), ``score`` = confidence (probability that
  the fragment is propaganda times the probability of the technique),
  ``detail`` = the technique's plain-language name. Offsets index
  ``article.text`` exactly; spans may overlap.
- result: ``{"summary", "counts": {label: n}, "definitions": {label: definition},
  "examples": {label: example}, "threshold", "min_confidence"}``;
  ``definitions`` covers every technique found, so any renderer can explain it.

A span marks a way of writing, not a falsehood: the summary says which
techniques were found and how often, never whether the article is true.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..article import Article
from ..models.techniques import TechniqueTagger
from ..registry import register_analyzer
from ..techniques import BY_LABEL, LABELS
from .base import Analyzer


@register_analyzer(
    "techniques",
    version="1",
    requires=("language",),
    produces=("results.techniques", "spans.techniques"),
    default_config={"min_confidence": 0.0, "max_spans": 200},
)
class TechniquesAnalyzer(Analyzer):
    """Propaganda techniques (SemEval-2020 Task 11): character spans, technique, confidence."""

    languages = frozenset({"en"})
    min_words = 5

    def __init__(self, min_confidence: float = 0.0, max_spans: int = 200) -> None:
        super().__init__(min_confidence=min_confidence, max_spans=max_spans)
        self.min_confidence = float(min_confidence)
        self.max_spans = max(0, int(max_spans))
        self.tagger = TechniqueTagger.bundled()

    def versions(self) -> dict[str, str]:
        config = self.tagger.config
        return {"model": f"{config.get('name')} v{config.get('version')}",
                "si_threshold": str(config.get("si_threshold"))}

    def predict(self, articles: Sequence[Article]) -> list[list[Any]]:
        # one article at a time, one window per run: an article's spans never depend on the batch
        return [self.tagger.predict(article.text) for article in articles]

    def set_annotations(self, article: Article, prediction: list[Any]) -> None:
        kept = [s for s in prediction if s.confidence >= self.min_confidence]
        kept.sort(key=lambda s: (-s.confidence, s.start))
        kept = sorted(kept[: self.max_spans], key=lambda s: (s.start, s.end))
        article.spans["techniques"] = [
            article.span(s.start, s.end, s.technique, round(s.confidence, 4), BY_LABEL[s.technique].name)
            for s in kept
        ]
        counts = Counter(s.technique for s in kept)
        ordered = {label: counts[label] for label in sorted(counts, key=lambda l: (-counts[l], LABELS.index(l)))}
        article.results["techniques"] = {
            "summary": summary_sentence(ordered),
            "counts": ordered,
            "definitions": {label: BY_LABEL[label].definition for label in ordered},
            "examples": {label: BY_LABEL[label].example for label in ordered},
            "threshold": self.tagger.threshold,
            "min_confidence": self.min_confidence,
        }


def summary_sentence(counts: dict[str, int]) -> str:
    """One plain sentence: how many fragments, and the most frequent techniques."""
    total = sum(counts.values())
    if total == 0:
        return "No fragment using one of the 14 propaganda techniques was found."
    top = [f"{BY_LABEL[label].name.lower()} ({n})" for label, n in list(counts.items())[:3]]
    noun = "fragment uses" if total == 1 else "fragments use"
    return f"{total} {noun} propaganda techniques, most often: {', '.join(top)}."
