"""Where training and evaluation datasets live: one setting, ``NEWSSIFT_DATA``.

It defaults to ``../shared/datasets`` beside the repository. Datasets are read
in place and never copied into the repository.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any, Iterator

from .errors import NewssiftError

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """The datasets folder: ``$NEWSSIFT_DATA`` or ``<repo>/../shared/datasets``."""
    configured = os.environ.get("NEWSSIFT_DATA")
    if configured:
        return Path(configured).expanduser().resolve()
    return (REPO_ROOT.parent / "shared" / "datasets").resolve()


def require_dataset(name: str) -> Path:
    """The folder of dataset ``name``, or NS402 when it is absent."""
    root = data_root()
    path = root / name
    if not path.is_dir():
        raise NewssiftError("NS402", name=name, root=str(root))
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a ``.jsonl.gz`` (or plain ``.jsonl``) file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
