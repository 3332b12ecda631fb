"""Outlet profiles from the bundled rater tables, and the political-symmetry check of article-level models.

Two jobs, shared by the ``reliability`` and ``hyperpartisan`` tasks:

1. :func:`outlet_profile` turns the rater tables (:mod:`newssift.sources`) into
   two coarse, documented labels per outlet, used for distant supervision and
   for grouping evaluation rows. The ratings themselves are never merged in a
   report; these labels exist only for training and evaluation.

   - **factual** (``"reliable"`` / ``"unreliable"`` / None): the outlet's
     factual-reporting rating. The first rater that rates the outlet, in this
     order, decides: Media Bias/Fact Check ``reporting`` (mostly-factual, high,
     very-high -> reliable; mixed, low, very-low -> unreliable); Baly et al.
     2020 then 2018 ``fact`` (high -> reliable; mixed, low -> unreliable);
     Burdisso et al. 2024 MBFC scrape ``factual_reporting`` (high, very high
     -> reliable; the rest unreliable); OpenSources tags (``reliable`` ->
     reliable; fake, conspiracy, junksci, hate, satire, unreliable, bias,
     rumor -> unreliable).
   - **leaning** (``"left"`` / ``"center"`` / ``"right"`` / None): the
     outlet's bias rating, from the first of MBFC ``bias`` (left and
     left-center -> left; right and right-center -> right; center -> center;
     MBFC's source-type categories such as "fake-news" or "satire" carry no
     leaning and fall through), Baly et al. 2020, Baly et al. 2018 (extreme-
     and -center variants fold into left/right), the Burdisso et al. MBFC
     scrape's free-text bias.

2. :func:`false_flag_rates`: the political-symmetry figure the issue asks for.
   On evaluation articles whose outlet is rated *reliable*, the share flagged
   by the model (as unreliable-like or hyperpartisan), for left-leaning and
   for right-leaning outlets, with the gap in percentage points. Both the
   article-level rate and the outlet-macro rate (the mean of per-outlet
   rates, so one large outlet cannot decide a side) are given, with the
   outlets behind each side, so a gap can be traced to the outlets causing it.

References: Baly, Karadzhov, Alexandrov, Glass, Nakov, EMNLP 2018; Baly et al.
ACL 2020; Burdisso et al., NAACL 2024; Media Bias/Fact Check; Zimdars et al.,
OpenSources (2017).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

import numpy as np
from sklearn.metrics import f1_score

from ..data import read_jsonl, require_dataset
from ..errors import NewssiftError
from ..ingest.domain import split_host
from ..sources import RaterTables, bundled_tables, parse_target

RELIABLE = "reliable"
UNRELIABLE = "unreliable"
LEANINGS = ("left", "center", "right")
#: the article set whose outlets the raters rate: the symmetry checks count flags on its articles
ALLSIDES_DATASET = "political-bias-allsides-baly2020"

_MBFC_REPORTING = {"very-high": RELIABLE, "high": RELIABLE, "mostly-factual": RELIABLE,
                   "mixed": UNRELIABLE, "low": UNRELIABLE, "very-low": UNRELIABLE}
_BALY_FACT = {"high": RELIABLE, "mixed": UNRELIABLE, "low": UNRELIABLE}
_IDIAP_FACT = {"very high": RELIABLE, "high": RELIABLE, "mostly factual": RELIABLE,
               "mixed": UNRELIABLE, "low": UNRELIABLE, "very low": UNRELIABLE}
_OPENSOURCES_UNRELIABLE = {"fake", "conspiracy", "junksci", "hate", "satire", "unreliable", "bias", "rumor"}
_BIAS = {"left": "left", "left-center": "left", "extreme-left": "left", "center": "center",
         "right-center": "right", "right": "right", "extreme-right": "right"}


@dataclass(frozen=True)
class OutletProfile:
    """Coarse labels of one outlet, with the rater and label each came from."""

    outlet: str | None
    factual: str | None = None
    factual_from: str | None = None
    leaning: str | None = None
    leaning_from: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def outlet_of(url_or_host: str | None) -> str | None:
    """The registrable domain (the outlet) of a URL or host, or None (``money.cnn.com`` -> ``cnn.com``)."""
    if not url_or_host:
        return None
    host, registrable = split_host(url_or_host)
    return registrable or host


class AllSidesArticle(NamedTuple):
    split: str
    outlet: str
    record: dict[str, Any]


def allsides_sample(splits: Sequence[str], max_per_outlet: int, exclude: Iterable[str] = (),
                    keep: Callable[[dict[str, Any]], bool] | None = None) -> list[AllSidesArticle]:
    """The AllSides articles (Baly et al. 2020) of ``splits`` on which a symmetry check counts flags: at most
    ``max_per_outlet`` per outlet, the first by SHA-1 of id (a fixed draw, so that a few large outlets do not make
    up the sample), outlets in the order first met; outlets in ``exclude`` and records ``keep`` rejects left out.
    """
    folder = require_dataset(ALLSIDES_DATASET)
    excluded = set(exclude)
    by_outlet: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for split in splits:
        for raw in read_jsonl(folder / f"{split}.jsonl.gz"):
            outlet = outlet_of(raw.get("source_url") or raw.get("url"))
            if outlet and outlet not in excluded and (keep is None or keep(raw)):
                by_outlet[outlet].append((split, raw))
    sample = []
    for outlet, items in by_outlet.items():
        items.sort(key=lambda item: hashlib.sha1(item[1]["id"].encode()).hexdigest())
        sample.extend(AllSidesArticle(split, outlet, raw) for split, raw in items[:max_per_outlet])
    return sample


def _first_label(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _idiap_bias(text: Any) -> str | None:
    text = str(_first_label(text) or "").lower()
    if not text:
        return None
    if "left" in text:
        return "left"
    if "right" in text:
        return "right"
    if "least biased" in text or text == "center":
        return "center"
    return None


def profile_from_ratings(ratings: Mapping[str, Mapping[str, Any]], outlet: str | None = None) -> OutletProfile:
    """:class:`OutletProfile` from ``{rater id: labels as written}`` (the rules of the module docstring)."""
    factual = factual_from = leaning = leaning_from = None
    mbfc = ratings.get("mbfc") or {}
    candidates_fact = [
        ("mbfc", _MBFC_REPORTING.get(str(_first_label(mbfc.get("reporting")) or ""))),
        ("baly2020", _BALY_FACT.get(str(_first_label((ratings.get("baly2020") or {}).get("fact")) or ""))),
        ("baly2018", _BALY_FACT.get(str(_first_label((ratings.get("baly2018") or {}).get("fact")) or ""))),
        ("idiap_mbfc", _IDIAP_FACT.get(str(_first_label((ratings.get("idiap_mbfc") or {}).get("factual_reporting")) or ""))),
    ]
    tags = set((ratings.get("opensources") or {}).get("tags") or [])
    if "reliable" in tags:
        candidates_fact.append(("opensources", RELIABLE))
    elif tags & _OPENSOURCES_UNRELIABLE:
        candidates_fact.append(("opensources", UNRELIABLE))
    for rater, value in candidates_fact:
        if value is not None:
            factual, factual_from = value, rater
            break
    candidates_lean = [
        ("mbfc", _BIAS.get(str(_first_label(mbfc.get("bias")) or ""))),
        ("baly2020", _BIAS.get(str(_first_label((ratings.get("baly2020") or {}).get("bias")) or ""))),
        ("baly2018", _BIAS.get(str(_first_label((ratings.get("baly2018") or {}).get("bias")) or ""))),
        ("idiap_mbfc", _idiap_bias((ratings.get("idiap_mbfc") or {}).get("bias"))),
    ]
    for rater, value in candidates_lean:
        if value is not None:
            leaning, leaning_from = value, rater
            break
    return OutletProfile(outlet, factual, factual_from, leaning, leaning_from)


@lru_cache(maxsize=8192)
def _profile_cached(outlet: str) -> OutletProfile:
    return _profile_with(bundled_tables(), outlet)


def _profile_with(tables: RaterTables, url_or_host: str) -> OutletProfile:
    outlet = outlet_of(url_or_host)
    if outlet is None:
        return OutletProfile(None)
    try:
        found = tables.lookup_target(parse_target(url_or_host))
    except NewssiftError:
        return OutletProfile(outlet)
    ratings = {rating.rater.id: rating.labels for rating in found.ratings}
    return profile_from_ratings(ratings, outlet)


def outlet_profile(url_or_host: str | None, tables: RaterTables | None = None) -> OutletProfile:
    """Factual and leaning labels of the outlet of ``url_or_host`` from the rater tables (bundled by default)."""
    if not url_or_host:
        return OutletProfile(None)
    if tables is not None:
        return _profile_with(tables, url_or_host)
    host, _ = split_host(url_or_host)
    return _profile_cached(host or url_or_host)


#: the outlet-macro rate is also given over outlets with at least this many articles: an outlet with one or two
#: dev articles has a rate of 0, 50 or 100%, and a few of them can make the plain outlet-macro gap
MIN_OUTLET_ARTICLES = 5


def false_flag_rates(flagged: Sequence[bool] | np.ndarray, outlets: Sequence[str | None],
                     profiles: Mapping[str, OutletProfile] | None = None,
                     probabilities: Sequence[float] | np.ndarray | None = None) -> dict[str, Any]:
    """False-flag rates on articles of outlets rated reliable, left-leaning vs right-leaning outlets.

    ``flagged[i]`` says whether the model flagged article ``i`` (unreliable-like,
    hyperpartisan); ``outlets[i]`` is its outlet (URL or host). Articles whose
    outlet is not rated reliable, or has no left/right leaning, are left out.
    Returns, per side, articles, outlets, the article-level rate and the
    outlet-macro rate (and the mean flag probability when ``probabilities``
    is given), the outlet-macro rate over outlets with at least
    :data:`MIN_OUTLET_ARTICLES` articles, the per-outlet breakdown, and
    ``gap_points`` (right minus left, article-level, in percentage points),
    ``gap_points_outlet_macro`` and ``gap_points_outlet_macro_min_articles``.
    """
    flagged = np.asarray(flagged, dtype=bool)
    probs = None if probabilities is None else np.asarray(probabilities, dtype=float)
    if len(flagged) != len(outlets):
        raise ValueError("flagged and outlets differ in length")
    per_outlet: dict[str, dict[str, Any]] = {}
    for i, url in enumerate(outlets):
        outlet = outlet_of(url)
        if outlet is None:
            continue
        profile = (profiles or {}).get(outlet) or outlet_profile(url)
        if profile.factual != RELIABLE or profile.leaning not in ("left", "right"):
            continue
        row = per_outlet.setdefault(outlet, {"leaning": profile.leaning, "factual_from": profile.factual_from,
                                             "leaning_from": profile.leaning_from, "n": 0, "flagged": 0, "p": 0.0})
        row["n"] += 1
        row["flagged"] += int(flagged[i])
        if probs is not None:
            row["p"] += float(probs[i])
    out: dict[str, Any] = {"definition": "share of articles flagged, among articles of outlets rated reliable "
                                         "(factual reporting), by the outlet's bias rating"}
    for side in ("left", "right"):
        rows = {k: v for k, v in per_outlet.items() if v["leaning"] == side}
        n = sum(v["n"] for v in rows.values())
        k = sum(v["flagged"] for v in rows.values())
        summary: dict[str, Any] = {
            "articles": n,
            "outlets": len(rows),
            "flagged": k,
            "false_flag_rate": round(k / n, 4) if n else None,
            "false_flag_rate_outlet_macro": round(float(np.mean([v["flagged"] / v["n"] for v in rows.values()])), 4)
            if rows else None,
        }
        larger = [v["flagged"] / v["n"] for v in rows.values() if v["n"] >= MIN_OUTLET_ARTICLES]
        summary["outlets_min_articles"] = len(larger)
        summary["false_flag_rate_outlet_macro_min_articles"] = round(float(np.mean(larger)), 4) if larger else None
        if probs is not None:
            summary["mean_flag_probability"] = round(sum(v["p"] for v in rows.values()) / n, 4) if n else None
        summary["by_outlet"] = {
            name: {"articles": v["n"], "false_flag_rate": round(v["flagged"] / v["n"], 4)}
            for name, v in sorted(rows.items(), key=lambda item: -item[1]["n"])
        }
        out[side] = summary
    left, right = out["left"], out["right"]
    if left["false_flag_rate"] is not None and right["false_flag_rate"] is not None:
        out["gap_points"] = round(100 * (right["false_flag_rate"] - left["false_flag_rate"]), 2)
        out["gap_points_outlet_macro"] = round(
            100 * (right["false_flag_rate_outlet_macro"] - left["false_flag_rate_outlet_macro"]), 2)
    else:
        out["gap_points"] = None
        out["gap_points_outlet_macro"] = None
    larger_left = left["false_flag_rate_outlet_macro_min_articles"]
    larger_right = right["false_flag_rate_outlet_macro_min_articles"]
    out["min_articles"] = MIN_OUTLET_ARTICLES
    out["gap_points_outlet_macro_min_articles"] = (round(100 * (larger_right - larger_left), 2)
                                                   if larger_left is not None and larger_right is not None else None)
    return out


def labels_by_leaning(gold: Sequence[str], outlets: Sequence[str | None], flag: str) -> dict[str, Any]:
    """How far the gold labels of a set follow the outlets' political leaning, read from no text at all.

    ``gold[i]`` is article ``i``'s label (``flag`` or another), ``outlets[i]`` its outlet (URL or host).
    Returns the label counts per leaning (``"unrated"`` where the tables give none) and, for ``"left"`` and
    ``"right"``, the macro-F1 of a rule that flags every article of an outlet with that leaning and no other.
    Where labels are outlet ratings (distant supervision), a high figure says that a model can score well by
    learning the leaning, which the symmetry check (:func:`false_flag_rates`) counts against it: such a rule
    flags every article of that side's reliable outlets.
    """
    leanings = [outlet_profile(url).leaning or "unrated" for url in outlets]
    counts: dict[str, dict[str, int]] = {}
    for leaning, label in zip(leanings, gold):
        cell = counts.setdefault(leaning, {})
        cell[label] = cell.get(label, 0) + 1
    truth = [label == flag for label in gold]
    rules = {side: round(float(f1_score(truth, [leaning == side for leaning in leanings], average="macro",
                                        zero_division=0)), 4) for side in ("left", "right")}
    return {"counts": dict(sorted(counts.items())), "flag": flag, "rule_macro_f1": rules}


def format_labels_by_leaning(result: Mapping[str, Any], indent: str = "  ") -> str:
    """:func:`labels_by_leaning` as two lines of text."""
    flag = result["flag"]
    cells = "; ".join(f"{leaning} {cell.get(flag, 0)} {flag} of {sum(cell.values())}"
                      for leaning, cell in result["counts"].items())
    rules = result["rule_macro_f1"]
    return (f"{indent}labels by the outlet's leaning: {cells}\n"
            f"{indent}a rule that reads no text and flags every article of right-leaning outlets scores macro-F1 "
            f"{rules['right']:.3f} (left-leaning: {rules['left']:.3f}); it flags all of that side's reliable outlets")


def format_symmetry(symmetry: Mapping[str, Any], indent: str = "  ", rate_name: str = "false-flag rate") -> str:
    """The symmetry figures as a few lines of text; ``rate_name`` names the rate ("flag rate" where the articles
    carry no labels of the task, so that a flag is not known to be false)."""
    lines = []
    for side in ("left", "right"):
        s = symmetry.get(side) or {}
        if not s.get("articles"):
            lines.append(f"{indent}{side}-leaning reliable outlets: no articles")
            continue
        extra = f", mean p {s['mean_flag_probability']:.3f}" if s.get("mean_flag_probability") is not None else ""
        lines.append(
            f"{indent}{side}-leaning reliable outlets: {rate_name} {s['false_flag_rate']:.3f} "
            f"({s['flagged']}/{s['articles']} articles, {s['outlets']} outlets; outlet-macro "
            f"{s['false_flag_rate_outlet_macro']:.3f}{extra})"
        )
    if symmetry.get("gap_points") is not None:
        larger = symmetry.get("gap_points_outlet_macro_min_articles")
        over_larger = "" if larger is None else (
            f"; outlet-macro over outlets with {symmetry['min_articles']}+ articles {larger:+.1f}: left "
            f"{symmetry['left']['false_flag_rate_outlet_macro_min_articles']:.3f} over "
            f"{symmetry['left']['outlets_min_articles']} outlets, right "
            f"{symmetry['right']['false_flag_rate_outlet_macro_min_articles']:.3f} over "
            f"{symmetry['right']['outlets_min_articles']}")
        lines.append(f"{indent}gap (right - left): {symmetry['gap_points']:+.1f} points "
                     f"(outlet-macro {symmetry['gap_points_outlet_macro']:+.1f}{over_larger})")
    return "\n".join(lines)


def profiles_for(outlets: Iterable[str | None]) -> dict[str, OutletProfile]:
    """``{outlet: profile}`` for every distinct outlet given (URLs or hosts)."""
    out: dict[str, OutletProfile] = {}
    for url in outlets:
        outlet = outlet_of(url)
        if outlet and outlet not in out:
            out[outlet] = outlet_profile(url)
    return out
