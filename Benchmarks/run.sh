#!/usr/bin/env bash
# The claude-proxy benchmark: builds, starts the fake upstreams and the proxies on loopback, measures
# direct vs proxied (vs LiteLLM with --litellm) in one run, prints one table, stops what it started.
#
#   Benchmarks/run.sh              full run, release build (~2 minutes after the build)
#   Benchmarks/run.sh --quick      smoke run for CI (< 60 s once built; debug build in .build unless --release)
#   Benchmarks/run.sh --litellm    adds LiteLLM as a third column (installs it into .bench-venv/)
#
# Other options: --release / --debug (force the build configuration), --skip-build,
# --seconds N (measured seconds per cell), --open-streams N, --out FILE (also write the table there).
# See Benchmarks/README.md for how to read the table.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

quick=0
litellm=0
config=""
build=1
extra=()
out=""
while (($# > 0)); do
    case "$1" in
        --quick) quick=1 ;;
        --litellm) litellm=1 ;;
        --release) config=release ;;
        --debug) config=debug ;;
        --skip-build) build=0 ;;
        --seconds) extra+=(--seconds "$2"); shift ;;
        --open-streams) extra+=(--open-streams "$2"); shift ;;
        --out) out="$2"; shift ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [[ -z "$config" ]]; then
    if ((quick)); then config=debug; else config=release; fi
fi
# Release builds go to their own scratch directory so they never wait on the debug build's lock.
scratch="$root/.build"
[[ "$config" == release ]] && scratch="$root/.build-bench"

if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
log() { echo "bench: $*" >&2; }

if ((build)); then
    jobs=2
    if pgrep -f swift-build >/dev/null 2>&1; then jobs=1; fi
    log "building ($config, -j $jobs, scratch $scratch)"
    # One product per invocation: with several --product flags SwiftPM builds only the last one.
    for product in claude-proxy proxy-bench; do
        swift build -c "$config" --scratch-path "$scratch" -j "$jobs" --product "$product" >&2
    done
fi
bin=$(swift build -c "$config" --scratch-path "$scratch" --show-bin-path)
for tool in claude-proxy proxy-bench; do
    [[ -x "$bin/$tool" ]] || { echo "run.sh: $bin/$tool is missing; run without --skip-build" >&2; exit 1; }
done

# 1,000 held streams need ~4 descriptors each across client, proxy and fake.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (($(ulimit -n) < 8192)); then log "warning: ulimit -n is $(ulimit -n); 1,000 open streams may fail"; fi

work=$(mktemp -d /tmp/claude-proxy-bench.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # url seconds
    local deadline=$((SECONDS + $2))
    until curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; do
        if ((SECONDS >= deadline)); then return 1; fi
        sleep 0.1
    done
}

last_url=""
start_fake() { # name delay-ms
    "$bin/claude-proxy" fake-upstream --port 0 --event-delay-ms "$2" >"$work/$1.out" 2>"$work/$1.err" &
    pids+=($!)
    local deadline=$((SECONDS + 30))
    until grep -q 'listening on' "$work/$1.out" 2>/dev/null; do
        if ((SECONDS >= deadline)); then echo "run.sh: fake $1 did not start:" >&2; cat "$work/$1.err" >&2; exit 1; fi
        sleep 0.05
    done
    last_url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/$1.out" | head -n 1)
    log "fake $1 (delay $2 ms) at $last_url"
}

last_pid=""
start_proxy() { # name upstream-url [config-file]
    local port config=()
    port=$(free_port)
    [[ -n "${3:-}" ]] && config=(--config "$3")
    ANTHROPIC_API_KEY=x ANTHROPIC_BASE_URL="$2" CLAUDE_PROXY_LOG_LEVEL=warning XDG_STATE_HOME="$work/state" \
        "$bin/claude-proxy" serve --host 127.0.0.1 --port "$port" ${config[@]+"${config[@]}"} >"$work/$1.out" 2>"$work/$1.err" &
    last_pid=$!
    pids+=("$last_pid")
    last_url="http://127.0.0.1:$port"
    wait_http "$last_url/health" 30 || { echo "run.sh: proxy $1 did not start:" >&2; cat "$work/$1.err" >&2; exit 1; }
    log "proxy $1 (pid $last_pid) at $last_url -> $2"
}

paced_delay=1
hold_delay=100
start_fake fast 0; fake_url=$last_url
start_fake paced "$paced_delay"; paced_fake_url=$last_url
start_fake slow "$hold_delay"; slow_fake_url=$last_url
start_proxy fast "$fake_url"; proxy_url=$last_url; proxy_pid=$last_pid
# The same proxy without the usage ledger, for the ledger's cost (the one above records every request).
printf '{"ledger": {"enabled": false}}\n' >"$work/no-ledger.json"
chmod 600 "$work/no-ledger.json"
start_proxy no-ledger "$fake_url" "$work/no-ledger.json"; no_ledger_proxy_url=$last_url
start_proxy paced "$paced_fake_url"; paced_proxy_url=$last_url
# The held-streams proxy gets a cap above the streams it holds (the memory figure needs them all
# live); a second one keeps the default cap of 512 to show what happens beyond it (503s, no 502s).
open_streams=1000
for ((i = 0; i < ${#extra[@]}; i++)); do
    [[ "${extra[$i]}" == --open-streams ]] && open_streams=${extra[$((i + 1))]}
done
((quick)) && [[ ! " ${extra[*]-} " == *" --open-streams "* ]] && open_streams=100
printf '{"limits": {"maxUpstreamConnections": %d}}\n' $((open_streams > 512 ? open_streams : 512)) >"$work/hold.json"
chmod 600 "$work/hold.json"
start_proxy hold "$slow_fake_url" "$work/hold.json"; hold_proxy_url=$last_url; hold_proxy_pid=$last_pid
start_proxy cap "$slow_fake_url"; cap_proxy_url=$last_url

litellm_args=()
if ((litellm)); then
    if litellm_url=$(Benchmarks/litellm.sh "$fake_url" "$work" "$root/.bench-venv"); then
        litellm_args=(--litellm "$litellm_url")
        pids+=("$(cat "$work/litellm.pid")")
    else
        log "LiteLLM column skipped (see the reason above)"
    fi
fi

quick_args=()
((quick)) && quick_args=(--quick)
log "measuring (progress below; the table follows)"
"$bin/proxy-bench" run \
    --fake "$fake_url" --proxy "$proxy_url" --proxy-pid "$proxy_pid" \
    --paced-fake "$paced_fake_url" --paced-proxy "$paced_proxy_url" --paced-delay-ms "$paced_delay" \
    --hold-proxy "$hold_proxy_url" --hold-proxy-pid "$hold_proxy_pid" --cap-proxy "$cap_proxy_url" \
    --no-ledger-proxy "$no_ledger_proxy_url" \
    --proxy-binary "$bin/claude-proxy" ${litellm_args[@]+"${litellm_args[@]}"} \
    ${quick_args[@]+"${quick_args[@]}"} ${extra[@]+"${extra[@]}"} >"$work/table.txt"
echo "build: $config ($bin)"
cat "$work/table.txt"
if [[ -n "$out" ]]; then
    { echo "build: $config"; cat "$work/table.txt"; } >"$out"
fi
