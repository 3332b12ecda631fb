"""The server-rendered UI (no JavaScript needed) and the view that draws any analyzer's findings."""

from __future__ import annotations

import html
import re

import pytest

from newssift.server.testing import ARTICLE, sample_report
from newssift.server.view import article_html, default_hidden, report_view, safe_url, Mark
from newssift.techniques import BY_LABEL


@pytest.fixture(scope="module")
def rich_report():
    return sample_report()


def _store(client, report):
    return client.app.state.newssift.store.save_report(report, content_hash="fixture").id


def _visible_text(markup: str) -> str:
    without_cards = re.sub(r'<span class="card" role="tooltip">.*?</span></span></span>(?=</span>)', "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", without_cards))


def test_form_page(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert '<form method="post" action="/analyze"' in page.text
    assert '<label for="text">' in page.text and '<label for="url">' in page.text
    assert "<script src=\"/static/app.js\" defer></script>" in page.text
    assert "<script>" not in page.text and " style=" not in page.text  # CSP: no inline script or style
    assert "https://" not in re.sub(r'placeholder="[^"]*"', "", page.text)  # nothing loaded from elsewhere


def test_form_submission_redirects_to_the_report(client):
    response = client.post("/analyze", data={"text": ARTICLE, "title": "Bridge", "url": "https://www.infowars.com/b"},
                           follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and "<h1 id=\"report-title\">Bridge</h1>" in page.text
    assert "infowars.com" in page.text and "Each row is one rater" in page.text


def test_form_errors_are_shown_in_the_form(client):
    page = client.post("/analyze", data={"text": "", "url": "file:///etc/passwd"})
    assert page.status_code == 422 and "NS203" in page.text and 'role="alert"' in page.text
    assert client.post("/analyze", data={}).status_code == 422


def test_report_page_draws_every_kind_of_analyzer(client, rich_report):
    report_id = _store(client, rich_report)
    page = client.get(f"/reports/{report_id}").text
    # techniques: one colour class per technique, overlapping spans nested, cards with definition and confidence
    assert 'class="hl t8 d1" data-layer="techniques" data-label="Loaded_Language"' in page
    assert re.search(r'class="hl t6 d2"[^>]*><span class="hl t8 d1"', page)  # Loaded language inside Exaggeration
    assert 'class="seg" tabindex="0"' in page
    assert html.escape(BY_LABEL["Loaded_Language"].definition, quote=True) in page and "confidence 0.91" in page
    # claims with their fact-check, linked
    assert 'href="https://factcheck.example.org/bridge-review"' in page and "Mostly false" in page
    assert "Rosa Alvarez" in page and "similarity 0.74" in page
    # classifiers with their confidence and evidence
    for name in ("Slant", "Reliability", "Clickbait"):
        assert f">{name}</h2>" in page
    assert "resembles unreliable outlets" in page and "confidence 69%" in page and "<meter" in page
    assert "Model quality: macro-F1 0.35 on outlets never seen &lt;b&gt;in training&lt;/b&gt;." in page
    # source raters, style signals with their words, what was not judged
    assert "Media Bias/Fact Check" in page and "Not rated by" in page
    assert "loaded language" in page and "behind it:" in page
    assert "hyperpartisan</strong>: the text has 150 words" in page
    # permalink, JSON download, no inline script
    assert f'href="/reports/{report_id}.json" download' in page and 'rel="bookmark"' in page
    assert "<script>" not in page and " style=" not in page


def test_article_text_is_kept_exactly(client, rich_report):
    view = report_view(rich_report)
    assert _visible_text(str(view["article_html"])) == rich_report["text"]
    shown = report_view(rich_report, hidden=set())
    assert _visible_text(str(shown["article_html"])) == rich_report["text"]


def test_sentence_level_layers_are_hidden_until_shown(client, rich_report):
    assert default_hidden(rich_report) == {"style"}
    report_id = _store(client, rich_report)
    page = client.get(f"/reports/{report_id}").text
    assert 'data-layer="style"' not in page and f'href="/reports/{report_id}?show=style"' in page
    shown = client.get(f"/reports/{report_id}?show=style").text
    assert 'data-layer="style"' in shown
    hidden = client.get(f"/reports/{report_id}?hide=techniques").text
    assert 'data-layer="techniques"' not in hidden and 'data-layer="claims"' in hidden


def test_json_download_and_permalink(client, rich_report):
    report_id = _store(client, rich_report)
    download = client.get(f"/reports/{report_id}.json")
    assert download.headers["content-disposition"] == f'attachment; filename="newssift-report-{report_id}.json"'
    assert download.json()["id"] == report_id and download.json()["text"] == rich_report["text"]
    assert client.get("/reports/nope.json").json()["error"]["code"] == "NS606"
    missing = client.get("/reports/nope")
    assert missing.status_code == 404 and "NS606" in missing.text


def test_history_lists_and_filters_by_outlet(client, rich_report):
    first = _store(client, rich_report)
    other = dict(rich_report, article={**rich_report["article"], "outlet": "example.org", "host": "example.org",
                                       "title": "Other outlet story"})
    second = _store(client, other)
    page = client.get("/reports").text
    assert f'/reports/{first}"' in page and f'/reports/{second}"' in page and "2 reports" in page
    filtered = client.get("/reports", params={"outlet": "example.org"}).text
    assert f'/reports/{second}"' in filtered and f'/reports/{first}"' not in filtered
    assert '<option value="infowars.com">' in page
    assert client.get("/reports", params={"since": "not-a-date"}).status_code == 422


def test_static_files_ship_in_the_package(client):
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "@media print" in css.text and ":focus-within" in css.text
    assert "@import" not in css.text and "url(http" not in css.text
    assert client.get("/static/app.js").status_code == 200


def test_safe_url_allows_only_http():
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x",
                "vbscript:x", "//evil.example", "http://x.com/\"onmouseover=alert(1)", "http:/x", None, 5):
        assert safe_url(bad) is None


def test_marks_escape_everything():
    text = '<img src=x onerror=alert(1)> & "quotes"'
    markup = str(article_html(text, [Mark("x", '"><script>alert(1)</script>', "a0", 0, 10, 0.5, "<b>detail</b>", "x")]))
    assert "<img" not in markup and "<script>" not in markup and "<b>" not in markup
    assert "&lt;img src" in markup and " onerror=alert(1)&gt; &amp; &#34;quotes&#34;" in markup


def test_unknown_analyzer_results_are_shown_generically(client, rich_report):
    report = dict(rich_report)
    report["analyzers"] = {**rich_report["analyzers"], "coverage": {
        "name": "coverage", "version": "1", "status": "ok", "reason": None, "time_ms": 1.0,
        "result": {"summary": "3 related articles found.", "related": [{"title": "<i>x</i>"}]},
        "spans": [{"start": 0, "end": 4, "text": report["text"][:4], "label": "related", "score": 0.5}]}}
    page = client.get(f"/reports/{_store(client, report)}").text
    assert ">Coverage</h2>" in page and "3 related articles found." in page
    assert "&lt;i&gt;x&lt;/i&gt;" in page and 'data-layer="coverage"' in page


def test_classifier_evidence_nests_quotations_and_never_shows_certainty(client, rich_report):
    """A quoted sentence is drawn ‘“…,” he said.’, not ““…,” he said.”; p=0.998 is drawn ">99%", not "100%"."""
    report = dict(rich_report)
    slant = dict(report["analyzers"]["slant"])
    result = dict(slant["result"])
    result["probabilities"] = {"left": 0.001, "center": 0.001, "right": 0.998}
    result["evidence"] = [{"text": "“Take back our <city>,” he said.", "weight": 0.5, "toward": "right"}]
    slant["result"] = result
    report["analyzers"] = {**report["analyzers"], "slant": slant}
    page = client.get(f"/reports/{_store(client, report)}").text
    assert "‘“Take back our &lt;city&gt;,” he said.’" in page and "““" not in page
    assert "confidence &gt;99%" in page and "100%" not in page and "&lt;1%" in page
