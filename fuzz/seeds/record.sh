#!/usr/bin/env bash
# Records real traffic between the CLI and a relay (fuzz/seeds/recording_proxy.py in
# between) while three people use a circle: register, create, add by device id, accept,
# invite by code and approve, guidelines, messages, replies, a report, a card, a meeting,
# moderation, wake tickets, leaving and closing. Then writes the seed corpora from it
# (fuzz/seeds/to_corpora.py). Run from the repository root:
#
#   fuzz/seeds/record.sh            # rewrites fuzz/corpus/*/seed-*
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
cd "$(dirname "$0")/../.."
cargo build -q -p hearth-cli
bin="$(scripts/target-dir.sh)/debug/hearth"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
relay_port=$(free_port); proxy_port=$(free_port)
"$bin" relay --listen "127.0.0.1:$relay_port" --db "$work/relay.db" --rate 10000 --burst 10000 >/dev/null 2>&1 &
mkdir -p "$work/traffic"
python3 fuzz/seeds/recording_proxy.py "$proxy_port" "http://127.0.0.1:$relay_port" "$work/traffic" >/dev/null &
url="http://127.0.0.1:$proxy_port"
for _ in $(seq 50); do curl -s "http://127.0.0.1:$relay_port/v1/health" >/dev/null && curl -s "$url/v1/health" >/dev/null && break; sleep 0.1; done

export HEARTH_DB_KEY=2222222222222222222222222222222222222222222222222222222222222222
h() { local who=$1; shift; "$bin" --profile "$work/$who" "$@"; }
for who in fern ash sam; do h $who init --name "${who^}" >/dev/null; done
h fern register --relay "$url" >/dev/null
ash_device=$(h ash register --relay "$url" | sed -n 's/^device id: *//p')
h fern circle create "Evening circle" --description "A quiet hour" >/dev/null
h fern circle add "Evening circle" "$ash_device" >/dev/null
h ash sync >/dev/null
h ash circle accept "Evening circle" >/dev/null
h ash guidelines accept --version 1 "Evening circle" >/dev/null
code=$(h fern invite create "Evening circle" --expires 2d --label "for Sam" | sed -n 's/^ *code: //p')
h sam join "$code" --name Sam --relay "$url" >/dev/null
h fern invite list "Evening circle" >/dev/null
h fern invite approve "${code:0:6}" >/dev/null
h sam sync >/dev/null; h fern sync >/dev/null; h ash sync >/dev/null
h sam guidelines accept --version 1 "Evening circle" >/dev/null
h fern send "Evening circle" "Welcome, both of you." >/dev/null
h ash send "Evening circle" "Thank you. It has been a long week." >/dev/null
h sam send "Evening circle" "Glad to be here." >/dev/null
h fern sync >/dev/null; h ash sync >/dev/null; h sam sync >/dev/null
h fern session add "Evening circle" "Weekly meeting" --at 2030-12-08T19:00 --tz Europe/Dublin >/dev/null
h ash report "Evening circle" --support --comment "could we talk" >/dev/null
h ash sync >/dev/null; h fern sync >/dev/null; h fern reports "Evening circle" >/dev/null
h sam circle leave "Evening circle" >/dev/null
h fern sync >/dev/null; h ash sync >/dev/null; h sam sync >/dev/null 2>&1 || true
h fern send "Evening circle" "See you next week." >/dev/null
h fern sync >/dev/null; h ash sync >/dev/null
h fern mod close --yes "Evening circle" >/dev/null
h fern sync >/dev/null 2>&1 || true; h ash sync >/dev/null 2>&1 || true

echo "recorded $(ls "$work/traffic" | wc -l) exchanges"
python3 fuzz/seeds/to_corpora.py "$work/traffic" fuzz/corpus
