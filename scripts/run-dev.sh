#!/usr/bin/env bash
# `make run`: the deadline scheduler in the background and the web app in the foreground;
# stopping the web app (Ctrl-C) stops the scheduler too. HOST and PORT are exported so that
# both processes know the address served (webapp/config.py dev_server_url): links in documents
# the scheduler issues then point at this server even when BASE_URL is unset.
set -euo pipefail
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-5000}"
FLASK=".venv/bin/flask --app webapp"
$FLASK scheduler run &
scheduler=$!
trap 'kill $scheduler 2>/dev/null || true' EXIT INT TERM
$FLASK run --host "$HOST" --port "$PORT"
