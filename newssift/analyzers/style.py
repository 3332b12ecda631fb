"""Style: checkable signals of tone, wording, sourcing and readability.

Every signal is a number a reader can verify, shown with the words or
sentences that produced it (spans labelled with the signal name). Nothing
here says whether an article is true; the signals describe *how* it is
written: how emotive, how certain, how well sourced, how hard to read.

Signals (``article.results["style"]["signals"]``):

sentiment_mean, strong_negative_share, strong_positive_share
    VADER (Hutto & Gilbert 2014, MIT licence) compound score per sentence:
    the mean, and the share of sentences at or beyond -0.5 / +0.5.
    Evidence: the most extreme sentences. For speed, sentences with no
    emoji skip VADER's per-character emoji pass (a no-op for them) and
    sentences with no VADER lexicon token are scored 0 at once, as VADER
    scores them; the result equals ``polarity_scores()["compound"]``.
subjectivity, subjective_words
    Subjectivity from the Pattern lexicon shipped with TextBlob (BSD),
    loaded through TextBlob's own loader. TextBlob's ``PatternAnalyzer``
    costs ~2-4 ms per article (its tokenizer), over this analyzer's whole
    budget, so the score is computed here as a *plain average of the
    lexicon subjectivity of the words found in the lexicon*; TextBlob also
    folds an intensifier into the next word ("very good") and handles
    negation, which this skips. On sentences without intensifiers the two
    agree (tests check this). Evidence: the most subjective sentences, and
    the words with lexicon subjectivity >= 0.8.
loaded_language, hedges, boosters
    Rates per 100 words of entries from the project-authored lexicons in
    ``resources/lexicons/style_lexicons.json`` (Apache-2.0); the evidence
    detail is the lexicon category. A capitalised "May" mid-sentence or
    before a number is taken to be the month (or a name), not a hedge.
first_person, second_person
    I/we and you per 100 words, counted only *outside* quotation marks
    (quoted speakers say "I" and "we" all the time). Only quotes opened and
    closed within one paragraph are recognised, so a quote running over
    several paragraphs still counts. The upper-case "US" (the country) is
    not counted.
exclamations, questions
    Exclamation and question marks per sentence (a mark counts when followed
    by whitespace, a closing quote or bracket, or the end of the text, so
    "?" inside a URL does not). Evidence: the sentences holding them.
all_caps
    ALL-CAPS words per 100 words. Rule: a word of 2+ capital letters counts
    when it has 6 or more letters ("OUTRAGEOUS") or stands in a run of 2+
    consecutive all-caps words separated by spaces, one of them 4+ letters
    long ("WAKE UP"; not "NRA CEO"). Shorter lone capitals are taken for
    acronyms (FBI, NATO, COVID) and not counted; conventional long acronyms
    (UNICEF, NASDAQ, ...) listed in the lexicon file never count and break
    runs; a wire dateline opening a paragraph ("WASHINGTON (AP) —") is
    skipped.
quotations
    Quoted passages: text between straight (") or curly (“ ”) double quotes
    within one paragraph. Single quotes are not used (they double as
    apostrophes). Quotes of one or two words are flagged as short terms
    (possibly scare quotes).
attributions, named_sources, unnamed_attributions
    Attribution phrases ("said", "told", "according to", ...). A source is
    *named* when a capitalised name (a run of capitalised words, initials
    and titles such as "Dr.", e.g. "Dr. Jane Smith", "Brookings
    Institution", "FBI") ends at most 3 words before the attribution phrase
    or starts at most 3 words after it, in the same sentence, with no quote
    mark or sentence punctuation in between, and only small words between
    them (before: "also", "has", a day, an age ...; after: "the", a day), so
    "California officials said" and "said in Las Vegas" do not name a
    source. Pronouns, days, months and other common capitalised words are
    not names, nor is a bare role ("the President said"); a possessive
    "'s" is trimmed. A single capitalised word at the start of a sentence
    ("Critics said") counts only if the article also writes it after
    another capitalised word ("Robert Chen" ... "Chen said").
    named_sources counts distinct names (by last word);
    unnamed_attributions counts attribution phrases with no name nearby.
links, link_domains
    ``len(article.links)`` (hrefs in the HTML body) plus bare http(s) URLs
    written in the text, and the number of distinct domains (without
    "www."). Links that appear in the text are spans; the domains are named
    in the description.
flesch_reading_ease, flesch_kincaid_grade, mean_sentence_length
    Flesch (1948) and Kincaid et al. (1975) formulas, with the constants
    textstat uses, over this article's own sentence split (textstat's
    regex split breaks at "Dr." and "$1.2") and word tokens; syllables per
    word come from textstat 0.7.8 (CMUdict, then Pyphen), cached per word
    so each distinct word is counted once per process. Evidence: the
    hardest / longest sentences.

Each signal is ``{"value", "unit", "description", "evidence_count"}``;
``evidence_count`` is how many pieces of evidence were found, of which at
most ``max_evidence`` are listed as spans. ``summary`` is one plain sentence
naming the signals past the thresholds in :data:`NOTABLE`.
"""

from __future__ import annotations

import json
import re
import string
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from importlib import metadata, resources
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..article import Article, Sentence
from ..registry import register_analyzer
from .base import Analyzer

LEXICON_FILE = ("resources", "lexicons", "style_lexicons.json")

# -- thresholds behind the summary sentence ----------------------------------
# A signal is "notable" (named in the summary) past these values. They are
# rough marks for wire-style news, not calibrated probabilities.
NOTABLE = {
    "loaded_language": 1.0,  # per 100 words
    "subjectivity": 0.5,  # Pattern subjectivity, 0-1
    "strong_negative_share": 0.25,  # share of sentences
    "strong_positive_share": 0.25,
    "hedges": 3.0,  # per 100 words
    "boosters": 0.6,  # per 100 words, and more boosters than hedges
    "first_person": 1.0,  # per 100 words outside quotes
    "second_person": 0.5,
    "exclamations": 0.1,  # per sentence
    "questions": 0.15,  # per sentence
    "all_caps": 0.5,  # per 100 words
    "flesch_kincaid_grade": 16.0,  # US school grade
    "min_words_for_sourcing": 150,  # below this, missing attribution is not remarked on
}
STRONG_SENTIMENT = 0.5  # |VADER compound| at or past which a sentence is "strongly" negative/positive
SUBJECTIVE_WORD = 0.8  # Pattern subjectivity at or past which a word is "strongly subjective"
NAME_WINDOW_WORDS = 3  # max words between an attribution phrase and a name
_NAME_WINDOW_CHARS = 60

# -- regular expressions ----------------------------------------------------
# A word; findall() returns the part before any apostrophe ("city's" -> "city"), as TextBlob's tokenizer splits it.
_WORD = re.compile(r"(\w+)(?:['’]\w+)*")
_QUOTE = re.compile(r'"[^"\n]{1,3000}"|“[^”\n]{1,3000}”')
_MARKS = re.compile(r"[!?]+(?=[\s\"'”’)\]»]|$)")
_CAPS = re.compile(r"\b[A-Z]{2,}(?:['’][A-Z]+)?\b")
_URL = re.compile(r"https?://[^\s<>\"'“”‘’()\[\]]+|www\.[^\s<>\"'“”‘’()\[\]]+")
_MONTH_AFTER = re.compile(r"\s+\d")
_DATELINE = re.compile(r"(?:,[^\n(—–-]{1,30}?)?\s*[(—–-]")  # what follows a dateline's place name
_TITLE = r"(?:Dr|Mr|Mrs|Ms|Mx|Prof|Gov|Sen|Rep|Gen|Col|Capt|Lt|Sgt|Rev|Hon|Sr|Jr|St)\."
_INITIAL = r"[A-Z]\."
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪİĶĹĽŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"
_CAPWORD = (
    # a capitalised word of 2+ letters; any script's letters after the first
    rf"[{_UPPER}](?:[^\W\d_]|['’\-])*[^\W\d_]"
)
_CONNECT = r"(?:of|for|the|and|de|del|da|van|von|al|bin|le|la)"
_NAME_TOKEN = rf"(?:{_TITLE}|{_INITIAL}|{_CAPWORD})"
_NAME = re.compile(rf"{_NAME_TOKEN}(?:\s+(?:{_CONNECT}\s+)?{_NAME_TOKEN})*")
_NAME_PART = re.compile(rf"{_TITLE}|{_INITIAL}|{_CAPWORD}|\b{_CONNECT}\b")
_LEAD_WORDS = re.compile(r"(?:[\w'’.,-]+\s+){1,2}$")  # the (up to) two words before a phrase
_TITLE_OR_INITIAL = re.compile(rf"{_TITLE}|{_INITIAL}")
_GAP_BREAK = re.compile(r"[\"“”.!?;:()\[\]]")
# A comma-delimited clause between a name and its verb: "Rosa Alvarez, who voted against the plan, said".
_APPOSITIVE_GAP = re.compile(r"^\s*,[^,\"“”.!?;:()\[\]]{1,100},\s*$")
_OPENING_JUNK = " \t\n\"'“‘(—-–*•"
# Capitalised words that are not names of sources.
_NOT_NAMES = frozenset(
    """The A An He She It They We I You This That These Those There Here His Her Its Their Our My Your
    Him Them Me Us Who What When Where Why How Which While After Before If As But And Or So Yet Also
    Then Now Still However Meanwhile Moreover Although Though Because Since Some Many Most Several
    Few All Both Each Every Other Others Another Such No Not One Two Three In On At For From By With
    Of To Into Over Under About Last Next Earlier Later Today Tonight Yesterday Tomorrow Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Officials Critics Experts Analysts Anonymous
    Sources Police Authorities Residents Witnesses Researchers Scientists Supporters Opponents Officers
    Democrats Republicans Americans People Everyone Nobody Someone Asked Speaking According""".split()  # noqa: SIM905
)
# Role words: a source named only by a role ("the President said") is not a named source.
_ROLE_WORDS = frozenset(
    """President Vice Governor Senator Mayor Secretary Minister Prime Chairman Chairwoman Chair Director
    Judge Justice General Congressman Congresswoman Representative Chief Officer Commissioner Spokesman
    Spokeswoman Spokesperson Pope King Queen Prince Princess Sheriff Attorney Ambassador Pastor Professor
    Doctor Coach Captain Chancellor Premier Council Member Members Leader Speaker""".split()  # noqa: SIM905
)
_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday"}
# Words allowed between a name and a following attribution verb ("Chen, 54, also said Tuesday") ...
_LEFT_GAP_OK = (
    frozenset(
        """also has have had later previously then further recently again earlier would will once repeatedly
    publicly privately first originally often frequently subsequently separately reportedly himself herself
    itself themselves only just already never on last night""".split()  # noqa: SIM905
    )
    | _DAYS
)
# ... and between an attribution phrase and a following name ("told the Associated Press").
_RIGHT_GAP_OK = frozenset({"the", "former", "then"}) | _DAYS
_VADER_PUNCT = string.punctuation

# -- units and plain-language names of the signals -----------------------------
_PER_100 = "per 100 words"
_PER_100_OUT = "per 100 words outside quotes"


def _norm(entry: str) -> str:
    return " ".join(entry.lower().replace("’", "'").split())


def _trie_regex(entries: list[str]) -> str:
    """One alternation for a word list, factored by common prefixes (much faster in ``re``).

    A space matches any whitespace run, an apostrophe a straight or curly one,
    and a trailing ``*`` any word characters.
    """
    trie: dict[str, dict] = {}
    for entry in entries:
        node = trie
        for ch in entry:
            node = node.setdefault(ch, {})
        node[""] = {}

    def atom(ch: str) -> str:
        if ch == " ":
            return r"\s+"
        if ch == "'":
            return "['’]"
        if ch == "*":
            return r"\w*"
        return re.escape(ch)

    def emit(node: dict[str, dict]) -> str:
        keys = [k for k in node if k]
        if not keys:
            return ""
        keys.sort(key=lambda k: (k == "*", k))  # the wildcard last
        alts = [atom(k) + emit(node[k]) for k in keys]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:  # a word ends here and longer ones go on
            return "(?:" + body + ")?"
        return body

    return emit(trie)


def _key_word(entry: str) -> str:
    """The longest word of an entry that starts a _WORD token wherever the entry matches ("" if none)."""
    if not entry or not (entry[0].isalnum() or entry[0] == "_"):
        return ""
    words = [part for word in entry.split(" ") for part in word.split("-")]
    tokens = [m.group(1) for m in (_WORD.match(w) for w in words) if m and m.start() == 0]
    return max(tokens, key=len, default="")


class _WordList:
    """One lexicon list compiled to one regex; a match reports its category."""

    def __init__(self, name: str, spec: dict[str, Any]) -> None:
        self.name = name
        self.description = spec.get("description", "")
        self.category: dict[str, str] = {}
        self.stems: list[tuple[str, str]] = []
        entries = []
        for category, cat_spec in spec["categories"].items():
            for raw in cat_spec["entries"]:
                entry = _norm(raw)
                entries.append(entry)
                if entry.endswith("*"):
                    self.stems.append((entry[:-1], category))
                else:
                    self.category[entry] = category
        self.stems.sort(key=lambda item: -len(item[0]))
        body = _trie_regex(sorted(set(entries)))
        # Not inside a word, nor just after an in-word apostrophe ("o'clock"), so that a match always
        # starts a token of _WORD (see _key_word).
        pattern = r"(?<!\w)(?<!\w['’])(?:" + body + r")(?!\w)"
        self.lower_re = re.compile(pattern)  # run on text.lower()
        self.ci_re = re.compile(pattern, re.IGNORECASE)  # when lower() changes the length
        self.entries = frozenset(self.category)
        # One key word per entry (its longest word): where the entry matches, its key word is a _WORD
        # token of that sentence, so sentences without any key word need no scan. None: always scan.
        keys = [_key_word(e) for e in entries]
        self.key_words = None if self.stems or "" in keys else frozenset(keys)

    def category_of(self, matched: str) -> str:
        key = _norm(matched)
        found = self.category.get(key)
        if found is not None:
            return found
        for stem, category in self.stems:
            if key.startswith(stem):
                return category
        return self.name

    def finditer(
        self, text: str, lower: str | None, start: int = 0, end: int | None = None
    ) -> Iterator[tuple[int, int, str]]:
        """Matches in text[start:end] as (start, end, category); ``lower`` is text.lower() or None."""
        end = len(text) if end is None else end
        matches = (
            self.lower_re.finditer(lower, start, end) if lower is not None else self.ci_re.finditer(text, start, end)
        )
        for m in matches:
            yield m.start(), m.end(), self.category_of(m.group())


class _Resources:
    """Lexicons and models, loaded once per process and shared by all analyzers."""

    def __init__(self) -> None:
        raw = resources.files("newssift").joinpath(*LEXICON_FILE).read_text(encoding="utf-8")
        data = json.loads(raw)
        self.lexicon_version = str(data.get("version", ""))
        self.lexicon_license = str(data.get("license", ""))
        self.lists = {name: _WordList(name, spec) for name, spec in data["lists"].items()}
        self.acronyms = frozenset(e.upper() for e in self.lists["acronyms"].entries)

        from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer, SentiText, normalize

        self.vader = SentimentIntensityAnalyzer()
        self._SentiText, self._BOOSTER_DICT, self._normalize = SentiText, BOOSTER_DICT, normalize
        self.vader_lexicon = self.vader.lexicon
        # polarity_scores() replaces these characters (emoji) with words, one character at a time
        self._emoji = frozenset(ch for ch in self.vader.emojis if len(ch) == 1)

        from textblob.en import sentiment as pattern_sentiment  # the PatternAnalyzer's lexicon

        if not dict.__len__(pattern_sentiment):
            pattern_sentiment.load()
        self.subjectivity: dict[str, float] = {
            word: float(by_pos[None][1])
            for word, by_pos in dict.items(pattern_sentiment)
            if word and " " not in word and None in by_pos
        }

        import textstat

        self._textstat_syllables = textstat.syllable_count
        self._textstat_syllables("warm")  # loads CMUdict (~0.4 s) now, not on the first article
        self.syllable_cache: dict[str, int] = {}

    def syllables(self, word: str) -> int:
        cached = self.syllable_cache.get(word)
        if cached is None:
            if len(self.syllable_cache) > 200_000:
                self.syllable_cache.clear()
            cached = max(1, int(self._textstat_syllables(word)))
            self.syllable_cache[word] = cached
        return cached

    def compound(self, sentence: str) -> float:
        """VADER's compound score for one sentence, exactly as ``polarity_scores(sentence)["compound"]``.

        On text without emoji VADER's emoji pass changes nothing, so this runs the rest
        of ``polarity_scores`` (vaderSentiment 3.3.2, pinned) without it, computes only
        the compound score, and returns 0.0 at once when no token is in VADER's
        lexicon (VADER's own answer then). Tests compare it with ``polarity_scores``.
        """
        if not sentence.isascii() and not self._emoji.isdisjoint(sentence):
            return float(self.vader.polarity_scores(sentence)["compound"])
        lexicon = self.vader_lexicon
        for token in sentence.split():
            stripped = token.strip(_VADER_PUNCT)
            if len(stripped) <= 2:  # VADER keeps short tokens whole (emoticons)
                stripped = token
            if stripped.lower() in lexicon:
                break
        else:
            return 0.0
        text = sentence.strip()
        sentitext = self._SentiText(text)
        words = sentitext.words_and_emoticons
        valence_of = self.vader.sentiment_valence
        boosters = self._BOOSTER_DICT
        last = len(words) - 1
        sentiments: list[float] = []
        for i, item in enumerate(words):
            low = item.lower()
            if low in boosters or low not in lexicon or (low == "kind" and i < last and words[i + 1].lower() == "of"):
                sentiments.append(0)  # what polarity_scores appends for these
            else:
                sentiments = valence_of(0, sentitext, item, i, sentiments)
        sentiments = self.vader._but_check(words, sentiments)
        if not sentiments:
            return 0.0
        total = float(sum(sentiments))
        emphasis = self.vader._punctuation_emphasis(text)
        if total > 0:
            total += emphasis
        elif total < 0:
            total -= emphasis
        return round(float(self._normalize(total)), 4)  # polarity_scores rounds to 4 places


_SHARED: _Resources | None = None


def _shared() -> _Resources:
    global _SHARED
    if _SHARED is None:
        _SHARED = _Resources()
    return _SHARED


def _plural(n: int, phrase: str) -> str:
    """'1 quoted passage', '2 quoted passages': ``phrase`` is given in the plural; its noun is the
    last word, or the first when a prepositional tail follows ("marks", "phrases")."""
    if n != 1:
        return f"{n} {phrase}"
    words = phrase.split(" ")
    noun = len(words) - 1
    for i, word in enumerate(words):
        if word.endswith("s") and word not in ("distinct",):
            noun = i
            break
    word = words[noun]
    words[noun] = word[:-2] if word.endswith(("sses", "ches")) else word[:-1]
    return f"{n} {' '.join(words)}"


def _r(value: float, digits: int = 3) -> float:
    return round(float(value), digits)


def _rate(count: int, words: int) -> float:
    return 100.0 * count / words if words else 0.0


def _quote_words(items: list[str], limit: int = 3) -> str:
    seen: list[str] = []
    for item in items:
        text = " ".join(item.split())
        if text.lower() not in (s.lower() for s in seen):
            seen.append(text)
        if len(seen) == limit:
            break
    return ", ".join(f"'{s}'" for s in seen)


def _distinct_first(items: list[tuple[int, int, str, str]], text: str) -> list[tuple[int, int, str, str]]:
    """Order word evidence so each distinct word comes once before any repeat (in text order)."""
    first, rest, seen = [], [], set()
    for item in items:
        key = _norm(text[item[0] : item[1]])
        (rest if key in seen else first).append(item)
        seen.add(key)
    return first + rest


@register_analyzer(
    "style",
    version="1",
    requires=("sentences", "language"),
    produces=("results.style", "spans.style"),
    default_config={"max_evidence": 5},
)
class StyleAnalyzer(Analyzer):
    """Tone, wording, sourcing and readability signals, each with the words or sentences behind it."""

    languages = frozenset({"en"})
    min_words = 30

    def __init__(self, max_evidence: int = 5) -> None:
        # Only the keys of [analyzer.style] in default.cfg: an unknown key is a TypeError, which the
        # pipeline reports as a configuration error when it is built.
        super().__init__(max_evidence=max_evidence)
        self.max_evidence = max(0, int(max_evidence))
        self.res = _shared()

    def versions(self) -> dict[str, str]:
        out = {"style_lexicons": f"{self.res.lexicon_version} ({self.res.lexicon_license})"}
        for dist in ("vaderSentiment", "textblob", "textstat"):
            try:
                out[dist] = metadata.version(dist)
            except metadata.PackageNotFoundError:  # pragma: no cover - installed with newssift
                out[dist] = "unknown"
        return out

    # -- the batched part ---------------------------------------------------
    def predict(self, articles: Sequence[Article]) -> list[dict[str, Any]]:
        return [self._analyze(article) for article in articles]

    def set_annotations(self, article: Article, prediction: dict[str, Any]) -> None:
        article.results["style"] = prediction["result"]
        article.spans["style"] = [article.span(*item) for item in prediction["spans"]]

    # -- one article ----------------------------------------------------------
    def _analyze(self, article: Article) -> dict[str, Any]:
        res = self.res
        text = article.text
        lower: str | None = text.lower()
        if len(lower) != len(text):  # rare Unicode case changes length: match case-insensitively instead
            lower = None
        sents = [s for s in article.sentences if s.end > s.start] or [Sentence(0, len(text), text)]
        starts = [s.start for s in sents]
        n_sent = len(sents)
        signals: dict[str, dict[str, Any]] = {}
        spans: list[tuple[int, int, str, float | None, str | None]] = []
        cap = self.max_evidence

        def sent_index(pos: int) -> int:
            return max(0, bisect_right(starts, pos) - 1)

        def add(
            name: str,
            value: float,
            unit: str,
            description: str,
            evidence: list[tuple],
            digits: int = 3,
            count: int | None = None,
        ) -> None:
            """evidence: (start, end, score, detail) tuples, most telling first; count: how many were
            found, when that is not len(evidence)."""
            signals[name] = {
                "value": _r(value, digits),
                "unit": unit,
                "description": description,
                "evidence_count": len(evidence) if count is None else count,
            }
            for start, end, score, detail in evidence[:cap]:
                spans.append((start, end, name, score, detail))

        # -- quotations (needed first: pronouns are counted outside them) ----
        quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
        q_starts = [q[0] for q in quotes]

        def in_quote(pos: int) -> bool:
            i = bisect_right(q_starts, pos) - 1
            return i >= 0 and pos < quotes[i][1]

        quote_words = [len(_WORD.findall(text, a, b)) for a, b in quotes]

        # -- one pass over the words of each sentence -----------------------
        subj = res.subjectivity
        syl = res.syllables
        source = lower if lower is not None else text
        sent_words = []  # words per sentence
        sent_syll = []
        sent_subj = []  # (mean, n matched)
        subj_sum = 0.0
        subj_n = 0
        strong_subj: list[tuple[int, str, float]] = []  # (sentence index, word, subjectivity)
        syl_cache = res.syllable_cache
        subj_get = subj.get
        regions: list[tuple[int, int, set[str]]] = []  # (start, end, words) of each sentence and any gap
        for i, s in enumerate(sents):
            toks = _WORD.findall(source, s.start, s.end)  # the part of each word before any apostrophe
            if lower is None:
                toks = [t.lower() for t in toks]
            regions.append((s.start, s.end, set(toks)))
            sent_words.append(len(toks))
            try:
                sent_syll.append(sum(map(syl_cache.__getitem__, toks)))
            except KeyError:
                sent_syll.append(sum(map(syl, toks)))
            scored = [(t, v) for t in toks if (v := subj_get(t)) is not None]
            total = sum(v for _, v in scored)
            for t, v in scored:
                if v >= SUBJECTIVE_WORD:
                    strong_subj.append((i, t, v))
            subj_sum += total
            subj_n += len(scored)
            sent_subj.append((total / len(scored) if scored else 0.0, len(scored)))
        covered = 0
        for s in sents + [Sentence(len(text), len(text), "")]:
            # text outside the sentences (none with the pipeline's segmenter) is scanned too
            if s.start > covered and text[covered : s.start].strip():
                regions.append((covered, s.start, {t.lower() for t in _WORD.findall(text, covered, s.start)}))
            covered = max(covered, s.end)
        n_words = sum(sent_words) or 1
        words_outside = max(1, n_words - sum(quote_words))

        # -- sentiment (VADER) ------------------------------------------------
        compounds = [res.compound(s.text) for s in sents]
        mean_compound = sum(compounds) / n_sent
        order = sorted(range(n_sent), key=lambda i: -abs(compounds[i]))
        extreme = [
            (sents[i].start, sents[i].end, compounds[i], f"VADER compound {compounds[i]:+.2f}")
            for i in order
            if compounds[i] != 0.0
        ]
        neg = sorted((i for i in range(n_sent) if compounds[i] <= -STRONG_SENTIMENT), key=lambda i: compounds[i])
        pos = sorted((i for i in range(n_sent) if compounds[i] >= STRONG_SENTIMENT), key=lambda i: -compounds[i])
        tone = "negative" if mean_compound <= -0.05 else "positive" if mean_compound >= 0.05 else "neutral"
        add(
            "sentiment_mean",
            mean_compound,
            "VADER compound score, -1 (negative) to +1 (positive)",
            f"Average sentence sentiment is {mean_compound:+.2f} ({tone}); "
            "the listed sentences are the most emotionally charged.",
            extreme,
        )
        add(
            "strong_negative_share",
            len(neg) / n_sent,
            "share of sentences",
            f"{len(neg)} of {n_sent} sentences are strongly negative (VADER compound <= -{STRONG_SENTIMENT}).",
            [(sents[i].start, sents[i].end, compounds[i], f"VADER compound {compounds[i]:+.2f}") for i in neg],
        )
        add(
            "strong_positive_share",
            len(pos) / n_sent,
            "share of sentences",
            f"{len(pos)} of {n_sent} sentences are strongly positive (VADER compound >= +{STRONG_SENTIMENT}).",
            [(sents[i].start, sents[i].end, compounds[i], f"VADER compound {compounds[i]:+.2f}") for i in pos],
        )

        # -- subjectivity (Pattern lexicon) ------------------------------------
        subjectivity = subj_sum / subj_n if subj_n else 0.0
        ranked = sorted(
            (i for i in range(n_sent) if sent_subj[i][1] >= 2 and sent_subj[i][0] > 0),
            key=lambda i: (-sent_subj[i][0], -sent_subj[i][1]),
        )
        add(
            "subjectivity",
            subjectivity,
            "Pattern subjectivity, 0 (objective) to 1 (subjective)",
            f"Words carrying opinion or judgement average {subjectivity:.2f} on the Pattern subjectivity scale "
            f"({subj_n} lexicon words); the listed sentences score highest.",
            [
                (
                    sents[i].start,
                    sents[i].end,
                    sent_subj[i][0],
                    f"sentence subjectivity {sent_subj[i][0]:.2f} over {sent_subj[i][1]} words",
                )
                for i in ranked
            ],
        )
        subj_evidence = []  # the first place of each distinct word, up to the cap
        listed: set[str] = set()
        for i, word, v in strong_subj:
            if len(subj_evidence) >= max(cap, 3):
                break
            if word in listed:
                continue
            listed.add(word)
            s = sents[i]
            m = re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text[s.start : s.end], re.IGNORECASE)
            if m:
                subj_evidence.append((s.start + m.start(), s.start + m.end(), v, f"Pattern subjectivity {v:.2f}"))
        add(
            "subjective_words",
            _rate(len(strong_subj), n_words),
            _PER_100,
            f"{_plural(len(strong_subj), 'strongly subjective words')} (Pattern subjectivity >= {SUBJECTIVE_WORD})"
            + (f", e.g. {_quote_words([text[a:b] for a, b, *_ in subj_evidence])}." if subj_evidence else "."),
            subj_evidence,
            count=len(strong_subj),
        )

        # -- lexicon signals ---------------------------------------------------
        def lexicon_hits(name: str) -> list[tuple[int, int, float | None, str]]:
            word_list = res.lists[name]
            keys = word_list.key_words
            if lower is None or keys is None:
                return [(a, b, None, cat) for a, b, cat in word_list.finditer(text, lower)]
            # Scan only the sentences holding the key word of some entry: elsewhere the regex cannot
            # match (same result, a fraction of the scan).
            hits = []
            for start, end, words in regions:
                if not keys.isdisjoint(words):
                    hits.extend((a, b, None, cat) for a, b, cat in word_list.finditer(text, lower, start, end))
            hits.sort()
            return hits

        loaded = lexicon_hits("loaded")
        hedges = []
        for a, b, _, cat in lexicon_hits("hedges"):
            word = text[a:b]
            initial = text[sents[sent_index(a)].start : a].strip(_OPENING_JUNK) == ""
            if word == "May" and (not initial or _MONTH_AFTER.match(text, b)):
                continue  # the month, or a name
            if word == "MAY" and _MONTH_AFTER.match(text, b):
                continue
            hedges.append((a, b, None, cat))
        boosters = lexicon_hits("boosters")
        for name, hits, what in (
            ("loaded_language", loaded, "loaded or emotive words"),
            ("hedges", hedges, "hedges (words that soften or distance a claim)"),
            ("boosters", boosters, "boosters (words that present a claim as certain)"),
        ):
            ordered = _distinct_first(hits, text)
            add(
                name,
                _rate(len(hits), n_words),
                _PER_100,
                f"{_plural(len(hits), what)} in {n_words} words"
                + (f", e.g. {_quote_words([text[a:b] for a, b, *_ in ordered])}." if hits else "."),
                ordered,
            )

        # -- first and second person, outside quotes --------------------------
        for name, list_name, who in (
            ("first_person", "first_person", "first-person words (I, we, our ...)"),
            ("second_person", "second_person", "second-person words (you, your ...)"),
        ):
            hits = []
            for a, b, _, cat in lexicon_hits(list_name):
                word = text[a:b]
                if in_quote(a) or word == "US" or word == "i":
                    continue
                hits.append((a, b, None, f"{cat}, outside quotation marks"))
            add(
                name,
                _rate(len(hits), words_outside),
                _PER_100_OUT,
                f"{_plural(len(hits), who)} outside quotation marks, in {words_outside} words not inside quotes; "
                "quoted speech is left out because speakers naturally say 'I' and 'you'.",
                _distinct_first(hits, text),
            )

        # -- exclamation and question marks -----------------------------------
        marks = {"!": [0] * n_sent, "?": [0] * n_sent}
        for m in _MARKS.finditer(text):
            i = sent_index(m.start())
            run = m.group()
            marks["!"][i] += run.count("!")
            marks["?"][i] += run.count("?")
        for name, ch, what in (("exclamations", "!", "exclamation marks"), ("questions", "?", "question marks")):
            per = marks[ch]
            total = sum(per)
            where = sorted((i for i in range(n_sent) if per[i]), key=lambda i: (-per[i], i))
            add(
                name,
                total / n_sent,
                "per sentence",
                f"{_plural(total, what)} in {_plural(n_sent, 'sentences')}.",
                [
                    (sents[i].start, sents[i].end, float(per[i]), f"{per[i]} {what}" if per[i] > 1 else what[:-1])
                    for i in where
                ],
            )

        # -- ALL-CAPS ------------------------------------------------------------
        caps_tokens = [
            m for m in _CAPS.finditer(text) if m.group().replace("’", "").replace("'", "") not in res.acronyms
        ]
        runs: list[list[re.Match[str]]] = []
        for m in caps_tokens:
            if runs and text[runs[-1][-1].end() : m.start()].strip(" \t") == "" and runs[-1][-1].end() < m.start():
                runs[-1].append(m)
            else:
                runs.append([m])
        caps_evidence = []
        caps_words = 0
        for run in runs:
            line_start = text.rfind("\n", 0, run[0].start()) + 1
            if not text[line_start : run[0].start()].strip() and _DATELINE.match(text, run[-1].end()):
                continue  # a wire dateline opening a paragraph: "WASHINGTON (AP) —", "NEW YORK, N.Y. -"
            if len(run) >= 2 and any(len(m.group()) >= 4 for m in run):
                caps_words += len(run)
                caps_evidence.append((run[0].start(), run[-1].end(), None, f"run of {len(run)} all-caps words"))
            else:
                letters = sum(c.isalpha() for c in run[0].group())
                if letters >= 6:
                    caps_words += 1
                    caps_evidence.append((run[0].start(), run[0].end(), None, f"all-caps word of {letters} letters"))
        add(
            "all_caps",
            _rate(caps_words, n_words),
            _PER_100,
            f"{_plural(caps_words, 'ALL-CAPS words')} (counted when 6+ letters long or in a run of 2+ all-caps words; "
            "shorter lone capitals such as FBI or NATO are taken for acronyms)"
            + (f", e.g. {_quote_words([text[a:b] for a, b, *_ in caps_evidence])}." if caps_evidence else "."),
            caps_evidence,
        )

        # -- quotations --------------------------------------------------------
        quote_evidence = []
        for (a, b), n in zip(quotes, quote_words):
            detail = (
                f"short quoted term ({n} word{'s' if n != 1 else ''}), possibly scare quotes"
                if n <= 2
                else f"quoted passage, {n} words"
            )
            quote_evidence.append((a, b, float(n), detail))
        longest = sorted(quote_evidence, key=lambda q: -q[2])
        quoted_share = sum(quote_words) / n_words
        add(
            "quotations",
            len(quotes),
            "count",
            f"{_plural(len(quotes), 'quoted passages')} (between double quotation marks), "
            f"holding {quoted_share:.0%} of the words.",
            longest,
            digits=0,
        )

        # -- attributions and named sources --------------------------------------
        attr_evidence = []
        named: dict[str, tuple[int, int, str]] = {}  # key -> first span
        named_count = 0
        named_evidence = []
        unnamed_evidence = []
        for a, b, _, cat in lexicon_hits("attribution"):
            phrase = " ".join(text[a:b].split())
            sentence = sents[sent_index(a)]
            name = self._name_near(text, sentence, a, b)
            if name is None:
                attr_evidence.append((a, b, None, f"{cat}, no name nearby"))
                unnamed_evidence.append(
                    (a, b, None, f"'{phrase}' with no named source within {NAME_WINDOW_WORDS} words")
                )
                continue
            ns, ne = name
            attr_evidence.append((a, b, None, f"{cat}, source: {' '.join(text[ns:ne].split())}"))
            named_count += 1
            key = text[ns:ne].split()[-1].strip(".").lower()
            if key not in named:
                named[key] = (ns, ne, phrase)
                named_evidence.append((ns, ne, None, f"named source, with '{phrase}'"))
        n_attr = len(attr_evidence)
        add(
            "attributions",
            n_attr,
            "count",
            f"{_plural(n_attr, 'attribution phrases')} (said, told, according to ...), "
            f"{named_count} of them next to a named source.",
            attr_evidence,
            digits=0,
        )
        add(
            "named_sources",
            len(named),
            "count",
            (
                "1 named person or organisation is cited"
                if len(named) == 1
                else f"{len(named)} distinct named people or organisations are cited"
            )
            + (f": {', '.join(' '.join(text[s:e].split()) for s, e, _ in list(named.values())[:5])}." if named else ".")
            + " (A name counts when it is within a few words of an attribution phrase.)",
            named_evidence,
            digits=0,
        )
        unnamed_examples = []
        for a, b, *_ in unnamed_evidence[:3]:
            lead = _LEAD_WORDS.search(text, max(sents[sent_index(a)].start, a - 40), a)
            unnamed_examples.append(" ".join(text[lead.start() if lead else a : b].split()))
        add(
            "unnamed_attributions",
            len(unnamed_evidence),
            "count",
            f"{_plural(len(unnamed_evidence), 'attribution phrases')} with no name within {NAME_WINDOW_WORDS} words"
            + (f", e.g. {_quote_words(unnamed_examples)}" if unnamed_examples else "")
            + "; such statements come from unnamed officials, groups or documents, or from a name further away.",
            unnamed_evidence,
            digits=0,
        )

        # -- links -----------------------------------------------------------------
        hrefs = list(article.links)
        link_spans = []
        known = set(hrefs)
        for m in _URL.finditer(text):
            url = m.group().rstrip(".,;:!?")
            link_spans.append((m.start(), m.start() + len(url), None, _domain(url) or "link"))
            if url not in known:
                known.add(url)
                hrefs.append(url)
        base = article.canonical_url or article.url or (f"https://{article.host}/" if article.host else "")
        domains = sorted({d for d in (_domain(urljoin(base, h) if base else h) for h in hrefs) if d})
        shown = ", ".join(domains[:8]) + (f" and {len(domains) - 8} more" if len(domains) > 8 else "")
        add(
            "links",
            len(hrefs),
            "count",
            f"{_plural(len(hrefs), 'links')} in the article body" + (f", to {shown}." if domains else "."),
            link_spans,
            digits=0,
            count=len(hrefs),
        )
        add(
            "link_domains",
            len(domains),
            "count",
            f"{_plural(len(domains), 'distinct linked domains')}" + (f": {shown}." if domains else "."),
            [],
            digits=0,
            count=len(domains),
        )

        # -- readability -------------------------------------------------------------
        counted = [i for i in range(n_sent) if sent_words[i]]
        n_read = len(counted) or 1
        total_syll = sum(sent_syll)
        wps = n_words / n_read
        spw = total_syll / n_words
        fre = 206.835 - 1.015 * wps - 84.6 * spw
        fkg = 0.39 * wps + 11.8 * spw - 15.59

        def grade(i: int) -> float:
            return 0.39 * sent_words[i] + 11.8 * sent_syll[i] / sent_words[i] - 15.59

        hardest = sorted(counted, key=lambda i: -grade(i))
        longest_s = sorted(counted, key=lambda i: (-sent_words[i], i))
        hard_evidence = [
            (
                sents[i].start,
                sents[i].end,
                grade(i),
                f"{sent_words[i]} words, {sent_syll[i] / sent_words[i]:.2f} syllables per word",
            )
            for i in hardest
        ]
        add(
            "flesch_reading_ease",
            fre,
            "Flesch reading ease, 0-100 (higher is easier)",
            f"Flesch reading ease {fre:.0f} ({_ease_label(fre)}): {wps:.1f} words per sentence, "
            f"{spw:.2f} syllables per word; "
            "the listed sentences are the hardest to read.",
            hard_evidence,
            digits=1,
        )
        add(
            "flesch_kincaid_grade",
            fkg,
            "US school grade",
            f"Flesch-Kincaid grade {fkg:.1f}: about {max(0, round(fkg))} years of schooling to follow easily; "
            "the listed sentences are the hardest to read.",
            hard_evidence,
            digits=1,
        )
        add(
            "mean_sentence_length",
            wps,
            "words per sentence",
            f"Sentences average {wps:.1f} words; the longest are listed.",
            [(sents[i].start, sents[i].end, float(sent_words[i]), f"{sent_words[i]} words") for i in longest_s],
            digits=1,
        )

        result = {"signals": signals, "summary": _summary(signals, n_words, loaded, text)}
        return {"result": result, "spans": spans}

    @staticmethod
    def _name_near(text: str, sentence: Sentence, a: int, b: int) -> tuple[int, int] | None:
        """The capitalised name nearest to the attribution phrase text[a:b], as (start, end), or None."""
        best: tuple[int, int, int] | None = None  # (gap words, start, end)
        # after the phrase: "said Maria Gonzalez", "according to Dr. Jane Smith"
        end = min(sentence.end, b + _NAME_WINDOW_CHARS)
        for m in _NAME.finditer(text, b, end):
            gap = text[b : m.start()]
            if _GAP_BREAK.search(gap):
                break
            gap_words = _WORD.findall(gap)
            if len(gap_words) > NAME_WINDOW_WORDS:
                break
            if not all(w.lower() in _RIGHT_GAP_OK or w.isdigit() for w in gap_words):
                continue  # "said in Las Vegas", "told reporters that Smith ..."
            cleaned = _clean_name(text, sentence, m.start(), m.end())
            if cleaned:
                best = (len(gap_words), *cleaned)
                break
        # before the phrase: "Chen said", "Mayor Linda Alvarez told reporters"
        start = max(sentence.start, a - _NAME_WINDOW_CHARS)
        before = list(_NAME.finditer(text, start, a))
        for m in reversed(before):
            gap = text[m.end() : a]
            if _APPOSITIVE_GAP.match(gap):
                gap = " "
            if _GAP_BREAK.search(gap):
                break
            gap_words = _WORD.findall(gap)
            if len(gap_words) > NAME_WINDOW_WORDS:
                break
            if not all(w.lower() in _LEFT_GAP_OK or w.isdigit() for w in gap_words):
                break  # "California officials said": the subject is "officials"
            cleaned = _clean_name(text, sentence, m.start(), m.end())
            if cleaned:
                if best is None or len(gap_words) < best[0]:
                    best = (len(gap_words), *cleaned)
                break
        return (best[1], best[2]) if best else None


def _clean_name(text: str, sentence: Sentence, start: int, end: int) -> tuple[int, int] | None:
    """Trim pronouns, days, connectors ... from the edges of a capitalised run; None if no name is left."""
    parts = [(m.start(), m.end(), m.group()) for m in _NAME_PART.finditer(text, start, end)]
    while parts and (parts[0][2].rstrip(".") in _NOT_NAMES or parts[0][2][0].islower()):
        parts.pop(0)
    while parts and (parts[-1][2].rstrip(".") in _NOT_NAMES or parts[-1][2][0].islower()):
        parts.pop()
    words = [p for p in parts if not _TITLE_OR_INITIAL.fullmatch(p[2])]
    if not words or all(p[2] in _ROLE_WORDS for p in words):  # "Dr.", "the President said"
        return None
    s, e = parts[0][0], parts[-1][1]
    if text[e - 2 : e] in ("'s", "’s"):  # "Trump's": the possessive is not part of the name
        e -= 2
    if len(words) == 1:
        word = words[0][2]
        sentence_initial = text[sentence.start : s].strip(_OPENING_JUNK) == ""
        has_title = len(parts) > 1  # "Dr. Smith"
        # "Critics said" vs "Chen said": a name if the article also writes it after another capitalised word
        if (
            sentence_initial
            and not has_title
            and not re.search(r"[A-Z][\w'’\-]*\.?\s+" + re.escape(word) + r"(?!\w)", text)
        ):
            return None
    return s, e


def _domain(href: str) -> str | None:
    href = href.strip()
    if href.startswith("www."):
        href = "http://" + href
    try:
        host = urlsplit(href).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def _ease_label(fre: float) -> str:
    if fre >= 70:
        return "easy"
    if fre >= 50:
        return "fairly difficult" if fre < 60 else "plain English"
    if fre >= 30:
        return "difficult"
    return "very difficult"


# The summary's notes, in order: (signal past its NOTABLE threshold, text); texts may name any signal.
_NOTES = (
    ("loaded_language", "loaded or emotive wording ({loaded_language:.1f} per 100 words, e.g. {examples})"),
    ("subjectivity", "subjective wording (subjectivity {subjectivity:.2f})"),
    ("strong_negative_share", "many strongly negative sentences ({strong_negative_share:.0%})"),
    ("strong_positive_share", "many strongly positive sentences ({strong_positive_share:.0%})"),
    ("boosters", "more certainty words than hedges ({boosters:.1f} vs {hedges:.1f} per 100 words)"),
    ("hedges", "heavy hedging ({hedges:.1f} per 100 words)"),
    ("first_person", "the writer's own voice ('I'/'we', {first_person:.1f} per 100 words outside quotes)"),
    ("second_person", "direct address to the reader ('you', {second_person:.1f} per 100 words outside quotes)"),
    ("exclamations", "exclamation marks ({exclamations:.2f} per sentence)"),
    ("questions", "many questions ({questions:.2f} per sentence)"),
    ("all_caps", "ALL-CAPS words ({all_caps:.1f} per 100 words)"),
    ("flesch_kincaid_grade", "hard to read (grade {flesch_kincaid_grade:.0f})"),
)


def _summary(signals: dict[str, dict[str, Any]], n_words: int, loaded: list[tuple], text: str) -> str:
    """One plain sentence naming the signals past the :data:`NOTABLE` thresholds."""

    values: dict[str, Any] = {name: float(signal["value"]) for name, signal in signals.items()}
    values["examples"] = ""
    v = values.__getitem__
    if v("loaded_language") >= NOTABLE["loaded_language"]:
        values["examples"] = _quote_words([text[a:b] for a, b, *_ in _distinct_first(loaded, text)])
    notes = [
        template.format(**values)
        for name, template in _NOTES
        if v(name) >= NOTABLE[name] and (name != "boosters" or v("boosters") > v("hedges"))
    ]
    if n_words >= NOTABLE["min_words_for_sourcing"]:
        if v("attributions") == 0:
            notes.append("no attributed statements")
        elif v("named_sources") == 0:
            notes.append("no named sources")
    sourcing = (
        f"sourcing: {_plural(int(v('attributions')), 'attributions')}, "
        f"{_plural(int(v('named_sources')), 'named sources')}, "
        f"{_plural(int(v('quotations')), 'quotations')}, {_plural(int(v('links')), 'links')}"
    )
    if not notes:
        return (
            "No style signal stands out: tone, wording and readability are within typical ranges "
            f"for news reporting; {sourcing}."
        )
    listed = notes[0] if len(notes) == 1 else ", ".join(notes[:-1]) + " and " + notes[-1]
    return f"Notable style signals: {listed}; {sourcing}."
