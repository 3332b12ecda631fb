"""The torch-free parts of `newssift train claims`: the distillation transfer set and the teacher's weights."""

from __future__ import annotations

from importlib import metadata

import pytest

from newssift.errors import NewssiftError
from newssift.training import claims, onnx_export


def test_transfer_set_never_holds_a_dev_or_calibration_sentence(dataset):
    dataset(claims.CLAIMBUSTER)
    dataset(claims.CLEF2019)
    train_rows, held_rows = claims._split_heldout(claims._rows(claims.CLAIMBUSTER, "train"))
    dev_rows = claims._rows(claims.CLAIMBUSTER, "dev")
    transfer = claims.transfer_rows(train_rows + held_rows + dev_rows)
    keys = [claims._normalized(r["text"]) for r in transfer]
    excluded = {claims._normalized(r["text"]) for r in train_rows + held_rows + dev_rows}
    assert len(transfer) > 5_000
    assert not set(keys) & excluded
    assert len(keys) == len(set(keys)), "each transfer sentence once"
    assert all(len(key.split()) >= 5 for key in keys)
    assert all(set(r) == {"text"} for r in transfer), "CLEF labels are never used as targets"


def test_exclusion_matches_text_up_to_case_and_punctuation(dataset):
    dataset(claims.CLEF2019)
    line = next(r["text"] for r in claims._rows(claims.CLEF2019, "train")
                if len(claims._normalized(r["text"]).split()) >= 5)
    variant = {"text": "  " + line.upper().replace(",", " ; ") + "!!"}
    assert claims._normalized(line) not in {claims._normalized(r["text"]) for r in claims.transfer_rows([variant])}


def test_missing_teacher_package_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def absent(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", absent)
    with pytest.raises(NewssiftError) as error:
        onnx_export.mpnet_source()
    assert error.value.code == "NS503"
    assert onnx_export.MPNET_PARTS[0] in str(error.value)


def test_teacher_weights_are_joined_once_from_the_split_zip(monkeypatch, tmp_path):
    """Five pieces of one zip, in whatever order the packages list them, become one model folder."""
    import io
    import zipfile

    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as archive:
        archive.writestr("all-mpnet-base-v2/model.safetensors", b"weights" * 1000)
        archive.writestr("all-mpnet-base-v2/config.json", b"{}")
    data = payload.getvalue()
    size = len(data) // 5 + 1
    pieces = tmp_path / "site"
    pieces.mkdir()

    class Piece:
        def __init__(self, number):
            self.name = f"all-mpnet-base-v2.zip.{number:03d}"
            (pieces / self.name).write_bytes(data[(number - 1) * size:number * size])

        def locate(self):
            return pieces / self.name

    class Distribution:
        def __init__(self, number):
            self.files = [Piece(number)]

    numbers = iter([3, 1, 5, 2, 4])
    monkeypatch.setattr(metadata, "distribution", lambda name: Distribution(next(numbers)))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = onnx_export.mpnet_source()
    assert (folder / "model.safetensors").read_bytes() == b"weights" * 1000
    monkeypatch.setattr(metadata, "distribution", lambda name: pytest.fail("the cache is reused"))
    assert onnx_export.mpnet_source() == folder
