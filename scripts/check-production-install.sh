#!/usr/bin/env bash
# Proves the image's contents are complete where Docker cannot run (CI, .ci/run): a venv built
# from requirements.txt alone, a folder holding only what the Dockerfile copies, APP_ENV=production
# on a fresh PostgreSQL database; then the README's "first production installation" commands
# (migrate, import the organisations, create the first administrator, deploy), gunicorn, and a
# login over HTTP with a look at what the administrator sees.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG="${PRODUCTION_CHECK_POSTGRES:-postgresql://postgres@127.0.0.1:5432}"
DB=production_check
PORT="${PRODUCTION_CHECK_PORT:-8765}"
WORK="$(mktemp -d)"
SERVER=""

cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== production install check: venv from requirements.txt only"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q --upgrade pip
"$WORK/venv/bin/pip" install -q -r "$ROOT/requirements.txt"

echo "== copying what the Dockerfile copies"
mkdir "$WORK/app"
for path in $(awk '$1 == "COPY" && $2 != "requirements.txt" {print $2}' "$ROOT/Dockerfile"); do
  cp -r "$ROOT/$path" "$WORK/app/$path"
done
find "$WORK/app" -name __pycache__ -prune -exec rm -rf {} +

psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
psql "$PG/postgres" -qc "CREATE DATABASE $DB" >/dev/null

export APP_ENV=production DATABASE_URL="$PG/$DB" INSTANCE_PATH="$WORK/instance"
export SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
export BASE_URL="http://127.0.0.1:$PORT"
PASSWORD="Ln-$(python3 -c 'import secrets; print(secrets.token_hex(6))')-2026"
cd "$WORK/app"
FLASK="$WORK/venv/bin/flask --app webapp"

echo "== the first production installation, as the README gives it"
$FLASK db upgrade
$FLASK orgs import
$FLASK users create --username admin --password "$PASSWORD" --role admin --org 210000 --name 系统管理员
$FLASK deploy

echo "== gunicorn and a login over HTTP"
"$WORK/venv/bin/gunicorn" --workers 2 --bind "127.0.0.1:$PORT" 'webapp:create_app()' \
  > "$WORK/gunicorn.log" 2>&1 &
SERVER=$!
"$WORK/venv/bin/python" - "$PORT" "$PASSWORD" <<'PY'
import json, sys, time, urllib.request

port, password = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
for _ in range(60):
    try:
        page = urllib.request.urlopen(f"{base}/login", timeout=2).read().decode()
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit("gunicorn did not answer /login")
assert "登录" in page, page[:300]
request = urllib.request.Request(
    f"{base}/api/v1/auth/login",
    data=json.dumps({"username": "admin", "password": password}).encode(),
    headers={"Content-Type": "application/json"},
)
token = json.load(urllib.request.urlopen(request, timeout=10))["token"]
ask = lambda path: json.load(urllib.request.urlopen(urllib.request.Request(
    f"{base}{path}", headers={"Authorization": f"Bearer {token}"}), timeout=10))
processes = ask("/api/v1/processes")["processes"]
assert len(processes) >= 10, processes
print("logged in as admin;", len(processes), "processes deployed")
PY
echo "== production install check passed"
