"""Small helpers shared by the client tests."""

from __future__ import annotations

import json
from typing import Any, Iterable

# A valid 1x1 PNG.
PNG_1X1_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

WEATHER_TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather for a city.",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
                "required": ["city"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "get_forecast",
            "description": "Tomorrow's forecast for a city.",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}, "unit": {"type": "string"}},
                "required": ["city"],
            },
        },
    },
]

# The Responses API's flat function-tool shape, for the fake's `tools` scenario.
RESPONSES_TOOLS_PROMPT = "Weather in Paris and forecast for Tokyo? [[scenario:tools]]"
RESPONSES_REASONING_MODEL = "claude-sonnet-4-5-20250929"
RESPONSES_TOOLS = [
    {"type": "function", "name": "get_weather", "description": "Current weather for a city.",
     "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
    {"type": "function", "name": "get_forecast", "description": "Forecast for a city.",
     "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
]

EXPECTED_TOOL_CALLS = [
    ("toolu_fake_1", "get_weather", {"city": "Paris", "unit": "celsius"}),
    ("toolu_fake_2", "get_forecast", {"city": "Tokyo", "unit": "celsius"}),
]


def extra(obj: Any, name: str) -> Any:
    """A field the openai SDK's models do not declare (e.g. reasoning_content)."""
    value = getattr(obj, name, None)
    if value is None and getattr(obj, "model_extra", None):
        value = obj.model_extra.get(name)
    return value


def system_texts(body: dict[str, Any]) -> list[str]:
    """The upstream `system` as a list of texts (it may be a string or a list of text blocks)."""
    system = body.get("system")
    if system is None:
        return []
    if isinstance(system, str):
        return [system]
    texts = []
    for block in system:
        assert block.get("type") == "text", f"non-text system block: {block!r}"
        texts.append(block["text"])
    return texts


def blocks(content: Any) -> list[dict[str, Any]]:
    """A Messages `content` as a list of blocks (a bare string becomes one text block)."""
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    return list(content)


def text_of(content: Any) -> str:
    return "".join(b.get("text", "") for b in blocks(content) if b.get("type") == "text")


def assert_valid_messages(body: dict[str, Any]) -> None:
    """What the real Messages API insists on: user first, alternating roles, no system roles."""
    messages = body["messages"]
    assert messages, "empty messages upstream"
    assert messages[0]["role"] == "user", f"first upstream turn is {messages[0]['role']}"
    roles = [m["role"] for m in messages]
    assert set(roles) <= {"user", "assistant"}, f"unexpected roles upstream: {roles}"
    for a, b in zip(roles, roles[1:]):
        assert a != b, f"consecutive {a} turns upstream: {roles}"


def sse_events(lines: Iterable[str]) -> list[str]:
    """The `data:` payloads of a raw SSE stream, in order."""
    out = []
    for line in lines:
        if line.startswith("data:"):
            out.append(line[5:].strip())
    return out


def parse_json_events(payloads: list[str]) -> list[dict[str, Any]]:
    return [json.loads(p) for p in payloads if p != "[DONE]"]
