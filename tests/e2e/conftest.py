"""End-to-end fixtures: Debian's chromium driven by Playwright (never `playwright install`), a live server.

Without /usr/bin/chromium or the playwright package the tests skip; under
NEWSSIFT_REQUIRE_SERVICES=1 (set by .ci/run) that is a failure.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Sequence

import pytest

from newssift.analyzers.base import Analyzer
from newssift.article import Article
from newssift.registry import register_analyzer
from newssift.server import ServerSettings, create_app
from newssift.server.testing import CHROMIUM, CHROMIUM_ARGS, LiveServer, pipeline_config, service_missing

OUTPUT = Path(__file__).parent / "output"

# Phrases a stand-in techniques analyzer tags, so the browser sees real pipeline output with technique spans
# (the trained tagger of issue 3 is written in parallel; the UI draws whatever the report holds).
PHRASES = [
    ("this is a reckless, shameful gamble", "Exaggeration,Minimisation", 0.62),
    ("reckless, shameful", "Loaded_Language", 0.91),
    ("radical bureaucrats", "Name_Calling,Labeling", 0.87),
    ("Every real patriot in this city already opposes it.", "Flag-Waving", 0.74),
    ("Can we really trust anything the council says?", "Doubt", 0.81),
    ("Take back our city!", "Slogans", 0.95),
]


class PhraseTechniques(Analyzer):
    """A stand-in for the techniques tagger: tags fixed phrases (test use only)."""

    languages = None

    def predict(self, articles: Sequence[Article]) -> list[list[tuple[int, int, str, float]]]:
        found = []
        for article in articles:
            spans = []
            for phrase, label, score in PHRASES:
                for match in re.finditer(re.escape(phrase), article.text):
                    spans.append((match.start(), match.end(), label, score))
            found.append(spans)
        return found

    def set_annotations(self, article: Article, prediction: list[tuple[int, int, str, float]]) -> None:
        article.spans[self.name] = [article.span(s, e, label, score) for s, e, label, score in prediction]
        counts: dict[str, int] = {}
        for _, _, label, _ in prediction:
            counts[label] = counts.get(label, 0) + 1
        article.results[self.name] = {"summary": f"{len(prediction)} passages use propaganda techniques.",
                                      "counts": counts, "definitions": {}}


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        service_missing(f"end-to-end tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        service_missing("end-to-end tests need the playwright package (pip install 'newssift[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def stand_in_techniques():
    """Register the stand-in analyzer for this module only (the registry is global)."""
    from newssift import registry

    register_analyzer("e2e_techniques", version="0", requires=("sentences",))(PhraseTechniques)
    yield "e2e_techniques"
    registry._ANALYZERS.pop("e2e_techniques", None)


@pytest.fixture(scope="module")
def live(tmp_path_factory, stand_in_techniques):
    config = pipeline_config(f"source, style, {stand_in_techniques}")
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'reports.db'}"
    settings = ServerSettings.from_config(config, database_url=url, rate_limit_per_minute=0)
    app = create_app(settings, config=config)
    with LiveServer(app) as server:
        server.app = app
        yield server


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.csp_violations = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda msg: page.csp_violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    yield page
    context.close()


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
