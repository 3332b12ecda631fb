"""Tests for the style analyzer (newssift/analyzers/style.py)."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from newssift.analyzers.style import StyleAnalyzer, _shared
from newssift.article import Article, Sentence
from newssift.registry import get_analyzer

from newssift.ingest.segment import segment


def split_sentences(text: str) -> list[Sentence]:
    return segment(text)


@pytest.fixture(scope="module")
def analyzer() -> StyleAnalyzer:
    return StyleAnalyzer(max_evidence=5)


def run(analyzer: StyleAnalyzer, text: str, language: str = "en", **meta) -> Article:
    article = Article(text=text, language=language, sentences=split_sentences(text), **meta)
    reason = analyzer.abstain_reason(article)
    assert reason is None, reason
    (prediction,) = analyzer.predict([article])
    analyzer.set_annotations(article, prediction)
    return article


def signal(article: Article, name: str) -> dict:
    return article.results["style"]["signals"][name]


def spans(article: Article, label: str) -> list:
    return [s for s in article.spans["style"] if s.label == label]


WIRE = (
    "The city council voted 7-2 on Tuesday to approve a transit plan that adds three bus lines and extends "
    "the light rail network to the eastern suburbs by 2031, officials said. The plan would be funded through "
    "federal grants, a sales tax increase approved by voters in 2022, and bonds, according to the city's "
    'transportation department. "We heard from thousands of residents," Mayor Linda Alvarez told reporters '
    "after the vote. Council member Robert Chen voted against the measure. Chen said the ridership projections "
    "may be optimistic and that costs could rise. The next step is an environmental review, which is expected "
    "to take about 18 months. Construction could begin in 2026, the department said."
)

RANT = (
    "This is an OUTRAGE! The corrupt regime has slammed hardworking families AGAIN, and you should be furious. "
    "We all know the truth: these radical bureaucrats are clearly destroying everything we love. Why does "
    "nobody stop them? Their disgraceful, shameful scheme is a catastrophic betrayal of every honest citizen. "
    "Make no mistake, this WILL END BADLY. I am sick of the lies. The so-called experts are obviously lying "
    "to you, and the shocking truth is undeniably worse than anyone imagined! Wake up!!! DO NOT TRUST THEM."
)


def test_registered_with_contract():
    spec = get_analyzer("style")
    assert spec.version == "1"
    assert spec.requires == ("sentences", "language")
    assert spec.produces == ("results.style", "spans.style")
    assert StyleAnalyzer.languages == frozenset({"en"})
    assert StyleAnalyzer.min_words == 30


def test_loaded_words_found_with_exact_offsets(analyzer):
    text = (
        "Critics slammed the plan on Monday, calling it an outrageous and disgraceful waste of money. "
        "The mayor said the regime of inspections would continue for the rest of the year, while the "
        "opposition called the outcome catastrophic for the city budget and its residents."
    )
    article = run(analyzer, text)
    found = {s.text.lower(): s for s in spans(article, "loaded_language")}
    assert set(found) == {"slammed", "outrageous", "disgraceful", "regime", "catastrophic"}
    for word, span in found.items():
        assert text[span.start : span.end] == span.text
        assert span.start == text.lower().index(word)
        assert span.detail  # the lexicon category
    assert found["slammed"].detail == "harsh verb of criticism"
    assert found["regime"].detail == "pejorative label"
    sig = signal(article, "loaded_language")
    n_words = len(re.findall(r"\w+(?:'\w+)*", text))
    assert sig["evidence_count"] == 5
    assert sig["value"] == pytest.approx(100 * 5 / n_words, abs=1e-3)
    assert sig["unit"] == "per 100 words"
    assert "slammed" in sig["description"]


def test_words_match_on_word_boundaries_only(analyzer):
    text = (
        "The thuggish remarks and the regimen of training were discussed in a calm meeting. Officials "
        "described a mayoral race that remained orderly, and a slammer of doors was not reported at "
        "all during the session, the clerk said in the minutes."
    )
    article = run(analyzer, text)
    assert [s.text for s in spans(article, "loaded_language")] == []
    # "mayoral" does not contain the hedge "may"
    assert [s.text for s in spans(article, "hedges")] == []


def test_hedges_and_boosters_counted(analyzer):
    text = (
        "The company may reportedly cut jobs, and the plan allegedly involves closing two plants. It seems "
        "the board could approve it, sources said. Analysts say the decision is clearly a mistake and will "
        "definitely hurt morale; it is undeniably the wrong move. The vote is on May 5 and Theresa May "
        "spoke about it."
    )
    article = run(analyzer, text)
    hedges = [s.text.lower() for s in spans(analyzer_cap(article, analyzer), "hedges")]
    boosters = sorted(s.text.lower() for s in spans(article, "boosters"))
    assert signal(article, "hedges")["evidence_count"] == 5
    assert set(hedges) == {"may", "reportedly", "allegedly", "it seems", "could"}
    assert boosters == ["clearly", "definitely", "undeniably"]
    assert signal(article, "boosters")["evidence_count"] == 3
    assert signal(article, "hedges")["value"] > signal(article, "boosters")["value"] > 0
    # the month and the name are not hedges
    may_spans = [s for s in spans(article, "hedges") if s.text.lower() == "may"]
    assert [s.start for s in may_spans] == [text.index("may")]


def analyzer_cap(article: Article, analyzer: StyleAnalyzer) -> Article:
    assert len(spans(article, "hedges")) <= analyzer.max_evidence
    return article


def test_exclamations_questions_and_all_caps(analyzer):
    text = (
        "The FBI and NATO briefed reporters about COVID rules on Tuesday. UNICEF said aid was delayed. "
        "Is this acceptable? Residents were OUTRAGEOUS in their anger! WAKE UP, one sign read! "
        "What happens next? Officials did not answer questions from the press about the timeline."
    )
    article = run(analyzer, text)
    n_sent = len(article.sentences)
    assert n_sent == 7
    assert signal(article, "exclamations")["value"] == pytest.approx(2 / n_sent, abs=1e-3)
    assert signal(article, "questions")["value"] == pytest.approx(2 / n_sent, abs=1e-3)
    caps = sorted(s.text for s in spans(article, "all_caps"))
    assert caps == ["OUTRAGEOUS", "WAKE UP"]  # FBI, NATO, COVID (short) and UNICEF (listed acronym) excluded
    n_words = len(re.findall(r"\w+(?:'\w+)*", text))
    assert signal(article, "all_caps")["value"] == pytest.approx(100 * 3 / n_words, abs=1e-3)
    assert "acronym" in signal(article, "all_caps")["description"]
    exclaim = spans(article, "exclamations")
    assert all("!" in s.text for s in exclaim) and len(exclaim) == 2


def test_all_caps_rule_skips_datelines_and_acronym_pairs(analyzer):
    text = (
        "WASHINGTON (AP) — The NRA CEO met senators on Monday to discuss the bill.\n"
        "NEW YORK, N.Y. - Markets were calm as the US EU talks continued, and traders said NOTHING "
        "unusual happened during the session, which closed slightly higher for the week."
    )
    article = run(analyzer, text)
    assert [s.text for s in spans(article, "all_caps")] == ["NOTHING"]


def test_quotes_and_attributions(analyzer):
    text = (
        "\u201cWe will not back down,\u201d the union leader said on Friday. "
        '"The offer is fair," a company spokesperson told reporters, adding that talks would continue. '
        "According to the labor ministry, the strike has cost millions. Some workers called the deal a "
        '"betrayal" of their interests, the newspaper reported.'
    )
    article = run(analyzer, text)
    quotes = spans(article, "quotations")
    assert sorted(s.text for s in quotes) == sorted(
        ["\u201cWe will not back down,\u201d", '"The offer is fair,"', '"betrayal"']
    )
    assert signal(article, "quotations")["value"] == 3
    short = next(s for s in quotes if s.text == '"betrayal"')
    assert "scare quotes" in short.detail
    attributions = sorted(s.text.lower() for s in spans(article, "attributions"))
    assert signal(article, "attributions")["evidence_count"] == 4
    assert set(attributions) <= {"said", "told", "according to", "reported"}
    assert signal(article, "named_sources")["value"] == 0
    assert signal(article, "unnamed_attributions")["value"] == 4


def test_named_sources(analyzer):
    text = (
        "The vaccine reduced hospital admissions by half, according to Dr. Jane Smith, who led the trial at "
        'the university hospital. "The results are encouraging," said Smith. Officials said the rollout '
        "would begin in the spring. The World Health Organization said it would review the data, and "
        "Mark O'Neil told reporters that supplies were limited. He said more doses were coming."
    )
    article = run(analyzer, text)
    names = [s.text for s in spans(article, "named_sources")]
    assert "Dr. Jane Smith" in names
    assert "World Health Organization" in names
    assert "Mark O'Neil" in names
    assert "Smith" not in names  # the same person as Dr. Jane Smith: counted once
    assert signal(article, "named_sources")["value"] == 3
    # "Officials said" and "He said" have no name nearby
    unnamed = {text[s.start - 10 : s.end] for s in spans(article, "unnamed_attributions")}
    assert len(unnamed) == 2
    for s in spans(article, "named_sources"):
        assert text[s.start : s.end] == s.text


def test_name_before_an_appositive_clause_is_a_named_source(analyzer):
    text = (
        "Council member Rosa Alvarez, who voted against the plan, said the majority had skipped every step. "
        "Mayor Tom Becker, who supports the replacement, said the bridge would bring jobs to the city. "
        "The council will meet again next month to discuss the cost of the project and the timeline."
    )
    names = [s.text for s in spans(run(analyzer, text), "named_sources")]
    assert names == ["Rosa Alvarez", "Mayor Tom Becker"]


def test_sentence_initial_common_word_is_not_a_name(analyzer):
    text = (
        "Critics said the program was too expensive for a town of its size. Supporters argued it would pay "
        "for itself within a decade. Chen said the budget was sound. Council member Robert Chen chairs the "
        "finance committee and has served on the council since 2015."
    )
    article = run(analyzer, text)
    names = [s.text for s in spans(article, "named_sources")]
    assert names == ["Chen"]  # "Chen" appears as "Robert Chen" elsewhere; "Critics" never does


def test_links_counted(analyzer):
    text = (
        "The report, published by the state auditor, found that spending rose by 12 percent last year. "
        "The full report is at https://auditor.example.gov/reports/2024.pdf and a summary was posted online. "
        "Lawmakers are expected to discuss the findings at a hearing next month, the auditor said."
    )
    links = ["https://www.example.org/a", "https://example.org/b?x=1", "/relative/path", "http://news.example.net/c"]
    article = run(analyzer, text, links=links)
    assert signal(article, "links")["value"] == 5  # four hrefs plus the bare URL in the text
    assert signal(article, "link_domains")["value"] == 3
    desc = signal(article, "link_domains")["description"]
    for domain in ("example.org", "news.example.net", "auditor.example.gov"):
        assert domain in desc
    (url_span,) = spans(article, "links")
    assert url_span.text == "https://auditor.example.gov/reports/2024.pdf"
    assert signal(article, "questions")["value"] == 0  # the '?' inside a URL is not a question
    # a relative href belongs to the article's own site
    article = run(analyzer, text, links=links, url="https://www.daily.example.com/news/1")
    assert signal(article, "link_domains")["value"] == 4
    assert "daily.example.com" in signal(article, "link_domains")["description"]


def test_wire_text_scores_lower_than_rant(analyzer):
    wire, rant = run(analyzer, WIRE), run(analyzer, RANT)
    for name in ("loaded_language", "subjectivity", "exclamations", "all_caps", "boosters", "second_person"):
        assert signal(wire, name)["value"] < signal(rant, name)["value"], name
    assert signal(wire, "strong_negative_share")["value"] < signal(rant, "strong_negative_share")["value"]
    assert signal(wire, "sentiment_mean")["value"] > signal(rant, "sentiment_mean")["value"]
    assert signal(wire, "named_sources")["value"] >= 2
    assert signal(rant, "attributions")["value"] == 0
    assert wire.results["style"]["summary"].startswith("No style signal stands out")
    rant_summary = rant.results["style"]["summary"]
    assert rant_summary.startswith("Notable style signals:")
    assert "loaded or emotive wording" in rant_summary and "exclamation marks" in rant_summary
    for article in (wire, rant):
        assert "fake" not in article.results["style"]["summary"].lower()


def test_pronouns_counted_outside_quotes_only(analyzer):
    text = (
        '"We are proud of what we built, and you will see it soon," the chief executive said at the launch '
        "in Boston. The company said its new factory would employ 400 people. The US government offered tax "
        "credits for the project, officials said."
    )
    article = run(analyzer, text)
    assert signal(article, "first_person")["value"] == 0  # "We", "we" quoted; "US" is the country
    assert signal(article, "second_person")["value"] == 0
    assert "outside quot" in signal(article, "first_person")["description"]
    text2 = "We think you deserve better. " + text
    article2 = run(analyzer, text2)
    assert [s.text for s in spans(article2, "first_person")] == ["We"]
    assert [s.text for s in spans(article2, "second_person")] == ["you"]
    assert signal(article2, "first_person")["unit"] == "per 100 words outside quotes"


def test_readability(analyzer):
    article = run(analyzer, WIRE)
    fre = signal(article, "flesch_reading_ease")["value"]
    fkg = signal(article, "flesch_kincaid_grade")["value"]
    msl = signal(article, "mean_sentence_length")["value"]
    assert 0 < fre < 100 and 0 < fkg < 20
    words = len(re.findall(r"\w+(?:'\w+)*", WIRE))
    assert msl == pytest.approx(words / len(article.sentences), abs=0.05)
    simple = "The cat sat on the mat. The dog ran to the park. " * 4
    easy = run(analyzer, simple)
    assert signal(easy, "flesch_reading_ease")["value"] > fre
    assert signal(easy, "flesch_kincaid_grade")["value"] < fkg
    assert spans(article, "flesch_kincaid_grade")  # the hardest sentences are shown


def test_result_shape_spans_and_evidence(analyzer):
    for text in (WIRE, RANT):
        article = run(analyzer, text)
        result = article.results["style"]
        json.dumps(result)  # JSON-serializable
        assert set(result) == {"signals", "summary"}
        assert isinstance(result["summary"], str) and result["summary"].endswith(".")
        labels = set()
        for name, sig in result["signals"].items():
            assert set(sig) == {"value", "unit", "description", "evidence_count"}, name
            assert isinstance(sig["value"], float) and isinstance(sig["evidence_count"], int)
            assert sig["description"] and sig["unit"]
            shown = spans(article, name)
            assert len(shown) <= min(analyzer.max_evidence, sig["evidence_count"]), name
            if sig["evidence_count"] and name not in ("links", "link_domains"):
                assert shown, f"{name} has evidence but no span"
            labels.add(name)
        for span in article.spans["style"]:
            assert span.label in labels
            assert article.text[span.start : span.end] == span.text
            assert span.detail


def test_max_evidence_cap():
    small = StyleAnalyzer(max_evidence=1)
    article = run(small, RANT)
    for name in article.results["style"]["signals"]:
        assert len(spans(article, name)) <= 1
    assert signal(article, "loaded_language")["evidence_count"] > 1


def test_abstains_on_other_languages_and_short_texts(analyzer):
    french = Article(text="Le gouvernement a annoncé une réforme. " * 10, language="fr")
    reason = analyzer.abstain_reason(french)
    assert reason and "'fr'" in reason and "en" in reason
    unknown = Article(text="word " * 50, language=None)
    assert "language" in analyzer.abstain_reason(unknown)
    short = Article(text="Officials said the plan was approved on Tuesday.", language="en")
    reason = analyzer.abstain_reason(short)
    assert reason and "30" in reason and "words" in reason


def test_offsets_with_unicode_and_odd_spacing(analyzer):
    text = (
        "Ça va?  The  minister\u2019s   \u201cshocking\u201d plan — described as OUTRAGEOUS by rivals — was "
        "slammed\u00a0by unions.\nİstanbul officials said it may   reportedly cost $1.2 billion, according to "
        "Dr. Ayşe Kaya. You won\u2019t believe it, we were told by critics who oppose the new tax plan."
    )
    article = run(analyzer, text)
    assert article.spans["style"]
    for span in article.spans["style"]:
        assert text[span.start : span.end] == span.text
    assert {"shocking", "slammed", "OUTRAGEOUS"} <= {s.text for s in spans(article, "loaded_language")}
    assert "Dr. Ayşe Kaya" in [s.text for s in spans(article, "named_sources")]


def test_vader_shortcut_matches_vader():
    res = _shared()
    sentences = [s.text for s in split_sentences(WIRE + " " + RANT)] + [
        "It was kind of great, but the ending was TERRIBLE.",
        "No problem, no worries :)",
        "At least it is not the worst",
        "I don't think it's bad",
        "very very good",
        "Absolutely HORRIBLE and disgusting??",
        "The results were fine 😀 overall.",
        "That was a disaster ☹ for us.",
        "\u201cThis is a wonderful day,\u201d she said, \u2018truly\u2019 happy.",
        "Caf\u00e9 owners were not pleased \u2014 they were furious!",
        "   ",
    ]
    for sentence in sentences:
        assert res.compound(sentence) == res.vader.polarity_scores(sentence)["compound"], sentence


def test_subjectivity_matches_textblob_without_intensifiers():
    from textblob import TextBlob

    analyzer = StyleAnalyzer()
    text = (
        "The beautiful park opened on a sunny afternoon. The terrible storm damaged old houses near the river. "
        "Local officials described the new library as important for the community and its young readers."
    )
    article = run(analyzer, text)
    expected = TextBlob(text).sentiment.subjectivity
    assert signal(article, "subjectivity")["value"] == pytest.approx(expected, abs=0.01)


def test_lexicon_file_license_and_structure():
    raw = resources.files("newssift").joinpath("resources", "lexicons", "style_lexicons.json").read_text("utf-8")
    data = json.loads(raw)
    assert data["license"] in {"Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "CC0-1.0", "CC-BY-4.0"}
    assert "newssift" in data["license_note"]
    assert data["version"]
    for name in ("loaded", "hedges", "boosters", "attribution", "first_person", "second_person"):
        spec = data["lists"][name]
        assert spec["description"]
        assert spec["inspired_by"], name
        for category in spec["categories"].values():
            assert category["description"] and category["entries"]
    loaded = [e for c in data["lists"]["loaded"]["categories"].values() for e in c["entries"]]
    assert 150 <= len(loaded) <= 400
    assert len(set(loaded)) == len(loaded)
