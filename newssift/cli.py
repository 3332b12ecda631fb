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

FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="terminal, json, markdown, or ptc (SemEval-2020 Task 11 TSV of technique spans)")
]
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
    task: Annotated[str, typer.Argument(help="techniques, claims, claims-minilm, factchecks, slant, hyperpartisan, reliability or clickbait")],
    out: Annotated[Optional[Path], typer.Option("--out", help="write the artifact here instead of the bundled folder")] = None,
) -> None:
    """Train a model from $NEWSSIFT_DATA (train split, dev for selection) and write its artifact and model card."""
    from .training import format_metrics, run_train

    metrics = run_train(task, out_dir=out)
    typer.echo(format_metrics(task, metrics))


@app.command()
@coded_errors
def evaluate(
    task: Annotated[str, typer.Argument(help="techniques, claims, claims-minilm, factchecks, slant, hyperpartisan, reliability or clickbait")],
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


# -- server: `newssift serve`, `newssift keys ...`, `newssift db upgrade` (issue 6) --------------------------

keys_app = typer.Typer(help="Create, list and revoke API keys of the server (stored hashed).", no_args_is_help=True)
db_app = typer.Typer(help="The server's report database.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(db_app, name="db")
DatabaseOption = Annotated[
    Optional[str], typer.Option("--database-url", help="SQLAlchemy URL; default: database_url in [server]")
]


def _server_settings(config: Optional[Path], **changes: Any) -> Any:
    from .server.settings import ServerSettings

    return ServerSettings.load(str(config) if config else None, **{k: v for k, v in changes.items() if v is not None})


def _store(config: Optional[Path], database_url: Optional[str]) -> Any:
    from .store import Store

    store = Store(_server_settings(config, database_url=database_url).store_url)
    store.upgrade()
    return store


@app.command()
@coded_errors
def serve(
    host: Annotated[Optional[str], typer.Option(help="address to listen on; default: host in [server]")] = None,
    port: Annotated[Optional[int], typer.Option(help="port; default: port in [server]")] = None,
    database_url: DatabaseOption = None,
    require_keys: Annotated[
        Optional[bool], typer.Option("--require-keys/--no-require-keys", help="writing routes need an API key")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Run the web UI and REST API (FastAPI on uvicorn); migrates the database on start."""
    from .server import serve as run_server

    run_server(_server_settings(config, host=host, port=port, database_url=database_url, require_keys=require_keys))


@keys_app.command("create")
@coded_errors
def keys_create(
    name: Annotated[str, typer.Option("--name", help="who or what the key is for")] = "default",
    database_url: DatabaseOption = None,
    config: ConfigOption = None,
) -> None:
    """Create a key and print its secret (shown only this once; only its sha256 is stored)."""
    key, secret = _store(config, database_url).create_key(name)
    typer.echo(f"created key {key.id} ({key.prefix}...) named {key.name!r}")
    typer.echo(f"secret (shown once, store it now): {secret}")
    typer.echo("send it as `Authorization: Bearer SECRET` or `X-API-Key: SECRET`")


@keys_app.command("list")
@coded_errors
def keys_list(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    database_url: DatabaseOption = None,
    config: ConfigOption = None,
) -> None:
    """List the keys (id, prefix, name, dates); secrets cannot be shown."""
    keys = [key.to_dict() for key in _store(config, database_url).list_keys()]
    if as_json:
        typer.echo(json.dumps(keys, indent=2))
        return
    if not keys:
        typer.echo("no keys; create one with `newssift keys create --name NAME`")
    for key in keys:
        state = f"revoked {key['revoked_at']}" if key["revoked_at"] else "active"
        typer.echo(f"{key['id']}\t{key['prefix']}...\t{key['name']}\tcreated {key['created_at']}\t{state}"
                   f"\tlast used {key['last_used_at'] or 'never'}")


@keys_app.command("revoke")
@coded_errors
def keys_revoke(
    key: Annotated[str, typer.Argument(help="the key's id or prefix (from `newssift keys list`)")],
    database_url: DatabaseOption = None,
    config: ConfigOption = None,
) -> None:
    """Revoke a key: requests with it are refused from now on."""
    revoked = _store(config, database_url).revoke_key(key)
    typer.echo(f"revoked key {revoked.id} ({revoked.prefix}...) named {revoked.name!r}")


@db_app.command("upgrade")
@coded_errors
def db_upgrade(database_url: DatabaseOption = None, config: ConfigOption = None) -> None:
    """Create or upgrade the database schema (Alembic migrations shipped in the package)."""
    store = _store(config, database_url)
    typer.echo(f"database at revision {store.current_revision()}")


# -- batch (issue 7) ------------------------------------------------------------


@app.command()
@coded_errors
def batch(
    inputs: Annotated[list[str], typer.Argument(help="JSONL/CSV/Parquet files, folders or globs of .html/.txt, or - (JSONL on stdin)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder (Parquet parts, manifest, errors.jsonl)")],
    workers: Annotated[int, typer.Option("--workers", "-w", help="worker processes (local) or actors (ray)")] = 1,
    engine: Annotated[str, typer.Option("--engine", help="local or ray")] = "local",
    address: Annotated[Optional[str], typer.Option("--address", help="Ray cluster address (ray://HEAD:10001)")] = None,
    analyzers: Annotated[Optional[str], typer.Option("--analyzers", help="comma-separated profile, e.g. source,style")] = None,
    text_column: Annotated[Optional[str], typer.Option("--text-column", help="input column holding the text")] = None,
    html_column: Annotated[Optional[str], typer.Option("--html-column", help="input column holding HTML")] = None,
    title_column: Annotated[Optional[str], typer.Option("--title-column")] = None,
    url_column: Annotated[Optional[str], typer.Option("--url-column")] = None,
    published_column: Annotated[Optional[str], typer.Option("--published-column")] = None,
    id_column: Annotated[Optional[str], typer.Option("--id-column")] = None,
    chunk_size: Annotated[int, typer.Option("--chunk-size", help="records per part file (the unit of resume)")] = 256,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="show the progress bar")] = True,
    config: ConfigOption = None,
) -> None:
    """Analyze a corpus into Parquet (resumable: run the same command again to continue)."""
    from .batch import ColumnMap, run_batch

    columns = ColumnMap(id=id_column, text=text_column, html=html_column, title=title_column, url=url_column,
                        published=published_column)
    summary = run_batch(
        inputs, out, workers=workers, engine=engine, address=address, columns=columns,
        analyzers=[a.strip() for a in analyzers.split(",") if a.strip()] if analyzers else None,
        config_path=str(config) if config else None, chunk_size=chunk_size,
        progress=progress and sys.stderr.isatty(),
    )
    for line in summary.lines():
        typer.echo(line)


@app.command()
@coded_errors
def stats(
    out: Annotated[Path, typer.Argument(help="a `newssift batch` output folder")],
    html: Annotated[Optional[Path], typer.Option("--html", help="also write a self-contained HTML dashboard here")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the aggregates as JSON")] = False,
    top: Annotated[int, typer.Option("--top", help="outlets shown, by article count")] = 20,
) -> None:
    """Per-outlet and per-month aggregates of a batch output (DuckDB over its Parquet)."""
    from .batch.stats import compute_stats, print_stats

    result = compute_stats(out, top=top)
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    else:
        print_stats(result, Console(width=max(Console().width, 120)))
    if html:
        from .batch.dashboard import render_dashboard

        html.write_text(render_dashboard(result), encoding="utf-8")
        if not as_json:
            typer.echo(f"dashboard written to {html}")


# -- fact-check index (issue 4) -------------------------------------------------------------------
factchecks_app = typer.Typer(help="The local fact-check index: import fact-checks, build a dev index, stats.",
                             no_args_is_help=True)
app.add_typer(factchecks_app, name="factchecks")
IndexOption = Annotated[
    Optional[Path], typer.Option("--index", help="the index folder (default: [analyzer.claims] index_dir, "
                                                 "$NEWSSIFT_FACTCHECKS, or ~/.local/share/newssift/factchecks)")
]


def _factcheck_index_dir(index: Optional[Path], config: Optional[Path]) -> Path:
    from .config import load_config
    from .factchecks.store import default_index_dir

    if index:
        return index
    return default_index_dir(str(load_config(str(config) if config else None)["analyzer.claims"]["index_dir"]))


@factchecks_app.command("import")
@coded_errors
def factchecks_import(
    file: Annotated[Path, typer.Argument(help="ClaimReview JSON-LD (one object or list per line) or Google Fact "
                                             "Check Tools claims:search JSON")],
    index: IndexOption = None,
    config: ConfigOption = None,
) -> None:
    """Import fact-checks; re-importing adds nothing. Bad lines are reported (exit status 2), the rest imported."""
    from .factchecks.store import FactCheckIndex

    path = _factcheck_index_dir(index, config)
    with FactCheckIndex.open(path, create=True) as store:
        summary = store.import_file(file)
        total = len(store)
    for item in summary.errors:
        typer.echo(item.error.one_line(), err=True)
    typer.echo(f"{file}: {summary.records_read} records read, {summary.added} added, {summary.already_present} "
               f"already present, {summary.failed} failed; the index in {path} holds {total} fact-checks")
    if summary.failed:
        raise NewssiftError("NS525", failed=summary.failed, source=str(file), added=summary.added)


@factchecks_app.command("build-dev")
@coded_errors
def factchecks_build_dev(index: IndexOption = None, config: ConfigOption = None) -> None:
    """Build a development index from PolitiFact (CheckThat! vclaims) and LIAR in $NEWSSIFT_DATA (research only)."""
    from .factchecks.dev import build_dev_index

    path = _factcheck_index_dir(index, config)
    for summary in build_dev_index(path):
        typer.echo(f"{summary.source}: {summary.records_read} records, {summary.added} added, "
                   f"{summary.already_present} already present")
    typer.echo(f"development index in {path} (research-only data: do not redistribute it)")


@factchecks_app.command("stats")
@coded_errors
def factchecks_stats(index: IndexOption = None, config: ConfigOption = None,
                     as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """How many fact-checks the index holds, by publisher, and its size on disk."""
    from .factchecks.store import FactCheckIndex

    with FactCheckIndex.open(_factcheck_index_dir(index, config)) as store:
        result = store.stats()
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{result['path']}: {result['records']} fact-checks ({result['with_verdict_ordinal']} with a "
               f"normalized verdict), {result['size_bytes']:,} bytes")
    for name, count in result["publishers"].items():
        typer.echo(f"  {name}: {count}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
