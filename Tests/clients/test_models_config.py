"""Models, unsupported routes, client keys and the identity prompt."""

from __future__ import annotations

import openai
import pytest

from support import system_texts


def test_models_list(client: openai.OpenAI) -> None:
    models = list(client.models.list())
    ids = [m.id for m in models]
    assert "sonnet" in ids and "claude-opus-4-7" in ids, ids
    for model in models:
        assert model.object == "model"
        assert isinstance(model.created, int)
        assert model.owned_by


def test_models_raw_shape(proxy) -> None:
    with proxy.http() as http:
        r = http.get("/v1/models")
    assert r.status_code == 200
    body = r.json()
    assert body["object"] == "list"
    assert all({"id", "object", "created", "owned_by"} <= set(m) for m in body["data"])


def test_models_retrieve(client: openai.OpenAI) -> None:
    model = client.models.retrieve("sonnet")
    assert model.id == "sonnet"
    assert model.object == "model"
    opus = client.models.retrieve("claude-opus-4-7")
    assert opus.id == "claude-opus-4-7"


def test_models_retrieve_unknown(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("no-such-model-xyz")


def test_embeddings_not_found(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as info:
        client.embeddings.create(model="text-embedding-3-small", input="hello")
    assert "embedding" in info.value.message.lower()
    assert info.value.response.headers["content-type"].startswith("application/json")


def test_unknown_v1_route_404(proxy) -> None:
    with proxy.http() as http:
        r = http.post("/v1/images/generations", json={"prompt": "a cat"})
    assert r.status_code == 404
    assert r.json()["error"]["message"]


def test_health(proxy) -> None:
    with proxy.http() as http:
        r = http.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


# --------------------------------------------------------------------------- client keys


@pytest.fixture(scope="module")
def keyed_proxy(start_proxy):
    return start_proxy("proxy-keys", env={"CLAUDE_PROXY_API_KEYS": "ck-first-key,ck-second-key"},
                       client_key="ck-second-key")


def test_client_key_wrong_rejected(keyed_proxy, fake) -> None:
    with pytest.raises(openai.AuthenticationError) as info:
        keyed_proxy.client(api_key="ck-wrong").chat.completions.create(
            model="sonnet", messages=[{"role": "user", "content": "hi"}])
    assert info.value.status_code == 401
    assert "ck-wrong" not in info.value.response.text
    assert fake.messages_posts() == []


def test_client_key_wrong_rejected_models(keyed_proxy) -> None:
    with pytest.raises(openai.AuthenticationError):
        keyed_proxy.client(api_key="ck-wrong").models.list()


def test_client_key_missing_rejected(keyed_proxy) -> None:
    with keyed_proxy.http() as http:
        r = http.post("/v1/chat/completions", json={"model": "sonnet", "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 401
    assert r.json()["error"]["message"]


def test_client_key_right_accepted(keyed_proxy, fake) -> None:
    for key in ("ck-first-key", "ck-second-key"):
        completion = keyed_proxy.client(api_key=key).chat.completions.create(
            model="sonnet", messages=[{"role": "user", "content": "hi"}])
        assert completion.choices[0].message.content
    assert len(fake.messages_posts()) == 2
    # The client key is never forwarded upstream.
    for request in fake.messages_posts():
        assert "ck-first-key" not in str(request["headers"]) and "ck-second-key" not in str(request["headers"])


def test_client_key_health_open(keyed_proxy) -> None:
    with keyed_proxy.http() as http:
        assert http.get("/health").status_code == 200


# --------------------------------------------------------------------------- identity


@pytest.fixture(scope="module")
def identity_proxy(start_proxy):
    return start_proxy("proxy-identity", config={"identity": {"systemPrompt": "You are Pi.", "mode": "prepend"}})


def test_identity_prepend(identity_proxy, fake, marker: str) -> None:
    identity_proxy.client().chat.completions.create(model="sonnet", messages=[
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": f"who are you {marker}"},
    ])
    texts = system_texts(fake.last_body(marker))
    assert texts == ["You are Pi.", "Be brief."], texts


def test_identity_prepend_without_client_system(identity_proxy, fake, marker: str) -> None:
    identity_proxy.client().chat.completions.create(
        model="sonnet", messages=[{"role": "user", "content": f"who are you {marker}"}])
    assert system_texts(fake.last_body(marker)) == ["You are Pi."]


def test_config_aliases(start_proxy, fake, marker: str) -> None:
    aliased = start_proxy("proxy-aliases", config={"models": {"aliases": {"my-model": "claude-haiku-4-5-20251001"}}})
    aliased.client().chat.completions.create(
        model="my-model", messages=[{"role": "user", "content": f"hi {marker}"}])
    assert fake.last_body(marker)["model"] == "claude-haiku-4-5-20251001"
    ids = [m.id for m in aliased.client().models.list()]
    assert "my-model" in ids
