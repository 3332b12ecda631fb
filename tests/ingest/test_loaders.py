import io
import json

import pytest

from newssift.config import load_config
from newssift.errors import NewssiftError
from newssift.ingest import article_from_bytes, article_from_record, load_article

ARTICLE = (
    "The city council approved the new budget on Tuesday after a long debate. "
    "Council member Ana Ruiz said the plan would fund twelve new teachers. "
    "Critics said the vote was rushed and asked for another public hearing."
)
PAGE = f"""<!doctype html><html><head><title>Budget passes | The Test Times</title>
<meta name="author" content="Sam Writer"><meta property="og:site_name" content="The Test Times">
<meta property="article:published_time" content="2025-02-03">
<link rel="canonical" href="https://www.testtimes.co.uk/news/budget"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Budget passes</h1><p>{ARTICLE}</p><p>{ARTICLE}</p>
<p>Read the <a href="https://council.example.org/budget">budget document</a>.</p></article>
<footer>Copyright The Test Times</footer></body></html>"""


def code_of(excinfo):
    return excinfo.value.code


def test_plain_text_is_kept_exactly(tmp_path):
    text = "  Leading spaces\r\nand CRLF line ends stay.  \n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode())
    article = load_article(str(path))
    assert article.text == text
    assert article.input_kind == "text"


def test_html_file_gives_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = load_article(str(path))
    assert article.input_kind == "html"
    assert "twelve new teachers" in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.title == "Budget passes"
    assert article.author == "Sam Writer"
    assert article.site_name == "The Test Times"
    assert article.published == "2025-02-03"
    assert article.canonical_url == "https://www.testtimes.co.uk/news/budget"
    assert article.outlet == "testtimes.co.uk" and article.host == "www.testtimes.co.uk"
    assert article.links == ["https://council.example.org/budget"]
    assert "[budget document]" not in article.text and "budget document" in article.text
    assert 0 < article.extraction["kept_ratio"] <= 1


def test_url_option_attaches_outlet(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    article = load_article(str(path), url="https://amp.theguardian.com/world/x")
    assert article.url == "https://amp.theguardian.com/world/x"
    assert article.outlet == "theguardian.com"


def test_stdin():
    article = load_article("-", stdin=io.BytesIO(ARTICLE.encode()))
    assert article.text == ARTICLE


def test_json_record():
    record = {"text": ARTICLE, "title": "Budget", "url": "https://www.bbc.co.uk/news/1", "published": "2024-05-01"}
    article = article_from_bytes(json.dumps(record).encode(), source="rec.json", hint=".json")
    assert (article.title, article.published, article.outlet) == ("Budget", "2024-05-01", "bbc.co.uk")
    assert article.input_kind == "json"


@pytest.mark.parametrize(
    "record,detail",
    [
        ({"title": "no text"}, "non-empty 'text'"),
        ({"text": 5}, "must be a string"),
        ({"text": "x", "colour": "red"}, "unknown field"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_bad_json_record_is_NS107(record, detail):
    with pytest.raises(NewssiftError) as excinfo:
        article_from_record(record)
    assert code_of(excinfo) == "NS107" and detail in excinfo.value.message


def test_malformed_json_file_is_NS107(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"text": ')
    with pytest.raises(NewssiftError) as excinfo:
        load_article(str(path))
    assert code_of(excinfo) == "NS107"


@pytest.mark.parametrize(
    "data,code",
    [
        (b"", "NS101"),
        (b"   \n\t  ", "NS101"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "NS102"),
        ("caf\u00e9 au lait".encode("latin-1"), "NS103"),
        (b"<html><body><div>Log in to continue</div></body></html>", "NS105"),
    ],
)
def test_bad_bytes_get_coded_errors(data, code):
    with pytest.raises(NewssiftError) as excinfo:
        article_from_bytes(data, source="input")
    assert code_of(excinfo) == code


def test_non_utf8_error_names_the_offset():
    with pytest.raises(NewssiftError) as excinfo:
        article_from_bytes("ok text caf\u00e9".encode("latin-1"), source="f.txt")
    assert "offset 11" in excinfo.value.message


def test_size_caps(tmp_path):
    config = load_config(overrides={"input": {"max_input_bytes": 100, "max_article_chars": 50}})
    big = tmp_path / "big.txt"
    big.write_text("word " * 50)
    with pytest.raises(NewssiftError) as excinfo:
        load_article(str(big), config=config)
    assert code_of(excinfo) == "NS104"
    with pytest.raises(NewssiftError) as excinfo:
        article_from_bytes(b"word " * 15, source="x", config=config)
    assert code_of(excinfo) == "NS108"


def test_missing_file_is_NS106(tmp_path):
    with pytest.raises(NewssiftError) as excinfo:
        load_article(str(tmp_path / "nope.txt"))
    assert code_of(excinfo) == "NS106"


def test_urls_go_through_the_safe_fetcher():
    with pytest.raises(NewssiftError) as excinfo:
        load_article("http://127.0.0.1:9/")
    assert code_of(excinfo) == "NS202"
    with pytest.raises(NewssiftError) as excinfo:
        load_article("http://newssift-unreachable.invalid/article")
    assert code_of(excinfo) == "NS201"


def test_records_obey_the_length_cap():
    config = load_config(overrides={"input": {"max_article_chars": 20}})
    with pytest.raises(NewssiftError) as excinfo:
        article_from_record({"text": "x" * 21}, config=config)
    assert code_of(excinfo) == "NS108"


def test_url_input_is_fetched_extracted_and_named(tmp_path):
    import functools
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from newssift.ingest.fetch import fetch_url

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/news/budget"
        local_only = functools.partial(fetch_url, allow=["127.0.0.1/32"])
        article = load_article(url, fetch=local_only)
    finally:
        server.shutdown()
        server.server_close()
    assert article.input_kind == "url"
    assert article.url == url
    assert "twelve new teachers" in article.text and article.title == "Budget passes"
    assert article.canonical_url == "https://www.testtimes.co.uk/news/budget"


def test_html_declaring_its_charset_is_decoded_with_it(tmp_path):
    page = PAGE.replace("<head>", '<head><meta charset="windows-1252">').replace("Budget passes", "Budget passes café")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1252"))
    assert load_article(str(path)).title == "Budget passes café"
    undeclared = tmp_path / "undeclared.html"
    undeclared.write_bytes(PAGE.replace("Budget passes", "Budget café").encode("cp1252"))
    with pytest.raises(NewssiftError) as excinfo:
        load_article(str(undeclared))
    assert code_of(excinfo) == "NS103"
