"""gunicorn on loopback for the HTTP benchmark, and a keep-alive client that times each call."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT

GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """`with Gunicorn(url, workdir) as server:` — 2 sync workers on 127.0.0.1, system clock."""

    def __init__(self, database_url: str, workdir: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench",
            "CLOCK": "system",
            "INSTANCE_PATH": str(workdir / "instance"),
            "UPLOAD_DIR": str(workdir / "uploads"),
            "BASE_URL": "http://127.0.0.1:5000",
        }
        self.command = [
            str(GUNICORN),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            "webapp:create_app()",
        ]
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        log = (self.workdir / "gunicorn.log").open("w")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = call(self.port, "GET", "/api/v1/openapi.json")
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start: see {self.workdir / 'gunicorn.log'}")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def login(self, username: str, password: str) -> str:
        status, body = call(
            self.port, "POST", "/api/v1/auth/login", {"username": username, "password": password}
        )
        if status != 200:
            raise RuntimeError(f"login {username}: {status} {body}")
        return body["token"]


def call(port: int, method: str, path: str, payload: dict | None = None, token: str = ""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        conn.request(method, path, json.dumps(payload) if payload else None, headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


@dataclass
class Calls:
    """What one client thread did: (finished_at, seconds) per successful call, and failures."""

    ok: list[tuple[float, float]] = field(default_factory=list)
    failed: dict[int, int] = field(default_factory=dict)
    exhausted_at: float | None = None
    error: str | None = None


class Client(threading.Thread):
    """Sends its requests one after another over one connection (reopened if the server closes
    it: gunicorn's sync workers answer with Connection: close) until the deadline or the end."""

    def __init__(self, port: int, token: str, requests: list, start: threading.Event) -> None:
        super().__init__(daemon=True)
        self.port, self.token, self.requests, self.start_event = port, token, requests, start
        self.deadline = float("inf")
        self.calls = Calls()

    def run(self) -> None:
        try:
            self._send_all()
        except Exception as error:  # reported with the results; the other clients go on
            self.calls.error = f"{type(error).__name__}: {error}"
            self.calls.exhausted_at = time.perf_counter()

    def _send_all(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"}
        self.start_event.wait()
        for method, path, body in self.requests:
            began = time.perf_counter()
            if began >= self.deadline:
                return
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            response.read()
            ended = time.perf_counter()
            if response.status == 200:
                self.calls.ok.append((ended, ended - began))
            else:
                self.calls.failed[response.status] = self.calls.failed.get(response.status, 0) + 1
        self.calls.exhausted_at = time.perf_counter()
        conn.close()


def run_clients(port: int, work: list[tuple[str, list]], seconds: float) -> dict:
    """Run one client per (token, requests) at once for `seconds` (or until one runs out of
    requests); completions per second and latencies over that window."""
    start = threading.Event()
    clients = [Client(port, token, requests, start) for token, requests in work]
    for client in clients:
        client.start()
    began = time.perf_counter()
    for client in clients:
        client.deadline = began + seconds
    start.set()
    for client in clients:
        client.join()
    exhausted = [c.calls.exhausted_at for c in clients if c.calls.exhausted_at is not None]
    window_end = min([began + seconds, *exhausted])
    latencies = [d for c in clients for (t, d) in c.calls.ok if t <= window_end]
    failed: dict[int, int] = {}
    for client in clients:
        for status, count in client.calls.failed.items():
            failed[status] = failed.get(status, 0) + count
    errors = [c.calls.error for c in clients if c.calls.error]
    if errors:
        raise RuntimeError(f"client failed: {errors[0]}")
    return {
        "window_s": window_end - began,
        "completed": len(latencies),
        "per_second": len(latencies) / (window_end - began),
        "latencies_s": latencies,
        "failed": failed,
        "ran_out": bool(exhausted) and min(exhausted) < began + seconds,
    }
