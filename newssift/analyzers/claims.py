"""Claims: which sentences make check-worthy factual claims, and were they already fact-checked?

Check-worthiness: every sentence gets a calibrated probability from
all-mpnet-base-v2 with a LoRA adapter trained on ClaimBuster (Arslan, Hassan,
Li, Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims", ICWSM
2020), float32 ONNX, Platt-scaled on held-out sentences
(:mod:`newssift.models.checkworthy`); all-MiniLM-L6-v2 fine-tuned on the same
data (int8) when the mpnet base weights are not installed, which the summary
then says.
Sentences at or above ``threshold`` are listed, best first, with exact
offsets, and written as spans labelled ``check-worthy claim``.

Fact-check matching: when a local fact-check index exists (``newssift
factchecks import FILE``; see :mod:`newssift.factchecks`), each listed claim
is compared with it. Retrieval uses the article's shared sentence embeddings
(one encoder pass per article), then a reranker trained on CLEF CheckThat!
Task 2 data (Shaar et al., "That is a Known Lie", ACL 2020) scores the top
candidates; matches at or above ``match_threshold`` are reported as
schema.org ClaimReview JSON-LD with their similarity. A match says that a
similar claim was checked and what the checker concluded about *that* claim;
it is not a verdict on the article.

Settings (``[analyzer.claims]``): ``threshold`` (-1: the model's tuned
threshold), ``max_claims``, ``index_dir`` (empty: ``$NEWSSIFT_FACTCHECKS`` or
``~/.local/share/newssift/factchecks``), ``match_threshold`` (-1: the tuned
one), ``max_matches``, ``model`` (``auto``, ``mpnet`` or ``minilm``),
``model_dir`` (empty: the bundled model that ``model`` names).
"""

from __future__ import annotations

from typing import Any, Sequence

from ..article import Article
from ..errors import NewssiftError
from ..factchecks.store import FactCheckIndex, default_index_dir
from ..models.checkworthy import CheckWorthinessModel
from ..registry import register_analyzer
from .base import Analyzer

SPAN_LABEL = "check-worthy claim"
MODEL_CHOICES = ("auto", "mpnet", "minilm")
FILL_HINT = "fill one with `newssift factchecks import FILE` (ClaimReview JSON-LD or Google Fact Check Tools JSON)"


def _probability_setting(key: str, value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise NewssiftError("NS304", key=f"analyzer.claims.{key}", value=value, detail="expected a number") from None
    if number == -1:
        return None
    if not 0.0 <= number <= 1.0:
        raise NewssiftError("NS304", key=f"analyzer.claims.{key}", value=value,
                            detail="expected a probability between 0 and 1, or -1 for the tuned value")
    return number


@register_analyzer("claims", version="1", requires=("sentences", "language"), produces=("results.claims",))
class ClaimsAnalyzer(Analyzer):
    """Check-worthy factual claims (ClaimBuster-trained mpnet adapter), matched against a local fact-check index."""

    languages = frozenset({"en"})
    min_words = 0

    def __init__(self, threshold: Any = -1.0, max_claims: int = 10, index_dir: str = "", match_threshold: Any = -1.0,
                 max_matches: int = 3, model: str = "auto", model_dir: str = "") -> None:
        super().__init__(threshold=threshold, max_claims=max_claims, index_dir=index_dir,
                         match_threshold=match_threshold, max_matches=max_matches, model=model, model_dir=model_dir)
        if int(max_claims) < 1 or int(max_matches) < 1:
            raise NewssiftError("NS304", key="analyzer.claims.max_claims/max_matches",
                                value=(max_claims, max_matches), detail="must be 1 or more")
        if model not in MODEL_CHOICES:
            raise NewssiftError("NS304", key="analyzer.claims.model", value=model,
                                detail="expected " + ", ".join(MODEL_CHOICES))
        self.model = CheckWorthinessModel(model_dir) if model_dir else CheckWorthinessModel.bundled(model)
        chosen = _probability_setting("threshold", threshold)
        self.threshold = self.model.threshold if chosen is None else chosen
        self.max_claims = int(max_claims)
        self.index_path = default_index_dir(index_dir or None)
        self.index: FactCheckIndex | None = None
        self.matcher = None
        if FactCheckIndex.exists(self.index_path):
            from ..factchecks.matching import FactCheckMatcher

            self.index = FactCheckIndex.open(self.index_path)
            if len(self.index) == 0:
                self.index = None
            else:
                self.matcher = FactCheckMatcher(self.index, threshold=_probability_setting("match_threshold",
                                                                                         match_threshold),
                                                max_matches=int(max_matches))

    def predict(self, articles: Sequence[Article]) -> list[dict[str, Any]]:
        texts = [article.text[s.start:s.end] for article in articles for s in article.sentences]
        probabilities = self.model.predict_proba(texts) if texts else []
        out, offset = [], 0
        for article in articles:
            n = len(article.sentences)
            scores = [float(p) for p in probabilities[offset:offset + n]]
            offset += n
            ranked = sorted((i for i in range(n) if scores[i] >= self.threshold), key=lambda i: -scores[i])
            chosen = ranked[:self.max_claims]
            matches: list[list[dict]] = [[] for _ in chosen]
            if self.matcher is not None and chosen:
                from ..models.encoder import sentence_embeddings

                vectors = sentence_embeddings(article)[chosen]
                matches = self.matcher.match([article.text[article.sentences[i].start:article.sentences[i].end]
                                              for i in chosen], vectors)
            out.append({"scores": scores, "chosen": chosen, "above": len(ranked), "matches": matches})
        return out

    def set_annotations(self, article: Article, prediction: dict[str, Any]) -> None:
        claims = []
        spans = []
        for i, found in zip(prediction["chosen"], prediction["matches"]):
            sentence = article.sentences[i]
            score = prediction["scores"][i]
            claims.append({"start": sentence.start, "end": sentence.end,
                           "text": article.text[sentence.start:sentence.end], "score": round(score, 4),
                           "matches": found})
            detail = None
            if found:
                best = found[0]["claim_review"]
                detail = (f"similar to a claim checked by {best['author']['name'] or 'a fact-checker'} "
                          f"(rated {best['reviewRating']['alternateName'] or 'without a rating'})")
            spans.append(article.span(sentence.start, sentence.end, SPAN_LABEL, score, detail))
        article.spans[self.name or "claims"] = spans
        total = len(article.sentences)
        above = prediction["above"]
        if above == 0:
            summary = f"None of the {total} sentences reads as a check-worthy factual claim."
        else:
            listed = "" if above <= len(claims) else f" (the {len(claims)} highest are listed)"
            summary = (f"{above} of {total} sentences read as check-worthy factual claims{listed}.")
        matched = sum(1 for c in claims if c["matches"])
        if self.index is None:
            summary += (" No fact-check index is loaded, so they were not compared with earlier fact-checks; "
                        + FILL_HINT + ".")
        elif claims:
            summary += (f" {matched} of them resemble{'s' if matched == 1 else ''} a claim already fact-checked "
                        f"in the local index ({len(self.index):,} fact-checks)." if matched else
                        f" None of them resembles a claim in the local fact-check index ({len(self.index):,} "
                        "fact-checks).")
        if self.model.fallback_reason:
            summary += " Scored with the smaller, less accurate MiniLM model: " + self.model.fallback_reason
        article.results[self.name or "claims"] = {
            "summary": summary,
            "threshold": round(self.threshold, 4),
            "match_threshold": round(self.matcher.threshold, 4) if self.matcher is not None else None,
            "sentences_scored": total,
            "check_worthy": above,
            "index": {"loaded": self.index is not None, "path": str(self.index_path),
                      "records": len(self.index) if self.index is not None else 0},
            "claims": claims,
        }

    def versions(self) -> dict[str, str]:
        out = {"model": f"claims v{self.model.version} ({self.model.model_dir.name})"}
        if self.index is not None:
            out["factcheck_index"] = f"{self.index_path} ({len(self.index)} records)"
        if self.matcher is not None:
            out["matcher"] = f"factchecks v{self.matcher.config.get('version', '1')}"
        return out
