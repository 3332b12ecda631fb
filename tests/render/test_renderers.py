import json

import pytest

import newssift
from newssift.errors import NewssiftError
from newssift.render import render
from newssift.render.source_table import md_cell

HOSTILE = (
    "[bold red]Injected markup[/bold red] and <script>alert(1)</script> in the text. "
    "The mayor said the plan was outrageous and you should be angry! According to officials, it may pass. "
) * 4


@pytest.fixture(scope="module")
def report():
    return newssift.analyze(
        {"text": HOSTILE, "title": "<img src=x onerror=alert(1)> [link](javascript:alert(1))",
         "url": "https://www.foxnews.com/politics/x"}
    )


def test_terminal_shows_untrusted_text_literally(report):
    out = render(report, "terminal")
    assert "[bold red]Injected markup[/bold red]" in out  # printed as text, not interpreted
    assert "<img src=x onerror=alert(1)>" in out
    assert "foxnews.com" in out and "Rated by" in out


def test_markdown_escapes_html_and_markdown(report):
    out = render(report, "markdown")
    assert "<script>" not in out and "<img" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "[link](javascript" not in out
    assert out.startswith("# newssift report")
    assert "## source" in out and "## style" in out


def test_json_round_trips(report):
    payload = json.loads(render(report, "json"))
    assert payload["article"]["title"].startswith("<img")  # JSON keeps data as data
    assert payload["text"] == HOSTILE


def test_md_cell_keeps_tables_intact():
    assert md_cell("a | b\nc") == "a \\| b c"


def test_unknown_format_is_NS306(report):
    with pytest.raises(NewssiftError) as excinfo:
        render(report, "pdf")
    assert excinfo.value.code == "NS306"


def test_not_judged_is_rendered_everywhere():
    report = newssift.analyze({"text": "Too short to judge."})
    for fmt in ("terminal", "markdown"):
        out = render(report, fmt)
        assert "not judged" in out.lower() and "no URL was given" in out
