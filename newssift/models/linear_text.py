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

import re
import threading
from itertools import chain, compress, repeat
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import minimize
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from .artifacts import read_json, write_json

FORMAT = "newssift.linear_text.v1"

#: what a word is for the word n-gram vectorizers: a word character, then word characters, apostrophes and hyphens,
#: ending at a word character ("don't", "left-wing"; "rock--" is "rock")
TOKEN_PATTERN = r"(?u)\b\w[\w'’-]*\b"
#: the same tokens, found about a quarter faster: possessive runs never backtrack to look for the closing ``\b``
#: (tests/models/test_linear_text.py compares the two on random strings; they also agreed on every text field of
#: the datasets, as written and lower-cased, when this was written)
FAST_TOKEN_PATTERN = r"\w++(?:['’-]++\w++)*+"


class _SharedTokenIds:
    """One token -> number dictionary for the word counters of every model in the process.

    Slant, hyperpartisan and reliability each look up an article's tokens, mostly the same words; in separate
    dictionaries each lookup missed the CPU caches (the text layer and the other models evict them between
    steps), in one dictionary the second and third find the entries cached: 411 against 695 us an article for
    the three, measured after evicting the caches as an article's other steps do. Tokens are only ever added, so a
    number, once given, stays; a counter remembers how many there were when it indexed its vocabulary (all of its
    own are below that), and reads any token numbered later as unknown.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, tokens: Sequence[str]) -> tuple[np.ndarray, int]:
        """The numbers of ``tokens`` (adding those not numbered yet), and how many tokens are numbered now."""
        with self._lock:
            ids = self.ids
            new = [token for token in dict.fromkeys(tokens) if token not in ids]
            ids.update(zip(new, range(len(ids), len(ids) + len(new))))
            return np.fromiter(map(ids.__getitem__, tokens), dtype=np.int64, count=len(tokens)), len(ids)


_SHARED_TOKENS = _SharedTokenIds()
#: a two-token term's key: first token's number times this, plus the second's (numbers stay below it)
_BIGRAM_STRIDE = 2 ** 31


class _TermCounter:
    """Counts one fitted ``TfidfVectorizer``'s vocabulary terms in a text, as its analyzer would.

    ``occurrences(texts)`` finds the terms, ``summed`` counts them per row and ``weighted`` turns the counts into
    the vectorizer's output, as ``(rows, columns, values)`` arrays. Word n-grams are built and looked up in C
    (``str.join``, ``map``). For ``char_wb`` n-grams the text is split into words as scikit-learn does and each
    distinct word's n-gram columns come from a cache, so a word seen before costs one dictionary lookup (new
    words' n-grams are found by integer keys, all at once).

    The cache is shared by the threads that use the model (a server may run several analyses at once): a lock
    keeps one thread from adding words while another reads or adds.
    """

    #: distinct words whose character n-gram columns are kept (the cache is emptied when it is full); 50,000
    #: words of 12-22 int32 columns each (reliability's and clickbait's vocabularies, measured on AllSides articles
    #: and headlines) take 2.4-4.4 MB per character vectorizer, up to twice that with the arrays' room to grow
    MAX_CACHED_WORDS = 50_000
    #: below this many tokens (or new words), looking strings up costs less than the integer-keyed paths'
    #: dozen numpy calls (a headline)
    FEW = 24
    #: :meth:`summed` counts into a dense array when it has at most this many cells per occurrence
    DENSE_COUNT_RATIO = 4

    def __init__(self, vectorizer: Any) -> None:
        self.vocabulary = vectorizer.vocabulary_
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.char_wb = vectorizer.analyzer == "char_wb"
        self.lowercase = bool(vectorizer.lowercase)
        self.ngram_range = tuple(vectorizer.ngram_range)
        self.analyze = vectorizer.build_analyzer()
        # plain word n-grams (what LinearTextClassifier builds) are counted here, with C-level joins
        plain = (vectorizer.analyzer == "word" and vectorizer.tokenizer is None and vectorizer.preprocessor is None
                 and vectorizer.stop_words is None and vectorizer.strip_accents is None)
        pattern = FAST_TOKEN_PATTERN if vectorizer.token_pattern == TOKEN_PATTERN else vectorizer.token_pattern
        self.find_tokens = re.compile(pattern).findall if plain else None
        self._cache_lock = threading.Lock()
        self._clear_word_cache()
        self._index_tokens()
        if self.char_wb:
            self._index_char_grams()

    def _index_tokens(self) -> None:
        """Number every token that occurs in a vocabulary term (in :data:`_SHARED_TOKENS`), map each number to its
        one-word term's column, and key each two-word term by its tokens' numbers: a bigram occurrence is then
        found by a binary search on integers (:meth:`_bigram_columns`) instead of joining its two words into a new
        string and hashing that. Tokens hold no space, so a two-word term splits one way only. Only for the plain
        word n-grams that :meth:`_word_columns_flat` counts, of one or two words."""
        if self.find_tokens is None or self.ngram_range[1] > 2:
            return
        terms = list(self.vocabulary)
        # the words of all terms in one list (strings only: no per-term lists for the garbage collector to walk)
        words = " ".join(terms).split(" ")
        sizes = np.fromiter(map(str.count, terms, repeat(" ")), dtype=np.int64, count=len(terms)) + 1
        if not len(terms) or sizes.max() > 2 or len(words) != int(sizes.sum()):
            return
        ids, known = _SHARED_TOKENS.add(words)
        starts = np.cumsum(sizes) - sizes
        columns = np.fromiter(self.vocabulary.values(), dtype=np.int64, count=len(terms))
        one, two = sizes == 1, sizes == 2
        # entry ``known`` (a token numbered after this vocabulary) and the last, -1 (an unknown one) hold -1
        unigram_columns = np.full(known + 1, -1, dtype=np.int64)
        unigram_columns[ids[starts[one]]] = columns[one]
        keys = ids[starts[two]] * _BIGRAM_STRIDE + ids[starts[two] + 1]
        order = np.argsort(keys)
        self.token_ids, self.known_tokens, self.unigram_columns = _SHARED_TOKENS.ids, known, unigram_columns
        self.bigram_keys, self.bigram_cols = keys[order], columns[two][order]

    def _token_numbers(self, tokens: Sequence[str]) -> np.ndarray:
        """Each token's number for :attr:`unigram_columns` and :meth:`_bigram_columns`: -1 for a token never
        numbered, :attr:`known_tokens` for one numbered after this vocabulary (neither is in it)."""
        ids = np.fromiter(map(self.token_ids.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
        return np.minimum(ids, self.known_tokens, out=ids)

    def _bigram_columns(self, ids: np.ndarray) -> np.ndarray:
        """The column of each bigram of consecutive token ids (``len(ids) - 1`` of them), -1 where it has none."""
        if not len(self.bigram_keys):
            return np.full(max(0, len(ids) - 1), -1, dtype=np.int64)
        first, second = ids[:-1], ids[1:]
        keys = first * _BIGRAM_STRIDE + second
        where = np.minimum(np.searchsorted(self.bigram_keys, keys), len(self.bigram_keys) - 1)
        hit = (first >= 0) & (second >= 0) & (self.bigram_keys[where] == keys)
        return np.where(hit, self.bigram_cols[where], -1)

    def summed(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(rows, columns, counts)`` of term occurrences given by row and column: each pair once, summed."""
        if not len(cols):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        width = len(self.idf)
        keys = rows * width + cols
        span = (int(rows.max()) + 1) * width
        if span <= self.DENSE_COUNT_RATIO * len(keys):
            # many occurrences for the cells they fall in (an article's character n-grams): counting into an
            # array of every cell and reading its non-zero entries beats sorting the keys (np.unique)
            counts = np.bincount(keys, minlength=span)
            distinct = np.flatnonzero(counts)
            counted = counts[distinct]
        elif span <= 2 ** 31:  # (int32 keys sort several times faster than int64 ones)
            distinct, counted = np.unique(keys.astype(np.int32), return_counts=True)
            distinct = distinct.astype(np.int64)
        else:
            distinct, counted = np.unique(keys, return_counts=True)
        return distinct // width, distinct % width, counted.astype(np.float64)

    def occurrences(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every in-vocabulary term occurrence in ``texts`` read as one run of tokens: the text of its first
        token, the text of its last token (the same but for a word n-gram that runs on into the next text) and
        its column, as three arrays.

        All texts go through in one flat pass (an article's 30-odd sentences cost little more than one text of
        their length): each occurrence is looked up through C-level ``map``, and :meth:`summed` adds them up.
        """
        if self.char_wb:
            first, cols = self._char_columns(texts)
            return first, first, cols
        if self.find_tokens is None:  # a vectorizer LinearTextClassifier does not build (own tokenizer ...)
            grams = [self.analyze(text) for text in texts]
            owner = np.repeat(np.arange(len(texts), dtype=np.int64), [len(g) for g in grams])
            found = self._lookup(list(chain.from_iterable(grams)))
            known = found >= 0
            return owner[known], owner[known], found[known]
        return self._word_columns_flat(texts)

    def _lookup(self, terms: Sequence[str]) -> np.ndarray:
        """The vocabulary column of each term, -1 where it has none."""
        return np.fromiter(map(self.vocabulary.get, terms, repeat(-1)), dtype=np.int64, count=len(terms))

    def _word_columns_flat(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`occurrences` of word n-grams: tokens, then n-grams joined by one space, as the vectorizer's
        analyzer makes them (unigrams and bigrams looked up by token number, see :meth:`_index_tokens`)."""
        find, lowercase = self.find_tokens, self.lowercase
        assert find is not None
        token_lists = [find(text.lower() if lowercase else text) for text in texts]
        tokens = list(chain.from_iterable(token_lists))
        owner = np.repeat(np.arange(len(texts), dtype=np.int64),
                          np.fromiter(map(len, token_lists), dtype=np.int64, count=len(texts)))
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        ids = None
        if hasattr(self, "token_ids") and len(tokens) >= self.FEW:  # (a vocabulary of one- and two-word terms)
            ids = self._token_numbers(tokens)
        for n in range(self.ngram_range[0], self.ngram_range[1] + 1):
            if n > len(tokens):
                break
            if ids is not None and n <= 2:
                found = self.unigram_columns[ids] if n == 1 else self._bigram_columns(ids)
            else:
                found = self._lookup(tokens if n == 1 else list(map(" ".join, zip(*(tokens[i:] for i in range(n))))))
            keep = found >= 0
            parts.append((owner[: len(found)][keep], owner[n - 1:][keep], found[keep]))
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        first, last, cols = (np.concatenate(column) for column in zip(*parts))
        return first, last, cols

    def _char_columns(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Text and column of every in-vocabulary ``char_wb`` n-gram occurrence of ``texts``: words split as
        scikit-learn splits them, each distinct word's columns computed once (and cached across calls, see
        :meth:`_cache_words`), then gathered for each of its occurrences by index arithmetic."""
        lowercase = self.lowercase
        word_lists = [(text.lower() if lowercase else text).split() for text in texts]
        words = list(chain.from_iterable(word_lists))
        if not words:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        owner = np.repeat(np.arange(len(texts), dtype=np.int64),
                          np.fromiter(map(len, word_lists), dtype=np.int64, count=len(texts)))
        with self._cache_lock:
            ids = np.fromiter(map(self._word_ids.get, words, repeat(-1)), dtype=np.int64, count=len(words))
            unseen = ids < 0
            if unseen.any():
                unseen_words = list(compress(words, unseen.tolist()))
                missing = list(dict.fromkeys(unseen_words))
                if len(self._word_ids) + len(missing) > self.MAX_CACHED_WORDS:
                    self._clear_word_cache()  # (the ids found above are stale now: look every word up again)
                    unseen_words, unseen = words, np.ones(len(words), dtype=bool)
                    missing = list(dict.fromkeys(words))
                self._cache_words(missing)
                ids[unseen] = np.fromiter(map(self._word_ids.__getitem__, unseen_words), dtype=np.int64,
                                          count=len(unseen_words))
            per_occurrence = self._word_sizes[ids]
            total = int(per_occurrence.sum())
            if not total:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
            # index of each (occurrence, n-gram) pair into the cached columns: where its word's columns start
            # plus its rank within the word
            first = np.cumsum(per_occurrence) - per_occurrence
            index = np.arange(total, dtype=np.int64) + np.repeat(self._word_starts[ids] - first, per_occurrence)
            columns = self._cached_columns[index]
        return np.repeat(owner, per_occurrence), columns.astype(np.int64)

    def _clear_word_cache(self) -> None:
        """Empty the character n-gram cache: word -> id, and per id where its columns start in one flat array
        and how many there are (arrays with room to grow; see :meth:`_cache_words`)."""
        self._word_ids: dict[str, int] = {}
        self._word_starts = np.zeros(1024, dtype=np.int64)
        self._word_sizes = np.zeros(1024, dtype=np.int64)
        self._cached_columns = np.zeros(32_768, dtype=np.int32)
        self._cached_used = 0

    def _cache_words(self, words: Sequence[str]) -> None:
        """Compute the character n-gram columns of ``words`` (not cached yet, distinct) and add them to the cache
        (called with the lock held; the arrays double when full, so adding stays cheap on average)."""
        flat, sizes = self._columns_of(words)
        first_id, used = len(self._word_ids), self._cached_used
        end_id, end = first_id + len(words), used + len(flat)
        if end > len(self._cached_columns):
            self._cached_columns = _grown(self._cached_columns, end)
        if end_id > len(self._word_starts):
            self._word_starts, self._word_sizes = _grown(self._word_starts, end_id), _grown(self._word_sizes, end_id)
        self._cached_columns[used:end] = flat
        self._word_starts[first_id:end_id] = used + np.cumsum(sizes) - sizes
        self._word_sizes[first_id:end_id] = sizes
        self._cached_used = end
        self._word_ids.update(zip(words, range(first_id, end_id)))

    #: what a copy or a pickle leaves out: a lock cannot be copied, and token numbers belong to their process
    _NOT_COPIED = ("_cache_lock", "token_ids", "known_tokens", "unigram_columns", "bigram_keys", "bigram_cols")

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key not in self._NOT_COPIED}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._cache_lock = threading.Lock()
        self._index_tokens()  # (numbered in this process's shared dictionary)

    def weighted(self, rows: np.ndarray, cols: np.ndarray, counts: np.ndarray,
                 n_rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Counts from :meth:`summed` as TF-IDF values (sublinear tf, l2 per row, as ``TfidfVectorizer.transform``
        with ``sublinear_tf``)."""
        data = (1.0 + np.log(counts)) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n_rows))
        data /= norms[rows]
        return rows, cols, data

    def _index_char_grams(self) -> None:
        """Key each character n-gram of the vocabulary by its characters' ranks in the vocabulary's alphabet (one
        base-``len(alphabet) + 1`` integer; 0 is kept for characters outside it), so that the n-grams of new words
        are found by integer arithmetic and binary search (:meth:`_columns_by_keys`). Not when keys could overflow
        or the smallest n-gram is longer than a padded one-letter word (3: such words follow another rule)."""
        low, high = self.ngram_range
        terms = list(self.vocabulary)
        if not terms or low > 3:
            return
        codes = _code_points("".join(terms))
        alphabet = np.unique(codes)
        base = len(alphabet) + 1
        if base ** high >= 2 ** 62:
            return
        lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        digits = np.searchsorted(alphabet, codes) + 1
        starts = np.cumsum(lengths) - lengths
        keys = np.zeros(len(terms), dtype=np.int64)
        for k in range(int(lengths.max())):
            longer = lengths > k
            keys[longer] = keys[longer] * base + digits[starts[longer] + k]
        columns = np.fromiter(self.vocabulary.values(), dtype=np.int64, count=len(terms))
        self.char_alphabet, self.char_base = alphabet, base
        self.char_keys: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n in range(low, high + 1):
            order = np.argsort(keys[lengths == n])
            self.char_keys[n] = (keys[lengths == n][order], columns[lengths == n][order])

    def _columns_of(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The vocabulary columns of each word's character n-grams (with repeats), as ``_char_wb_ngrams`` makes
        them, computed for all the words at once: ``(columns, sizes)``, the columns of the first word, then of the
        second ... (int32), and how many each word has."""
        if hasattr(self, "char_keys") and len(words) >= self.FEW:
            return self._columns_by_keys(words)
        return self._columns_by_lookup(words)

    def _columns_by_keys(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_columns_of` from the integer keys of :meth:`_index_char_grams`: the padded words side by side,
        each window of ``n`` characters that stays within one padded word keyed as the vocabulary's n-grams are.
        A padded word of length ``L`` gives every window of each ``n`` up to ``min(L, high)``, the whole word
        once when ``n == L``: scikit-learn's rule for ``L >= low``."""
        low, high = self.ngram_range
        alphabet, base = self.char_alphabet, self.char_base
        codes = _code_points(" " + "  ".join(words) + " ")
        where = np.minimum(np.searchsorted(alphabet, codes), len(alphabet) - 1)
        digits = np.where(alphabet[where] == codes, where + 1, 0)
        word_of = np.repeat(np.arange(len(words)), np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2)
        keys = np.zeros(len(codes), dtype=np.int64)  # of the windows of length n starting at each position
        known = np.ones(len(codes), dtype=bool)
        found_words, found_columns = [], []
        for n in range(1, high + 1):
            windows = len(codes) - n + 1
            if windows <= 0:
                break
            keys = keys[:windows] * base + digits[n - 1:]
            known = known[:windows] & (digits[n - 1:] > 0)
            if n < low:
                continue
            vocabulary_keys, vocabulary_columns = self.char_keys[n]
            if not len(vocabulary_keys):
                continue
            at = np.minimum(np.searchsorted(vocabulary_keys, keys), len(vocabulary_keys) - 1)
            hit = known & (word_of[:windows] == word_of[n - 1:]) & (vocabulary_keys[at] == keys)
            found_words.append(word_of[:windows][hit])
            found_columns.append(vocabulary_columns[at[hit]])
        owners = np.concatenate(found_words) if found_words else np.zeros(0, dtype=np.int64)
        columns = np.concatenate(found_columns) if found_columns else np.zeros(0, dtype=np.int64)
        order = np.argsort(owners, kind="stable")
        per_word = np.bincount(owners, minlength=len(words))
        return columns[order].astype(np.int32), per_word

    def _columns_by_lookup(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_columns_of` by building each n-gram string and looking it up (any vocabulary)."""
        low, high = self.ngram_range
        grams: list[str] = []
        sizes: list[int] = []
        for word in words:
            padded = f" {word} "
            length = len(padded)
            if length <= low:  # a short word counts once, as a whole
                word_grams = [padded]
            else:
                word_grams = [padded[offset: offset + n] for n in range(low, min(high, length - 1) + 1)
                              for offset in range(length - n + 1)]
                if length <= high:  # the first n >= length gives the whole padded word, once, and ends the loop
                    word_grams.append(padded)
            grams.extend(word_grams)
            sizes.append(len(word_grams))
        found = np.fromiter(map(self.vocabulary.get, grams, repeat(-1)), dtype=np.int32, count=len(grams))
        known = found >= 0
        per_word = np.bincount(np.repeat(np.arange(len(words)), sizes)[known], minlength=len(words))
        return found[known], per_word


def _grown(array: np.ndarray, size: int) -> np.ndarray:
    """``array`` copied into a new one of at least ``size`` entries (at least twice as long), the rest zero."""
    out = np.zeros(max(size, 2 * len(array)), dtype=array.dtype)
    out[: len(array)] = array
    return out


def _code_points(text: str) -> np.ndarray:
    """The code point of each character of ``text`` (lone surrogates included), as int64."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.int64)


def _inward_to_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` within ``text``, each edge that falls inside a run of non-space characters moved inward
    to the nearest whitespace (so no word or n-gram of characters is cut); ``start >= end`` when nothing is left."""
    end = min(end, len(text))
    if start >= end:
        return start, start
    if 0 < start and not text[start - 1].isspace() and not text[start].isspace():
        found = _SPACE.search(text, start, end)
        start = found.start() if found else end
    if start < end < len(text) and not text[end - 1].isspace() and not text[end].isspace():
        found = _LAST_SPACE.search(text, start, end)
        end = found.start() if found else start
    return start, end


_SPACE = re.compile(r"\s")
_LAST_SPACE = re.compile(r"\s\S*\Z")


def row_dot(blocks: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], weights: np.ndarray,
            n_rows: int) -> np.ndarray:
    """``features @ weights`` for features given as ``(rows, columns, values)`` triples (see
    :meth:`LinearTextClassifier.feature_blocks`) and a dense ``(columns, k)`` matrix: an ``(n_rows, k)`` array.

    One label at a time, from ``weights.T`` (pass the transpose of a C-ordered ``(k, columns)`` array, so that
    each label's weights are contiguous): gathering whole ``k``-wide rows of a large matrix took twice as long.
    """
    rows, cols, values = (np.concatenate(part) for part in zip(*blocks))
    by_label = weights.T
    out = np.empty((n_rows, by_label.shape[0]))
    for k, label_weights in enumerate(by_label):
        out[:, k] = np.bincount(rows, weights=label_weights.take(cols) * values, minlength=n_rows)
    return out


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
                                       max_features=self.max_features, token_pattern=TOKEN_PATTERN, **common)]
        if self.char_ngrams:
            vectorizers.append(TfidfVectorizer(analyzer="char_wb", ngram_range=self.char_ngrams, min_df=self.min_df,
                                               max_df=self.max_df, max_features=self.max_features, **common))
        return vectorizers

    def _clip(self, texts: Sequence[str]) -> list[str]:
        return [text[: self.max_chars] for text in texts]

    # -- fitting -----------------------------------------------------------
    def feature_blocks(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """TF-IDF features of ``texts`` as one ``(rows, columns, values)`` triple per vectorizer (word n-grams
        first), rows ascending, columns where :meth:`features` puts them. :func:`row_dot` scores them.

        Counted by :class:`_TermCounter` rather than ``transform`` (the same values to float32 rounding,
        ``tests/models/test_linear_text.py``): scikit-learn validates its input and generates every n-gram in
        Python on each call, which on one article costs more than the model itself.
        """
        return self.part_feature_blocks(texts, [()] * len(texts))[0]

    def term_counters(self) -> list[_TermCounter]:
        """The counters of the fitted vectorizers (made on first use, about 60 ms for a 100,000-term vocabulary;
        :meth:`load` makes them, so that a loaded model's first article does not pay for them)."""
        if getattr(self, "_counters_for", None) is not self.vectorizers_:  # fitted again since: count anew
            self._counters = [_TermCounter(v) for v in self.vectorizers_]
            self._counters_for = self.vectorizers_
            self._column_offsets = np.cumsum([0] + [len(c.idf) for c in self._counters])
        return self._counters

    def part_feature_blocks(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> tuple[
            list[tuple[np.ndarray, np.ndarray, np.ndarray]], list[tuple[np.ndarray, np.ndarray, np.ndarray]], int]:
        """:meth:`feature_blocks` of ``texts``, and of parts of them, from one count of their terms.

        ``spans[i]`` lists ``(start, end)`` parts of ``texts[i]`` (ascending, not overlapping), e.g. where its
        sentences are. Returns ``(text_blocks, part_blocks, n_parts)``: ``text_blocks`` equal
        ``feature_blocks(texts)``; ``part_blocks`` has one row per span, all texts' spans numbered in turn, each
        the features of the words that lie wholly within the span in what the model reads (the first
        ``max_chars`` characters: a part after them has no features). A span edge that falls inside a word
        moves inward to the nearest whitespace, so every word belongs to one part or none. Without spans the
        parts cost nothing (``part_blocks`` holds empty triples).
        """
        # each text cut into pieces that cover it in order: a part, or the stretch before or after one (-1)
        pieces: list[str] = []
        piece_text: list[int] = []
        piece_part: list[int] = []

        def add(piece: str, text_index: int, part: int) -> None:
            pieces.append(piece)
            piece_text.append(text_index)
            piece_part.append(part)

        n_parts = 0
        for i, (text, text_spans) in enumerate(zip(self._clip(texts), spans)):
            cut = 0
            for start, end in text_spans:
                start, end = _inward_to_whitespace(text, max(int(start), cut), int(end))
                if start < end:
                    gap = text[cut:start]
                    if gap and not gap.isspace():  # (the blanks between sentences hold no term)
                        add(gap, i, -1)
                    add(text[start:end], i, n_parts)
                    cut = end
                n_parts += 1
            if cut < len(text):
                add(text[cut:], i, -1)
        text_of = np.asarray(piece_text, dtype=np.int64)
        part_of = np.asarray(piece_part, dtype=np.int64)
        text_blocks, part_blocks = [], []
        for counter, offset in zip(self.term_counters(), self._column_offsets):
            first, last, cols = counter.occurrences(pieces)
            in_text = text_of[first] == text_of[last]
            rows, columns, values = counter.weighted(*counter.summed(text_of[first[in_text]], cols[in_text]), len(texts))
            text_blocks.append((rows, columns + offset if offset else columns, values))
            if not n_parts:
                part_blocks.append((np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)))
                continue
            in_part = (first == last) & (part_of[first] >= 0)
            rows, columns, values = counter.weighted(*counter.summed(part_of[first[in_part]], cols[in_part]), n_parts)
            part_blocks.append((rows, columns + offset if offset else columns, values))
        return text_blocks, part_blocks, n_parts

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """TF-IDF features of ``texts``: the fitted vectorizers' ``transform`` values, blocks side by side."""
        blocks = self.feature_blocks(texts)
        rows, cols, values = (np.concatenate(parts) for parts in zip(*blocks))
        return sparse.csr_matrix((values.astype(np.float32), (rows, cols)),
                                 shape=(len(texts), int(self._column_offsets[-1])))

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
        logits = row_dot(self.feature_blocks(texts), self.coef_.T, len(texts)) + self.intercept_
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
        model.term_counters()
        return model
