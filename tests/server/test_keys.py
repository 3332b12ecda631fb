"""API keys when the server requires them: missing, wrong and revoked keys are refused with a way forward."""

from __future__ import annotations

import pytest

from newssift.server.testing import ARTICLE

BODY = {"text": ARTICLE, "url": "https://www.example.com/a"}


@pytest.fixture
def keyed(make_client):
    client = make_client(require_keys=True)
    key, secret = client.app.state.newssift.store.create_key("tests")
    return client, key, secret


def _code(response) -> str:
    return response.json()["error"]["code"]


def test_missing_key_is_refused_and_says_how_to_get_one(keyed):
    client, _, _ = keyed
    response = client.post("/v1/analyze", json=BODY)
    assert response.status_code == 401 and _code(response) == "NS601"
    assert "newssift keys create" in response.json()["error"]["next_step"]
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_wrong_key_is_refused(keyed):
    client, _, secret = keyed
    for headers in ({"X-API-Key": secret[:-1] + "?"}, {"Authorization": "Bearer ns_wrong"}):
        response = client.post("/v1/analyze", json=BODY, headers=headers)
        assert response.status_code == 401 and _code(response) == "NS602"
        assert "newssift keys create" in response.json()["error"]["next_step"]


def test_revoked_key_is_refused(keyed):
    client, key, secret = keyed
    assert client.post("/v1/analyze", json=BODY, headers={"X-API-Key": secret}).status_code == 201
    client.app.state.newssift.store.revoke_key(str(key.id))
    response = client.post("/v1/analyze", json=BODY, headers={"X-API-Key": secret})
    assert response.status_code == 401 and _code(response) == "NS603"
    assert key.prefix in response.json()["error"]["message"]


def test_valid_key_by_either_header_is_accepted_and_recorded(keyed):
    client, key, secret = keyed
    first = client.post("/v1/analyze", json=BODY, headers={"Authorization": f"Bearer {secret}"})
    assert first.status_code == 201
    assert client.post("/v1/analyze", json=BODY, headers={"X-API-Key": secret}).json()["cached"] is True
    assert client.app.state.newssift.store.list_keys()[0].last_used_at is not None


def test_reading_routes_stay_open(keyed):
    client, _, secret = keyed
    report_id = client.post("/v1/analyze", json=BODY, headers={"X-API-Key": secret}).json()["id"]
    for path in (f"/v1/reports/{report_id}", "/v1/reports", "/v1/techniques", "/v1/sources/example.com",
                 f"/reports/{report_id}", f"/reports/{report_id}.json", "/reports", "/"):
        assert client.get(path).status_code == 200, path
    assert client.get("/v1/reports", headers={"X-API-Key": "ns_wrong"}).status_code == 200


def test_web_form_asks_for_a_key(keyed):
    client, _, secret = keyed
    page = client.get("/")
    assert 'name="api_key"' in page.text and "newssift keys create" in page.text
    refused = client.post("/analyze", data={"text": ARTICLE}, follow_redirects=False)
    assert refused.status_code == 401 and "NS601" in refused.text
    assert ARTICLE[:40] in refused.text  # the pasted text is kept in the form
    wrong = client.post("/analyze", data={"text": ARTICLE, "api_key": "ns_nope"}, follow_redirects=False)
    assert wrong.status_code == 401 and "NS602" in wrong.text
    accepted = client.post("/analyze", data={"text": ARTICLE, "api_key": secret}, follow_redirects=False)
    assert accepted.status_code == 303 and accepted.headers["location"].startswith("/reports/")


def test_keys_off_means_no_key_field(client):
    assert 'name="api_key"' not in client.get("/").text
    assert client.post("/v1/analyze", json=BODY).status_code == 201
    # a bad key is ignored when keys are not required
    assert client.post("/v1/analyze", json=BODY, headers={"X-API-Key": "ns_bad"}).status_code == 200
