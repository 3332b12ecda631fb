"""XSS: hostile strings in article text, title, author, URL and source fields never execute in Chromium.

Every payload goes through the API (POST /v1/analyze, then GET /v1/reports/{id}) and through the UI (the
form in the browser, the report page, the history page). Payloads try to set ``window.__xss`` or open a
dialog; the test listens for dialogs, reads the sentinel, and checks that no element carries an event
handler attribute or a script URL and that no inline script was blocked by the CSP (which would mean one
was injected: the CSP is a second wall, not the first).
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from newssift.server.testing import sample_report

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=\"window.__xss=1\">",
    "<img src=x onerror=alert(1)//",
    "<svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "\"><script>window.__xss=1</script>",
    "'><img src=x onerror=window.__xss=1>",
    "\" onmouseover=\"window.__xss=1\" x=\"",
    "' autofocus onfocus='window.__xss=1",
    "\" autofocus onfocus=alert(1) \"",
    "</textarea><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    "</span></span><script>window.__xss=1</script>",
    "</script><script>window.__xss=1</script>",
    "javascript:window.__xss=1",
    "JaVaScRiPt:alert(1)",
    "javascript://%0aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<a href=\"javascript:window.__xss=1\">click</a>",
    "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    "<iframe src=javascript:alert(1)>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<video><source onerror=\"window.__xss=1\"></video>",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<style>@import 'http://evil.example/x.css';</style>",
    "{{ 7*7 }}{% raw %}{{ config }}{% endraw %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${alert(1)}#{alert(1)}<%= 7*7 %>",
    "\u2028\u2029<script>window.__xss=1</script>",
    "<x contenteditable onblur=window.__xss=1>lose focus</x>",
]

FIND_ACTIVE_CONTENT = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) bad.push(el.tagName + ' ' + attr.name);
      if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc'].includes(attr.name)
          && /^\\s*(javascript|data|vbscript):/i.test(attr.value)) bad.push(el.tagName + ' ' + attr.name);
    }
  }
  const scripts = [...document.scripts].filter(s => !s.src.endsWith('/static/app.js')).length;
  const embedded = document.querySelectorAll(
    'iframe, object, embed, svg, math, img, video, audio, base, form[action^="javascript"], meta[http-equiv]').length;
  return {bad, scripts, embedded, sentinel: typeof window.__xss};
}"""


def assert_inert(page) -> None:
    found = page.evaluate(FIND_ACTIVE_CONTENT)
    assert found == {"bad": [], "scripts": 0, "embedded": 0, "sentinel": "undefined"}, found
    assert page.dialogs == [], page.dialogs
    assert page.csp_violations == [], page.csp_violations


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.headers["Content-Type"] == "application/json"
        return json.loads(response.read())


def test_there_are_enough_payloads():
    assert len(PAYLOADS) >= 30 and len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_payload_through_the_api_is_stored_verbatim_and_shown_inert(live, page, index):
    payload = PAYLOADS[index]
    body = {"text": f"The council met on Monday. {payload} The vote was 6 to 3 after a long debate.",
            "title": payload, "author": payload, "url": payload}
    created = _post(live.url + "/v1/analyze", body)
    with urllib.request.urlopen(f"{live.url}/v1/reports/{created['id']}", timeout=30) as response:
        stored = json.loads(response.read())["report"]
    assert stored["article"]["title"] == payload and stored["article"]["author"] == payload
    assert payload in stored["text"]
    page.goto(f"{live.url}/reports/{created['id']}?show=style")
    assert_inert(page)
    assert page.locator("#report-title").inner_text() == payload.strip() or payload.strip() in page.title()
    assert payload.replace("\u2028", "").replace("\u2029", "")[:20] in page.locator("#article-text").inner_text() \
        .replace("\u2028", "").replace("\u2029", "")
    if page.locator(".seg").count():
        page.locator(".seg").first.focus()
    assert_inert(page)


def test_payloads_through_the_form(live, page):
    for payload in PAYLOADS:
        page.goto(live.url + "/")
        page.fill("#text", f"Council news. {payload} More council news follows here.")
        page.fill("#title", payload)
        page.fill("#author", payload)
        page.click("button[type=submit]")
        page.wait_for_url(live.url + "/reports/*")
        assert_inert(page)
        assert page.locator("#report-title").inner_text().strip() == payload.strip()
    page.goto(live.url + "/reports")  # every title on one page
    assert_inert(page)


def test_payloads_in_source_and_fact_check_fields(live, page):
    report = sample_report()
    source = report["analyzers"]["source"]["result"]
    template = source["ratings"][0]
    source["ratings"] = [
        {**template, "rater": payload, "name": payload, "labels": {"bias": payload, payload: [payload]},
         "scale": payload, "data_date": payload, "url": payload, "outlet_name": payload,
         "ordinal": {"value": 0, "size": 6, "level": payload, "direction": payload, "scale": payload}}
        for payload in PAYLOADS
    ]
    source["not_rated_by"] = PAYLOADS
    source["summary"] = PAYLOADS[0]
    claim = report["analyzers"]["claims"]["result"]["claims"][0]
    review = claim["matches"][0]["claim_review"]
    claim["matches"] = [
        {**claim["matches"][0], "claim_review": {**review, "claimReviewed": p, "url": p, "datePublished": p,
                                                 "author": {"@type": "Organization", "name": p},
                                                 "reviewRating": {"@type": "Rating", "alternateName": p}}}
        for p in PAYLOADS
    ]
    report["analyzers"]["slant"]["result"]["label"] = PAYLOADS[1]
    report["analyzers"]["slant"]["result"]["evidence"] = [{"text": p, "weight": 0.1, "toward": p} for p in PAYLOADS]
    report["article"].update(url=PAYLOADS[18], canonical_url=PAYLOADS[22], site_name=PAYLOADS[4],
                             outlet=PAYLOADS[9], title=PAYLOADS[0])
    report["not_judged"] = [{"analyzer": p, "reason": p} for p in PAYLOADS]
    report_id = live.app.state.newssift.store.save_report(report, content_hash="xss-source").id
    page.goto(f"{live.url}/reports/{report_id}")
    assert_inert(page)
    text = page.locator("#signal-source").inner_text()
    assert all(p.strip()[:15] in text for p in PAYLOADS if "\u2028" not in p)
    assert page.locator('#signal-source a[href], #signal-claims a[href]').count() == 0  # no unsafe link is linked
    page.goto(f"{live.url}/reports?outlet={PAYLOADS[9]}")
    assert_inert(page)
