import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newssift.ingest.segment import segment

TRICKY = [
    ("Dr. Smith arrived. He said: \"No.\" Then he left!", ["Dr. Smith arrived.", 'He said: "No."', "Then he left!"]),
    ("The U.S. Senate voted on Tuesday. It passed 52-48.", ["The U.S. Senate voted on Tuesday.", "It passed 52-48."]),
    ("He moved to the U.S. The move was a surprise.", ["He moved to the U.S.", "The move was a surprise."]),
    ("J. K. Rowling wrote it. She is British.", ["J. K. Rowling wrote it.", "She is British."]),
    ("Wait... What happened? Nobody knows!", ["Wait...", "What happened?", "Nobody knows!"]),
    ("Prices rose 3.5 percent in Jan. 2020, officials said. Mr. Jones disagreed.",
     ["Prices rose 3.5 percent in Jan. 2020, officials said.", "Mr. Jones disagreed."]),
    ("“This is outrageous,” she said. “We will fight.”", ["“This is outrageous,” she said.", "“We will fight.”"]),
    ("It was 5 p.m. when they left. Nobody saw them.", ["It was 5 p.m. when they left.", "Nobody saw them."]),
    ("Is it true?! Yes.", ["Is it true?!", "Yes."]),
    ("Headline without period\n\nFirst sentence. Second one.", ["Headline without period", "First sentence.", "Second one."]),
    ("See e.g. the report. It is long.", ["See e.g. the report.", "It is long."]),
    ("No. 10 Downing St. is the address. The PM lives there.", ["No. 10 Downing St. is the address.", "The PM lives there."]),
]


@pytest.mark.parametrize("text,expected", TRICKY)
def test_splits_tricky_cases(text, expected):
    assert [s.text for s in segment(text)] == expected


def test_empty_and_whitespace_give_no_sentences():
    assert segment("") == []
    assert segment(" \n\t ") == []


def _check_contract(text):
    sentences = segment(text)
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        # everything between sentences is whitespace: no character is lost
        assert text[previous_end : sentence.start].strip() == ""
        previous_end = sentence.end
    assert text[previous_end:].strip() == ""


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_offsets_are_exact_on_arbitrary_unicode(text):
    _check_contract(text)


PIECES = st.sampled_from(["Mr.", "U.S.", "e.g.", "!", "?", "...", "…", "“", "”", '"', "\n", "\n\n", " ", "\u00a0",
                          "\u2028", "a", "The", "word", "J.", "3.5", "\r\n", "é", "😀", "\u0301", "\x00"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=60).map(" ".join))
def test_offsets_are_exact_on_sentence_like_text(text):
    _check_contract(text)
