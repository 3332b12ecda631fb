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

import re
from collections.abc import Callable

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
_SPACES = re.compile(r"[ \t]*\t[ \t]*| {2,}")


# Case-sensitive twin of _OUTLET, run on the hint text (below): it matches wherever _OUTLET does, ~4x faster.
_OUTLET_LOWER_ASCII = re.compile(_OUTLET.pattern)

#: (pattern, replacement, hints): the pattern can only match where the hint text (see ``_apply``) holds one of its
#: hints (``None``: always run). Most sentences hold none, and ``in`` costs far less than a regex scan.
_V1_STEPS = (
    (_URL, " ", ("://", "www.", ".com", ".org", ".net", ".gov", ".co.uk", ".io", ".us")),
    (_EMAIL, " ", ("@",)),
    (_HANDLE, " ", ("@",)),
    (_PROMO, " ", ("follow ", "sign up", "subscribe", "click here", "read more", "download the app", "newsletter",
                   "all rights reserved", "copyright")),
    (_BYLINE, " ", None),
    (_DATELINE, " ", None),
    (_CAPS_DATELINE, " ", None),
    (_OUTLET, "outletname", _OUTLET_LOWER_ASCII),
    (_SPACES, " ", ("\t", "  ")),
)



# The only non-ASCII characters that re.IGNORECASE matches to an ASCII letter (tests/models/test_text_clean.py
# checks every code point): text holding one is cleaned without hints.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def _hint_text(text: str) -> str | None:
    """``text`` lower-cased with each non-ASCII character replaced by ``?``, the text the hints are looked for
    in; ``None`` where a hint could miss a match (a character that re.IGNORECASE folds to ASCII)."""
    if text.isascii():
        return text.lower()
    if _FOLDS_TO_ASCII.search(text):
        return None
    return text.encode("ascii", "replace").decode("ascii").lower()


def _apply(text: str, steps: tuple, gated: bool = True) -> str:
    """Run each step's substitution on ``text`` in turn, skipping a step whose hints rule out a match.

    A pattern's literal parts match only ASCII characters (and the four in ``_FOLDS_TO_ASCII``), so a match
    in ``text`` leaves its hint in ``_hint_text(text)``; a pattern given as a hint is a case-sensitive twin
    that matches there wherever the original matches in ``text``. ``gated=False`` runs every step (for tests).
    """
    hint_text = _hint_text(text) if gated else None
    for pattern, replacement, hints in steps:
        if hint_text is not None and hints is not None:
            if isinstance(hints, re.Pattern):
                if hints.search(hint_text) is None:
                    continue
            elif not any(hint in hint_text for hint in hints):
                continue
        changed = pattern.sub(replacement, text)
        if hint_text is not None and changed != text:
            hint_text = _hint_text(changed)
        text = changed
    return text


def clean_news_v1(text: str, gated: bool = True) -> str:
    """``text`` without outlet-identifying boilerplate (see the module docstring)."""
    return _apply(text, _V1_STEPS, gated)


#: curly quotes and primes -> straight quotes (applied with str.replace: str.translate with a mapping walks the
#: text character by character in Python objects, about 20 times slower on an article)
_QUOTES = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("′", "'"), ("″", '"'))
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Messrs|Mmes)\.?(?= [A-Z])")
_MEDIA_LINE = re.compile(
    r"(?im)^[^\n]{0,30}\b(?:advertisement|caption|photograph|photo|image|pictured|getty images|video|watch|"
    r"related|listen|podcast|newsletter|inbox|privacy policy|terms of (?:use|service)|contributed to this report)"
    r"\b[^\n]{0,30}$"
)
_PHOTO_CREDIT = re.compile(r"\((?:[^()\n]{0,40}(?:photo|image|getty|file|credit)[^()\n]{0,40})\)", re.IGNORECASE)


_V2_STEPS = (
    (_PHOTO_CREDIT, " ", ("photo", "image", "getty", "file", "credit")),
    (_MEDIA_LINE, " ", re.compile(_MEDIA_LINE.pattern.replace("(?im)", "(?m)"))),
    (_HONORIFIC, "", re.compile(r"\bm(?:rs?|s|essrs|mes)\.? [a-z]")),
)


def clean_news_v2(text: str, gated: bool = True) -> str:
    """``news_v1`` plus house-style traces: curly quotes made straight, honorifics (Mr., Ms.) dropped,
    short lines naming media furniture (advertisement, photo, caption, video, newsletter ...) and
    photo credits removed. Outlets differ in these conventions, not in their politics."""
    if not text.isascii():  # curly quotes are never ASCII
        for curly, straight in _QUOTES:
            if curly in text:
                text = text.replace(curly, straight)
    return clean_news_v1(_apply(text, _V2_STEPS, gated), gated)


def _identity(text: str) -> str:
    return text


CLEANERS: dict[str, Callable[[str], str]] = {"none": _identity, "news_v1": clean_news_v1, "news_v2": clean_news_v2}


def cleaner(name: str | None) -> Callable[[str], str]:
    """The cleaner called ``name`` (``None`` or ``"none"``: unchanged text); KeyError for an unknown name."""
    return CLEANERS[name or "none"]


def clean(text: str, name: str | None) -> str:
    return cleaner(name)(text)
