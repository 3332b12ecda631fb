"""Batch inputs: JSONL, CSV and Parquet with column mapping, folders and globs, stdin, and their errors."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.batch.readers import ColumnMap, count_items, iter_items, resolve_inputs
from newssift.batch.worker import Worker, WorkerSettings
from newssift.errors import NewssiftError

from .conftest import story


@pytest.fixture(scope="module")
def worker():
    return Worker(WorkerSettings(analyzers=("style",)))


def _articles(worker, items):
    return [worker.article(item) for item in items]


def test_jsonl_gz_and_default_aliases(tmp_path, worker):
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": 7, "content": story(1), "headline": "H", "link": "https://www.anews.com/x",
                                 "date": "2024-01-02", "extra": [1, 2]}) + "\n\n")
    sources = resolve_inputs([str(path)])
    items = list(iter_items(sources, ColumnMap()))
    assert count_items(sources, ColumnMap()) == 1 and items[0][:3] == (0, "a.jsonl.gz:1", "line")
    article = _articles(worker, items)[0]
    assert (article.id, article.title, article.outlet, article.published) == ("7", "H", "anews.com", "2024-01-02")


def test_csv_with_column_options(tmp_path, worker):
    path = tmp_path / "c.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key", "body_text", "addr", "when"])
        writer.writerow(["k1", story(2), "https://bnews.com/1", "2023-05-01"])
    columns = ColumnMap(id="key", text="body_text", url="addr", published="when")
    mapped = Worker(WorkerSettings(analyzers=("style",), columns=columns))
    article = _articles(mapped, iter_items(resolve_inputs([str(path)]), columns))[0]
    assert (article.id, article.outlet, article.published) == ("k1", "bnews.com", "2023-05-01")
    with pytest.raises(NewssiftError) as info:
        list(iter_items(resolve_inputs([str(path)]), ColumnMap(text="nope")))
    assert info.value.code == "NS703"


def test_parquet_with_non_string_values(tmp_path, worker):
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"id": [1, 2], "text": [story(3), story(4)], "url": ["https://cnews.com/1", None]}), path)
    sources = resolve_inputs([str(path)])
    assert count_items(sources, ColumnMap()) == 2
    articles = _articles(worker, iter_items(sources, ColumnMap()))
    assert [a.id for a in articles] == ["1", "2"] and articles[1].outlet is None


def test_folders_and_globs_of_html_and_text(tmp_path, worker):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "one.txt").write_text(story(5), encoding="utf-8")
    (tmp_path / "d" / "sub" / "two.html").write_text(
        f"<html><head><title>Two</title></head><body><article><p>{story(6)}</p><p>{story(7)}</p></article></body></html>",
        encoding="utf-8")
    (tmp_path / "d" / "skip.bin").write_bytes(b"\x00")
    folder = resolve_inputs([str(tmp_path / "d")])
    assert [s.suffix for s in folder] == [".txt", ".html"]
    articles = _articles(worker, iter_items(folder, ColumnMap()))
    assert articles[0].id.endswith("one.txt") and articles[1].input_kind == "html"
    assert len(resolve_inputs([str(tmp_path / "d" / "**" / "*.html")])) == 1
    with pytest.raises(NewssiftError) as info:
        resolve_inputs([str(tmp_path / "nothing-*.jsonl")])
    assert info.value.code == "NS701"
    with pytest.raises(NewssiftError) as info:
        resolve_inputs([str(tmp_path / "d" / "skip.bin")])
    assert info.value.code == "NS702"


def test_stdin_jsonl(worker):
    stdin = io.BytesIO(b'{"text": "' + story(8).encode() + b'", "id": "s1"}\n')
    sources = resolve_inputs(["-"])
    assert count_items(sources, ColumnMap()) is None
    items = list(iter_items(sources, ColumnMap(), stdin=stdin))
    assert items[0][1] == "stdin:1" and _articles(worker, items)[0].id == "s1"


def test_unreadable_file_is_a_coded_error(tmp_path):
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(NewssiftError) as info:
        count_items(resolve_inputs([str(path)]), ColumnMap())
    assert info.value.code == "NS711"


def test_bad_records_get_the_loaders_codes(worker):
    big = json.dumps({"id": "big", "text": "word " * 50_000}).encode()
    cases = {
        "NS107": b'{"id": "x", "text": ',
        "NS103": b'{"text": "caf\xe9"}',
        "NS108": big,
    }
    for code, payload in cases.items():
        rows, errors = worker.process([(0, "f:1", "line", payload)])
        assert rows == [] and errors[0]["code"] == code, code
    rows, errors = worker.process([(0, "f:1", "line", b'{"id": "e1", "text": ""}')])
    assert errors == [{"id": "e1", "code": "NS107", "message": errors[0]["message"], "seq": 0}]
    html = b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    rows, errors = worker.process([(0, "p:1", "line", json.dumps({"html": html.decode()}).encode())])
    assert errors[0]["code"] == "NS105"


def test_a_record_over_the_byte_cap_is_ns104(tmp_path):
    config = tmp_path / "small.cfg"
    config.write_text("[input]\nmax_input_bytes = 2000\n", encoding="utf-8")
    small = Worker(WorkerSettings(config_path=str(config), analyzers=("style",)))
    rows, errors = small.process([(0, "big.jsonl:1", "line", json.dumps({"text": story(1) * 20}).encode())])
    assert rows == [] and errors[0]["code"] == "NS104" and errors[0]["id"] == "big.jsonl:1"
