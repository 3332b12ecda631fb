"""Propaganda-technique span tagger: a fine-tuned MiniLM token tagger plus a span classifier, on onnxruntime.

Task and data: SemEval-2020 Task 11 (Da San Martino, Barrón-Cedeño, Wachsmuth,
Petrov & Nakov, "SemEval-2020 Task 11: Detection of Propaganda Techniques in
News Articles", 2020) on the Propaganda Techniques Corpus (Da San Martino et
al., "Fine-Grained Analysis of Propaganda in News Articles", EMNLP 2019).
Encoder: all-MiniLM-L6-v2 (Wang et al. 2020; Reimers & Gurevych 2019),
fine-tuned with the head and carried by the artifact as int8 ONNX
(``encoder.int8.onnx``; an artifact may instead name the shared frozen
``encoder``); trained by ``newssift train techniques``
(:mod:`newssift.training.techniques`).

How an article is read (no torch here: onnxruntime, tokenizers and numpy):

1. The whole text is tokenized once (word pieces with character offsets into
   the text exactly as given; no normalization of the input).
2. Tokens are cut into windows of at most ``window_tokens`` word pieces, each
   window ending at a line break or sentence end where possible
   (:func:`windows`). Each window runs alone (batch of one, no padding): with
   dynamic int8 quantization the activation scales depend on the whole batch,
   so one window per run makes an article's spans a function of its own text.
3. The encoder gives token states; a BiLSTM head (``head.onnx``) gives each
   token a contextual state and a "propaganda here" logit (SI). Runs of
   tokens above the SI threshold, widened to whole words, become spans
   (:func:`decode_spans`).
4. Each span (predicted, or given for the TC task) is classified into one of
   the 14 techniques by a linear head over the mean [state, context] of its
   tokens plus a few surface features (:func:`span_features`, e.g. how often
   the fragment recurs in the article, which the Repetition technique needs).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import NewssiftError
from ..techniques import LABELS
from .artifacts import read_json, require_model_dir
from .onnx_text import cpu_session

MODEL_NAME = "techniques"
N_SPAN_FEATURES = 4


@dataclass(frozen=True)
class TokenizedText:
    """Word pieces of a text: ids and character offsets (end exclusive) into the text."""

    ids: np.ndarray  # (n,) int64
    starts: np.ndarray  # (n,) int64
    ends: np.ndarray  # (n,) int64


def tokenize(tokenizer, text: str) -> TokenizedText:  # type: ignore[no-untyped-def]
    """Tokenize ``text`` without special tokens; drop pieces with empty offsets."""
    encoding = tokenizer.encode(text, add_special_tokens=False)
    keep = [(i, a, b) for i, (a, b) in zip(encoding.ids, encoding.offsets) if b > a]
    if not keep:
        empty = np.zeros(0, dtype=np.int64)
        return TokenizedText(empty, empty, empty)
    ids, starts, ends = (np.asarray(column, dtype=np.int64) for column in zip(*keep))
    return TokenizedText(ids, starts, ends)


_SENTENCE_END = frozenset(".!?")


def windows(text: str, tokens: TokenizedText, window_tokens: int) -> list[tuple[int, int]]:
    """Token ranges ``[a, b)`` covering all tokens, each at most ``window_tokens - 2`` long.

    A window ends before a token that starts a new line or follows a sentence
    end when such a break exists in its second half; otherwise it is cut at the
    length limit. Depends only on the text, never on other articles.
    """
    n = len(tokens.ids)
    limit = max(8, window_tokens - 2)
    breaks = np.zeros(n + 1, dtype=bool)
    breaks[n] = True
    for i in range(1, n):
        gap = text[tokens.ends[i - 1]:tokens.starts[i]]
        previous = text[tokens.starts[i - 1]:tokens.ends[i - 1]]
        if "\n" in gap or (gap and previous in _SENTENCE_END):
            breaks[i] = True
    out = []
    start = 0
    while start < n:
        end = min(n, start + limit)
        if end < n:
            candidates = np.flatnonzero(breaks[start + limit // 2:end + 1])
            if len(candidates):
                end = start + limit // 2 + int(candidates[-1])
        out.append((start, end))
        start = end
    return out


def span_features(text: str, lowered: str, start: int, end: int) -> np.ndarray:
    """Surface features of a fragment: its length and how often it recurs in the article.

    ``lowered`` is ``text.lower()`` (passed in so an article is lowered once).
    """
    fragment = lowered[start:end].strip()
    chars = max(1, end - start)
    count = lowered.count(fragment) if len(fragment) >= 3 else 1
    words = len(text[start:end].split())
    return np.asarray([
        math.log1p(chars) / 5.0,
        math.log1p(max(0, count - 1)),
        1.0 if count >= 2 else 0.0,
        math.log1p(words) / 3.0,
    ], dtype=np.float32)


def _word_extend(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words (alphanumerics, apostrophes and hyphens inside a word)."""
    def inside(ch: str) -> bool:
        return ch.isalnum() or ch in "'’-"

    while start > 0 and inside(text[start - 1]) and inside(text[start]):
        start -= 1
    while end < len(text) and inside(text[end]) and inside(text[end - 1]):
        end += 1
    return start, end


def decode_spans(text: str, tokens: TokenizedText, probs: np.ndarray, threshold: float,
                 min_chars: int = 2, merge_gap: int = 0) -> list[tuple[int, int, float]]:
    """Runs of consecutive tokens with SI probability ≥ ``threshold`` as character spans.

    Returns ``(start, end, mean probability)``; spans are widened to whole words
    and trimmed of surrounding spaces and of trailing ``. , : ;`` (the PTC v2
    boundary rule). Spans on one line at most ``merge_gap`` characters apart
    are joined (a tagger's spans are often broken by one low token), and spans
    shorter than ``min_chars`` are dropped after joining.
    """
    raw = _runs(text, tokens, probs, threshold)
    merged: list[tuple[int, int, float]] = []
    for start, end, score in raw:
        if merged and start - merged[-1][1] <= merge_gap and "\n" not in text[merged[-1][1]:start]:
            p_start, p_end, p_score = merged.pop()
            weight = (p_end - p_start) / max(1, (p_end - p_start) + (end - start))
            merged.append((p_start, max(end, p_end), p_score * weight + score * (1 - weight)))
        else:
            merged.append((start, end, score))
    return [span for span in merged if span[1] - span[0] >= min_chars]


def _runs(text: str, tokens: TokenizedText, probs: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    out: list[tuple[int, int, float]] = []
    above = probs >= threshold
    n = len(above)
    i = 0
    while i < n:
        if not above[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and above[j + 1]:
            j += 1
        start, end = _word_extend(text, int(tokens.starts[i]), int(tokens.ends[j]))
        while start < end and text[start] in " \t\n":
            start += 1
        while end > start and text[end - 1] in " \t\n.,:;":
            end -= 1
        if end > start:
            if out and start <= out[-1][1]:  # widened into the previous span: join them
                previous = out.pop()
                start, score = previous[0], (previous[2] + float(probs[i:j + 1].mean())) / 2
            else:
                score = float(probs[i:j + 1].mean())
            out.append((start, end, score))
        i = j + 1
    return out


@dataclass
class ArticleEncoding:
    """What one article's pass through the graph gives: tokens, hidden states, SI probabilities."""

    text: str
    tokens: TokenizedText
    hidden: np.ndarray  # (n_tokens, hidden) float32
    si_probs: np.ndarray  # (n_tokens,) float32


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class TechniqueSpan:
    start: int
    end: int
    technique: str
    confidence: float  # P(technique | span) x P(span is propaganda)
    span_probability: float
    technique_probability: float


class TechniqueTagger:
    """Find propaganda-technique spans in raw text (int8 ONNX encoder + small ONNX head, no torch).

    The encoder is the artifact's own fine-tuned ``encoder.int8.onnx`` when its
    config says ``"encoder": "own"``, else the named shared artifact (all-MiniLM-L6-v2,
    int8); the artifact adds ``head.onnx`` (a BiLSTM
    over the encoder's token states giving contextual states and the SI logit)
    and ``span_head.npz`` (the technique classifier).

    Example::

        >>> tagger = TechniqueTagger.bundled()
        >>> spans = tagger.predict("They are a gang of corrupt, lying traitors.")
        >>> all(0 <= s.start < s.end for s in spans)
        True
    """

    def __init__(self, model_dir: str | Path | None = None, threads: int | None = None) -> None:
        from tokenizers import Tokenizer

        self.model_dir = require_model_dir(MODEL_NAME, model_dir)
        self.config = read_json(self.model_dir / "config.json")
        try:
            self.labels: tuple[str, ...] = tuple(self.config["labels"])
            self.window_tokens = int(self.config["window_tokens"])
            self.threshold = float(self.config["si_threshold"])
            self.min_chars = int(self.config.get("min_chars", 2))
            self.merge_gap = int(self.config.get("merge_gap_chars", 0))
            self.cls_id = int(self.config["cls_id"])
            self.sep_id = int(self.config["sep_id"])
            encoder_name = str(self.config.get("encoder", "encoder"))
        except (KeyError, TypeError, ValueError) as error:
            raise NewssiftError("NS510", path=str(self.model_dir), detail=f"config.json: {error!r}") from None
        if sorted(self.labels) != sorted(LABELS):  # the head's columns follow the config's order
            raise NewssiftError("NS510", path=str(self.model_dir),
                                detail="its labels are not the 14 SemEval-2020 Task 11 techniques")
        # "encoder": "own" means the artifact carries its own (fine-tuned) encoder; otherwise a named artifact
        encoder_file = (self.model_dir / "encoder.int8.onnx" if encoder_name == "own"
                        else require_model_dir(encoder_name) / "model.int8.onnx")
        needed = [self.model_dir / name for name in ("tokenizer.json", "span_head.npz", "head.onnx")] + [encoder_file]
        missing = [str(path) for path in needed if not path.is_file()]
        if missing:
            raise NewssiftError("NS510", path=str(self.model_dir), detail=f"missing {', '.join(missing)}")
        self.tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        head = np.load(self.model_dir / "span_head.npz", allow_pickle=False)
        self.head_weight = head["weight"].astype(np.float32)  # (hidden + features, 14)
        self.head_bias = head["bias"].astype(np.float32)
        if self.head_weight.shape[1:] != (len(self.labels),) or self.head_bias.shape != (len(self.labels),):
            raise NewssiftError("NS510", path=str(self.model_dir),
                                detail=f"span_head.npz has shape {self.head_weight.shape}, not (hidden + features, 14)")
        self.encoder_session = cpu_session(encoder_file, threads)
        self.head_session = cpu_session(self.model_dir / "head.onnx", threads)

    @staticmethod
    @lru_cache(maxsize=1)
    def bundled() -> TechniqueTagger:
        """The bundled tagger, loaded once per process."""
        return TechniqueTagger()

    @property
    def version(self) -> str:
        return str(self.config.get("version", "1"))

    def framed(self, ids: np.ndarray) -> np.ndarray:
        """One window's word-piece ids as the encoder's input: (1, len(ids) + 2), between [CLS] and [SEP]."""
        return np.concatenate([[self.cls_id], ids, [self.sep_id]]).astype(np.int64)[None, :]

    def window_states(self, ids: np.ndarray) -> np.ndarray:
        """Encoder token states (len(ids), 384) of one window (CLS/SEP added, then dropped)."""
        full = self.framed(ids)
        feeds = {"input_ids": full, "attention_mask": np.ones_like(full), "token_type_ids": np.zeros_like(full)}
        return self.encoder_session.run(None, feeds)[0][0, 1:-1]

    def head(self, states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Contextual states and SI logits of one window's encoder states."""
        context, logits = self.head_session.run(None, {"states": states[None, :, :].astype(np.float32)})
        return context[0], logits[0]

    def encode(self, text: str) -> ArticleEncoding:
        """Run the graphs over ``text`` window by window (one window per run, no padding)."""
        tokens = tokenize(self.tokenizer, text)
        n = len(tokens.ids)
        hidden = np.zeros((n, self.head_weight.shape[0] - N_SPAN_FEATURES), dtype=np.float32)
        logits = np.zeros(n, dtype=np.float32)
        for a, b in windows(text, tokens, self.window_tokens):
            states = self.window_states(tokens.ids[a:b])
            context, si = self.head(states)
            hidden[a:b] = np.concatenate([states, context], axis=1)
            logits[a:b] = si
        return ArticleEncoding(text, tokens, hidden, _sigmoid(logits))

    def classify(self, encoding: ArticleEncoding, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Technique probabilities (len(spans), 14) for character spans of the encoded text."""
        if not len(spans):
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return _softmax(span_matrix(encoding, spans) @ self.head_weight + self.head_bias)

    def predict(self, text: str, threshold: float | None = None) -> list[TechniqueSpan]:
        """Spans with their most likely technique."""
        encoding = self.encode(text)
        found = decode_spans(text, encoding.tokens, encoding.si_probs,
                             self.threshold if threshold is None else threshold, self.min_chars, self.merge_gap)
        probabilities = self.classify(encoding, [(s, e) for s, e, _ in found])
        out = []
        for (start, end, span_p), row in zip(found, probabilities):
            best = int(np.argmax(row))
            out.append(TechniqueSpan(start, end, self.labels[best], float(row[best]) * span_p, span_p,
                                     float(row[best])))
        return out


def span_matrix(encoding: ArticleEncoding, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Per span: mean hidden state of its tokens, then :func:`span_features`."""
    text, tokens = encoding.text, encoding.tokens
    lowered = text.lower()
    rows = []
    for start, end in spans:
        inside = np.flatnonzero((tokens.starts < end) & (tokens.ends > start))
        if len(inside):
            pooled = encoding.hidden[inside].mean(axis=0)
        elif len(tokens.starts):  # a span between tokens (only spaces): the nearest token
            pooled = encoding.hidden[int(np.argmin(np.abs(tokens.starts - start)))]
        else:
            pooled = np.zeros(encoding.hidden.shape[1], dtype=np.float32)
        rows.append(np.concatenate([pooled, span_features(text, lowered, start, end)]))
    return np.asarray(rows, dtype=np.float32)
