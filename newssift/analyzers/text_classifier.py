"""Shared base for article-level classifiers (slant, hyperpartisan, reliability, clickbait).

A concrete analyzer is a thin subclass that names its artifact and its
wording::

    @register_analyzer("clickbait", version="1", produces=("results.clickbait",))
    class ClickbaitAnalyzer(TextClassifierAnalyzer):
        model_name = "clickbait"
        use_title, use_text, sentence_evidence = True, False, False
        summaries = {"clickbait": "The headline reads like clickbait ({p_phrase}).", ...}

What the base does:

- loads the :class:`~newssift.models.linear_text.LinearTextClassifier`
  artifact from ``newssift/resources/models/<model_name>/`` (or the
  ``model_dir`` setting) once per process, and fails when the pipeline is
  built (NS502) if it is missing;
- abstains, with the reason, on non-English or too-short text (the base
  :class:`~newssift.analyzers.base.Analyzer` ``languages``/``min_words``
  mechanism; ``min_words`` can be changed in the analyzer's config section);
- cleans the text with the cleaner the artifact names (``config.json``
  ``"preprocess"``, see :mod:`newssift.models.text_clean`), exactly as in
  training;
- scores the whole batch in :meth:`predict`, articles and their sentences
  from one count of the cleaned articles' terms;
- writes ``article.results[name]`` = ``{"summary", "label", "probabilities",
  "evidence", "model"}``: ``evidence`` lists the sentences that push most
  toward the predicted label (``{"text", "start", "end", "weight",
  "toward"}``, also written as spans labelled with that label; only
  sentences the model read, within its ``max_chars``) and the
  weighted words and phrases (``{"text", "weight", "toward"}``). A sentence's
  weight is the TF-IDF vector of what the model read of it (the stretch of
  the cleaned article that the sentence became) times the label's weight
  margin over the mean of the other labels, divided by the calibration
  temperature (the log-odds it adds toward the label, on the calibrated
  scale); a term's weight is its TF-IDF value in the article times that margin.

The summary wording comes from the subclass (:attr:`summaries`, keyed by
label, formatted with ``p_phrase`` = the label's probability as a reader sees it, "p=0.64" or "p>0.99"
(:func:`~newssift.numbers.probability_phrase`), ``p`` = the bare number, and ``label``). Never
call an article "fake": say what its writing resembles.

How far to trust the signal: the subclass names the figure in the artifact's
``metrics.json`` that measures the model on what it never saw in training
(:attr:`heldout_keys`, e.g. macro-F1 on outlets held out), and the result's
``model.heldout`` states it (``{"metric", "value", "on"}``). A weak signal
(:attr:`caveat`) also says so in its summary, so that a reader of the one-line
summary does not take a 0.60 "leans left" from a model that tells left from
right barely better than chance on new outlets as a finding.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from ..article import Article
from ..models.artifacts import read_metrics, require_model_dir
from ..models.linear_text import LinearTextClassifier, _softmax, row_dot
from ..models.text_clean import clean_mapped
from ..numbers import probability_phrase
from .base import Analyzer

#: sentences shorter than this (in words) are not offered as evidence
MIN_EVIDENCE_SENTENCE_WORDS = 5
#: "1990s", "60s": a decade reads as a word
DECADE = re.compile(r"\d{2,4}s")
#: at most this many sentences per article are scored for evidence
MAX_SCORED_SENTENCES = 400
#: a two-label model's :attr:`~TextClassifierAnalyzer.clear_at`: below it the odds are under 3 to 2 either way,
#: and a summary that named the likelier label as the finding ("resembles unreliable outlets", p=0.50) would
#: read as a verdict the model does not give
CLEAR_AT_TWO_LABELS = 0.6


@lru_cache(maxsize=16)
def load_classifier(path: str) -> tuple[LinearTextClassifier, str]:
    """``(model, version)`` of the artifact in folder ``path``, loaded once per process.

    The version is the artifact's ``config.json`` ``"model_version"`` when set,
    else the first 12 hex digits of the SHA-256 of its weights.
    """
    folder = Path(path)
    model = LinearTextClassifier.load(folder)
    version = str(model.config_.get("model_version") or "")
    if not version:
        version = hashlib.sha256((folder / "weights.npz").read_bytes()).hexdigest()[:12]
    return model, version


def heldout_figure(model_dir: Path, keys: Sequence[str]) -> float | None:
    """The number at ``keys`` in ``model_dir/metrics.json`` (written by ``newssift train``), or None when the
    artifact has no such file or figure (a model trained elsewhere): the result then states no figure."""
    value: Any = read_metrics(model_dir) if keys else None
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return round(float(value), 4) if isinstance(value, (int, float)) else None


@lru_cache(maxsize=1 << 16)  # the same terms come back article after article
def reads_as_words(term: str, numbers: bool = False) -> bool:
    """Whether a word n-gram tells a reader something: at least one of its tokens has two or more letters or
    names a decade ("1990s"), or, with ``numbers``, is a number.

    Lone letters and numbers ("v" of "Roe v. Wade", "u s" of "U.S.", "1", "2019") carry weight in the article
    models, for the period or the house style of the outlets they were trained on, but say nothing about the
    wording. In a headline a number is a cue a reader can see ("17 things ..."): clickbait keeps them.
    """
    return any(sum(ch.isalpha() for ch in token) >= 2 or DECADE.fullmatch(token) or (numbers and token.isdigit())
               for token in term.split())


def evidence_candidates(article: Article) -> list[int]:
    """Indices of the article's first :data:`MAX_SCORED_SENTENCES` sentences long enough to be offered as evidence
    (:data:`MIN_EVIDENCE_SENTENCE_WORDS`+ words), ascending; kept in ``article.cache``, since every text classifier
    asks for them."""
    found = article.cache.get("evidence_candidates")
    if found is None:
        found = article.cache["evidence_candidates"] = [
            j for j, sentence in enumerate(article.sentences[:MAX_SCORED_SENTENCES])
            if len(sentence.text.split()) >= MIN_EVIDENCE_SENTENCE_WORDS]
    return found


class TextClassifierAnalyzer(Analyzer):
    """Base for analyzers that run a calibrated linear text classifier on an article (see module docstring)."""

    #: artifact folder name under ``newssift/resources/models``
    model_name: str = ""
    languages = frozenset({"en"})
    min_words = 50
    #: what the model reads: the title, the text, or both (title, blank line, text)
    use_title: bool = True
    use_text: bool = True
    #: whether sentences of ``article.text`` are scored and shown as evidence
    sentence_evidence: bool = True
    #: label -> one-sentence summary template, formatted with ``p_phrase`` ("p=0.64", never
    #: "p=1.00"), ``p`` (the number) and ``label``
    summaries: ClassVar[dict[str, str]] = {}
    #: label -> words for a reader ("left-leaning"); used in evidence details
    label_names: ClassVar[dict[str, str]] = {}
    #: what the input is called in the result ("headline", "title and text")
    input_name: str = "title and text"
    #: keys into the artifact's metrics.json of its figure on data unseen in training, the metric's name, and
    #: what that data is; empty: not stated
    heldout_keys: ClassVar[tuple[str, ...]] = ()
    heldout_metric: ClassVar[str] = ""
    heldout_on: ClassVar[str] = ""
    #: appended to the summary when the model is a weak signal; formatted with ``value`` (the held-out figure)
    caveat: ClassVar[str] = ""
    #: below this probability of the top label the summary uses :attr:`unclear_summary` instead (0: never)
    clear_at: ClassVar[float] = 0.0
    unclear_summary: ClassVar[str] = ""
    #: whether a lone number can be shown as an evidence term (:func:`reads_as_words`)
    numbers_as_evidence: ClassVar[bool] = False

    def __init__(self, model_dir: str = "", min_words: int = -1, evidence_terms: int = 8,
                 evidence_sentences: int = 3, **config: Any) -> None:
        super().__init__(model_dir=model_dir, min_words=min_words, evidence_terms=evidence_terms,
                         evidence_sentences=evidence_sentences, **config)
        if min_words >= 0:
            self.min_words = int(min_words)
        self.evidence_terms = int(evidence_terms)
        self.evidence_sentences = int(evidence_sentences)
        self.model_dir = require_model_dir(self.model_name, model_dir or None)
        self.model, self.model_version = load_classifier(str(self.model_dir.resolve()))
        self.preprocess = self.model.config_.get("preprocess") or "none"
        self.classes = list(self.model.classes_)
        # per-label weight margin over the other labels, scaled like the calibrated logits
        coef = np.asarray(self.model.coef_, dtype=np.float64)
        self.margins = np.stack(
            [(coef[i] - np.delete(coef, i, axis=0).mean(axis=0)) / self.model.temperature_
             for i in range(len(self.classes))]
        )
        # the word n-gram of each word column, by inverting the vocabulary once (the model's feature_names_
        # sorts every vocabulary, character n-grams too, on first use: ~85 ms in a reader's first report)
        self._word_names = [""] * len(self.model.vectorizers_[0].vocabulary_)
        for term, column in self.model.vectorizers_[0].vocabulary_.items():
            self._word_names[column] = term
        # (columns, labels) views of C-ordered (labels, columns) arrays: what row_dot reads fastest
        self._coef_t = np.ascontiguousarray(self.model.coef_, dtype=np.float32).T
        self._margins_t = np.ascontiguousarray(self.margins, dtype=np.float32).T
        self.heldout = heldout_figure(self.model_dir, self.heldout_keys)

    # -- what the model reads ------------------------------------------------
    def input_text(self, article: Article) -> str:
        parts = []
        if self.use_title and article.title:
            parts.append(article.title.strip())
        if self.use_text:
            parts.append(article.text)
        return "\n\n".join(parts)

    def text_offset(self, article: Article) -> int:
        """Where ``article.text`` starts in :meth:`input_text` (after the title and a blank line)."""
        return len(article.title.strip()) + 2 if self.use_title and article.title and self.use_text else 0

    def label_name(self, label: str) -> str:
        return self.label_names.get(label, label)

    # -- the batched part ------------------------------------------------------
    def cleaned_input(self, article: Article) -> tuple[str, np.ndarray]:
        """:meth:`input_text` after the artifact's cleaner, and where the article's first
        :data:`MAX_SCORED_SENTENCES` sentences lie in it (``(n, 2)`` start and end offsets; see
        :func:`~newssift.models.text_clean.clean_mapped`; none when the model does not read the text).

        Kept in ``article.cache``: hyperpartisan and reliability read the same title and text through the same
        cleaner (``news_v1``) and clean it once.
        """
        raw = self.input_text(article)
        key = f"cleaned:{self.preprocess}"
        cached = article.cache.get(key)
        if cached is None or cached[0] != raw:  # none yet, or the other analyzer reads other parts of the article
            offset = self.text_offset(article)
            sentences = article.sentences[:MAX_SCORED_SENTENCES] if self.use_text else []
            bounds = [offset + edge for sentence in sentences for edge in (sentence.start, sentence.end)]
            cleaned, mapped = clean_mapped(raw, self.preprocess, bounds)
            cached = article.cache[key] = (raw, cleaned, mapped.reshape(-1, 2))
        return cached[1], cached[2]

    def predict(self, articles: Sequence[Article]) -> list[dict[str, Any]]:
        """Scores the articles and, for evidence, their sentences of :data:`MIN_EVIDENCE_SENTENCE_WORDS`+ words.

        A sentence is scored as the stretch of the cleaned article it became, which is what the model read of
        it (counted with the article in one pass: :meth:`LinearTextClassifier.part_feature_blocks`); a
        sentence beyond the ``max_chars`` the model reads gets no weight and is not offered as evidence.
        """
        if not articles:
            return []
        texts: list[str] = []
        spans: list[list[tuple[int, int]]] = []
        owners: list[tuple[int, int]] = []  # (article, sentence) of each scored span
        with_sentences = self.sentence_evidence and self.evidence_sentences > 0
        for i, article in enumerate(articles):
            cleaned, where = self.cleaned_input(article)
            texts.append(cleaned)
            article_spans: list[tuple[int, int]] = []
            if with_sentences:
                for j in evidence_candidates(article):
                    if j >= len(where):
                        break
                    article_spans.append((int(where[j, 0]), int(where[j, 1])))
                    owners.append((i, j))
            spans.append(article_spans)
        blocks, part_blocks, n_parts = self.model.part_feature_blocks(texts, spans)
        logits = row_dot(blocks, self._coef_t, len(articles)) + self.model.intercept_
        probabilities = _softmax(logits / self.model.temperature_ + self.model.bias_)
        # the word n-grams of each article (the first block, rows ascending), for the words shown as evidence
        rows, cols, values = blocks[0]
        bounds = np.searchsorted(rows, np.arange(len(articles) + 1))
        out: list[dict[str, Any]] = [
            {"probabilities": probabilities[i], "words": (cols[bounds[i]:bounds[i + 1]], values[bounds[i]:bounds[i + 1]]),
             "sentences": []}
            for i in range(len(articles))
        ]
        if n_parts:
            scores = row_dot(part_blocks, self._margins_t, n_parts)  # (sentences, labels)
            for (owner, j), row in zip(owners, scores):
                out[owner]["sentences"].append((j, row))
        return out

    # -- bookkeeping -------------------------------------------------------------
    def summary(self, label: str, probabilities: dict[str, float]) -> str:
        template = self.summaries.get(label, "The model's label is {label} ({p_phrase}).")
        # compared as shown (two decimals), so that a summary never says "only p=0.60" under a clear_at of 0.6
        if self.unclear_summary and round(probabilities[label], 2) < self.clear_at:
            template = self.unclear_summary
        p = probabilities[label]
        text = template.format(p=p, p_phrase=probability_phrase(p), label=label, name=self.label_name(label))
        if self.caveat and self.heldout is not None:
            text += " " + self.caveat.format(value=self.heldout)
        return text

    def model_info(self) -> dict[str, Any]:
        info: dict[str, Any] = {"name": self.model_name, "version": self.model_version}
        if self.heldout is not None:
            info["heldout"] = {"metric": self.heldout_metric, "value": self.heldout, "on": self.heldout_on}
        return info

    def term_evidence(self, words: tuple[np.ndarray, np.ndarray], index: int) -> list[dict[str, Any]]:
        """Word and phrase features of the article that push most toward label ``index`` (``words``: the
        article's word n-gram columns and TF-IDF values; character n-grams mean little to a reader, and neither
        do lone letters and, unless :attr:`numbers_as_evidence`, numbers: :func:`reads_as_words`)."""
        if self.evidence_terms <= 0:
            return []
        cols, values = words
        contributions = values * self.margins[index][cols]
        names = self._word_names
        label = self.classes[index]
        terms: list[dict[str, Any]] = []
        for i in np.argsort(-contributions):
            if contributions[i] <= 0 or len(terms) == self.evidence_terms:
                break
            if reads_as_words(names[cols[i]], self.numbers_as_evidence):
                terms.append({"text": names[cols[i]], "weight": round(float(contributions[i]), 4), "toward": label})
        return terms

    def set_annotations(self, article: Article, prediction: dict[str, Any]) -> None:
        probs = prediction["probabilities"]
        index = int(np.argmax(probs))
        label = self.classes[index]
        probabilities = {c: round(float(p), 4) for c, p in zip(self.classes, probs)}
        evidence: list[dict[str, Any]] = []
        spans = []
        ranked = sorted(prediction["sentences"], key=lambda item: -item[1][index])
        for j, row in ranked[: self.evidence_sentences]:
            weight = float(row[index])
            if weight <= 0:
                break
            sentence = article.sentences[j]
            evidence.append({"text": sentence.text, "start": sentence.start, "end": sentence.end,
                             "weight": round(weight, 4), "toward": label})
            spans.append(article.span(sentence.start, sentence.end, label=label, score=round(weight, 4),
                                      detail=f"pushes toward {self.label_name(label)} (weight {weight:+.2f})"))
        evidence.extend(self.term_evidence(prediction["words"], index))
        article.results[self.name] = {
            "summary": self.summary(label, probabilities),
            "label": label,
            "probabilities": probabilities,
            "evidence": evidence,
            "input": self.input_name,
            "model": self.model_info(),
        }
        if spans:
            article.spans[self.name] = spans

    def versions(self) -> dict[str, str]:
        return {"model": f"{self.model_name}@{self.model_version}"}
