import pytest

from newssift.data import data_root, read_jsonl, require_dataset
from newssift.errors import NewssiftError


def test_missing_dataset_is_NS402(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSSIFT_DATA", str(tmp_path))
    assert data_root() == tmp_path.resolve()
    with pytest.raises(NewssiftError) as excinfo:
        require_dataset("no-such-dataset")
    assert excinfo.value.code == "NS402" and "NEWSSIFT_DATA" in excinfo.value.next_step


def test_shared_datasets_are_readable(dataset):
    rows = list(read_jsonl(dataset("propaganda-ptc-semeval2020") / "dev.jsonl.gz"))
    assert len(rows) == 37 and all("text" in row for row in rows)
