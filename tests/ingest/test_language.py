import pytest

from newssift.config import load_config
from newssift.errors import NewssiftError
from newssift.ingest.language import LanguageIdentifier


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier.from_config(load_config()["language"])


@pytest.mark.parametrize(
    "text,code",
    [
        ("The city council approved the budget on Tuesday after a long debate about schools.", "en"),
        ("Der Stadtrat hat am Dienstag nach langer Debatte den Haushalt für die Schulen beschlossen.", "de"),
        ("Le conseil municipal a approuvé mardi le budget après un long débat sur les écoles.", "fr"),
        ("El ayuntamiento aprobó el martes el presupuesto tras un largo debate sobre las escuelas.", "es"),
    ],
)
def test_identifies_common_languages(identifier, text, code):
    found, confidence = identifier.identify(text)
    assert found == code and confidence >= 0.5


def test_unclear_text_is_unknown(identifier):
    assert identifier.identify("") == (None, 0.0)
    assert identifier.identify("12345 !!! ???")[0] is None
    assert identifier.identify("ok")[0] is None  # too little to tell


def test_only_the_start_of_long_text_is_read():
    identifier = LanguageIdentifier(["en", "de"], sample_chars=100)
    text = "The council approved the budget on Tuesday after a long debate. " * 2 + "Der Haushalt wurde beschlossen. " * 200
    assert identifier.identify(text)[0] == "en"


def test_bad_candidates_fail_when_built():
    with pytest.raises(NewssiftError) as excinfo:
        LanguageIdentifier(["en", "xx"])
    assert excinfo.value.code == "NS304"
    with pytest.raises(NewssiftError):
        LanguageIdentifier(["en"])
