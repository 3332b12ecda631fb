"""The technique tagger: windowing, decoding and offsets (hand-made texts), and the bundled artifact."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from newssift.errors import NewssiftError
from newssift.models.artifacts import bundled_model_dir
from newssift.models.techniques import TechniqueTagger, TokenizedText, decode_spans, span_features, tokenize, windows
from newssift.techniques import LABELS

TEXT = ("Café owners say the “naïve” plan — a total disaster — will ruin everyone.\r\n"
        "Emoji 🎉 stay put; the corrupt, lying elites betrayed us!\n\n"
        "It is a scam. A scam from start to finish. A total scam.")


@pytest.fixture(scope="module")
def tagger():
    return TechniqueTagger.bundled()


def _fake_tokens(text: str) -> TokenizedText:
    starts, ends, pos = [], [], 0
    for word in text.split(" "):
        starts.append(pos)
        ends.append(pos + len(word))
        pos += len(word) + 1
    n = len(starts)
    return TokenizedText(np.arange(n), np.asarray(starts), np.asarray(ends))


def test_windows_cover_every_token_once_within_the_limit(tagger):
    text = "\n".join(f"Sentence number {i} is here and it says something." for i in range(60))
    tokens = tokenize(tagger.tokenizer, text)
    ranges = windows(text, tokens, 32)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(tokens.ids)
    assert all(a < b <= a + 30 for a, b in ranges)
    assert all(ranges[i][1] == ranges[i + 1][0] for i in range(len(ranges) - 1))
    # every window starts at the beginning of a line
    assert all(a == 0 or "\n" in text[tokens.ends[a - 1]:tokens.starts[a]] for a, _ in ranges)


def test_decode_spans_joins_runs_widens_to_words_and_trims():
    text = "we saw an outrageous, shameful betrayal today."
    tokens = _fake_tokens(text)  # words incl. punctuation: "outrageous," "betrayal" ...
    probs = np.asarray([0.1, 0.1, 0.1, 0.9, 0.8, 0.7, 0.2])
    spans = decode_spans(text, tokens, probs, 0.5)
    assert len(spans) == 1
    start, end, score = spans[0]
    assert text[start:end] == "outrageous, shameful betrayal"
    assert score == pytest.approx(0.8)
    # a word piece inside a word pulls in the whole word
    assert decode_spans("unbelievable stuff", TokenizedText(np.arange(2), np.asarray([0, 2]),
                                                            np.asarray([2, 12])), np.asarray([0.1, 0.9]), 0.5)[0][:2] == (0, 12)
    assert decode_spans(text, tokens, np.zeros(7), 0.5) == []


def test_span_features_count_recurrences():
    text = "It is a scam. A scam from start to finish. A total scam."
    start = text.index("scam")
    features = span_features(text, text.lower(), start, start + 4)
    assert features[1] == pytest.approx(np.log1p(2))  # two other occurrences
    assert features[2] == 1.0
    once = span_features(text, text.lower(), 0, 5)  # "It is" occurs once
    assert once[1] == 0.0 and once[2] == 0.0


def test_offsets_are_exact_on_raw_text(tagger):
    encoding = tagger.encode(TEXT)
    for start, end in zip(encoding.tokens.starts, encoding.tokens.ends):
        piece = TEXT[start:end]
        assert piece and piece == piece.strip()
    for span in tagger.predict(TEXT, threshold=0.05):  # low threshold: some spans for sure
        assert 0 <= span.start < span.end <= len(TEXT)
        assert TEXT[span.start:span.end].strip() == TEXT[span.start:span.end]
        assert span.technique in LABELS
        assert 0.0 <= span.confidence <= 1.0


def test_spans_do_not_depend_on_other_texts(tagger):
    alone = tagger.predict(TEXT)
    tagger.predict("Something else entirely, with loaded words: disgraceful traitors. " * 30)
    assert tagger.predict(TEXT) == alone


def test_classify_returns_a_distribution_per_span(tagger):
    encoding = tagger.encode(TEXT)
    probabilities = tagger.classify(encoding, [(0, 4), (TEXT.index("scam"), TEXT.index("scam") + 4)])
    assert probabilities.shape == (2, 14)
    assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)


def test_empty_text_gives_no_spans(tagger):
    assert tagger.predict("") == []
    assert tagger.predict("   \n ") == []


def test_invalid_artifact_is_NS510(tmp_path):
    folder = tmp_path / "techniques"
    shutil.copytree(bundled_model_dir("techniques"), folder)
    config = json.loads((folder / "config.json").read_text())
    config["labels"] = ["Loaded_Language"] * 14
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(NewssiftError) as excinfo:
        TechniqueTagger(folder)
    assert excinfo.value.code == "NS510"
    del config["window_tokens"]
    config["labels"] = list(LABELS)
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(NewssiftError) as excinfo:
        TechniqueTagger(folder)
    assert excinfo.value.code == "NS510"


def test_artifact_without_its_own_encoder_is_NS510(tmp_path):
    folder = tmp_path / "techniques"
    shutil.copytree(bundled_model_dir("techniques"), folder)
    config = json.loads((folder / "config.json").read_text())
    config["encoder"] = "own"
    (folder / "config.json").write_text(json.dumps(config))
    (folder / "encoder.int8.onnx").unlink(missing_ok=True)
    with pytest.raises(NewssiftError) as excinfo:
        TechniqueTagger(folder)
    assert excinfo.value.code == "NS510" and "encoder.int8.onnx" in excinfo.value.message


@pytest.mark.parametrize("name", ["head.onnx", "span_head.npz", "tokenizer.json"])
def test_artifact_missing_a_file_is_NS510_naming_it(tmp_path, name):
    folder = tmp_path / "techniques"
    shutil.copytree(bundled_model_dir("techniques"), folder)
    (folder / name).unlink()
    with pytest.raises(NewssiftError) as excinfo:
        TechniqueTagger(folder)
    assert excinfo.value.code == "NS510" and name in excinfo.value.message
