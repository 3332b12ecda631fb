"""The shared text-classifier analyzer base: abstains, predicts in batches, explains with exact spans."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

from newssift.analyzers.text_classifier import TextClassifierAnalyzer, reads_as_words
from newssift.article import Article
from newssift.errors import NewssiftError
from newssift.ingest.segment import segment
from newssift.models.linear_text import LinearTextClassifier, row_dot
from newssift.models.text_clean import clean

WARM = ["The sunny meadow was warm and bright today.", "A warm, sunny afternoon brightened the bright square.",
        "Bright sunshine and warm air filled the sunny valley.", "It stayed warm and sunny and bright all week."]
COLD = ["The frozen lake was icy and bleak today.", "An icy, frozen morning chilled the bleak square.",
        "Bleak skies and icy wind swept the frozen valley.", "It stayed icy and frozen and bleak all week."]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    texts, labels = WARM + COLD, ["warm"] * 4 + ["cold"] * 4
    folder = tmp_path_factory.mktemp("weather")
    model = LinearTextClassifier(min_df=1, max_df=1.0, char_ngrams=(2, 3)).fit(
        texts * 3, labels * 3, calibration_texts=texts, calibration_labels=labels)
    model.save(folder, extra_config={"preprocess": "news_v1", "model_version": "toy-1"})
    return folder


class Weather(TextClassifierAnalyzer):
    model_name = "weather-toy"
    min_words = 10
    summaries: ClassVar[dict[str, str]] = {"warm": "The text reads warm (p={p:.2f}).",
                                           "cold": "The text reads {name} (p={p:.2f})."}
    label_names: ClassVar[dict[str, str]] = {"cold": "cold-sounding"}


def _article(text, language="en", title=None):
    article = Article(text=text, title=title, language=language)
    article.sentences = segment(text)
    return article


def test_predicts_labels_with_probabilities_evidence_and_exact_spans(model_dir):
    analyzer = Weather(model_dir=str(model_dir))
    analyzer.name = "weather"
    warm = _article("The sunny square was warm. Nothing else happened here at all, really. "
                    "Bright and warm sunshine lit the sunny valley all afternoon long.")
    cold = _article("Icy wind swept the frozen bleak lake all morning long, and the frozen square stayed icy too.")
    predictions = analyzer.predict([warm, cold])
    for article, prediction in zip([warm, cold], predictions):
        analyzer.set_annotations(article, prediction)
    result = warm.results["weather"]
    assert result["label"] == "warm" and result["summary"].startswith("The text reads warm (p=")
    assert set(result["probabilities"]) == {"warm", "cold"}
    assert abs(sum(result["probabilities"].values()) - 1) < 1e-3
    assert result["model"] == {"name": "weather-toy", "version": "toy-1"}
    sentences = [e for e in result["evidence"] if "start" in e]
    terms = [e for e in result["evidence"] if "start" not in e]
    assert sentences and sentences[0]["text"].startswith("Bright and warm")  # the sentence that pushes most
    assert all(e["toward"] == "warm" and e["weight"] > 0 for e in result["evidence"])
    assert any(t["text"] in {"warm", "sunny", "bright"} for t in terms)
    assert not any(t["text"].startswith("chars:") for t in terms)
    for span in warm.spans["weather"]:
        assert warm.text[span.start:span.end] == span.text and span.label == "warm"
    assert cold.results["weather"]["label"] == "cold"
    assert "cold-sounding" in cold.results["weather"]["summary"]


def test_abstains_on_short_or_non_english_text(model_dir):
    analyzer = Weather(model_dir=str(model_dir))
    assert "needs at least 10" in analyzer.abstain_reason(_article("Too short to judge."))
    assert "language 'de'" in analyzer.abstain_reason(_article("word " * 20, language="de"))
    assert analyzer.abstain_reason(_article("word " * 20)) is None
    assert Weather(model_dir=str(model_dir), min_words=0).abstain_reason(_article("Short.")) is None


def test_a_missing_artifact_fails_when_built(tmp_path):
    with pytest.raises(NewssiftError) as error:
        Weather(model_dir=str(tmp_path))
    assert error.value.code == "NS502"


def test_news_cleaner_strips_outlet_boilerplate():
    text = "WASHINGTON (Reuters) - The vice president told CNN so.\nBy Jane Doe\nSee https://example.com/x now."
    cleaned = clean(text, "news_v1")
    assert "Reuters" not in cleaned and "CNN" not in cleaned and "Jane Doe" not in cleaned
    assert "example.com" not in cleaned and "vice president" in cleaned and "outletname" in cleaned
    assert clean(text, None) == text


def test_news_v2_also_drops_house_style():
    text = "Mr. Trump’s “plan” was praised (AP Photo/John Doe) by Ms. Lee.\nAdvertisement\nVoters agreed."
    cleaned = clean(text, "news_v2")
    assert "Mr." not in cleaned and "Ms." not in cleaned and "Photo" not in cleaned and "Advertisement" not in cleaned
    assert "Trump's \"plan\" was praised" in cleaned and "Voters agreed." in cleaned


def test_sentences_the_model_did_not_read_are_not_evidence(model_dir):
    """The model reads the first max_chars characters of title + text; a sentence after them moved nothing."""
    analyzer = Weather(model_dir=str(model_dir))
    analyzer.name = "weather"
    original, analyzer.model.max_chars = analyzer.model.max_chars, 120  # the model is shared: put it back after
    try:
        opening = "The sunny square was warm and bright. Bright sunshine warmed the sunny valley today."
        late = " It stayed warm and sunny and bright all week, warm and sunny and bright."
        article = _article(opening + " Nothing much happened after that, people said, all day." + late,
                           title="Warm days")
        assert analyzer.text_offset(article) == len("Warm days") + 2
        analyzer.set_annotations(article, analyzer.predict([article])[0])
        evidence = [e["text"] for e in article.results["weather"]["evidence"] if "start" in e]
        assert evidence and all(article.text.index(text) + len("Warm days") + 2 < 120 for text in evidence)
        assert late.strip() not in evidence
    finally:
        analyzer.model.max_chars = original


def test_lone_letters_and_numbers_are_not_shown_as_evidence(tmp_path):
    """'v 7' is the heaviest warm term of this toy model, but a reader learns nothing about the wording from it."""
    texts = [f"{text} v 7" for text in WARM] + COLD
    labels = ["warm"] * 4 + ["cold"] * 4
    model = LinearTextClassifier(min_df=1, max_df=1.0).fit(texts * 3, labels * 3, calibration_texts=texts,
                                                          calibration_labels=labels)
    model.save(tmp_path, extra_config={"preprocess": "news_v1", "model_version": "toy-1"})
    assert {"v", "7", "v 7"} & {term for term, _ in model.term_contributions(texts[0], "warm", top=30)}
    analyzer = Weather(model_dir=str(tmp_path))
    analyzer.name = "weather"
    article = _article("The sunny meadow was v 7 warm and bright, and the sunny square stayed warm all day long.")
    analyzer.set_annotations(article, analyzer.predict([article])[0])
    terms = [e["text"] for e in article.results["weather"]["evidence"] if "start" not in e]
    assert terms and not {"v", "7", "v 7"} & set(terms)
    assert all(reads_as_words(term) for term in terms)


def test_reads_as_words():
    assert reads_as_words("rights") and reads_as_words("r texas") and reads_as_words("the supreme")
    assert reads_as_words("1990s") and reads_as_words("the 60s") and reads_as_words("21st")
    assert not reads_as_words("v") and not reads_as_words("2019") and not reads_as_words("r 1")
    assert reads_as_words("17", numbers=True) and not reads_as_words("u s", numbers=True)


class CautiousWeather(Weather):
    heldout_keys = ("unseen", "accuracy")
    heldout_metric = "accuracy"
    heldout_on = "forecasts of towns never seen in training"
    caveat = "A weak signal: accuracy {value:.2f} on new towns."


def _copy_with_metrics(model_dir, tmp_path, metrics_text):
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(model_dir, folder)
    if metrics_text is not None:
        (folder / "metrics.json").write_text(metrics_text, encoding="utf-8")
    return folder


def _warm_result(analyzer):
    analyzer.name = "weather"
    article = _article("Bright and warm sunshine lit the sunny valley all afternoon long, and the meadow was warm.")
    analyzer.set_annotations(article, analyzer.predict([article])[0])
    return article.results["weather"]


def test_states_the_held_out_figure_and_a_weak_signal_says_so_in_its_summary(model_dir, tmp_path):
    folder = _copy_with_metrics(model_dir, tmp_path, '{"unseen": {"accuracy": 0.51234}, "seen": {"accuracy": 0.9}}')
    result = _warm_result(CautiousWeather(model_dir=str(folder)))
    assert result["model"]["heldout"] == {"metric": "accuracy", "value": 0.5123,
                                          "on": "forecasts of towns never seen in training"}
    assert result["summary"].startswith("The text reads warm (p=")
    assert result["summary"].endswith("A weak signal: accuracy 0.51 on new towns.")


@pytest.mark.parametrize("metrics_text", [None, "not json {", '{"unseen": {}}', '{"unseen": {"accuracy": "high"}}'])
def test_without_a_readable_held_out_figure_nothing_is_claimed(model_dir, tmp_path, metrics_text):
    folder = _copy_with_metrics(model_dir, tmp_path, metrics_text)
    result = _warm_result(CautiousWeather(model_dir=str(folder)))
    assert "heldout" not in result["model"] and "weak signal" not in result["summary"]


class HesitantWeather(Weather):
    clear_at = 1.01  # no probability reaches it: always worded as unclear
    unclear_summary = "No clear weather: {label} is only the likelier (p={p:.2f})."


def test_a_top_label_below_clear_at_is_worded_as_unclear(model_dir):
    result = _warm_result(HesitantWeather(model_dir=str(model_dir)))
    p = result["probabilities"][result["label"]]
    assert result["summary"] == f"No clear weather: warm is only the likelier (p={p:.2f})."
    assert p > 0.5 and _warm_result(SureWeather(model_dir=str(model_dir)))["summary"].startswith("The text reads warm")


class SureWeather(HesitantWeather):
    clear_at = 0.5


def test_the_cleaned_text_is_shared_through_the_article_and_follows_an_edit(model_dir):
    """Two analyzers with the same cleaner clean an article once between them (``article.cache``); one that
    reads other parts of it, or the same article after its text changed, gets its own cleaning."""

    class HeadlineWeather(Weather):
        use_text = False

    body, headline = Weather(model_dir=str(model_dir)), HeadlineWeather(model_dir=str(model_dir))
    article = _article("The sunny square was warm and bright all afternoon.", title="Icy, frozen and bleak")
    cleaned, _ = body.cleaned_input(article)
    assert body.cleaned_input(article)[0] is cleaned
    assert headline.cleaned_input(article)[0] == clean("Icy, frozen and bleak", "news_v1")
    assert body.cleaned_input(article)[0] == cleaned  # cleaned again after the headline reader, the same text
    article.text = "The frozen lake was icy and bleak today."
    assert body.cleaned_input(article)[0] == clean("Icy, frozen and bleak\n\nThe frozen lake was icy and bleak today.",
                                                   "news_v1")


def test_a_sentence_is_weighed_as_the_model_read_it_in_the_cleaned_article(model_dir):
    """Evidence weighs what the cleaner left of each sentence in the article: a byline line that the cleaner
    removes weighs nothing, and a sentence that merely starts with "By" mid-paragraph is read and weighed."""
    analyzer = Weather(model_dir=str(model_dir))
    article = _article("Reporting by Jane Doe and John Roe of the desk\nThe square was cold today. "
                       "By noon the warm meadow was sunny and bright.")
    prediction = analyzer.predict([article])[0]
    cleaned, where = analyzer.cleaned_input(article)
    weights = dict(prediction["sentences"])
    assert sorted(weights) == [0, 1, 2]
    assert not weights[0].any()  # the byline
    for j, row in weights.items():
        start, end = where[j]
        expected = row_dot(analyzer.model.feature_blocks([cleaned[start:end]]), analyzer._margins_t, 1)[0]
        assert np.allclose(row, expected)
    warm = analyzer.classes.index("warm")
    assert weights[2][warm] > 0 and cleaned[where[2][0]:where[2][1]].startswith("By noon")
