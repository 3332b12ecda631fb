"""The Ray engine in local mode: same rows and errors as the local engine, on real AllSides articles."""

from __future__ import annotations

import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.batch import part_files, ray_engine, run_batch
from newssift.data import read_jsonl
from newssift.errors import NewssiftError

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install 'newssift[ray]')")

PROFILE = ["source", "style"]


@pytest.fixture(scope="module")
def local_ray():
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _rows(out):
    table = pa.concat_tables([pq.read_table(p) for p in part_files(out)])
    return sorted(table.drop_columns(["time_ms"]).to_pylist(), key=lambda r: r["id"])


@pytest.mark.slow
def test_ray_output_equals_local_output(dataset, tmp_path, local_ray):
    path = dataset("political-bias-allsides-baly2020") / "dev.jsonl.gz"
    corpus = tmp_path / "allsides.jsonl"
    with open(corpus, "w", encoding="utf-8") as handle:
        for index, row in enumerate(read_jsonl(path)):
            if index == 30:
                break
            handle.write(json.dumps(row) + "\n")
        handle.write('{"id": "no-text", "title": "only a title"}\n')
    local = run_batch([str(corpus)], tmp_path / "local", analyzers=PROFILE, chunk_size=8, progress=False)
    distributed = run_batch([str(corpus)], tmp_path / "ray", engine="ray", workers=2, analyzers=PROFILE,
                            chunk_size=8, ray_wave=2, progress=False)
    assert (local.rows_total, local.errors_total) == (30, 1)
    assert (distributed.rows_total, distributed.errors_total) == (30, 1)
    assert _rows(tmp_path / "local") == _rows(tmp_path / "ray")
    assert (tmp_path / "local" / "errors.jsonl").read_text() == (tmp_path / "ray" / "errors.jsonl").read_text()
    waves = sorted(p.name for p in (tmp_path / "ray" / "parts").iterdir())
    assert waves == ["ray-000000000000-000000000016", "ray-000000000016-000000000032"]
    again = run_batch([str(corpus)], tmp_path / "ray", engine="ray", workers=2, analyzers=PROFILE, chunk_size=8,
                      ray_wave=2, progress=False)
    assert again.analyzed == 0 and again.rows_total == 30


def test_missing_ray_is_a_coded_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(NewssiftError) as info:
        ray_engine.connect(None, 2)
    assert info.value.code == "NS706"


def test_unreachable_cluster_is_a_coded_error(monkeypatch):
    def refuse(**kwargs):
        raise ConnectionError("Could not find any running Ray instance")

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", refuse)
    with pytest.raises(NewssiftError) as info:
        ray_engine.connect("10.0.0.1:6379", 2)
    assert info.value.code == "NS707" and "10.0.0.1:6379" in info.value.message
