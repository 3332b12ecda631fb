"""The text cleaners skip a pattern only where it cannot match: the same output as running every pattern."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newssift.models import text_clean
from newssift.models.text_clean import clean_mapped, clean_news_v1, clean_news_v2

# Each line triggers at least one pattern; some hide it behind case or non-ASCII characters.
TEXTS = [
    "See https://Example.COM/a?b=1 or WWW.example.org or news.CO.UK/path for more.",
    "Mail jane@example.com or ping @janedoe now.",
    "Follow us on Twitter for updates\nSign up for our NEWSLETTER today\n© 2019 All Rights Reserved",
    "By Jane Doe\nWASHINGTON (Reuters) - The talks ended.\nNEW YORK — Prices rose.",
    "The report, first aired on FOX NEWS and then by the New York Times, cited MSNBC.",
    "“CNN” reported — again — that the Washington Post’s editor resigned.",
    "Mr. Smith and Mrs. Jones met Messrs. Lee\tand  Park (AP Photo/Jane Doe) in the hall.",
    "Advertisement\nWatch the video\nPhoto: Getty Images\nContributed to this report: staff",
    "A plain sentence about the budget vote in the Senate on Tuesday.",
    "Café owners in São Paulo told Reuters the rally drew thousands.",
    "“CNN”—FOX NEWS’s\u00a0MSNBC, cnn-like, -cnn, cnn- and abc newsy (none of the last four is a name).",
    "Cnné and écnn are not CNN; nor is abc newsé, but ABC is.",
    "The ſite exampl\u212a.com and the \u0130STANBUL bureau of cnn.",  # characters re.IGNORECASE folds to ASCII
    "items, terms and problems are not honorifics; mr. and ms. in lower case are not either",
    # line-start patterns behind non-ASCII blanks and dashes, at the very start and after blank lines
    "\u00a0By Jane Doe\n\n\u2003WASHINGTON (AP) \u2014 Talks ended.\n \u3000NEW YORK, Jan. \u2013 Prices rose.",
    "(CNN)The talks ended.\nEDITING BY\u00a0Jane Doe\n\tLONDON \u2014\u00a0Rain.\nSen. Ted Cruz (R-Texas) spoke.",
    "",
    "   \t  ",
]


@pytest.mark.parametrize("text", TEXTS)
def test_hinted_cleaning_equals_running_every_pattern(text):
    assert clean_news_v1(text) == clean_news_v1(text, gated=False)
    assert clean_news_v2(text) == clean_news_v2(text, gated=False)


def test_the_cleaners_still_clean():
    cleaned = clean_news_v1(TEXTS[4])
    assert "FOX NEWS" not in cleaned and "New York Times" not in cleaned and cleaned.count("outletname") == 3
    assert "example" not in clean_news_v1(TEXTS[0]).lower()
    assert "Mr." not in clean_news_v2(TEXTS[6]) and "Photo" not in clean_news_v2(TEXTS[6])
    # every curly quote and prime becomes straight; other non-ASCII text is left alone
    assert clean_news_v2("‘a’ “b” 5′ 6″ café — ok") == "'a' \"b\" 5' 6\" café — ok"


def test_every_character_that_ignorecase_folds_to_ascii_disables_the_hints():
    """The hints are looked for in lower-cased text with non-ASCII characters replaced; that is only safe if
    no non-ASCII character matches an ASCII letter under re.IGNORECASE, except the ones listed."""
    listed = set(text_clean._FOLDS_TO_ASCII.pattern.strip("[]"))
    cased = [chr(c) for c in range(0x80, 0x110000)
             if not 0xD800 <= c <= 0xDFFF and (chr(c).lower() != chr(c) or chr(c).upper() != chr(c))]
    folding = {c for letter in "abcdefghijklmnopqrstuvwxyz" for c in cased
               if re.fullmatch(letter, c, re.IGNORECASE)}
    assert folding == listed


def test_the_hint_text_reads_word_characters_as_the_regex_engine_does():
    """The outlet step matches in the hint text instead of the text (an exact twin): that needs ``\\w`` to hold at
    the same places in both, for every character."""
    everything = "".join(chr(c) for c in range(0x80, 0x110000))
    hinted = everything.encode("ascii", "newssift.hint").decode("ascii")
    assert hinted == re.sub(r"\w", "_", re.sub(r"\W", "?", everything))
    assert text_clean._hint_text("“Café” — CNN’s\u00a0São Paulo…") == "?caf_? ? cnn?s?s_o paulo?"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \ta\n", max_size=16))
def test_the_blank_runs_pattern_matches_as_its_plain_form(text):
    plain = re.compile(r"[ \t]*\t[ \t]*| {2,}")
    assert [m.span() for m in text_clean._SPACES.finditer(text)] == [m.span() for m in plain.finditer(text)]


FRAGMENTS = ["The vote passed.", "Mr. Lee spoke", "to CNN", "abc", "news", "é", "—", "-", "fox\u00a0news", "(AP Photo/Jo Doe)", "By Jane Doe", "see www.example.com",
             "WASHINGTON (Reuters) -", "Advertisement", "“Quoted”", "café", "  ", "\t", "\n", " ", "@handle", "ſ",
             "écnn", "CNNé", "ñabc news", "Reuters\u00a0", "’CNN’"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14), st.sampled_from(["news_v1", "news_v2", "none"]),
       st.data())
def test_clean_mapped_cleans_alike_and_maps_offsets_in_order(parts, name, data):
    text = " ".join(parts)
    positions = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    cleaned, mapped = clean_mapped(text, name, positions)
    assert cleaned == text_clean.clean(text, name) == text_clean.cleaner(name)(text, gated=False)
    assert list(mapped) == sorted(mapped) and all(0 <= p <= len(cleaned) for p in mapped)
    assert clean_mapped(text, name, [0, len(text)])[1].tolist() == [0, len(cleaned)]


def test_clean_mapped_puts_a_sentence_where_its_cleaned_text_is():
    text = "WASHINGTON (Reuters) - Mr. Lee told CNN the vote passed. Critics disagreed.\nBy Jane Doe"
    first, second, byline = (0, 56), (57, 75), (76, 87)
    cleaned, mapped = clean_mapped(text, "news_v2", [*first, *second, *byline])
    spans = mapped.reshape(-1, 2)
    assert cleaned[spans[0, 0]:spans[0, 1]].strip() == "Lee told outletname the vote passed."
    assert cleaned[spans[1, 0]:spans[1, 1]] == "Critics disagreed."
    assert cleaned[spans[2, 0]:spans[2, 1]].strip() == ""  # the byline line is removed: nothing of it is read
