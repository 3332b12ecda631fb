"""Metrics shared by the article-level classifier tasks (slant, clickbait): accuracy, macro-F1, MAE, calibration.

Calibration follows Guo et al. 2017 (confidence ECE, see :mod:`newssift.training.calibration`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import binomtest
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from ..errors import NewssiftError
from ..models.artifacts import read_metrics
from .calibration import ece_by_chance, expected_calibration_error, multiclass_ece, reliability_table


def accuracy_interval(correct: int, n: int) -> list[float]:
    """95% Wilson score interval of an accuracy of ``correct`` out of ``n``, rounded to 4 digits (``[]`` for n=0).

    It treats the examples as independent draws, which articles that share an outlet are not, so on
    outlet-grouped data it is, if anything, too narrow: a floor on the uncertainty, shown so that a
    threshold such as "accuracy >= 0.80" met on 67 articles is not read as settled."""
    if not n:
        return []
    found = binomtest(int(correct), int(n)).proportion_ci(confidence_level=0.95, method="wilson")
    return [round(float(found.low), 4), round(float(found.high), 4)]


def accuracy_text(metrics: dict[str, Any], digits: int = 3) -> str:
    """``accuracy 0.836 (95% interval 0.729-0.906)`` from a metrics block; without the interval where the block has
    none (figures recorded before it was computed)."""
    text = f"accuracy {metrics['accuracy']:.{digits}f}"
    if metrics.get("accuracy_interval"):
        low, high = metrics["accuracy_interval"]
        text += f" (95% interval {low:.{digits}f}-{high:.{digits}f})"
    return text


def classification_metrics(gold: Sequence[str], probabilities: np.ndarray, classes: Sequence[str],
                           ordinal: Sequence[str] | None = None, positive: str | None = None) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class P/R/F1, confusion matrix and ECE of ``probabilities`` (rows follow ``classes``).

    ``ordinal``: the labels in scale order (left, center, right) to report the
    mean absolute error in steps. ``positive``: for a binary task, the label
    whose probability the binary ECE and reliability table are computed on.
    """
    classes = list(classes)
    gold = [str(g) for g in gold]
    probabilities = np.asarray(probabilities, dtype=float)
    top = probabilities.argmax(axis=1)
    predicted = [classes[i] for i in top]
    labels = list(ordinal) if ordinal else classes
    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    gold_index = np.array([classes.index(g) for g in gold])
    correct = int((gold_index == top).sum())
    out: dict[str, Any] = {
        "n": len(gold),
        "accuracy": round(correct / max(1, len(gold)), 4),
        "accuracy_interval": accuracy_interval(correct, len(gold)),
        "macro_f1": round(float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4),
        "per_class": {label: {"precision": round(float(p), 4), "recall": round(float(r), 4),
                              "f1": round(float(f), 4), "support": int(s)}
                      for label, p, r, f, s in zip(labels, precision, recall, f1, support)},
        "confusion": {"labels": labels,
                      "rows_gold_cols_predicted": confusion_matrix(gold, predicted, labels=labels).tolist()},
        "ece": round(multiclass_ece(probabilities, gold_index), 4),
        "ece_by_chance": list(ece_by_chance(probabilities.max(axis=1))),
    }
    if ordinal:
        rank = {label: i for i, label in enumerate(ordinal)}
        out["mae"] = round(float(np.mean([abs(rank[g] - rank[p]) for g, p in zip(gold, predicted)])), 4)
    if positive is not None:
        column = probabilities[:, classes.index(positive)]
        hits = (np.array(gold) == positive).astype(int)
        out["ece_positive"] = round(expected_calibration_error(column, hits), 4)
        out["reliability_table"] = reliability_table(column, hits)
    return out


def binary_flag_metrics(gold: Sequence[str], p_flag: np.ndarray, flag: str, other: str) -> dict[str, Any]:
    """Accuracy, macro-F1, per-label F1 and ECE of a binary model given the probability of its ``flag`` label
    (flagged at 0.5): the shared block of the hyperpartisan and reliability tasks. ``{"n": 0}`` for no rows.
    ``ece`` is the confidence ECE (with :func:`~newssift.training.calibration.ece_by_chance`), ``ece_flag``
    the ECE of the flag probability itself."""
    gold = [str(g) for g in gold]
    if not gold:
        return {"n": 0}
    p_flag = np.asarray(p_flag, dtype=float)
    labels = [other, flag]
    predicted = [flag if p >= 0.5 else other for p in p_flag]
    top = np.where(p_flag >= 0.5, p_flag, 1 - p_flag)
    correct = np.array([p == g for p, g in zip(predicted, gold)], dtype=int)
    per_label = f1_score(gold, predicted, labels=labels, average=None, zero_division=0)
    return {
        "n": len(gold),
        "counts": dict(Counter(gold)),
        "accuracy": round(float(correct.mean()), 4),
        "accuracy_interval": accuracy_interval(int(correct.sum()), len(gold)),
        "macro_f1": round(float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4),
        "f1": {label: round(float(v), 4) for label, v in zip(labels, per_label)},
        "ece": round(expected_calibration_error(top, correct), 4),
        "ece_by_chance": list(ece_by_chance(top)),
        "ece_flag": round(expected_calibration_error(p_flag, (np.array(gold) == flag).astype(int)), 4),
    }


#: what ``evaluate`` calls figures it reads from the artifact instead of measuring them again
RECORDED_NOTE = "recorded when the artifact was trained (its metrics.json), not refitted here"


def recorded_block(folder: Path, key: str) -> dict[str, Any] | None:
    """The ``key`` block of the artifact's ``metrics.json``, written by ``newssift train``: figures measured when it
    was trained, such as its baseline's, which ``evaluate`` shows beside its own without refitting the baseline.
    None when the artifact has no such file or block (a model trained elsewhere)."""
    block = (read_metrics(folder) or {}).get(key)
    return block if isinstance(block, dict) else None


def check_split(task: str, split: str, known: Sequence[str]) -> None:
    if split not in known:
        raise NewssiftError("NS504", split=split, task=task, known=", ".join(known))


def check_artifact_task(task: str, config: dict[str, Any], path: Any) -> None:
    """NS540 when an artifact folder holds a model trained for another task."""
    found = config.get("task")
    if found != task:
        raise NewssiftError("NS540", path=str(path), found=found or "no task", task=task)


def _macro_f1_of_confusions(confusions: np.ndarray) -> np.ndarray:
    """Macro-F1 of each ``(k, k)`` confusion matrix (rows gold, columns predicted) in a ``(..., k, k)`` stack;
    a label absent from both gold and predictions scores 0, as scikit-learn's ``zero_division=0``."""
    hits = np.diagonal(confusions, axis1=-2, axis2=-1)
    gold = confusions.sum(axis=-1)
    predicted = confusions.sum(axis=-2)
    denominator = gold + predicted
    f1 = np.divide(2.0 * hits, denominator, out=np.zeros(hits.shape), where=denominator > 0)
    return f1.mean(axis=-1)


def paired_outlet_bootstrap(gold: Sequence[str], predicted_a: Sequence[str], predicted_b: Sequence[str],
                            outlets: Sequence[str], labels: Sequence[str], draws: int = 2000,
                            seed: int = 0) -> dict[str, Any]:
    """How sure is "model A scores a higher macro-F1 than model B on these articles"? A paired bootstrap that
    resamples whole outlets (Field and Welsh 2007, cluster bootstrap): articles of one outlet share house style
    and label, so they are not independent draws, and resampling articles would overstate the certainty.

    Each draw picks as many outlets as there are, with replacement, and scores both models on the same picked
    articles. Returns the observed difference (A - B), the 2.5th and 97.5th percentiles of the drawn
    differences (a 95% interval) and the share of draws in which A scores higher.
    """
    labels = list(labels)
    index = {label: i for i, label in enumerate(labels)}
    outlet_of_article, picks = _outlet_draws(outlets, draws, seed)
    k = len(labels)
    confusions = np.zeros((2, picks.shape[1], k, k))
    for o, g, a, b in zip(outlet_of_article, gold, predicted_a, predicted_b):
        confusions[0, o, index[g], index[a]] += 1
        confusions[1, o, index[g], index[b]] += 1
    observed = _macro_f1_of_confusions(confusions.sum(axis=1))
    drawn = np.einsum("do,mokl->mdkl", picks.astype(float), confusions)  # (model, draw, k, k)
    differences = _macro_f1_of_confusions(drawn[0]) - _macro_f1_of_confusions(drawn[1])
    low, high = np.percentile(differences, [2.5, 97.5])
    return {"difference": round(float(observed[0] - observed[1]), 4), "interval_95": [round(float(low), 4),
            round(float(high), 4)], "share_a_higher": round(float((differences > 0).mean()), 3),
            "outlets": picks.shape[1], "draws": draws}


def _outlet_draws(outlets: Sequence[str], draws: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The outlet resampling of the paired bootstraps: each article's outlet number (outlets sorted by name), and
    ``(draws, outlets)`` counts of how often each draw picks each outlet (as many picks as outlets, with
    replacement)."""
    names = sorted(set(outlets))
    number = {name: i for i, name in enumerate(names)}
    picks = np.random.default_rng(seed).multinomial(len(names), np.full(len(names), 1.0 / len(names)), size=draws)
    return np.array([number[outlet] for outlet in outlets], dtype=np.int64), picks


def largest_outlet_weight(gold: Sequence[str], predicted: Sequence[str], outlets: Sequence[str],
                          labels: Sequence[str]) -> dict[str, Any]:
    """How far one outlet decides a macro-F1: the largest outlet's share of the articles, the macro-F1 of the
    others alone, and the macro-F1 had every article of that outlet been read as its gold label (the rest as
    predicted). Where labels are outlet ratings and one outlet holds most of a split (New York Times - News is
    65% of the AllSides dev split's outlet-disjoint part), the figure is mostly a verdict on that one outlet,
    and this says by how much."""
    labels = list(labels)
    name, count = Counter(outlets).most_common(1)[0]
    others = [i for i, outlet in enumerate(outlets) if outlet != name]

    def macro_f1(golds: Sequence[str], guesses: Sequence[str]) -> float:
        return round(float(f1_score(golds, guesses, labels=labels, average="macro", zero_division=0)), 4)

    read_as_gold = [g if outlet == name else p for g, p, outlet in zip(gold, predicted, outlets)]
    return {"outlet": name, "n": count, "share": round(count / len(gold), 4),
            "macro_f1_without": macro_f1([gold[i] for i in others], [predicted[i] for i in others]) if others else None,
            "macro_f1_if_its_articles_read_right": macro_f1(gold, read_as_gold)}


def largest_outlet_text(result: dict[str, Any]) -> str:
    """One line for :func:`largest_outlet_weight`'s result."""
    without = result["macro_f1_without"]
    return (f"largest outlet {result['outlet']}: {result['n']} articles ({result['share']:.0%}); macro-F1 "
            + (f"{without:.4f} without it, " if without is not None else "")
            + f"{result['macro_f1_if_its_articles_read_right']:.4f} with each of its articles read as its gold "
              "label and the rest as predicted")


def _weighted_roc_auc(scores: np.ndarray, positive: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """ROC AUC of ``scores`` against the boolean ``positive`` under each row of article weights ``weights``
    (``(draws, n)``): the weighted share of (positive, negative) pairs ranked right, ties counting half, which is
    what scikit-learn's ``roc_auc_score`` gives with ``sample_weight``. Rows without both classes give NaN."""
    order = np.argsort(scores, kind="stable")
    ranked = scores[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])  # first index of each run of equal scores
    pos = np.add.reduceat(weights[:, order] * positive[order], starts, axis=1)
    neg = np.add.reduceat(weights[:, order] * ~positive[order], starts, axis=1)
    below = np.cumsum(neg, axis=1) - neg  # negative weight strictly below each distinct score
    pairs = pos.sum(axis=1) * neg.sum(axis=1)
    right = (pos * (below + 0.5 * neg)).sum(axis=1)
    return np.divide(right, pairs, out=np.full(len(pairs), np.nan), where=pairs > 0)


def paired_outlet_bootstrap_auc(positive: Sequence[bool], scores_a: Sequence[float], scores_b: Sequence[float],
                                outlets: Sequence[str], draws: int = 2000, seed: int = 0) -> dict[str, Any]:
    """:func:`paired_outlet_bootstrap` for ROC AUC: how sure is "A ranks the articles better than B", whatever
    threshold a reader flags at. Same outlet resampling (and the same draws, for the same outlets and seed)."""
    positive = np.asarray(positive, dtype=bool)
    observed = [float(_weighted_roc_auc(np.asarray(s, dtype=float), positive, np.ones((1, len(positive))))[0])
                for s in (scores_a, scores_b)]
    outlet_of_article, picks = _outlet_draws(outlets, draws, seed)
    weights = picks[:, outlet_of_article].astype(float)
    differences = (_weighted_roc_auc(np.asarray(scores_a, dtype=float), positive, weights)
                   - _weighted_roc_auc(np.asarray(scores_b, dtype=float), positive, weights))
    differences = differences[~np.isnan(differences)]
    low, high = np.percentile(differences, [2.5, 97.5])
    return {"metric": "ROC AUC", "a": round(observed[0], 4), "b": round(observed[1], 4),
            "difference": round(observed[0] - observed[1], 4), "interval_95": [round(float(low), 4),
            round(float(high), 4)], "share_a_higher": round(float((differences > 0).mean()), 3),
            "outlets": picks.shape[1], "draws": int(len(differences))}


def bootstrap_text(result: dict[str, Any]) -> str:
    """One line for :func:`paired_outlet_bootstrap`'s result."""
    low, high = result["interval_95"]
    return (f"{result.get('metric', 'macro-F1')} {result['difference']:+.3f}, 95% interval {low:+.3f} to {high:+.3f} (paired bootstrap over "
            f"{result['outlets']} outlets, {result['draws']} draws; ahead in {result['share_a_higher']:.0%} of them)")
