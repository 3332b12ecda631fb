import pytest

from newssift import Article, Pipeline
from newssift.analyzers.base import Analyzer
from newssift.config import as_list, load_config
from newssift.errors import NewssiftError
from newssift.registry import register_analyzer


@register_analyzer("test_counter", version="1", requires=("sentences",), produces=("results.test_counter",))
class CountingAnalyzer(Analyzer):
    """Counts sentences; records the size of every predict() batch."""

    languages = None
    batches: list[int] = []

    def predict(self, articles):
        CountingAnalyzer.batches.append(len(articles))
        return [len(article.sentences) for article in articles]

    def set_annotations(self, article, prediction):
        article.results[self.name] = {"sentences": prediction, "summary": f"{prediction} sentences"}


@register_analyzer("test_needs_claims", version="1", requires=("results.claims",))
class NeedsClaims(Analyzer):
    pass


@register_analyzer("test_english_only", version="2", requires=("language",))
class EnglishOnly(Analyzer):
    languages = frozenset({"en"})
    min_words = 5

    def predict(self, articles):
        return [True for _ in articles]

    def set_annotations(self, article, prediction):
        article.results[self.name] = {"ran": prediction}


ENGLISH = "The council approved the budget on Tuesday. It funds twelve new teachers. Critics asked for more time."
GERMAN = "Der Stadtrat hat am Dienstag den Haushalt beschlossen. Er finanziert zwölf neue Lehrer für die Schulen."


def test_pipe_batches_the_predict_calls_and_keeps_order():
    CountingAnalyzer.batches.clear()
    pipeline = Pipeline(load_config(overrides={"pipeline": {"batch_size": 4}}), analyzers=["test_counter"])
    articles = [Article(text=f"Sentence one. Sentence two.{' More.' * i}", id=str(i)) for i in range(10)]
    out = list(pipeline.pipe(articles))
    assert [a.id for a in out] == [str(i) for i in range(10)]
    assert CountingAnalyzer.batches == [4, 4, 2]
    assert [a.results["test_counter"]["sentences"] for a in out] == [2 + i for i in range(10)]


def test_text_layer_fills_language_sentences_and_outlet():
    pipeline = Pipeline(analyzers=[])
    article = pipeline(Article(text=ENGLISH, url="https://m.foxnews.com/politics/x"))
    assert article.language == "en" and article.language_confidence > 0.5
    assert [s.text for s in article.sentences][1] == "It funds twelve new teachers."
    assert (article.host, article.outlet) == ("m.foxnews.com", "foxnews.com")


def test_unsupported_language_abstains_with_reason():
    pipeline = Pipeline(analyzers=["test_english_only"])
    german = pipeline(Article(text=GERMAN))
    assert german.language == "de"
    assert "test_english_only" not in german.results
    assert "language 'de'" in german.abstentions["test_english_only"]
    short = pipeline(Article(text="Too short."))
    assert "needs at least 5" in short.abstentions["test_english_only"]
    english = pipeline(Article(text=ENGLISH))
    assert english.results["test_english_only"] == {"ran": True}


def test_unknown_analyzer_fails_when_built():
    with pytest.raises(NewssiftError) as excinfo:
        Pipeline(analyzers=["no_such_analyzer"])
    assert excinfo.value.code == "NS302"
    assert "source" in excinfo.value.next_step


def test_missing_requirement_fails_when_built():
    with pytest.raises(NewssiftError) as excinfo:
        Pipeline(analyzers=["test_needs_claims"])
    assert excinfo.value.code == "NS303"


def test_bad_analyzer_setting_fails_when_built():
    config = load_config(overrides={"analyzer.style": {"max_evidence": 3}})
    config.sections["analyzer.style"]["no_such_key"] = 1
    with pytest.raises(NewssiftError) as excinfo:
        Pipeline(config)
    assert excinfo.value.code == "NS304"


def test_bad_batch_size_and_plugin_fail_when_built():
    with pytest.raises(NewssiftError) as excinfo:
        Pipeline(load_config(overrides={"pipeline": {"batch_size": 0}}))
    assert excinfo.value.code == "NS304"
    with pytest.raises(NewssiftError) as excinfo:
        Pipeline(load_config(overrides={"pipeline": {"plugins": "newssift_no_such_plugin"}}))
    assert excinfo.value.code == "NS307"


def test_versions_name_every_analyzer():
    pipeline = Pipeline()
    versions = pipeline.versions()
    assert set(versions["analyzers"]) == set(as_list(load_config()["pipeline"]["analyzers"]))
