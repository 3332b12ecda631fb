import json
from importlib import resources

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newssift
from newssift.config import as_list, load_config
from newssift.report import SCHEMA_VERSION, json_schema

WORDS = ["The", "senator", "said", "outrageous", "maybe", "clearly", "“quote”", '"', "!", "?", "U.S.", "Dr.", "you",
         "we", "SHOCKING", "according", "to", "officials", ".", "\n", "\n\n", "é", "😀", "\u00a0", "report", "according to"]


def committed_schema():
    return json.loads(resources.files("newssift").joinpath("schema/report.v1.json").read_text())


def test_committed_schema_matches_the_models():
    assert committed_schema() == json_schema(), "run `make schema` and commit newssift/schema/report.v1.json"


def test_demo_report_validates_against_the_committed_schema():
    report = newssift.analyze(str(resources.files("newssift").joinpath("resources/examples/harbor-bridge.html")))
    payload = json.loads(report.to_json())
    jsonschema.validate(payload, committed_schema())
    assert payload["schema_version"] == SCHEMA_VERSION
    assert set(payload["analyzers"]) == set(as_list(load_config()["pipeline"]["analyzers"]))
    assert payload["versions"]["newssift"] == newssift.__version__
    assert payload["timings_ms"]["total"] > 0


def assert_offsets_exact(report):
    text = report.text
    for sentence in report.sentences:
        assert text[sentence.start : sentence.end].strip()
    for result in report.analyzers.values():
        for span in result.spans:
            assert text[span.start : span.end] == span.text, (result.name, span)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=4)), min_size=40, max_size=200))
def test_every_span_in_a_report_indexes_the_text_exactly(tokens):
    text = " ".join(tokens)
    report = newssift.analyze({"text": text, "url": "https://www.infowars.com/x"})
    assert report.text == text
    assert_offsets_exact(report)


def test_summary_states_signals_and_never_says_fake():
    report = newssift.analyze({"text": "Everyone knows this is FAKE news! " * 10, "url": "https://www.infowars.com/a"})
    summary = " ".join(report.summary.points + report.summary.not_judged).lower()
    assert "fake" not in summary
    assert report.summary.points


def test_abstentions_are_reported_as_not_judged():
    report = newssift.analyze({"text": "Der Stadtrat hat am Dienstag den Haushalt für das nächste Jahr beschlossen. " * 4})
    reasons = {item.analyzer: item.reason for item in report.not_judged}
    assert "language 'de'" in reasons["style"]
    assert "no URL" in reasons["source"]
    assert report.analyzers["style"].status == "abstained"
