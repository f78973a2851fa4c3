"""Black-box fixtures: a real `rapport` binary, served on loopback, once per database.

Environment:
  RAPPORT_BIN                 the binary (default: .build/debug/rapport in the repository)
  RAPPORT_E2E_DATABASES       which databases to run every test on (default "sqlite postgres")
  RAPPORT_TEST_POSTGRES_URL   a PostgreSQL server URL (e.g. from scripts/pg); each server gets a fresh
                              database created in it. Without it the postgres runs are skipped,
                              except in CI (CI=true), where they fail.
  RAPPORT_E2E_ARTIFACTS       where screenshots and server logs go (default: e2e-artifacts/)
"""

from __future__ import annotations

import atexit
import glob
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"
ARTIFACTS = Path(os.environ.get("RAPPORT_E2E_ARTIFACTS") or ROOT / "e2e-artifacts")
KNOWN_DATABASES = ("sqlite", "postgres")
READY_TIMEOUT = 60  # seconds for a server to answer /readyz
CLI_TIMEOUT = 120  # seconds for one CLI command


def _databases() -> list[str]:
    names = (os.environ.get("RAPPORT_E2E_DATABASES") or "sqlite postgres").replace(",", " ").split()
    unknown = [n for n in names if n not in KNOWN_DATABASES]
    if unknown:
        raise pytest.UsageError(f"RAPPORT_E2E_DATABASES names unknown databases {unknown}; known: {KNOWN_DATABASES}")
    return names


DATABASES = _databases()


def rapport_bin() -> Path:
    raw = os.environ.get("RAPPORT_BIN") or str(ROOT / ".build" / "debug" / "rapport")
    path = Path(raw)
    if not path.is_absolute():
        path = path if path.exists() else ROOT / path
    return path.resolve()


@dataclass
class User:
    email: str
    password: str
    role: str
    name: str
    token: str | None = None


ADMIN = User(email="ada.admin@e2e.example", password="e2e-Admin-pass-7fq2", role="admin", name="Ada Admin")


# SIGTERM (scripts/test passing on a CI time-out or Ctrl-C) stops the run like Ctrl-C does, so
# fixtures still stop the servers and drop the databases.
def _terminate(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


signal.signal(signal.SIGTERM, _terminate)

# Servers run in their own sessions (so a Ctrl-C reaches them only through their fixture); this is
# the last line of defence against leaving one behind.
_LIVE: set[subprocess.Popen] = set()


@atexit.register
def _kill_leftovers() -> None:
    for process in list(_LIVE):
        if process.poll() is None:
            process.kill()


# ---------------------------------------------------------------------------------------------
# Databases


class Backend:
    """One kind of database; hands out fresh, empty storage for a server."""

    def __init__(self, name: str):
        self.name = name
        self.artifacts = ARTIFACTS / name
        self.artifacts.mkdir(parents=True, exist_ok=True)
        self.pg_url = os.environ.get("RAPPORT_TEST_POSTGRES_URL", "").strip() if name == "postgres" else ""
        self._created: list[str] = []

    def new_storage(self, label: str) -> tuple[str, str | None]:
        """(data directory, database URL or None): a fresh temp dir, plus a fresh PostgreSQL database."""
        data_dir = tempfile.mkdtemp(prefix=f"rapport-e2e-{self.name}-{label}-")
        if self.name != "postgres":
            return data_dir, None
        database = f"e2e_{re.sub(r'[^a-z0-9]', '_', label.lower())[:30]}_{secrets.token_hex(4)}"
        self._psql(f'CREATE DATABASE "{database}"')
        self._created.append(database)
        parts = urllib.parse.urlsplit(self.pg_url)
        return data_dir, urllib.parse.urlunsplit(parts._replace(path="/" + database))

    def close(self) -> None:
        for database in self._created:
            try:
                self._psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            except AssertionError as error:  # leaving a database behind in a throwaway cluster is harmless
                print(f"warning: {error}")

    def _psql(self, sql: str) -> None:
        psql = shutil.which("psql") or next(
            iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"), reverse=True)), None
        )
        assert psql, "psql not found (install Debian's postgresql-client)"
        result = subprocess.run(
            [psql, self.pg_url, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-c", sql],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, f"psql {sql!r} failed ({result.returncode}):\n{result.stdout}{result.stderr}"


# ---------------------------------------------------------------------------------------------
# Servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # The servers get their database from flags only.
    env.pop("RAPPORT_DATABASE_URL", None)
    # Fast password hashing (a documented knob): the e2e suite signs in a lot, on a debug build.
    env.setdefault("RAPPORT_BCRYPT_COST", "4")
    return env


class Server:
    """A `rapport serve` process with its own fresh storage and an admin user with an API token."""

    def __init__(self, backend: Backend, label: str):
        self.backend = backend
        self.label = label
        self.binary = rapport_bin()
        self.data_dir, self.database_url = backend.new_storage(label)
        self.port = free_port()
        self.host = "127.0.0.1"
        self.base_url = f"http://{self.host}:{self.port}"
        self.api = f"{self.base_url}/api/v1"
        self.log_path = backend.artifacts / f"server-{label}.log"
        self.admin = User(**ADMIN.__dict__)
        self.process: subprocess.Popen | None = None
        self._log = None

    # The CLI -----------------------------------------------------------------------------

    def storage_args(self) -> list[str]:
        args = ["--data-dir", self.data_dir]
        if self.database_url:
            args += ["--database-url", self.database_url]
        return args

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.binary), *args, *self.storage_args()]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=CLI_TIMEOUT, env=child_env())
        except subprocess.TimeoutExpired as error:
            raise AssertionError(
                f"`{' '.join(command)}` did not finish in {CLI_TIMEOUT} s:\n{error.stdout}\n{error.stderr}"
            ) from None
        with open(self.backend.artifacts / f"cli-{self.label}.log", "a", encoding="utf-8") as log:
            log.write(f"$ {' '.join(command)}\n(exit {result.returncode})\n{result.stdout}{result.stderr}\n")
        assert result.returncode == 0, (
            f"`{' '.join(command)}` exited {result.returncode}\nstdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}"
        )
        return result

    def create_user(self, user: User) -> None:
        self.cli(
            "user",
            "create",
            "--email",
            user.email,
            "--password",
            user.password,
            "--role",
            user.role,
            "--name",
            user.name,
        )

    def create_token(self, user: User, name: str) -> str:
        result = self.cli("token", "create", "--email", user.email, "--name", name)
        lines = [line.strip() for line in result.stdout.strip().splitlines() if line.strip()]
        assert lines and lines[-1].startswith("rpt_"), (
            f"`rapport token create` should print the token (rpt_…) as its last line of stdout; it printed:\n{result.stdout}"
        )
        return lines[-1]

    # serve -------------------------------------------------------------------------------

    def start(self) -> "Server":
        assert self.binary.is_file(), (
            f"no rapport binary at {self.binary}: build it first (swift build) or set RAPPORT_BIN"
        )
        self.cli("migrate")
        self.create_user(self.admin)
        self.admin.token = self.create_token(self.admin, f"e2e {self.label}")
        command = [str(self.binary), "serve", "--host", self.host, "--port", str(self.port), *self.storage_args()]
        self._log = open(self.log_path, "w", encoding="utf-8")
        self._log.write(f"$ {' '.join(command)}\n")
        self._log.flush()
        self.process = subprocess.Popen(
            command,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=child_env(),
            start_new_session=True,
            cwd=self.data_dir,
        )
        _LIVE.add(self.process)
        deadline = time.monotonic() + READY_TIMEOUT
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                pytest.fail(
                    f"`rapport serve` ({self.backend.name}) exited with {self.process.returncode} before it was ready.\n"
                    f"Server log ({self.log_path}):\n{self.log_tail()}",
                    pytrace=False,
                )
            try:
                response = requests.get(f"{self.base_url}/readyz", timeout=2)
                if response.status_code == 200:
                    return self
                last = f"/readyz answered {response.status_code}: {response.text[:300]}"
            except requests.RequestException as error:
                last = f"/readyz: {error.__class__.__name__}"
            time.sleep(0.25)
        self.stop()
        pytest.fail(
            f"`rapport serve` ({self.backend.name}) was not ready within {READY_TIMEOUT} s ({last}).\n"
            f"Server log ({self.log_path}):\n{self.log_tail()}",
            pytrace=False,
        )

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                if self._log:
                    self._log.write("\n[e2e] no exit 10 s after SIGTERM: sending SIGKILL\n")
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process:
            _LIVE.discard(self.process)
        if self._log:
            if self.process:
                self._log.write(f"\n[e2e] server exited with {self.process.returncode}\n")
            self._log.close()
            self._log = None
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def log_tail(self, lines: int = 80) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    # HTTP --------------------------------------------------------------------------------

    def auth(self, user: User | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {(user or self.admin).token}"}


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="session", params=DATABASES)
def backend(request) -> Backend:
    name = request.param
    if name == "postgres" and not os.environ.get("RAPPORT_TEST_POSTGRES_URL", "").strip():
        message = "RAPPORT_TEST_POSTGRES_URL is not set (scripts/test starts a PostgreSQL and sets it)"
        if IN_CI:
            pytest.fail(f"postgres e2e run impossible in CI: {message}", pytrace=False)
        pytest.skip(message)
    b = Backend(name)
    yield b
    b.close()


@pytest.fixture(scope="session")
def server(backend) -> Server:
    """The shared server of a database, for tests that leave its users able to sign in."""
    s = Server(backend, "main")
    try:
        s.start()
        yield s
    finally:
        s.stop()


@pytest.fixture
def fresh_server(backend, request) -> Server:
    """A server of its own (fresh database), for tests that lock users out or fuzz everything."""
    label = re.sub(r"[^A-Za-z0-9]+", "-", request.node.originalname or request.node.name).strip("-")[:40]
    s = Server(backend, label)
    try:
        s.start()
        yield s
    finally:
        s.stop()


@pytest.fixture
def artifacts(backend) -> Path:
    return backend.artifacts


# ---------------------------------------------------------------------------------------------
# Reporting: server log tails on failure; in CI nothing may be skipped.


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
    if report.failed:
        for name in ("server", "fresh_server"):
            s = getattr(item, "funcargs", {}).get(name)
            if isinstance(s, Server):
                report.sections.append((f"{s.backend.name} server log, last lines ({s.log_path})", s.log_tail()))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    if IN_CI and skipped:
        terminalreporter.write_line(f"CI=true: {len(skipped)} test(s) were skipped, which CI does not allow", red=True)


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if IN_CI and reporter and reporter.stats.get("skipped") and session.exitstatus == 0:
        session.exitstatus = 1
