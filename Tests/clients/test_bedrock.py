"""The real `openai` and `anthropic` SDKs against a proxy whose upstream is the fake's Amazon Bedrock
face (`kind: "bedrock"`, `endpoint` pointed at the fake): SigV4-signed InvokeModel calls, the
event stream translated for every dialect, Bedrock's errors as each SDK's error classes."""

from __future__ import annotations

import json
import subprocess

import anthropic
import openai
import pytest

from conftest import FAST_RETRIES, _child_env

AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "AWS_SESSION_TOKEN": "client-tests-session-token",
}


@pytest.fixture(scope="module")
def bedrock_proxy(start_proxy, fake_upstream):
    config = {
        "upstream": {"name": "bedrock", "kind": "bedrock", "region": "us-east-1", "endpoint": fake_upstream.url},
        "retries": FAST_RETRIES,
    }
    return start_proxy("bedrock-proxy", config=config, env=AWS_ENV)


def _bedrock_calls(fake, marker: str) -> list[dict]:
    return [r for r in fake.requests() if r["path"].startswith("/model/") and marker in json.dumps(r.get("body"))]


def _anthropic(proxy) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=proxy.url, api_key=proxy.client_key, max_retries=0, timeout=30)


def test_openai_chat_through_bedrock_is_signed_and_answered(bedrock_proxy, fake, marker: str) -> None:
    client = bedrock_proxy.client()
    answer = client.chat.completions.create(model="sonnet", messages=[{"role": "user", "content": f"Hi {marker}"}])
    assert answer.choices[0].message.content.startswith("Hello from the fake Claude")
    stream = client.chat.completions.create(
        model="sonnet", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": f"Stream {marker}"}])
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert text.startswith("Hello from the fake Claude")
    calls = _bedrock_calls(fake, marker)
    assert [c["path"].rsplit("/", 1)[1] for c in calls] == ["invoke", "invoke-with-response-stream"]
    assert calls[0]["path"].startswith("/model/us.anthropic.claude-sonnet-")
    assert calls[0]["headers"]["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert calls[0]["headers"]["x-amz-security-token"] == "client-tests-session-token"
    assert calls[0]["body"]["anthropic_version"] == "bedrock-2023-05-31"
    assert "model" not in calls[0]["body"] and "stream" not in calls[1]["body"]


def test_openai_responses_stream_through_bedrock(bedrock_proxy, fake, marker: str) -> None:
    client = bedrock_proxy.client()
    events = list(client.responses.create(model="haiku", input=f"Hello {marker}", stream=True))
    assert events[-1].type == "response.completed"
    assert events[-1].response.output_text.startswith("Hello from the fake Claude")


def test_anthropic_sdk_messages_and_stream_through_bedrock(bedrock_proxy, fake, marker: str) -> None:
    client = _anthropic(bedrock_proxy)
    message = client.messages.create(
        model="sonnet", max_tokens=64, messages=[{"role": "user", "content": f"Hello {marker}"}],
        extra_headers={"anthropic-beta": "context-1m-2025-08-07"})
    assert message.content[0].text.startswith("Hello from the fake Claude")
    with client.messages.stream(model="sonnet", max_tokens=64, messages=[{"role": "user", "content": f"Again {marker}"}]) as stream:
        text = stream.get_final_text()
    assert text.startswith("Hello from the fake Claude")
    calls = _bedrock_calls(fake, marker)
    assert calls[0]["body"]["anthropic_beta"] == ["context-1m-2025-08-07"]


def test_bedrock_errors_become_each_sdks_error_class(bedrock_proxy, fake) -> None:
    with pytest.raises(anthropic.PermissionDeniedError) as denied:
        _anthropic(bedrock_proxy).messages.create(
            model="sonnet", max_tokens=16, messages=[{"role": "user", "content": "[[scenario:bedrock-access-denied]]"}])
    assert "Bedrock console" in str(denied.value)
    with pytest.raises(openai.RateLimitError) as throttled:
        bedrock_proxy.client().chat.completions.create(
            model="sonnet", messages=[{"role": "user", "content": "[[scenario:bedrock-throttle]]"}])
    assert "throttling" in str(throttled.value).lower()


def test_a_bedrock_exception_mid_stream_raises_in_the_anthropic_sdk(bedrock_proxy, fake) -> None:
    client = _anthropic(bedrock_proxy)
    with pytest.raises(anthropic.APIStatusError) as failed:
        with client.messages.stream(
                model="sonnet", max_tokens=64,
                messages=[{"role": "user", "content": "[[scenario:bedrock-stream-exception]] hi"}]) as stream:
            stream.get_final_text()
    assert "throttlingException" in str(failed.value)


def _check(proxy_bin, run_dir, fake_upstream, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    config = run_dir / "bedrock-check.json"
    config.write_text(json.dumps(
        {"upstream": {"name": "aws", "kind": "bedrock", "region": "us-east-1", "endpoint": fake_upstream.url}}))
    config.chmod(0o600)
    return subprocess.run(
        [proxy_bin, "check", "--config", str(config)], env=_child_env(run_dir / "home", env),
        capture_output=True, text=True, timeout=60)


def test_check_shows_region_identity_expiry_and_lists_models(proxy_bin, run_dir, fake_upstream) -> None:
    env = dict(AWS_ENV, AWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE", AWS_CREDENTIAL_EXPIRATION="2099-01-01T00:00:00Z")
    # The fake accepts only its own access key id: this identity is listed, then refused by "AWS".
    result = _check(proxy_bin, run_dir, fake_upstream, env)
    assert "region us-east-1" in result.stdout
    assert "AKIA…MPLE (temporary)" in result.stdout and "AKIAIOSFODNN7EXAMPLE" not in result.stdout
    assert "expires 2099-01-01T00:00:00Z" in result.stdout
    assert "UnrecognizedClientException" in result.stdout and result.returncode != 0
    ok = _check(proxy_bin, run_dir, fake_upstream, AWS_ENV)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "models (ListFoundationModels + ListInferenceProfiles)" in ok.stdout
    assert AWS_ENV["AWS_SECRET_ACCESS_KEY"] not in ok.stdout + ok.stderr
