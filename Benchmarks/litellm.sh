#!/usr/bin/env bash
# Starts LiteLLM's proxy in front of the fake upstream, for the third column of Benchmarks/run.sh.
#
#   Benchmarks/litellm.sh FAKE_URL WORK_DIR VENV_DIR
#
# Installs 'litellm[proxy]' from PyPI into VENV_DIR (a throwaway virtual env, reused when it
# already has LiteLLM), writes a config that routes claude-sonnet-4-6 to FAKE_URL, starts LiteLLM
# on a free loopback port, and prints its URL on stdout; its PID goes to WORK_DIR/litellm.pid.
# LiteLLM refuses to start without a master key, so it gets `sk-proxy-bench` (proxy-bench sends it).
# On any failure it says why on stderr and exits non-zero, and the caller skips the column.
set -euo pipefail

fake_url=$1
work=$2
venv=$3
say() { echo "litellm: $*" >&2; }

if [[ ! -x "$venv/bin/litellm" ]]; then
    say "installing litellm[proxy] into $venv (one time, a few minutes)"
    if ! python3 -m venv "$venv" >&2; then
        say "could not create a virtual env (is python3-venv installed?)"
        exit 1
    fi
    if ! "$venv/bin/pip" install -q 'litellm[proxy]' >"$work/litellm-pip.log" 2>&1; then
        say "pip install failed; last lines:"
        tail -n 5 "$work/litellm-pip.log" >&2
        exit 1
    fi
fi
say "$("$venv/bin/pip" show litellm 2>/dev/null | grep -i '^version' || echo 'version unknown')"

cat >"$work/litellm.yaml" <<EOF
model_list:
  - model_name: claude-sonnet-4-6
    litellm_params:
      model: anthropic/claude-sonnet-4-6
      api_base: $fake_url
      api_key: anything
litellm_settings:
  telemetry: false
  drop_params: true
general_settings:
  master_key: sk-proxy-bench
EOF

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
LITELLM_LOG=ERROR LITELLM_TELEMETRY=False DISABLE_SCHEMA_UPDATE=true \
    "$venv/bin/litellm" --config "$work/litellm.yaml" --host 127.0.0.1 --port "$port" --num_workers 1 \
    >"$work/litellm.log" 2>&1 &
pid=$!
echo "$pid" >"$work/litellm.pid"

url="http://127.0.0.1:$port"
body='{"model":"claude-sonnet-4-6","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}'
deadline=$((SECONDS + 120))
until curl -fsS -o /dev/null --max-time 5 -H 'content-type: application/json' \
    -H 'authorization: Bearer sk-proxy-bench' -d "$body" "$url/v1/chat/completions" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
        say "LiteLLM did not answer a chat completion within 120 s; last log lines:"
        tail -n 15 "$work/litellm.log" >&2
        kill "$pid" 2>/dev/null || true
        exit 1
    fi
    sleep 0.5
done
say "LiteLLM (pid $pid) at $url -> $fake_url"
echo "$url"
