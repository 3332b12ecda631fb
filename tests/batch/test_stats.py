"""`newssift stats`: DuckDB aggregates over batch Parquet, and the HTML dashboard."""

from __future__ import annotations

import re

import pyarrow.parquet as pq
import pytest

from newssift.batch.dashboard import render_dashboard
from newssift.batch.run import write_parquet
from newssift.batch.schema import SCHEMA, report_to_row
from newssift.batch.stats import compute_stats
from newssift.errors import NewssiftError

from .conftest import synthetic_report


@pytest.fixture
def output(tmp_path):
    """Two outlets; red.com: 2 left + 1 right articles, 2 technique spans and 1 claim each; blue.com: 1 center."""
    reports = [
        synthetic_report("r1", outlet="red.com", slant="left", published="2024-01-05"),
        synthetic_report("r2", outlet="red.com", slant="left", published="2024-02-05", claims=2, matched=False),
        synthetic_report("r3", outlet="red.com", slant="right", published="Tuesday"),
        synthetic_report("b1", outlet="blue.com", slant="center", published="2024-02-20", techniques=0, claims=0,
                         abstain={"reliability": "too short"}),
    ]
    (tmp_path / "parts").mkdir()
    write_parquet([report_to_row(r) for r in reports[:2]], tmp_path / "parts" / "part-000-002.parquet")
    (tmp_path / "parts" / "ray-000002-000004").mkdir()
    write_parquet([report_to_row(r) for r in reports[2:]], tmp_path / "parts" / "ray-000002-000004" / "x.parquet")
    (tmp_path / "errors.jsonl").write_text('{"id": "z", "code": "NS101", "message": "the input is empty"}\n')
    return tmp_path, reports


def test_per_outlet_aggregates(output):
    out, reports = output
    stats = compute_stats(out)
    assert stats["overview"]["articles"] == 4 and stats["overview"]["outlets"] == 2
    red, blue = stats["outlets"]
    assert (red["outlet"], red["articles"], blue["outlet"]) == ("red.com", 3, "blue.com")
    words = reports[0].article.words
    assert red["techniques_per_1000_words"] == round(1000 * 6 / (3 * words), 3)
    assert red["claims_per_1000_words"] == round(1000 * 4 / (3 * words), 3)
    assert red["claims_per_article"] == pytest.approx(4 / 3, abs=1e-3)
    assert red["matched_claims_per_article"] == pytest.approx(2 / 3, abs=1e-3)
    assert red["labels"]["slant"] == {"left": 2, "right": 1}
    assert blue["labels"]["slant"] == {"center": 1} and "reliability" not in blue["labels"]
    assert red["labels"]["reliability"] == {"reliable": 3}
    assert stats["label_analyzers"]["slant"] == ["center", "left", "right"]
    assert stats["techniques"] == [{"label": "Loaded_Language", "n": 6}]
    assert stats["errors"] == {"NS101": 1}


def test_monthly_trends_use_dated_articles_only(output):
    stats = compute_stats(output[0])
    assert [(m["month"], m["articles"]) for m in stats["months"]] == [("2024-01", 1), ("2024-02", 2)]
    assert stats["months"][1]["labels"]["slant"] == {"left": 1, "center": 1}
    assert stats["years"][0]["year"] == "2024" and stats["years"][0]["articles"] == 3


def test_dashboard_is_self_contained_and_escapes_data(tmp_path):
    hostile = synthetic_report("h1", outlet="evil.com")
    row = report_to_row(hostile)
    row["outlet"] = '<script>alert("x")</script>'
    row["analyzers"][2]["label"] = "<img src=x onerror=alert(1)>"
    (tmp_path / "parts").mkdir()
    write_parquet([row, report_to_row(synthetic_report("h2", published="2024-05-01"))],
                  tmp_path / "parts" / "part-0-2.parquet")
    page = render_dashboard(compute_stats(tmp_path))
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert not re.search(r"\s(src|href)\s*=\s*[\"']", page), "no external resources"
    assert "<svg" in page and "slant: label distribution per outlet" in page


def test_stats_errors(tmp_path):
    with pytest.raises(NewssiftError) as info:
        compute_stats(tmp_path)
    assert info.value.code == "NS708"
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "part-0-1.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(NewssiftError) as info:
        compute_stats(tmp_path)
    assert info.value.code == "NS709"
    table = SCHEMA.empty_table().to_pylist()
    row = report_to_row(synthetic_report("v"))
    row["schema_version"] = "99"
    write_parquet([row] + table, tmp_path / "parts" / "part-0-1.parquet")
    with pytest.raises(NewssiftError) as info:
        compute_stats(tmp_path)
    assert info.value.code == "NS709" and "99" in info.value.message
    assert pq.read_table(tmp_path / "parts" / "part-0-1.parquet").num_rows == 1
