import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from newssift.cli import app
from newssift.errors import CATALOGUE

runner = CliRunner()
OPINION = (
    "This outrageous plan is a disgrace, and you deserve better! The mayor said the bridge would bring jobs. "
    "According to the city's engineers, the old bridge is sound. Why the rush? Critics clearly have a point. "
) * 3


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_demo_analyzes_the_bundled_html_article():
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "Council's Harbor Bridge Plan" in result.output
    assert "trafilatura" in result.output  # extraction is reported
    assert "not rated by any rater" in result.output


@pytest.mark.parametrize("fmt", ["json", "markdown", "terminal"])
def test_analyze_stdin_in_every_format(fmt):
    result = run("analyze", "-", "--format", fmt, "--url", "https://www.breitbart.com/politics/x", input=OPINION)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        payload = json.loads(result.output)
        assert payload["article"]["outlet"] == "breitbart.com"
        assert payload["analyzers"]["source"]["result"]["rated"] is True


def test_analyze_file_with_url(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(OPINION)
    result = run("analyze", str(path), "-f", "json", "--url", "https://edition.cnn.com/2024/x")
    payload = json.loads(result.output)
    assert payload["article"]["outlet"] == "cnn.com"


def test_source_command():
    result = run("source", "www.infowars.com")
    assert result.exit_code == 0
    assert "infowars.com" in result.output
    unknown = run("source", "https://no-such-outlet-newssift.com/x", "--json")
    assert json.loads(unknown.output)["rated"] is False


@pytest.mark.parametrize(
    "content,code",
    [
        (b"", "NS101"),
        (b"\x00\x01\x02binary\x00", "NS102"),
        (b"r\xe9sum\xe9 text", "NS103"),
        (b"<html><body><nav>Home</nav></body></html>", "NS105"),
    ],
)
def test_bad_files_get_one_coded_line_and_exit_2(tmp_path, content, code):
    path = tmp_path / "input.bin"
    path.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "newssift.cli", "analyze", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error[{code}]")
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_oversize_file_and_bad_format(tmp_path):
    cfg = tmp_path / "small.cfg"
    cfg.write_text("[input]\nmax_input_bytes = 10\n")
    path = tmp_path / "a.txt"
    path.write_text(OPINION)
    result = run("analyze", str(path), "--config", str(cfg))
    assert result.exit_code == 2 and "error[NS104]" in result.output
    result = run("analyze", str(path), "--format", "pdf")
    assert result.exit_code == 2 and "error[NS306]" in result.output


def test_refused_and_unreachable_urls():
    refused = run("analyze", "http://169.254.169.254/latest/meta-data")
    assert refused.exit_code == 2 and "error[NS202]" in refused.output
    unreachable = run("analyze", "https://newssift-unreachable.invalid/story")
    assert unreachable.exit_code == 2 and "error[NS201]" in unreachable.output


def test_source_rejects_non_domains():
    result = run("source", "not a domain!")
    assert result.exit_code == 2 and "error[NS403]" in result.output


def test_schema_and_analyzers_commands():
    assert json.loads(run("schema").output)["title"] == "Report"
    listing = run("analyzers").output
    assert "newssift.source.v1" in listing and "newssift.style.v1" in listing


def test_every_error_code_is_tested():
    from pathlib import Path

    tests_text = "\n".join(p.read_text() for p in Path(__file__).parent.rglob("test_*.py"))
    untested = [code for code in CATALOGUE if code not in tests_text.replace("test_every_error_code", "")]
    assert not untested, f"error codes without a test: {untested}"
