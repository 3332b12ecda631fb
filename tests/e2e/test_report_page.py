"""In a real browser: submit an article, see its highlights, open a technique card, save and inspect a screenshot."""

from __future__ import annotations

import base64

from newssift.server.testing import ARTICLE, sample_report
from newssift.techniques import BY_LABEL, LABELS

# the tint each technique's highlight gets on white (style.css: --bg-c), to find in the screenshot
TINTS = {
    "Loaded_Language": (255, 127, 14, .28), "Name_Calling,Labeling": (44, 160, 44, .24),
    "Flag-Waving": (23, 190, 207, .24), "Doubt": (127, 127, 127, .24), "Slogans": (173, 73, 74, .20),
}

PIXEL_STATS = """async ([data, tints]) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + data;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width; canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, img.width, img.height).data;
  let sum = 0, sum2 = 0, nonWhite = 0;
  const hits = tints.map(() => 0);
  const n = px.length / 4;
  for (let i = 0; i < px.length; i += 4) {
    const r = px[i], g = px[i + 1], b = px[i + 2];
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += y; sum2 += y * y;
    if (r < 245 || g < 245 || b < 245) nonWhite++;
    tints.forEach((t, k) => {
      if (Math.abs(r - t[0]) <= 6 && Math.abs(g - t[1]) <= 6 && Math.abs(b - t[2]) <= 6) hits[k]++;
    });
  }
  const mean = sum / n;
  return {width: img.width, height: img.height, variance: sum2 / n - mean * mean, nonWhite: nonWhite / n, hits};
}"""


def _tint_on_white(r: int, g: int, b: int, alpha: float) -> list[int]:
    return [round(255 + alpha * (c - 255)) for c in (r, g, b)]


def inspect_screenshot(browser, png: bytes) -> dict:
    """Pixel statistics of a PNG, computed by the browser itself on a canvas (no image library needed)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        tints = [_tint_on_white(*TINTS[label]) for label in TINTS]
        stats = page.evaluate(PIXEL_STATS, [base64.b64encode(png).decode(), tints])
    finally:
        context.close()
    stats["tints"] = dict(zip(TINTS, stats.pop("hits")))
    return stats


def test_submit_article_see_highlights_open_a_card_and_screenshot(live, page, browser, output_dir):
    page.goto(live.url + "/")
    page.fill("#url", "https://www.infowars.com/posts/bridge")
    page.fill("#title", "Council approves bridge")
    page.fill("#text", ARTICLE)
    page.click("button[type=submit]")
    page.wait_for_url(live.url + "/reports/*")
    assert page.locator("h1#report-title").inner_text() == "Council approves bridge"

    # one colour class per technique, each highlighted passage focusable
    loaded = page.locator('.hl[data-label="Loaded_Language"]')
    assert loaded.count() == 1 and "t%d" % LABELS.index("Loaded_Language") in loaded.get_attribute("class")
    for label in ("Name_Calling,Labeling", "Flag-Waving", "Doubt", "Slogans"):
        assert page.locator(f'.hl[data-label="{label}"]').count() == 1
    # overlapping spans stay visible: Loaded language sits inside Exaggeration, with its own underline
    nested = page.locator('.hl[data-label="Exaggeration,Minimisation"] > .hl[data-label="Loaded_Language"]')
    assert nested.count() == 1
    outer_pad = nested.evaluate("el => parseFloat(getComputedStyle(el.parentElement).paddingBottom)")
    inner_pad = nested.evaluate("el => parseFloat(getComputedStyle(el).paddingBottom)")
    assert outer_pad > inner_pad

    # reach a highlight with the keyboard and open its card
    segment = page.locator(".seg", has=page.locator('.hl[data-label="Name_Calling,Labeling"]')).first
    card = segment.locator(".card")
    assert not card.is_visible()
    page.locator("#article-text").evaluate("el => el.previousElementSibling.querySelector('a').focus()")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('seg')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('seg')"), "no highlight reachable by Tab"
    segment.focus()
    assert card.is_visible()
    assert BY_LABEL["Name_Calling,Labeling"].definition in card.inner_text()
    assert "confidence 0.87" in card.inner_text()
    page.keyboard.press("Escape")  # app.js: Escape closes the card
    assert not card.is_visible()
    # hover opens a card too
    page.locator(".seg", has=page.locator('.hl[data-label="Slogans"]')).first.hover()
    slogan_card = page.locator(".seg", has=page.locator('.hl[data-label="Slogans"]')).first.locator(".card")
    assert slogan_card.is_visible() and "confidence 0.95" in slogan_card.inner_text()

    # side panel
    assert page.locator("#signal-source table.ratings tbody tr").count() >= 3
    assert page.locator("#signal-style").is_visible()

    page.mouse.move(1270, 890)  # away from the text: only the focused card is open
    segment.focus()
    page.set_viewport_size({"width": 1280, "height": 1250})
    page.evaluate("window.scrollTo(0, 0)")  # the title, summary, article and the open card in one view
    shot = page.screenshot(path=str(output_dir / "report.png"))
    stats = inspect_screenshot(browser, shot)
    assert stats["width"] == 1280 and stats["height"] == 1250
    assert stats["variance"] > 200, stats  # not blank
    assert 0.03 < stats["nonWhite"] < 0.9, stats
    assert sum(1 for hits in stats["tints"].values() if hits >= 40) >= 4, stats  # the technique colours are drawn
    page.screenshot(path=str(output_dir / "report-full.png"), full_page=True)
    assert page.dialogs == [] and page.csp_violations == []


def test_report_reads_without_javascript(live, browser, output_dir):
    report = sample_report()
    report_id = live.app.state.newssift.store.save_report(report, content_hash="nojs").id
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{live.url}/reports/{report_id}")
        assert page.locator('.hl[data-label="Loaded_Language"]').count() == 1
        segment = page.locator(".seg", has=page.locator('.hl[data-label="Doubt"]')).first
        segment.hover()  # CSS :hover, no script
        assert segment.locator(".card").is_visible()
        assert "Mostly false" in page.locator("#signal-claims").inner_text()
        assert "confidence 69%" in page.locator("#signal-reliability").inner_text()
        page.screenshot(path=str(output_dir / "report-nojs.png"))
        page.emulate_media(media="print")
        assert not page.locator("header.top").is_visible() and page.locator("#article-text").is_visible()
    finally:
        context.close()


def test_report_of_the_default_profile_fits_the_window(live, page):
    """The profile line once listed the analyzers as one unbroken word ("source,style,...,reliability"), which
    pushed the side panel, and the page, 71 pixels past a 1280-pixel window."""
    report = sample_report()
    report["profile"] = "source,style,techniques,claims,slant,clickbait,hyperpartisan,reliability"
    report_id = live.app.state.newssift.store.save_report(report, content_hash="wide-profile").id
    for width in (1280, 800, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live.url}/reports/{report_id}")
        assert "source, style, techniques" in page.locator("section.versions").inner_text()
        scroll_width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll_width <= client_width, (width, scroll_width, client_width)
