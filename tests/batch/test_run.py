"""The local engine: part files, manifest, errors file, resume after a kill, and the CLI."""

from __future__ import annotations

import io
import json
import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newssift.batch import local as local_engine
from newssift.batch import part_files, run_batch
from newssift.batch.worker import Worker, WorkerSettings
from newssift.cli import app
from newssift.errors import NewssiftError

from .conftest import story

PROFILE = ["source", "style"]


def _rows(out):
    table = pa.concat_tables([pq.read_table(p) for p in part_files(out)])
    return sorted(table.drop_columns(["time_ms"]).to_pylist(), key=lambda r: r["id"])


def test_run_writes_rows_errors_and_summary(corpus, tmp_path):
    out = tmp_path / "out"
    summary = run_batch([str(corpus)], out, analyzers=PROFILE, chunk_size=5, progress=False)
    assert (summary.analyzed, summary.errors, summary.rows_total, summary.errors_total) == (9, 3, 9, 3)
    assert summary.error_codes == {"NS101": 1, "NS107": 2}
    rows = _rows(out)
    assert [r["id"] for r in rows] == [f"a{i}" for i in range(9)]
    assert {r["outlet"] for r in rows} == {"alphanews.com", "betadaily.com", "gammapost.com"}
    assert all([a["name"] for a in r["analyzers"]] == PROFILE for r in rows)
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [e["id"] for e in errors] == ["empty", "corpus.jsonl:7", "corpus.jsonl:12"]
    assert [e["code"] for e in errors] == ["NS101", "NS107", "NS107"] and all(e["message"] for e in errors)
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [(m["start"], m["end"], m["rows"] + m["errors"]) for m in manifest] == [(0, 5, 5), (5, 10, 5), (10, 15, 2)]
    assert json.loads((out / "summary.json").read_text())["rows_total"] == 9


def test_resume_finishes_without_duplicates(corpus, tmp_path):
    out = tmp_path / "out"
    first = run_batch([str(corpus)], out, analyzers=PROFILE, chunk_size=4, progress=False, max_chunks=1)
    assert first.analyzed + first.errors == 4
    second = run_batch([str(corpus)], out, analyzers=PROFILE, chunk_size=4, progress=False)
    assert second.resumed == 4 and second.analyzed + second.errors == 8
    assert second.rows_total == 9 and second.errors_total == 3
    assert [r["id"] for r in _rows(out)] == [f"a{i}" for i in range(9)]
    third = run_batch([str(corpus)], out, analyzers=PROFILE, chunk_size=4, progress=False)
    assert third.analyzed == 0 and third.rows_total == 9


def test_a_kill_between_rename_and_manifest_loses_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    run_batch([str(corpus)], out, analyzers=PROFILE, chunk_size=4, progress=False)
    expected = _rows(out)
    lines = (out / "manifest.jsonl").read_text().splitlines()
    # the last manifest line never made it, the one before was cut in half, a temp file was left behind
    (out / "manifest.jsonl").write_text(lines[0] + "\n" + lines[1][:10])
    (out / "tmp" / "part-junk.parquet.1.tmp").write_bytes(b"half a file")
    again = run_batch([str(corpus)], out, analyzers=PROFILE, chunk_size=4, progress=False)
    assert again.analyzed == 0 and again.rows_total == 9 and again.errors_total == 3
    assert _rows(out) == expected
    assert not list((out / "tmp").iterdir())
    parsed = []
    for line in (out / "manifest.jsonl").read_text().splitlines():
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            assert line == lines[1][:10]  # only the line the kill cut short
    assert {(e["start"], e["end"]) for e in parsed} == {(0, 4), (4, 8), (8, 12)}
    # a chunk whose part file is gone is analyzed again
    os.remove(part_files(out)[1])
    again = run_batch([str(corpus)], out, analyzers=PROFILE, chunk_size=4, progress=False)
    assert again.analyzed + again.errors == 4 and _rows(out) == expected


def test_another_command_into_the_same_folder_is_refused(corpus, tmp_path):
    out = tmp_path / "out"
    run_batch([str(corpus)], out, analyzers=PROFILE, chunk_size=4, progress=False, max_chunks=1)
    with pytest.raises(NewssiftError) as info:
        run_batch([str(corpus)], out, analyzers=["style"], chunk_size=4, progress=False)
    assert info.value.code == "NS704" and "profile" in info.value.message


def test_two_runs_cannot_write_to_one_folder_at_once(corpus, tmp_path):
    from newssift.batch.run import RunDir

    holder = RunDir(tmp_path / "out", {"held": True})
    try:
        with pytest.raises(NewssiftError) as info:
            run_batch([str(corpus)], tmp_path / "out", analyzers=PROFILE, progress=False)
        assert info.value.code == "NS714"
    finally:
        holder.close()


def test_resuming_with_different_records_is_refused(tmp_path):
    first = tmp_path / "stdin-1.jsonl"
    first.write_text(json.dumps({"id": "one", "text": story(1)}) + "\n")
    out = tmp_path / "out"
    with open(first, "rb") as stdin:
        run_batch(["-"], out, analyzers=PROFILE, progress=False, stdin=stdin)
    with pytest.raises(NewssiftError) as info:
        run_batch(["-"], out, analyzers=PROFILE, progress=False,
                  stdin=io.BytesIO(json.dumps({"id": "two", "text": story(2)}).encode() + b"\n"))
    assert info.value.code == "NS704" and "changed" in info.value.message
    with open(first, "rb") as stdin:  # the same records again: nothing to do
        assert run_batch(["-"], out, analyzers=PROFILE, progress=False, stdin=stdin).analyzed == 0


def test_bad_options():
    for kwargs, code in (({"workers": 0}, "NS710"), ({"chunk_size": 0}, "NS710"), ({"engine": "spark"}, "NS705")):
        with pytest.raises(NewssiftError) as info:
            run_batch(["x.jsonl"], "unused", progress=False, **kwargs)
        assert info.value.code == code


def test_an_unknown_analyzer_fails_before_any_worker_starts(corpus, tmp_path):
    with pytest.raises(NewssiftError) as info:
        run_batch([str(corpus)], tmp_path / "out", analyzers=["nope"], workers=2, progress=False)
    assert info.value.code == "NS302"


def test_two_workers_write_the_same_rows_as_one(corpus, tmp_path):
    run_batch([str(corpus)], tmp_path / "one", analyzers=PROFILE, chunk_size=3, progress=False)
    two = run_batch([str(corpus)], tmp_path / "two", analyzers=PROFILE, chunk_size=3, workers=2, progress=False)
    assert two.errors_total == 3
    assert _rows(tmp_path / "one") == _rows(tmp_path / "two")


def _die(items):
    os._exit(9)


def test_a_dead_worker_is_a_coded_error_and_the_run_resumes(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(local_engine, "_process", _die)
    with pytest.raises(NewssiftError) as info:
        run_batch([str(corpus)], out, analyzers=PROFILE, chunk_size=4, workers=2, progress=False)
    assert info.value.code == "NS712"
    monkeypatch.undo()
    done = run_batch([str(corpus)], out, analyzers=PROFILE, chunk_size=4, workers=2, progress=False)
    assert done.rows_total == 9


def test_an_analyzer_crash_is_isolated_to_its_record():
    worker = Worker(WorkerSettings(analyzers=("style",)))
    style = worker.pipeline.analyzers[0]
    original = style.predict

    def predict(articles):
        if any("BOOM" in a.text for a in articles):
            raise RuntimeError("model failure")
        return original(articles)

    style.predict = predict
    items = [(0, "x:1", "line", json.dumps({"id": "ok", "text": story(1)}).encode()),
             (1, "x:2", "line", json.dumps({"id": "bad", "text": "BOOM. " + story(2)}).encode())]
    rows, errors = worker.process(items)
    assert [r["id"] for r in rows] == ["ok"]
    assert errors[0]["id"] == "bad" and errors[0]["code"] == "NS713" and "model failure" in errors[0]["message"]


def test_cli_batch_and_stats(corpus, tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(corpus), "--out", str(out), "--analyzers", "source,style",
                                 "--chunk-size", "5", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "9 articles analyzed, 3 bad records" in result.output
    result = runner.invoke(app, ["stats", str(out), "--html", str(tmp_path / "d.html")])
    assert result.exit_code == 0, result.output
    assert "alphanews.com" in result.output and "style signals per outlet" in result.output
    assert (tmp_path / "d.html").read_text().startswith("<!DOCTYPE html>")
    result = runner.invoke(app, ["stats", str(out), "--json"])
    assert json.loads(result.output)["overview"]["articles"] == 9
    result = runner.invoke(app, ["batch", str(tmp_path / "missing.jsonl"), "--out", str(out)])
    assert result.exit_code == 2 and "error[NS701]" in result.output


def test_a_pipeline_that_cannot_be_built_is_one_coded_error(corpus, tmp_path, monkeypatch):
    from newssift.analyzers.style import StyleAnalyzer

    def broken(self, *args, **kwargs):
        raise FileNotFoundError("head.onnx is missing")

    monkeypatch.setattr(StyleAnalyzer, "__init__", broken)
    for workers in (1, 2):
        with pytest.raises(NewssiftError) as info:
            run_batch([str(corpus)], tmp_path / f"out{workers}", analyzers=["style"], workers=workers,
                      progress=False)
        assert info.value.code == "NS715" and "head.onnx is missing" in info.value.message
