"""The ``newssift`` command line: a thin Typer app; each command calls one library function.

Coded user errors print one line (``error[NS101]: ... -- next step``) on
stderr and exit with status 2; there is never a traceback for bad input.
"""

from __future__ import annotations

import json
import sys
from functools import wraps
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer
from rich.console import Console

from .errors import NewssiftError

app = typer.Typer(
    name="newssift",
    help="Read a news article and report, with evidence, how far to trust it. Signals, never a single verdict.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FormatOption = Annotated[str, typer.Option("--format", "-f", help="terminal, json or markdown")]
ConfigOption = Annotated[
    Optional[Path], typer.Option("--config", "-c", help="a settings file overriding newssift/default.cfg key by key")
]
EXIT_USER_ERROR = 2


def coded_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn NewssiftError into one line on stderr and exit status 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NewssiftError as error:
            typer.echo(error.one_line(), err=True)
            raise typer.Exit(EXIT_USER_ERROR) from None

    return wrapper


def _emit(report: Any, fmt: str) -> None:
    if fmt == "terminal" and sys.stdout.isatty():
        from .render.terminal import print_report

        print_report(report, Console())
        return
    from .render import render

    typer.echo(render(report, fmt), nl=False)


@app.command()
@coded_errors
def analyze(
    source: Annotated[str, typer.Argument(help="a file (text, HTML or JSON), an http(s) URL, or - for stdin")],
    fmt: FormatOption = "terminal",
    url: Annotated[Optional[str], typer.Option(help="attach this URL to local input (names the outlet)")] = None,
    config: ConfigOption = None,
) -> None:
    """Analyze one article and print its report."""
    from .api import analyze as analyze_article
    from .render import RENDERERS

    if fmt not in RENDERERS:
        raise NewssiftError("NS306", name=fmt, known=", ".join(RENDERERS))
    report = analyze_article(source, url=url, config=str(config) if config else None)
    _emit(report, fmt)


@app.command()
@coded_errors
def demo(fmt: FormatOption = "terminal") -> None:
    """Analyze the bundled example article (an HTML page written for newssift)."""
    from .api import analyze as analyze_article

    example = resources.files("newssift").joinpath("resources/examples/harbor-bridge.html")
    with resources.as_file(example) as path:
        report = analyze_article(str(path))
    _emit(report, fmt)


@app.command()
@coded_errors
def source(
    domain: Annotated[str, typer.Argument(help="a domain (example.com) or a URL")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    config: ConfigOption = None,
) -> None:
    """Print what every rater says of an outlet, side by side."""
    from .config import load_config
    from .sources import lookup_for_config

    result = lookup_for_config(domain, load_config(str(config) if config else None))
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    from .render.source_table import source_table

    Console().print(source_table(result))


@app.command()
def schema() -> None:
    """Print the report's JSON schema."""
    from .report import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


@app.command("analyzers")
def list_analyzers() -> None:
    """List the registered analyzers, what each needs and produces."""
    from .registry import analyzers

    for _, spec in sorted(analyzers().items()):
        first_line = spec.doc.splitlines()[0] if spec.doc else ""
        typer.echo(f"{spec.registry_name}: needs {', '.join(spec.requires) or '-'}; "
                   f"produces {', '.join(spec.produces)}. {first_line}")


@app.command()
@coded_errors
def train(
    task: Annotated[str, typer.Argument(help="techniques, claims, factchecks, slant, hyperpartisan, reliability or clickbait")],
    out: Annotated[Optional[Path], typer.Option("--out", help="write the artifact here instead of the bundled folder")] = None,
) -> None:
    """Train a model from $NEWSSIFT_DATA (train split, dev for selection) and write its artifact and model card."""
    from .training import format_metrics, run_train

    metrics = run_train(task, out_dir=out)
    typer.echo(format_metrics(task, metrics))


@app.command()
@coded_errors
def evaluate(
    task: Annotated[str, typer.Argument(help="techniques, claims, factchecks, slant, hyperpartisan, reliability or clickbait")],
    split: Annotated[str, typer.Option("--split", help="the dataset split to score")] = "dev",
    model: Annotated[Optional[Path], typer.Option("--model", help="an artifact folder instead of the bundled one")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the metrics as one JSON object")] = False,
) -> None:
    """Score a model on a split and print its metrics."""
    from .training import format_metrics, run_evaluate

    metrics = run_evaluate(task, split=split, model_dir=model)
    if as_json:
        typer.echo(json.dumps(metrics, ensure_ascii=False))
    else:
        typer.echo(format_metrics(task, metrics))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
