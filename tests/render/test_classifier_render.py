"""Classifier results (slant, hyperpartisan, reliability, clickbait) are drawn with probabilities and evidence, untrusted text escaped."""

from __future__ import annotations

import pytest

import newssift
from newssift import Pipeline
from newssift.config import load_config
from newssift.render import render

TEXT = (
    "Senate leaders on Tuesday agreed to a budget deal that raises spending on roads and schools. "
    "The House is expected to vote on the <b>plan</b> next week, and the White House said the president would "
    "sign it. Critics on both sides said the deal was too expensive or did too little for working families. "
) * 3


@pytest.fixture(scope="module")
def report():
    pipeline = Pipeline(load_config(), analyzers=["slant", "hyperpartisan", "reliability", "clickbait"])
    return newssift.analyze({"text": TEXT, "title": "You Won't Believe What The [Senate](javascript:x) Did"},
                            pipeline=pipeline)


def _has_sentences(report):
    return any("start" in e for result in report.analyzers.values() if result.status == "ok"
               for e in (result.result or {}).get("evidence", []))


def test_terminal_shows_probabilities_and_evidence(report):
    out = render(report, "terminal")
    assert report.analyzers["slant"].status == "ok"
    assert "Words and phrases toward" in out and "█" in out and "model slant" in out
    assert ("Sentences that push most toward" in out) == _has_sentences(report)
    for name in ("hyperpartisan", "reliability", "clickbait"):  # the same body, not the generic span table
        assert f"model {name}" in out
    unwrapped = " ".join(out.replace("│", " ").split())  # the terminal wraps lines inside the panels
    assert "on dev articles of outlets never seen in training" in unwrapped  # the held-out figure is stated


def test_markdown_lists_probabilities_and_escapes_text(report):
    out = render(report, "markdown")
    assert "| label | probability |" in out and "Words and phrases toward" in out
    assert ("Sentences that push most toward" in out) == _has_sentences(report)
    assert "<b>" not in out and "[Senate](javascript" not in out
    assert "*model reliability" in out and "macro-F1" in out


@pytest.mark.parametrize("label, shown", [("non_clickbait", "not clickbait"), ("not_hyperpartisan", "not hyperpartisan"),
                                          ("left", "left"), ("unreliable", "unreliable"), ("nonsense", "nonsense")])
def test_labels_are_shown_in_words(label, shown):
    from newssift.render.analyzers.classifier import class_name

    assert class_name(label) == shown


def test_terminal_and_markdown_name_the_labels_in_words(report):
    for fmt in ("terminal", "markdown"):
        out = render(report, fmt)
        assert "non_clickbait" not in out and "not_hyperpartisan" not in out
        assert "not clickbait" in out and "not hyperpartisan" in out  # (rows of the probability tables)


@pytest.mark.parametrize("p, text, percent", [(0.5, "0.50", "50%"), (0.994, "0.99", "99%"), (0.996, ">0.99", ">99%"),
                                              (1.0, ">0.99", ">99%"), (0.004, "<0.01", "<1%"), (0.0, "<0.01", "<1%"),
                                              (0.006, "0.01", "1%"), (0.3333, "0.33", "33%")])
def test_probabilities_are_never_printed_as_certainties(p, text, percent):
    from newssift.numbers import percent_text, probability_phrase, probability_text

    assert probability_text(p) == text and percent_text(p) == percent
    assert probability_phrase(p) == ("p" + text if text[0] in "<>" else "p=" + text)


@pytest.mark.parametrize("text, shown", [
    ("The deal passed.", "“The deal passed.”"),
    ("“It is done,” she said.", "‘“It is done,” she said.’"),  # a quotation inside: nested, not ““It
    ("He called it \"a disgrace\" on Tuesday.", "‘He called it \"a disgrace\" on Tuesday.’"),
    ("“A disgrace.”", "“A disgrace.”"),  # already a quotation
    ("It's over.", "“It's over.”"),  # an apostrophe is not a quotation mark
])
def test_quoted_nests_quotations_the_english_way(text, shown):
    from newssift.render.common import quoted

    assert quoted(text) == shown
