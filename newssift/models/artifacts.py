"""Artifact folders: where bundled models live, and their model cards."""

from __future__ import annotations

import hashlib
import json
import os
import platform
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

from ..errors import NewssiftError

BUNDLED_MODELS = Path(__file__).resolve().parent.parent / "resources" / "models"


def user_cache_dir(kind: str) -> Path | None:
    """``$XDG_CACHE_HOME/newssift/<kind>`` (default ``~/.cache``), or None when ``NEWSSIFT_CACHE=0`` turns caching off."""
    if os.environ.get("NEWSSIFT_CACHE", "1") == "0":
        return None
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newssift" / kind


def bundled_model_dir(name: str) -> Path:
    return BUNDLED_MODELS / name


def require_model_dir(name: str, model_dir: str | Path | None = None, marker: str = "config.json") -> Path:
    """The artifact folder of model ``name`` (the bundled one unless ``model_dir``), or NS502."""
    path = Path(model_dir) if model_dir else bundled_model_dir(name)
    if not (path / marker).is_file():
        raise NewssiftError("NS502", name=name, path=str(path))
    return path


def files_sha256(paths: Iterable[Path]) -> str:
    """One SHA-256 over the given files' bytes, in the given order (a training-data fingerprint)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).name.encode())
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def library_versions(*names: str) -> dict[str, str]:
    """Versions of Python and of the named packages, and the OpenBLAS kernel in use: the same versions refit the
    same weights only under the same kernel (``OPENBLAS_CORETYPE`` picks one; the README says which)."""
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    from threadpoolctl import threadpool_info  # (scikit-learn's dependency; only training records versions)

    kernels = sorted({str(lib["architecture"]) for lib in threadpool_info()
                      if lib.get("internal_api") == "openblas" and lib.get("architecture")})
    if kernels:
        versions["openblas_kernel"] = ", ".join(kernels)
    return versions


def write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")


def read_json(path: Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def read_metrics(model_dir: Path) -> dict[str, Any] | None:
    """The artifact's ``metrics.json`` (written by ``newssift train``), or None when it has none or it is not a JSON
    object (a model trained elsewhere): callers then state no figure; the model itself still works."""
    path = Path(model_dir) / "metrics.json"
    if not path.is_file():
        return None
    try:
        metrics = read_json(path)
    except ValueError:
        return None
    return metrics if isinstance(metrics, dict) else None


def write_model_card(
    out_dir: Path,
    *,
    name: str,
    summary: str,
    data: str,
    split: str,
    metrics: dict[str, Any],
    reproduce: str,
    references: list[str],
    limitations: list[str],
    extra_sections: dict[str, str] | None = None,
    trained: str | None = None,
) -> Path:
    """Write ``metrics.json`` and a ``MODEL_CARD.md`` (data, split, metrics, date, how to reproduce).

    ``trained``: the date the weights were fitted (ISO), when a card is restated later without a refit; today
    otherwise."""
    write_json(out_dir / "metrics.json", metrics)
    lines = [
        f"# Model card: {name}",
        "",
        summary,
        "",
        f"- **Trained:** {trained or date.today().isoformat()}",
        f"- **Reproduce:** `{reproduce}`",
        "",
        "## Data",
        "",
        data,
        "",
        "## Split",
        "",
        split,
        "",
        "## Metrics",
        "",
        "```json",
        json.dumps(metrics, indent=2, ensure_ascii=False),
        "```",
        "",
    ]
    for title, body in (extra_sections or {}).items():
        lines += [f"## {title}", "", body, ""]
    lines += ["## Limitations", ""] + [f"- {item}" for item in limitations] + [""]
    lines += ["## References", ""] + [f"- {item}" for item in references] + [""]
    path = out_dir / "MODEL_CARD.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
