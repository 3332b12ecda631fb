"""``newssift stats DIR --html FILE``: a self-contained dashboard (inline SVG charts, no script, no CDN).

Every string that comes from the data (outlet names, labels, signal names,
months) is escaped with :func:`html.escape` before it reaches the page.
Charts: articles per outlet (bars); each classifier's label distribution per
outlet (100% stacked bars); technique and claim rates per outlet (bars, when
those analyzers ran); techniques found (bars); articles per month and each
classifier's label shares per month (lines); numeric signals per outlet (a
heat table, shaded per column).
"""

from __future__ import annotations

import html
from typing import Any

from .. import __version__

PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac"]
KNOWN = {"left": "#3b6fb6", "center": "#9a9a9a", "right": "#c0392b", "lean left": "#8fb0df", "lean right": "#e39a8f"}
WIDTH = 760


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _colors(labels: list[str]) -> dict[str, str]:
    out, i = {}, 0
    for label in labels:
        if label.lower() in KNOWN:
            out[label] = KNOWN[label.lower()]
        else:
            out[label] = PALETTE[i % len(PALETTE)]
            i += 1
    return out


def _svg_open(title: str, height: int) -> str:
    return (f'<svg role="img" aria-label="{esc(title)}" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">')


def bar_chart(title: str, items: list[tuple[str, float]], unit: str = "", digits: int = 0) -> str:
    items = [(k, v) for k, v in items if v is not None]
    if not items:
        return ""
    label_w, row_h, pad = 210, 20, 8
    height = pad * 2 + row_h * len(items)
    top = max(v for _, v in items) or 1
    bar_max = WIDTH - label_w - 90
    parts = [_svg_open(title, height)]
    for i, (label, value) in enumerate(items):
        y = pad + i * row_h
        w = max(1.0, bar_max * value / top)
        text = f"{value:,.{digits}f}{unit}"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" class="lbl">{esc(_short(label))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="#4e79a7">'
            f'<title>{esc(label)}: {esc(text)}</title></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" class="val">{esc(text)}</text>'
        )
    parts.append("</svg>")
    return _figure(title, "".join(parts))


def stacked_chart(title: str, rows: list[tuple[str, dict[str, int]]], labels: list[str]) -> str:
    rows = [(k, v) for k, v in rows if v and sum(v.values())]
    if not rows:
        return ""
    colors = _colors(labels)
    label_w, row_h, pad, legend_h = 210, 20, 8, 24
    height = legend_h + pad * 2 + row_h * len(rows)
    bar_max = WIDTH - label_w - 60
    parts = [_svg_open(title, height)]
    x = label_w
    for label in labels:
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colors[label]}"/>'
                     f'<text x="{x + 16}" y="15" class="lbl">{esc(label)}</text>')
        x += 28 + 8 * len(label)
    for i, (name, counts) in enumerate(rows):
        y = legend_h + pad + i * row_h
        total = sum(counts.values())
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" class="lbl">{esc(_short(name))}</text>')
        x = float(label_w)
        for label in labels:
            n = counts.get(label, 0)
            if not n:
                continue
            w = bar_max * n / total
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colors[label]}">'
                         f'<title>{esc(name)}: {esc(label)} {n} of {total} ({100 * n / total:.0f}%)</title></rect>')
            x += w
        parts.append(f'<text x="{label_w + bar_max + 4}" y="{y + 14}" class="val">n={total}</text>')
    parts.append("</svg>")
    return _figure(title, "".join(parts))


def line_chart(title: str, xs: list[str], series: dict[str, list[float | None]], unit: str = "",
               colors: dict[str, str] | None = None) -> str:
    if len(xs) < 2 or not series:
        return ""
    colors = colors or _colors(list(series))
    left, right, top, bottom = 60, 40, 30, 40
    height = 260
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = [v for vs in series.values() for v in vs if v is not None]
    if not values:
        return ""
    vmax = max(values) or 1.0
    parts = [_svg_open(title, height),
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" class="axis"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" class="axis"/>']
    for frac in (0.0, 0.5, 1.0):
        y = top + plot_h * (1 - frac)
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="val">'
                     f'{esc(f"{vmax * frac:,.2f}".rstrip("0").rstrip(".") + unit)}</text>')
    step = max(1, len(xs) // 8)
    for i in range(0, len(xs), step):
        x = left + plot_w * i / (len(xs) - 1)
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" class="val">{esc(xs[i])}</text>')
    lx = left
    for name, vs in series.items():
        points = [f"{left + plot_w * i / (len(xs) - 1):.1f},{top + plot_h * (1 - v / vmax):.1f}"
                  for i, v in enumerate(vs) if v is not None]
        parts.append(f'<polyline fill="none" stroke="{colors[name]}" stroke-width="1.8" points="{" ".join(points)}">'
                     f'<title>{esc(name)}</title></polyline>')
        parts.append(f'<rect x="{lx}" y="6" width="12" height="12" fill="{colors[name]}"/>'
                     f'<text x="{lx + 16}" y="17" class="lbl">{esc(name)}</text>')
        lx += 28 + 8 * len(name)
    parts.append("</svg>")
    return _figure(title, "".join(parts))


def heat_table(title: str, outlets: list[dict[str, Any]], analyzer: str, names: list[str]) -> str:
    if not names or not outlets:
        return ""
    columns = []
    for name in names:
        vals = [o["signals"].get(f"{analyzer}.{name}") for o in outlets]
        vals = [v for v in vals if v is not None]
        columns.append((name, min(vals) if vals else 0.0, max(vals) if vals else 0.0))
    head = "".join(f'<th class="rot"><span>{esc(n.replace("_", " "))}</span></th>' for n in names)
    body = []
    for o in outlets:
        cells = []
        for name, lo, hi in columns:
            v = o["signals"].get(f"{analyzer}.{name}")
            if v is None:
                cells.append("<td>-</td>")
                continue
            shade = 0.0 if hi == lo else (v - lo) / (hi - lo)
            cells.append(f'<td style="background: rgba(225, 87, 89, {0.08 + 0.72 * shade:.2f})" '
                         f'title="{esc(o["outlet"])}: {esc(name)} = {v:g}">{v:.2f}</td>')
        body.append(f'<tr><th>{esc(o["outlet"])}</th>{"".join(cells)}</tr>')
    table = f'<table class="heat"><tr><th></th>{head}</tr>{"".join(body)}</table>'
    return _figure(title, table)


def _fill_months(months: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert the months without articles (0 articles, no rates) so the time axis is even."""
    have = {m["month"]: m for m in months}
    year, month = (int(x) for x in months[0]["month"].split("-"))
    last = months[-1]["month"]
    out: list[dict[str, Any]] = []
    while len(out) < 1200:
        key = f"{year:04d}-{month:02d}"
        out.append(have.get(key) or {"month": key, "articles": 0, "labels": {}, "techniques_per_1000_words": None,
                                     "claims_per_1000_words": None})
        if key >= last:
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _short(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _figure(title: str, body: str) -> str:
    return f'<figure><figcaption>{esc(title)}</figcaption>{body}</figure>'


CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px auto; max-width: 980px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 32px; border-bottom: 1px solid #ddd; }
figure { margin: 16px 0; overflow-x: auto; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg .lbl { font-size: 12px; fill: #222; } svg .val { font-size: 11px; fill: #555; }
svg .axis { stroke: #999; stroke-width: 1; }
table.heat { border-collapse: collapse; font-size: 12px; }
table.heat td, table.heat th { padding: 2px 5px; border: 1px solid #eee; text-align: right; }
table.heat th { text-align: left; font-weight: normal; white-space: nowrap; }
th.rot { height: 110px; vertical-align: bottom; } th.rot span { writing-mode: vertical-rl; transform: rotate(180deg); }
p.note { color: #555; }
"""


def render_dashboard(stats: dict[str, Any]) -> str:
    ov = stats["overview"]
    outlets = stats["outlets"]
    label_analyzers: dict[str, list[str]] = stats["label_analyzers"]
    sections: list[str] = []
    errors = ", ".join(f"{c} ×{n}" for c, n in sorted(stats["errors"].items())) or "none"
    dated = (f"{ov['dated']} dated articles, {ov['first_month']} to {ov['last_month']}" if ov["dated"]
             else "no article carries a date")
    sections.append(
        f"<p>{esc(ov['articles'])} articles from {esc(ov['outlets'])} outlets ({(ov['words'] or 0):,} words); "
        f"{esc(dated)}. Profile: {esc('; '.join(ov['profiles']))}. Bad records: {esc(errors)}.</p>"
        "<p class=\"note\">Each chart shows signals measured on the writing or the outlet, never a verdict on "
        "any article. Outlets are the registrable domains of the article URLs.</p>")
    sections.append("<h2>Outlets</h2>")
    sections.append(bar_chart(f"Articles per outlet (top {len(outlets)})",
                              [(o["outlet"], o["articles"]) for o in outlets]))
    for analyzer, labels in label_analyzers.items():
        overall = stats["labels_overall"].get(analyzer, {})
        order = sorted(labels, key=lambda label: -overall.get(label, 0))
        if set(order) >= {"left", "right"}:
            order = [x for x in ("left", "lean left", "center", "lean right", "right") if x in order] + [
                x for x in order if x not in ("left", "lean left", "center", "lean right", "right")]
        sections.append(stacked_chart(f"{analyzer}: label distribution per outlet",
                                      [(o["outlet"], o["labels"].get(analyzer, {})) for o in outlets], order))
    if "techniques" in stats["ran"]:
        sections.append(bar_chart("Propaganda-technique spans per 1,000 words",
                                  [(o["outlet"], o["techniques_per_1000_words"]) for o in outlets], digits=2))
        sections.append(bar_chart("Techniques found (all articles)",
                                  [(t["label"], t["n"]) for t in stats["techniques"]]))
    if "claims" in stats["ran"]:
        sections.append(bar_chart("Check-worthy claims per 1,000 words",
                                  [(o["outlet"], o["claims_per_1000_words"]) for o in outlets], digits=2))
        sections.append(bar_chart("Claims with a matching fact-check, per article",
                                  [(o["outlet"], o["matched_claims_per_article"]) for o in outlets], digits=2))
    for analyzer, names in stats["signals"].items():
        sections.append(heat_table(f"{analyzer} signals per outlet (mean per article; darker = higher within "
                                   "the column)", outlets, analyzer, names))
    months = stats["months"]
    if len(months) >= 2:
        sections.append("<h2>Over time</h2>")
        months = _fill_months(months)
        xs = [m["month"] for m in months]
        sections.append(line_chart("Articles per month", xs, {"articles": [m["articles"] for m in months]},
                                   colors={"articles": "#4e79a7"}))
        for analyzer, labels in label_analyzers.items():
            series = {}
            for label in labels:
                series[label] = [
                    (m["labels"].get(analyzer, {}).get(label, 0) / total if (total := sum(
                        m["labels"].get(analyzer, {}).values())) else None)
                    for m in months
                ]
            sections.append(line_chart(f"{analyzer}: share of each label per month", xs, series))
        rates = {}
        if "techniques" in stats["ran"]:
            rates["techniques /1k words"] = [m["techniques_per_1000_words"] for m in months]
        if "claims" in stats["ran"]:
            rates["claims /1k words"] = [m["claims_per_1000_words"] for m in months]
        if rates:
            sections.append(line_chart("Technique and claim rates per month", xs, rates))
    body = "\n".join(s for s in sections if s)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>newssift corpus dashboard</title><style>{CSS}</style></head><body>"
        f"<h1>newssift corpus dashboard</h1><p class=\"note\">{esc(stats['out'])} · newssift {esc(__version__)}</p>"
        f"{body}</body></html>\n"
    )
