"""Turn a stored report (plain JSON) into what the templates draw, for any analyzer.

The article is cut into segments at every span boundary; each segment lists
the spans over it, so overlapping spans stay visible (nested underlines, one
colour per technique) and each segment carries a card with the definitions and
confidences. Every piece of report text is untrusted: the article HTML is built
with :class:`markupsafe.Markup` formatting, which escapes every argument, and
links pass :func:`safe_url`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from ..numbers import percent_text
from ..render.analyzers.classifier import class_name, heldout_phrase
from ..render.common import quoted
from ..render.source_table import label_text, main_scale, ordinal_text
from ..techniques import BY_LABEL, LABELS

OTHER_COLOURS = 8  # classes a0..a7 for analyzers whose spans are not techniques


def safe_url(value: Any) -> str | None:
    """``value`` if it is an absolute http(s) URL without spaces or control characters, else None."""
    if not isinstance(value, str) or len(value) > 4096:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ch in "<>\"'`\\" for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value


def technique_class(label: str) -> str | None:
    return f"t{LABELS.index(label)}" if label in BY_LABEL else None


def fmt_score(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return f"{value:.2f}"


def pct(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "?"
    return percent_text(value)


@dataclass
class Mark:
    analyzer: str
    label: str
    css: str
    start: int
    end: int
    score: Any = None
    detail: Any = None
    key: str = ""  # data-layer value: the analyzer name

    @property
    def title(self) -> str:
        technique = BY_LABEL.get(self.label)
        return technique.name if technique else self.label.replace("_", " ")

    @property
    def definition(self) -> str | None:
        technique = BY_LABEL.get(self.label)
        return technique.definition if technique else None


@dataclass
class Layer:
    analyzer: str
    css: str
    count: int
    labels: list[dict[str, Any]] = field(default_factory=list)
    hidden: bool = False


def default_hidden(report: Mapping[str, Any], share: float = 0.3) -> set[str]:
    """Analyzers whose spans (other than techniques) cover over ``share`` of the text: off until shown.

    Sentence-level evidence (style's hardest-to-read sentences, say) would otherwise
    underline most of the article and drown the passage-level findings.
    """
    text_length = len(report.get("text") or "") or 1
    hidden = set()
    for name, result in (report.get("analyzers") or {}).items():
        spans = [s for s in (result.get("spans") or []) if isinstance(s, Mapping)]
        if not spans or all(s.get("label") in BY_LABEL for s in spans):
            continue
        covered: set[int] = set()
        for span in spans:
            start, end = span.get("start"), span.get("end")
            if isinstance(start, int) and isinstance(end, int):
                covered.update(range(max(0, start), min(end, text_length)))
        if len(covered) / text_length > share:
            hidden.add(name)
    return hidden


def _marks(report: Mapping[str, Any], hidden: set[str]) -> tuple[list[Mark], list[Layer]]:
    text = report.get("text") or ""
    marks: list[Mark] = []
    layers: list[Layer] = []
    other = 0
    for name, result in (report.get("analyzers") or {}).items():
        spans = [s for s in (result.get("spans") or []) if isinstance(s, Mapping)]
        if not spans:
            continue
        is_techniques = all(s.get("label") in BY_LABEL for s in spans)
        layer_css = "tech" if is_techniques else f"a{other % OTHER_COLOURS}"
        if not is_techniques:
            other += 1
        counts: dict[str, int] = {}
        for span in spans:
            start, end, label = span.get("start"), span.get("end"), str(span.get("label") or "")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                continue
            css = technique_class(label) or layer_css
            counts[label] = counts.get(label, 0) + 1
            if name not in hidden:
                marks.append(Mark(name, label, css, start, end, span.get("score"), span.get("detail"), name))
        labels = [
            {"label": label, "name": (BY_LABEL[label].name if label in BY_LABEL else label.replace("_", " ")),
             "css": technique_class(label) or layer_css, "count": count,
             "definition": BY_LABEL[label].definition if label in BY_LABEL else None}
            for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]
        layers.append(Layer(name, layer_css, sum(counts.values()), labels, name in hidden))
    return marks, layers


def _segments(text: str, marks: list[Mark]) -> list[tuple[str, list[Mark]]]:
    """Cut ``text`` at every span boundary: (piece, spans covering it), outermost span first."""
    points = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts: dict[int, list[Mark]] = {}
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
    active: list[Mark] = []
    out: list[tuple[str, list[Mark]]] = []
    for a, b in zip(points, points[1:]):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        if a == b:
            continue
        ordered = sorted(active, key=lambda m: (not m.css.startswith("t"), m.start, -m.end, m.label))
        out.append((text[a:b], ordered))
    return out


def _card(marks: list[Mark]) -> Markup:
    items = []
    for mark in marks:
        parts = [Markup('<span class="card-title"><span class="swatch {}" aria-hidden="true"></span>{}</span>').format(
            mark.css, mark.title)]
        meta = [mark.analyzer]
        score = fmt_score(mark.score)
        if score is not None:
            meta.append(f"confidence {score}" if mark.css.startswith("t") else f"score {score}")
        parts.append(Markup('<span class="card-meta">{}</span>').format(" · ".join(meta)))
        if mark.definition:
            parts.append(Markup('<span class="card-def">{}</span>').format(mark.definition))
        if mark.detail:
            parts.append(Markup('<span class="card-detail">{}</span>').format(str(mark.detail)))
        items.append(Markup('<span class="card-item">{}</span>').format(Markup("").join(parts)))
    return Markup('<span class="card" role="tooltip">{}</span>').format(Markup("").join(items))


def article_html(text: str, marks: list[Mark]) -> Markup:
    """The article with its spans: nested ``<span class="hl ...">`` per covering span, a card per segment."""
    pieces: list[Markup] = []
    for piece, covering in _segments(text, marks):
        if not covering:
            pieces.append(escape(piece))
            continue
        layers = list(dict.fromkeys((m.css, m.key, m.label if m.css.startswith("t") else "") for m in covering))
        depth = len(layers)  # one underline per colour: spans of one analyzer's plain layer share one
        opening = Markup("").join(
            Markup('<span class="hl {} d{}" data-layer="{}" data-label="{}">').format(css, min(depth - i, 6), key, label)
            for i, (css, key, label) in enumerate(layers)
        )
        closing = Markup("</span>" * depth)
        labels = ", ".join(dict.fromkeys(m.title for m in covering))
        pieces.append(
            Markup('<span class="seg" tabindex="0" aria-label="{}">{}{}{}{}</span>').format(
                f"highlighted: {labels}", opening, piece, closing, _card(covering))
        )
    return Markup("").join(pieces)


def _kind(name: str, result: Mapping[str, Any]) -> str:
    if "ratings" in result or name == "source":
        return "source"
    if isinstance(result.get("claims"), list):
        return "claims"
    if "label" in result and isinstance(result.get("probabilities"), Mapping):
        return "classifier"
    if isinstance(result.get("signals"), Mapping):
        return "style"
    if isinstance(result.get("counts"), Mapping):
        return "techniques"
    return "generic"


def _panel(name: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    result = entry.get("result") or {}
    kind = _kind(name, result)
    panel: dict[str, Any] = {"name": name, "kind": kind, "summary": result.get("summary"),
                             "version": entry.get("version"), "result": result}
    if kind == "source":
        panel["ratings"] = [
            {"rater": r.get("name") or r.get("rater"), "id": r.get("rater"), "labels": label_text(r.get("labels")),
             "scale": main_scale(r), "ordinal": ordinal_text(r.get("ordinal")), "date": r.get("data_date"),
             "url": safe_url(r.get("url")), "outlet_name": r.get("outlet_name")}
            for r in (result.get("ratings") or []) if isinstance(r, Mapping)
        ]
        panel["not_rated_by"] = [str(x) for x in (result.get("not_rated_by") or [])]
    elif kind == "claims":
        claims = []
        for claim in result.get("claims") or []:
            if not isinstance(claim, Mapping):
                continue
            matches = []
            for match in claim.get("matches") or []:
                review = (match or {}).get("claim_review") or {}
                rating = review.get("reviewRating") or {}
                item = review.get("itemReviewed") or {}
                matches.append({
                    "claim": review.get("claimReviewed"), "verdict": rating.get("alternateName"),
                    "publisher": (review.get("author") or {}).get("name"), "url": safe_url(review.get("url")),
                    "raw_url": review.get("url"), "date": review.get("datePublished"),
                    "claimant": ((item.get("author") or {}) if isinstance(item, Mapping) else {}).get("name"),
                    "similarity": fmt_score(match.get("similarity")),
                })
            claims.append({"quoted": quoted(str(claim.get("text") or "")), "score": fmt_score(claim.get("score")),
                           "matches": matches})
        panel["claims"] = claims
    elif kind == "classifier":
        probabilities = result.get("probabilities") or {}
        panel["label"] = class_name(result.get("label"))
        panel["confidence"] = pct(probabilities.get(result.get("label")))
        panel["probabilities"] = [
            {"label": class_name(label), "p": p if isinstance(p, (int, float)) else 0.0, "pct": pct(p)}
            for label, p in sorted(probabilities.items(), key=lambda item: -(item[1] if isinstance(item[1], (int, float)) else 0))
        ]
        panel["evidence"] = [
            {"quoted": quoted(str(ev.get("text") or "")), "weight": fmt_score(ev.get("weight")),
             "toward": class_name(ev["toward"]) if ev.get("toward") else None}
            for ev in (result.get("evidence") or []) if isinstance(ev, Mapping)
        ][:8]
        panel["heldout"] = heldout_phrase(result.get("model"))
    elif kind == "style":
        words: dict[str, list[str]] = {}
        for span in entry.get("spans") or []:
            words.setdefault(str(span.get("label")), []).append(str(span.get("text") or ""))
        panel["signals"] = [
            {"name": key.replace("_", " "), "value": sig.get("value"), "unit": sig.get("unit"),
             "description": sig.get("description"), "words": words.get(key, [])[:5]}
            for key, sig in result["signals"].items() if isinstance(sig, Mapping)
        ]
    elif kind == "techniques":
        panel["counts"] = [
            {"label": label, "name": BY_LABEL[label].name if label in BY_LABEL else label, "count": count,
             "css": technique_class(label) or "a0",
             "definition": (result.get("definitions") or {}).get(label)
             or (BY_LABEL[label].definition if label in BY_LABEL else None)}
            for label, count in (result.get("counts") or {}).items()
        ]
    if kind == "generic" or kind == "techniques":
        extra = {k: v for k, v in result.items() if k not in ("summary", "counts", "definitions")}
        panel["json"] = json.dumps(extra, indent=2, ensure_ascii=False, default=str) if extra else None
    return panel


def report_view(report: Mapping[str, Any], hidden: set[str] | None = None) -> dict[str, Any]:
    """Everything the report page draws."""
    hidden = hidden or set()
    marks, layers = _marks(report, hidden)
    article = report.get("article") or {}
    panels = [_panel(name, entry) for name, entry in (report.get("analyzers") or {}).items()
              if isinstance(entry, Mapping) and entry.get("status") == "ok"]
    order = {"source": 0, "claims": 1, "classifier": 2, "techniques": 3, "style": 4, "generic": 5}
    panels.sort(key=lambda p: order[p["kind"]])
    return {
        "article": article,
        "article_url": safe_url(article.get("url")) or safe_url(article.get("canonical_url")),
        "article_html": article_html(report.get("text") or "", marks),
        "layers": layers,
        "panels": panels,
        "not_judged": [n for n in (report.get("not_judged") or []) if isinstance(n, Mapping)],
        "summary": report.get("summary") or {},
        "versions_json": json.dumps(report.get("versions") or {}, indent=2, ensure_ascii=False),
        # "source,style,..." as one unbroken word pushed the side panel, and the page, past a 1280-pixel window
        "profile": ", ".join(name.strip() for name in str(report.get("profile") or "").split(",") if name.strip()),
        "created_at": report.get("created_at"),
    }
