"""``newssift stats DIR``: DuckDB over a batch output folder's Parquet parts.

Per outlet: article count, mean length, technique spans per 1,000 words,
claims per 1,000 words (and matched claims), the label distribution of every
classifier analyzer (slant, hyperpartisan, reliability, clickbait, ... any
analyzer whose result has a ``label``) and the mean of every numeric signal an
analyzer reports under ``result["signals"][name]["value"]`` (style). By month
(where ``published`` starts with ``YYYY-MM``): the same counts, rates and
label shares. Nothing here names an analyzer except ``techniques`` (its spans)
and ``claims`` (its ranked claims): a new classifier appears by itself.

DuckDB reads Parquet natively; no extension is ever installed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import NewssiftError
from .run import part_files
from .schema import BATCH_SCHEMA_VERSION

NO_OUTLET = "(no outlet)"
_MONTH = r"CASE WHEN regexp_matches(published, '^\d{4}-\d{2}') THEN substr(published, 1, 7) END"


def connect(out: Path) -> Any:
    import duckdb

    files = part_files(out)
    if not files:
        raise NewssiftError("NS708", out=str(out))
    con = duckdb.connect()
    try:
        con.execute("SET autoinstall_known_extensions = false")
        con.execute("SET autoload_known_extensions = false")
    except duckdb.Error:
        pass
    try:
        parts = out.resolve() / "parts"
        if any(ch in str(parts) for ch in "*?[]{}"):  # a folder name DuckDB would read as a glob
            patterns = [str(f.resolve()) for f in files]
        else:  # globs, not every file: an output of 10 million articles has tens of thousands of parts
            patterns = []
            if any(f.parent.name == "parts" for f in files):
                patterns.append(str(parts / "*.parquet"))
            if any(f.parent.name != "parts" for f in files):
                patterns.append(str(parts / "ray-*" / "*.parquet"))
        listing = "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in patterns) + "]"
        con.execute(f"CREATE VIEW articles AS SELECT * FROM read_parquet({listing}, union_by_name = true)")
        versions = {r[0] for r in con.execute("SELECT DISTINCT schema_version FROM articles").fetchall()}
    except duckdb.Error as exc:
        raise NewssiftError("NS709", out=str(out), detail=str(exc).splitlines()[0][:300],
                            version=BATCH_SCHEMA_VERSION) from None
    if versions - {BATCH_SCHEMA_VERSION}:
        raise NewssiftError("NS709", out=str(out), version=BATCH_SCHEMA_VERSION,
                            detail=f"schema version(s) {', '.join(sorted(map(str, versions)))}")
    con.execute(
        f"""
        CREATE VIEW base AS SELECT
            coalesce(outlet, '{NO_OUTLET}') AS outlet,
            words,
            {_MONTH} AS month,
            coalesce(list_filter(analyzers, lambda x: x.name = 'techniques')[1].status = 'ok', false) AS t_ok,
            len(list_filter(spans, lambda s: s.analyzer = 'techniques')) AS t_spans,
            coalesce(list_filter(analyzers, lambda x: x.name = 'claims')[1].status = 'ok', false) AS c_ok,
            len(claims) AS n_claims,
            len(list_filter(claims, lambda c: len(c.matches) > 0)) AS n_matched
        FROM articles
        """
    )
    return con


_RATES = """
    count(*) AS articles,
    avg(words) AS words_mean,
    1000.0 * sum(t_spans) FILTER (WHERE t_ok) / nullif(sum(words) FILTER (WHERE t_ok), 0) AS techniques_per_1000_words,
    1000.0 * sum(n_claims) FILTER (WHERE c_ok) / nullif(sum(words) FILTER (WHERE c_ok), 0) AS claims_per_1000_words,
    avg(n_claims) FILTER (WHERE c_ok) AS claims_per_article,
    avg(n_matched) FILTER (WHERE c_ok) AS matched_claims_per_article
"""


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _round(value: Any, digits: int = 3) -> Any:
    return round(value, digits) if isinstance(value, float) else value


def compute_stats(out: str | Path, top: int = 20) -> dict[str, Any]:
    """All aggregates as one JSON-ready dict (the text and HTML views render it)."""
    out = Path(out)
    con = connect(out)
    overview = _dicts(con.execute(
        f"SELECT count(*) AS articles, count(DISTINCT outlet) AS outlets, sum(words) AS words, "
        f"min({_MONTH}) AS first_month, max({_MONTH}) AS last_month, "
        f"count(*) FILTER (WHERE {_MONTH} IS NOT NULL) AS dated FROM articles"))[0]
    overview["profiles"] = [r[0] for r in con.execute("SELECT DISTINCT profile FROM articles ORDER BY 1").fetchall()]
    analyzer_status = _dicts(con.execute(
        "SELECT a.name AS analyzer, a.status AS status, count(*) AS n FROM articles, unnest(articles.analyzers) AS u(a) "
        "GROUP BY ALL ORDER BY 1, 2"))
    ran = sorted({r["analyzer"] for r in analyzer_status if r["status"] == "ok"})
    outlets = _dicts(con.execute(
        f"SELECT outlet, {_RATES} FROM base GROUP BY outlet ORDER BY articles DESC, outlet LIMIT {int(top)}"))
    names = [o["outlet"] for o in outlets]
    by_outlet = {o["outlet"]: o for o in outlets}
    for o in outlets:
        o["labels"], o["signals"] = {}, {}
        for key in list(o):
            o[key] = _round(o[key])
    label_rows = _dicts(con.execute(
        f"SELECT coalesce(outlet, '{NO_OUTLET}') AS outlet, a.name AS analyzer, a.label AS label, count(*) AS n "
        "FROM articles, unnest(articles.analyzers) AS u(a) WHERE a.status = 'ok' AND a.label IS NOT NULL "
        "GROUP BY ALL ORDER BY 2, 3"))
    label_sets: dict[str, list[str]] = {}
    for row in label_rows:
        label_sets.setdefault(row["analyzer"], [])
        if row["label"] not in label_sets[row["analyzer"]]:
            label_sets[row["analyzer"]].append(row["label"])
        if row["outlet"] in by_outlet:
            by_outlet[row["outlet"]]["labels"].setdefault(row["analyzer"], {})[row["label"]] = row["n"]
    signal_rows = _dicts(con.execute(
        f"SELECT coalesce(outlet, '{NO_OUTLET}') AS outlet, a.name AS analyzer, k AS signal, "
        "avg(try_cast(json_extract(a.result_json, '$.signals.\"' || k || '\".value') AS DOUBLE)) AS mean "
        "FROM articles, unnest(articles.analyzers) AS u(a), unnest(json_keys(a.result_json, '$.signals')) AS s(k) "
        "WHERE a.status = 'ok' AND json_type(a.result_json, '$.signals') = 'OBJECT' GROUP BY ALL"))
    signals: dict[str, list[str]] = {}
    for row in signal_rows:
        name = f"{row['analyzer']}.{row['signal']}"
        if row["mean"] is None:
            continue
        signals.setdefault(row["analyzer"], [])
        if row["signal"] not in signals[row["analyzer"]]:
            signals[row["analyzer"]].append(row["signal"])
        if row["outlet"] in by_outlet:
            by_outlet[row["outlet"]]["signals"][name] = round(row["mean"], 4)
    months = _dicts(con.execute(f"SELECT month, {_RATES} FROM base WHERE month IS NOT NULL GROUP BY month ORDER BY month"))
    years = _dicts(con.execute(
        f"SELECT substr(month, 1, 4) AS year, {_RATES} FROM base WHERE month IS NOT NULL GROUP BY 1 ORDER BY 1"))
    for y in years:
        y["labels"] = {}
        for key in list(y):
            y[key] = _round(y[key])
    by_year = {y["year"]: y for y in years}
    by_month = {m["month"]: m for m in months}
    for m in months:
        m["labels"] = {}
        for key in list(m):
            m[key] = _round(m[key])
    for row in _dicts(con.execute(
            f"SELECT {_MONTH} AS month, a.name AS analyzer, a.label AS label, count(*) AS n "
            "FROM articles, unnest(articles.analyzers) AS u(a) "
            f"WHERE a.status = 'ok' AND a.label IS NOT NULL AND {_MONTH} IS NOT NULL GROUP BY ALL")):
        by_month[row["month"]]["labels"].setdefault(row["analyzer"], {})[row["label"]] = row["n"]
        year = by_year[row["month"][:4]]["labels"].setdefault(row["analyzer"], {})
        year[row["label"]] = year.get(row["label"], 0) + row["n"]
    techniques = _dicts(con.execute(
        "SELECT s.label AS label, count(*) AS n FROM articles, unnest(articles.spans) AS u(s) "
        "WHERE s.analyzer = 'techniques' GROUP BY 1 ORDER BY 2 DESC, 1"))
    overall_labels = {}
    for row in label_rows:
        overall_labels.setdefault(row["analyzer"], {})
        overall_labels[row["analyzer"]][row["label"]] = overall_labels[row["analyzer"]].get(row["label"], 0) + row["n"]
    con.close()
    return {
        "out": str(out),
        "overview": overview,
        "analyzers": analyzer_status,
        "ran": ran,
        "label_analyzers": {k: sorted(v) for k, v in label_sets.items()},
        "labels_overall": overall_labels,
        "signals": {k: sorted(v) for k, v in signals.items()},
        "techniques": techniques,
        "outlets": [by_outlet[n] for n in names],
        "months": months,
        "years": years,
        "errors": _error_counts(out),
    }


def _error_counts(out: Path) -> dict[str, int]:
    path = out / "errors.jsonl"
    counts: dict[str, int] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                code = json.loads(line).get("code", "?")
                counts[code] = counts.get(code, 0) + 1
    return counts


# -- text view ------------------------------------------------------------------
#: Signals shown in the terminal when an analyzer reports many (all are in --json and --html).
PREFERRED_SIGNALS = ("loaded_language", "subjectivity", "hedges", "boosters", "unnamed_attributions",
                     "named_sources", "all_caps", "exclamations", "sentiment_mean")


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _distribution(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    return " ".join(f"{label} {100 * n / total:.0f}%" for label, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def print_stats(stats: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    ov = stats["overview"]
    console.print(f"[bold]{ov['articles']}[/bold] articles from [bold]{ov['outlets']}[/bold] outlets in "
                  f"{stats['out']} ({ov['words'] or 0:,} words); profile(s): {'; '.join(ov['profiles'])}",
                  highlight=False, markup=True)
    dated = f"{ov['dated']} dated articles, {ov['first_month']} to {ov['last_month']}" if ov["dated"] else "no dates"
    console.print(f"{dated}; bad records: "
                  + (", ".join(f"{c} x{n}" for c, n in sorted(stats["errors"].items())) or "none"), highlight=False)
    status = {}
    for row in stats["analyzers"]:
        status.setdefault(row["analyzer"], []).append(f"{row['status']} {row['n']}")
    console.print("analyzers: " + "; ".join(f"{k} ({', '.join(v)})" for k, v in status.items()), highlight=False)
    has_t = "techniques" in stats["ran"]
    has_c = "claims" in stats["ran"]
    missing = [name for name, has in (("techniques", has_t), ("claims", has_c)) if not has]
    if missing:
        console.print(f"not in the profile of this output: {', '.join(missing)} (their rates are not shown)",
                      highlight=False)

    table = Table(title=f"Per outlet (top {len(stats['outlets'])} by articles)", title_justify="left")
    table.add_column("outlet")
    table.add_column("articles", justify="right")
    table.add_column("words", justify="right")
    if has_t:
        table.add_column("techniques /1k words", justify="right")
    if has_c:
        table.add_column("claims /1k words", justify="right")
        table.add_column("matched /article", justify="right")
    label_analyzers = list(stats["label_analyzers"])
    for name in label_analyzers:
        table.add_column(name)
    for o in stats["outlets"]:
        cells = [o["outlet"], str(o["articles"]), _fmt(o["words_mean"], 0)]
        if has_t:
            cells.append(_fmt(o["techniques_per_1000_words"]))
        if has_c:
            cells += [_fmt(o["claims_per_1000_words"]), _fmt(o["matched_claims_per_article"])]
        cells += [_distribution(o["labels"].get(name, {})) or "-" for name in label_analyzers]
        table.add_row(*cells)
    console.print(table)

    for analyzer, names in stats["signals"].items():
        shown = [n for n in PREFERRED_SIGNALS if n in names] or names[:8]
        sig = Table(title=f"{analyzer} signals per outlet (mean per article; all {len(names)} in --json/--html)",
                    title_justify="left")
        sig.add_column("outlet")
        for name in shown:
            sig.add_column(name.replace("_", " "), justify="right")
        for o in stats["outlets"]:
            sig.add_row(o["outlet"], *[_fmt(o["signals"].get(f"{analyzer}.{n}")) for n in shown])
        console.print(sig)

    periods, unit = stats["months"], "month"
    if len(periods) > 36:
        periods, unit = stats["years"], "year"
    if periods:
        title = "By month" if unit == "month" else "By year"
        months = Table(title=title, title_justify="left")
        months.add_column(unit)
        months.add_column("articles", justify="right")
        if has_t:
            months.add_column("techniques /1k words", justify="right")
        if has_c:
            months.add_column("claims /1k words", justify="right")
        for name in label_analyzers:
            months.add_column(name)
        for m in periods:
            cells = [m[unit], str(m["articles"])]
            if has_t:
                cells.append(_fmt(m["techniques_per_1000_words"]))
            if has_c:
                cells.append(_fmt(m["claims_per_1000_words"]))
            cells += [_distribution(m["labels"].get(name, {})) or "-" for name in label_analyzers]
            months.add_row(*cells)
        console.print(months)
        if unit == "year":
            console.print(f"({len(stats['months'])} months with articles: --json and --html show each month)",
                          highlight=False)
    if stats["techniques"]:
        console.print("techniques found: " + ", ".join(f"{t['label']} {t['n']}" for t in stats["techniques"]),
                      highlight=False)
