#!/usr/bin/env bash
# `make run`: the deadline scheduler in the background and the web app in the foreground;
# stopping the web app (Ctrl-C) stops the scheduler too.
set -euo pipefail
FLASK=".venv/bin/flask --app webapp"
$FLASK scheduler run &
scheduler=$!
trap 'kill $scheduler 2>/dev/null || true' EXIT INT TERM
$FLASK run --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}"
