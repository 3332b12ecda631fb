import socket

import pytest

from newssift.ingest import domain
from newssift.ingest.domain import split_host


@pytest.mark.parametrize(
    "value,expected",
    [
        ("https://amp.news.bbc.co.uk/x", ("amp.news.bbc.co.uk", "bbc.co.uk")),
        ("www.foxnews.com", ("www.foxnews.com", "foxnews.com")),
        ("HTTPS://WWW.NYTimes.com./a?b=c", ("www.nytimes.com", "nytimes.com")),
        ("https://someone.blogspot.com/post", ("someone.blogspot.com", "someone.blogspot.com")),  # private suffix
        ("https://www.gov.uk/guidance", ("www.gov.uk", "www.gov.uk")),
        ("http://münchen.de/", ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de")),
        ("http://192.168.0.1/", ("192.168.0.1", None)),
        ("localhost", ("localhost", None)),
        ("", (None, None)),
        ("http://[::1", (None, None)),
    ],
)
def test_split_host(value, expected):
    assert split_host(value) == expected


def test_public_suffix_list_is_never_downloaded(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("tldextract tried the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    split_host.cache_clear()
    assert split_host("https://edition.cnn.com/x") == ("edition.cnn.com", "cnn.com")
    assert domain._EXTRACT.suffix_list_urls == ()
