"""Scorer for SemEval-2020 Task 11, written from the task definition.

Da San Martino et al., "SemEval-2020 Task 11: Detection of Propaganda
Techniques in News Articles" (2020), and "Fine-Grained Analysis of Propaganda
in News Articles" (EMNLP 2019) for the partial-overlap measure.

Spans are ``(start, end)`` or ``(start, end, technique)`` character ranges,
end exclusive, grouped by article id.

SI (span identification)
    Technique labels are ignored. Within each article, spans that share at
    least one character are merged (gold always; predictions too, as the
    official scorer's ``-m`` option does). With S the predicted and T the
    gold spans of the whole corpus::

        P = (1/|S|) * sum_{s in S} sum_{t in T, same article} |s ∩ t| / |s|
        R = (1/|T|) * sum_{s in S} sum_{t in T, same article} |s ∩ t| / |t|
        F1 = 2PR / (P + R)

    Sums run over the corpus (micro over articles). With no predicted and no
    gold spans at all, F1 is 1.
TC (technique classification)
    The gold spans are given; a system names a technique for each. Where one
    span is listed several times (it carries several techniques), predictions
    for that span are paired with gold labels so that as many as possible match
    (the official scorer's alignment). Micro-F1 over all gold spans, which
    equals accuracy when every gold span gets one prediction; a gold span with
    no prediction counts as wrong.
joint
    As SI, but a predicted span earns credit only from gold spans with the same
    technique, and overlapping spans are merged only within one technique
    (the FLC measure of Da San Martino et al. 2019).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

Spans = Mapping[str, Sequence[Sequence]]


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans that share at least one character; drop empty ones. ``[0,5)`` and ``[5,9)`` stay apart."""
    merged: list[list[int]] = []
    for start, end in sorted((int(s), int(e)) for s, e in spans if int(e) > int(s)):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _prf(prec_num: float, prec_den: int, rec_num: float, rec_den: int) -> dict[str, float]:
    p = prec_num / prec_den if prec_den else 0.0
    r = rec_num / rec_den if rec_den else 0.0
    if prec_den == 0 and rec_den == 0:
        f1 = 1.0
    elif p > 0 and r > 0:
        f1 = 2 * p * r / (p + r)
    else:
        f1 = 0.0
    return {"precision": p, "recall": r, "f1": f1, "predicted": prec_den, "gold": rec_den}


def _overlap_credit(pred: dict[str, list[tuple[int, int]]], gold: dict[str, list[tuple[int, int]]]):  # type: ignore[no-untyped-def]
    prec_num = rec_num = 0.0
    for article_id, pred_spans in pred.items():
        for s in pred_spans:
            for t in gold.get(article_id, []):
                inter = _overlap(s, t)
                if inter:
                    prec_num += inter / (s[1] - s[0])
                    rec_num += inter / (t[1] - t[0])
    return prec_num, rec_num


def si_score(predictions: Spans, gold: Spans) -> dict[str, float]:
    """SI precision, recall, F1 (see the module docstring). Techniques, if given, are ignored."""
    pred = {str(k): merge_spans((s[0], s[1]) for s in v) for k, v in predictions.items()}
    ref = {str(k): merge_spans((s[0], s[1]) for s in v) for k, v in gold.items()}
    prec_num, rec_num = _overlap_credit(pred, ref)
    return _prf(prec_num, sum(map(len, pred.values())), rec_num, sum(map(len, ref.values())))


def joint_score(predictions: Spans, gold: Spans) -> dict[str, float]:
    """Span overlap credited only between spans of the same technique."""
    def by_technique(table: Spans) -> dict[str, list[tuple[int, int]]]:
        out: dict[str, list[tuple[int, int]]] = {}
        for article_id, spans in table.items():
            groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for start, end, technique in spans:
                groups[technique].append((start, end))
            for technique, items in groups.items():
                out[f"{article_id}\x00{technique}"] = merge_spans(items)
        return out

    pred, ref = by_technique(predictions), by_technique(gold)
    prec_num, rec_num = _overlap_credit(pred, ref)
    return _prf(prec_num, sum(map(len, pred.values())), rec_num, sum(map(len, ref.values())))


def tc_score(predictions: Spans, gold: Spans) -> dict[str, float | int]:
    """Micro-F1 of technique labels over the gold spans (labels aligned within repeated spans)."""
    correct = total = predicted = 0
    for article_id, gold_spans in gold.items():
        wanted: dict[tuple[int, int], Counter] = defaultdict(Counter)
        for start, end, technique in gold_spans:
            wanted[(int(start), int(end))][technique] += 1
        offered: dict[tuple[int, int], Counter] = defaultdict(Counter)
        for start, end, technique in predictions.get(article_id, predictions.get(str(article_id), [])):
            offered[(int(start), int(end))][technique] += 1
        for key, labels in wanted.items():
            total += sum(labels.values())
            given = offered.get(key, Counter())
            predicted += min(sum(given.values()), sum(labels.values()))
            correct += sum((labels & given).values())
    p = correct / predicted if predicted else 0.0
    r = correct / total if total else 0.0
    f1 = 2 * p * r / (p + r) if p > 0 and r > 0 else 0.0
    return {"micro_f1": f1, "precision": p, "recall": r, "correct": correct, "total": total}
