"""Training and evaluation tasks: library functions that `newssift train` and `newssift evaluate` call.

Each task is a module ``newssift.training.<name>`` that defines

- ``train(out_dir: Path | None = None, **options) -> dict``: fit on the dataset's
  ``train`` split, select on ``dev``, write the artifact folder (default: the
  bundled one under ``newssift/resources/models/<name>``) with its model card,
  and return the dev metrics;
- ``evaluate(split: str = "dev", model_dir: Path | None = None, **options) -> dict``:
  run the artifact on a split and return its metrics as a JSON-ready dict;
- ``format_metrics(metrics: dict) -> str``: the metrics as text for a terminal.

Modules are imported only when their task runs, so training tools (torch) stay
out of every other command.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import NewssiftError

# task name -> module; a task listed here must define train/evaluate/format_metrics.
TASKS: dict[str, str] = {
    "encoder": "newssift.training.encoder",
    "techniques": "newssift.training.techniques",
    "claims": "newssift.training.claims",
    "claims-minilm": "newssift.training.claims_minilm",
    "factchecks": "newssift.training.factchecks",
    "slant": "newssift.training.slant",
    "hyperpartisan": "newssift.training.hyperpartisan",
    "reliability": "newssift.training.reliability",
    "clickbait": "newssift.training.clickbait",
}


def task_module(name: str) -> ModuleType:
    """The module of task ``name``, or NS501 when there is no such task."""
    module_name = TASKS.get(name)
    if module_name is None:
        raise NewssiftError("NS501", name=name, known=", ".join(sorted(TASKS)))
    try:
        return import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and error.name.startswith("newssift.training"):
            raise NewssiftError("NS501", name=name, known=", ".join(sorted(TASKS))) from None
        raise NewssiftError("NS503", task=name, module=error.name or "?") from None


def run_train(name: str, out_dir: Path | None = None, **options: Any) -> dict[str, Any]:
    return task_module(name).train(out_dir=out_dir, **options)


def run_evaluate(name: str, split: str = "dev", model_dir: Path | None = None, **options: Any) -> dict[str, Any]:
    return task_module(name).evaluate(split=split, model_dir=model_dir, **options)


def format_metrics(name: str, metrics: dict[str, Any]) -> str:
    return task_module(name).format_metrics(metrics)
