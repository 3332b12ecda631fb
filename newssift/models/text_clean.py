"""Text cleaners applied before a text classifier's features, the same way in training and at inference.

A :class:`~newssift.models.linear_text.LinearTextClassifier` artifact names its
cleaner in ``config.json`` (``"preprocess"``); the analyzer base
(:mod:`newssift.analyzers.text_classifier`) and the training code both call
:func:`clean` with that name, so a model never sees text prepared differently
from what it was trained on.

``news_v1`` removes what identifies an *outlet* rather than the writing, so
that a model of article-level signals (slant, reliability) cannot lean on the
outlet's boilerplate and generalises to outlets it never saw (Baly et al.
2020, "We Can Detect Your Bias", EMNLP: models trained on a random split
learn the outlet): URLs, e-mail addresses and @handles; wire/outlet datelines
such as ``WASHINGTON (Reuters) -`` or ``(CNN)``; bylines (``By Jane Doe``) and
"Follow/Sign up/Subscribe" lines; and outlet names from :data:`OUTLET_NAMES`
(masked to the token ``outletname``).

``news_v2`` (used by ``slant``) adds house-style traces that tell outlets
apart but say nothing of politics: curly quotes are made straight, honorifics
("Mr.", "Ms.") dropped, photo credits ("(AP Photo/...)") and short lines of
media furniture ("Advertisement", "Photo: ...", "Watch the video") removed.
A cleaner's output never changes once a model is trained with it: a change
is a new name.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Sequence

import numpy as np

#: Outlet names masked by ``news_v1`` (lower-cased matching, longest first). Written by hand from the
#: outlets common in US news corpora; a name here is replaced by the token ``outletname``.
OUTLET_NAMES = (
    "associated press", "the associated press", "ap news", "reuters", "agence france-presse", "afp", "bloomberg news",
    "bloomberg", "cnn", "cnn politics", "cnbc", "msnbc", "nbc news", "nbc", "abc news", "abc", "cbs news", "cbs",
    "fox news", "fox business", "breitbart news", "breitbart", "the blaze", "theblaze", "blaze media",
    "the daily caller", "daily caller", "the daily wire", "daily wire", "the federalist", "national review",
    "the washington times", "washington times", "the washington post", "washington post", "the new york times",
    "new york times", "nytimes", "the wall street journal", "wall street journal", "wsj", "usa today",
    "the guardian", "huffpost", "huffington post", "the huffington post", "politico", "the hill",
    "vox", "slate magazine", "salon.com", "mother jones", "the atlantic magazine", "the new yorker", "newsweek", "time magazine",
    "npr", "pbs newshour", "pbs", "bbc news", "bbc", "axios", "buzzfeed news", "buzzfeed", "vice news",
    "the intercept", "democracy now", "alternet", "daily kos", "think progress", "thinkprogress", "raw story",
    "newsmax", "oann", "one america news", "the gateway pundit", "gateway pundit", "townhall", "redstate",
    "the american spectator", "american spectator", "washington examiner", "the washington examiner",
    "new york post", "the new york post", "ny post", "daily mail", "the daily beast", "daily beast",
    "reason magazine", "the christian science monitor", "christian science monitor", "los angeles times",
    "la times", "chicago tribune", "the economist", "financial times", "forbes", "business insider", "cbn news",
    "christian broadcasting network", "the weekly standard", "weekly standard", "infowars", "the young turks",
    "real clear politics", "realclearpolitics", "the epoch times", "epoch times", "the new republic",
    "rolling stone", "the boston globe", "boston globe", "the daily signal", "daily signal",
    "pjmedia", "pj media", "hotair", "twitchy", "the free beacon", "washington free beacon",
    "free beacon", "lifezette", "ijr", "independent journal review", "conservative review", "crtv",
    "jezebel", "gizmodo", "talking points memo", "tpm", "mediaite", "yahoo news",
    "yahoo", "msn", "the telegraph", "sky news", "al jazeera", "russia today", "rt",
)

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|gov|co\.uk|io|us)(?:/\S*)?\b", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_HANDLE = re.compile(r"(?<!\w)@\w{2,}")
# "WASHINGTON (Reuters) -", "NEW YORK (AP) —", "(CNN)", at the start of a line
_DATELINE = re.compile(r"(?m)^\s*(?:[A-Z][A-Z.,' ]{1,40})?\s*\([A-Za-z .&-]{2,30}\)\s*[-–—:]*\s*")
_CAPS_DATELINE = re.compile(r"(?m)^\s*[A-Z][A-Z.' ]{2,30},?(?: [A-Z][a-z.]+)?\s*[-–—]\s+")
_BYLINE = re.compile(r"(?im)^\s*(?:by|written by|reporting by|additional reporting by|editing by)\s+[^\n]{0,80}$")


class _LineStartHint:
    """A hint for a pattern written ``(?m)^rest`` (it matches only at the start of a line): ``search(text)`` says
    whether it matches anywhere in ``text`` (the text itself, not the hint text: these patterns tell upper from
    lower case). ``rest`` is tried at the start of the text and after each newline, which the regex engine finds
    by skipping ahead, where ``(?m)^`` makes it try every position of an article (several times slower)."""

    def __init__(self, pattern: re.Pattern) -> None:
        flags, rest = pattern.pattern.split("^", 1)
        if flags not in ("(?m)", "(?im)"):
            raise ValueError(f"not a (?m)^ pattern: {pattern.pattern}")
        self.at_start = re.compile(flags + rest)
        self.after_newline = re.compile(flags + "\n" + rest)

    def search(self, text: str) -> bool:
        return bool(self.at_start.match(text) or self.after_newline.search(text))


_PROMO = re.compile(
    r"(?im)^[^\n]{0,60}\b(?:follow (?:us|him|her|them|[a-z]+ on)|sign up|subscribe|click here|read more|"
    r"download the app|newsletter|all rights reserved|copyright|©)[^\n]{0,200}$"
)


def _trie_pattern(words: list[str]) -> str:
    """A regex matching any of ``words``, as a character trie (fast), longest alternative first."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


# Same matches as an alternation of the names longest-first, but a trie is ~10x faster to scan.
_OUTLET = re.compile(r"(?<![\w-])" + _trie_pattern(sorted(set(OUTLET_NAMES))) + r"(?![\w-])", re.IGNORECASE)
# Runs of blanks holding a tab or 2+ spaces (a single space is left as it is: the same result as [ \t]+ -> " ").
# The same matches as [ \t]*\t[ \t]*| {2,} (tests/models/test_text_clean.py), but starting with a blank the engine
# skips to the next one: about three times faster.
_SPACES = re.compile(r"[ \t](?:[ \t]+|(?<=\t))")


# Case-sensitive twin of _OUTLET, run on the hint text (below): it matches wherever _OUTLET does, ~4x faster.
_OUTLET_LOWER_ASCII = re.compile(_OUTLET.pattern)
#: Hint patterns that match in the hint text at exactly the spans where their step's pattern matches in the
#: text: the hint text lower-cases ASCII letters, which the pattern matches regardless of case, and puts "_" for
#: each other word character and "?" for each other character, so that ``\w``, ``\b`` and the lookarounds read
#: every position as they do in the text, while the pattern's letters match neither. Such a step is done from the
#: twin's matches, about a fifth of the time of the IGNORECASE pattern on an article.
_EXACT_TWINS = frozenset({_OUTLET_LOWER_ASCII})

#: (pattern, replacement, hints): the pattern can only match where the hint text (see ``_apply``) holds one of its
#: hints (``None``: always run). Most sentences hold none, and ``in`` costs far less than a regex scan.
_V1_STEPS = (
    (_URL, " ", ("://", "www.", ".com", ".org", ".net", ".gov", ".co.uk", ".io", ".us")),
    (_EMAIL, " ", ("@",)),
    (_HANDLE, " ", ("@",)),
    (_PROMO, " ", ("follow ", "sign up", "subscribe", "click here", "read more", "download the app", "newsletter",
                   "all rights reserved", "copyright")),
    (_BYLINE, " ", _LineStartHint(_BYLINE)),
    (_DATELINE, " ", _LineStartHint(_DATELINE)),
    (_CAPS_DATELINE, " ", _LineStartHint(_CAPS_DATELINE)),
    (_OUTLET, "outletname", _OUTLET_LOWER_ASCII),
    (_SPACES, " ", ("\t", "  ")),
)



# The only non-ASCII characters that re.IGNORECASE matches to an ASCII letter (tests/models/test_text_clean.py
# checks every code point): text holding one is cleaned without hints.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def _hint_character(error: UnicodeError) -> tuple[str, int]:
    """Encoding error handler for the hint text: "_" for a word character (what ``\\w`` matches: alphanumeric in
    Unicode's sense, ``str.isalnum``), "?" for any other character."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    run = error.object[error.start:error.end]
    return "".join(["_" if char.isalnum() else "?" for char in run]), error.end


codecs.register_error("newssift.hint", _hint_character)

#: the commonest non-ASCII characters of news text, none of them a word character: made "?" with str.replace before
#: encoding (a C-level pass each), so that the error handler, a Python call per run of the others, is seldom called
_COMMON_NON_WORD = ("\u2019", "\u201c", "\u201d", "\u2014", "\u2013", "\u2018", "\u00a0", "\u2026")


def _hint_text(text: str) -> str | None:
    """``text`` lower-cased, with each non-ASCII character replaced by ``_`` (a word character) or ``?`` (any
    other): the text the hints are looked for in. ``None`` where a hint could miss a match (a character that
    re.IGNORECASE folds to ASCII)."""
    if text.isascii():
        return text.lower()
    if _FOLDS_TO_ASCII.search(text):
        return None
    for char in _COMMON_NON_WORD:
        if char in text:
            text = text.replace(char, "?")
    return text.encode("ascii", "newssift.hint").decode("ascii").lower()


#: the edits of one substitution step, in the coordinates of that step's input: (start, end, replacement length)
Edits = list[tuple[int, int, int]]


def _recording(replacement: str, edits: Edits) -> Callable[[re.Match], str]:
    size = len(replacement)

    def substitute(match: re.Match) -> str:
        edits.append((match.start(), match.end(), size))
        return replacement

    return substitute


def _apply(text: str, steps: tuple, gated: bool = True, edits: list[Edits] | None = None) -> str:
    """Run each step's substitution on ``text`` in turn, skipping a step whose hints rule out a match.

    A pattern's literal parts match only ASCII characters (and the four in ``_FOLDS_TO_ASCII``), so a match
    in ``text`` leaves its hint in ``_hint_text(text)``; a pattern given as a hint is a case-sensitive twin
    that matches there wherever the original matches in ``text``; a :class:`_LineStartHint` looks in ``text``
    itself. ``gated=False`` runs every step (for tests).
    With ``edits`` (a list), each step that ran appends the :data:`Edits` it made (see :func:`clean_mapped`).
    """
    hint_text, stale = None, True  # the hint text is made when a step needs it, again only after a change
    for pattern, replacement, hints in steps:
        if gated and isinstance(hints, _LineStartHint):
            if not hints.search(text):  # (exact, and read from the text itself: no hint text needed)
                continue
        elif gated and hints is not None:
            if stale:
                hint_text, stale = _hint_text(text), False
            if hint_text is not None and hints in _EXACT_TWINS:
                # the twin's matches in the hint text are the pattern's in the text: replace at their spans
                step_edits = [(m.start(), m.end(), len(replacement)) for m in hints.finditer(hint_text)]
                if not step_edits:
                    continue
                if edits is not None:
                    edits.append(step_edits)
                text, stale = _replace_at(text, step_edits, replacement), True
                continue
            if hint_text is not None and _ruled_out(hints, hint_text):
                continue
        if edits is None:
            changed = pattern.sub(replacement, text)
        else:
            step_edits = []
            changed = pattern.sub(_recording(replacement, step_edits), text)
            edits.append(step_edits)
        stale = stale or changed != text
        text = changed
    return text


def _ruled_out(hints: tuple[str, ...] | re.Pattern, hint_text: str) -> bool:
    """Whether a step's hints (strings, or a pattern for the hint text) show that its pattern cannot match."""
    if isinstance(hints, re.Pattern):
        return hints.search(hint_text) is None
    return not any(hint in hint_text for hint in hints)


def _replace_at(text: str, spans: Edits, replacement: str) -> str:
    """``text`` with each ``(start, end, _)`` span (ascending, not overlapping) replaced by ``replacement``."""
    kept, previous = [], 0
    for start, end, _ in spans:
        kept.append(text[previous:start])
        previous = end
    kept.append(text[previous:])
    return replacement.join(kept)


def clean_news_v1(text: str, gated: bool = True, edits: list[Edits] | None = None) -> str:
    """``text`` without outlet-identifying boilerplate (see the module docstring)."""
    return _apply(text, _V1_STEPS, gated, edits)


#: curly quotes and primes -> straight quotes (applied with str.replace: str.translate with a mapping walks the
#: text character by character in Python objects, about 20 times slower on an article)
_QUOTES = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("′", "'"), ("″", '"'))
# "Mr", "Mrs", "Ms", "Messrs", "Mmes" starting a word, before " " and a capital. Written as \b(?:Mr|...) it
# matches the same, but the engine then tries every position of an article; starting with the literal "M" (the
# lookbehind, after it, is the \b) it skips to each "M" (about 20 times faster).
_HONORIFIC = re.compile(r"M(?<!\wM)(?:rs?|s|essrs|mes)\.?(?= [A-Z])")
_MEDIA_LINE = re.compile(
    r"(?im)^[^\n]{0,30}\b(?:advertisement|caption|photograph|photo|image|pictured|getty images|video|watch|"
    r"related|listen|podcast|newsletter|inbox|privacy policy|terms of (?:use|service)|contributed to this report)"
    r"\b[^\n]{0,30}$"
)
_PHOTO_CREDIT = re.compile(r"\((?:[^()\n]{0,40}(?:photo|image|getty|file|credit)[^()\n]{0,40})\)", re.IGNORECASE)


_V2_STEPS = (
    (_PHOTO_CREDIT, " ", None),  # (it starts with a literal "(": a scan costs less than looking for hints)
    (_MEDIA_LINE, " ", re.compile(_MEDIA_LINE.pattern.replace("(?im)", "(?m)"))),
    (_HONORIFIC, "", None),
)


def clean_news_v2(text: str, gated: bool = True, edits: list[Edits] | None = None) -> str:
    """``news_v1`` plus house-style traces: curly quotes made straight, honorifics (Mr., Ms.) dropped,
    short lines naming media furniture (advertisement, photo, caption, video, newsletter ...) and
    photo credits removed. Outlets differ in these conventions, not in their politics."""
    if not text.isascii():  # curly quotes are never ASCII (one character for one: no offset moves)
        for curly, straight in _QUOTES:
            if curly in text:
                text = text.replace(curly, straight)
    return clean_news_v1(_apply(text, _V2_STEPS, gated, edits), gated, edits)


def _identity(text: str, gated: bool = True, edits: list[Edits] | None = None) -> str:
    return text


CLEANERS: dict[str, Callable[..., str]] = {"none": _identity, "news_v1": clean_news_v1, "news_v2": clean_news_v2}


def cleaner(name: str | None) -> Callable[..., str]:
    """The cleaner called ``name`` (``None`` or ``"none"``: unchanged text); KeyError for an unknown name."""
    return CLEANERS[name or "none"]


def clean(text: str, name: str | None) -> str:
    return cleaner(name)(text)


def clean_mapped(text: str, name: str | None, positions: Sequence[int]) -> tuple[str, np.ndarray]:
    """``clean(text, name)`` and where each of ``positions`` (offsets into ``text``, ascending) lands in it.

    An offset inside a removed or replaced stretch lands at the start of its replacement, so a sentence's
    ``(start, end)`` maps to the part of the cleaned text that the sentence became (empty when all of it was
    removed). The text classifiers' sentence evidence scores these parts of the cleaned article, which is what
    the model read, instead of cleaning each sentence again on its own.
    """
    if not len(positions):
        return clean(text, name), np.zeros(0, dtype=np.int64)
    edits: list[Edits] = []
    cleaned = CLEANERS[name or "none"](text, True, edits)
    mapped = np.asarray(positions, dtype=np.int64)
    for step in edits:
        if not step:
            continue
        starts, ends, sizes = (np.array(column, dtype=np.int64) for column in zip(*step))
        shift = np.concatenate([[0], np.cumsum(sizes - (ends - starts))])  # offset change past the first k edits
        passed = np.searchsorted(ends, mapped, side="right")  # edits that end at or before the position
        following = np.minimum(passed, len(starts) - 1)  # the first edit not passed: the one it may lie inside
        inside = (passed < len(starts)) & (starts[following] < mapped)
        mapped = np.where(inside, starts[following] + shift[following], mapped + shift[passed])
    return cleaned, mapped
