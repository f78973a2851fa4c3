"""An import killed with SIGKILL mid-way leaves nothing that cannot be finished or undone.

- The command line: `rapport import contacts FILE` is killed after some chunks committed; `rapport
  import resume ID` finishes it, with every row imported exactly once and the counts exact. A second
  import killed the same way is reverted instead: no record of it stays.
- The server: an import running as a background job is killed with the server; the restarted server
  takes the job up again and finishes it, again without a row doubled or lost.

Checked in the database itself (sqlite3, or psql), not only through the API."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import time
import urllib.parse
from pathlib import Path

import requests

from conftest import Server, _LIVE, child_env

ROWS = 6_000
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _write_file(directory: str, tag: str, rows: int = ROWS, area: int = 415) -> Path:
    """A file of unique people (email and phone); `area` keeps two files' phone numbers apart."""
    path = Path(directory) / f"big-{tag}.csv"
    with open(path, "w", encoding="utf-8") as out:
        out.write("First Name,Last Name,Email,Phone,City\n")
        for n in range(rows):
            if n == 777:
                out.write(f"Broken,Row,not-an-email,,\n")
                continue
            out.write(f"First{n},Last{tag},p{n}@{tag}-{n}.example,+1 {area} {200 + n // 10000:03d} {n % 10000:04d},Springfield\n")
    return path


def _query(server: Server, sql: str) -> list[tuple]:
    """Rows of a query on the server's database, read directly."""
    if server.database_url is None:
        with sqlite3.connect(Path(server.data_dir) / "rapport.sqlite", timeout=30) as db:
            return db.execute(sql).fetchall()
    psql = "psql"
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"), reverse=True):
        psql = str(candidate)
        break
    result = subprocess.run(
        [psql, server.database_url, "-X", "-q", "-t", "-A", "-F", "\t", "-c", sql], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return [tuple(line.split("\t")) for line in result.stdout.strip().splitlines() if line]


def _uuid_literal(server: Server, value: str) -> str:
    # SQLite keeps UUIDs as upper-case text; PostgreSQL as uuid.
    return f"'{value.upper()}'" if server.database_url is None else f"'{value}'"


def _facts(server: Server, import_id: str) -> dict:
    ident = _uuid_literal(server, import_id)
    live = int(_query(server, f"SELECT COUNT(*) FROM contacts WHERE import_id = {ident} AND deleted_at IS NULL")[0][0])
    everything = int(_query(server, f"SELECT COUNT(*) FROM contacts WHERE import_id = {ident}")[0][0])
    emails = int(_query(server, f"SELECT COUNT(DISTINCT emails) FROM contacts WHERE import_id = {ident}")[0][0])
    created_events = int(
        _query(server, f"SELECT COUNT(*) FROM events e JOIN contacts c ON e.record_id = "
                       f"{'lower(c.id)' if server.database_url is None else 'c.id::text'} "
                       f"WHERE c.import_id = {ident} AND e.action = 'created'")[0][0])
    return {"live": live, "all": everything, "emails": emails, "created_events": created_events}


def _cli(server: Server, *args: str) -> subprocess.CompletedProcess:
    """A command that may run for minutes on a debug build (the fixture's helper allows two)."""
    command = [str(server.binary), *args, *server.storage_args()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, env=child_env())
    assert result.returncode == 0, f"`{' '.join(command)}` exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def _run_and_kill(server: Server, path: Path) -> str:
    """Starts a CLI import, kills it with SIGKILL once some chunks have committed; returns its ID."""
    command = [str(server.binary), "import", "contacts", str(path), "--chunk", "250", *server.storage_args()]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(),
                               start_new_session=True)
    _LIVE.add(process)
    import_id = None
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            found = re.search(rf"Import ({UUID})", line)
            if found:
                import_id = found.group(1)
            progress = re.search(r"(\d+) rows\s+(\d+) created", line)
            if progress and int(progress.group(2)) >= 750:
                break
        assert import_id, "the import never said its ID"
        assert process.poll() is None, f"the import finished before it could be killed:\n{process.stdout.read()}"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        _LIVE.discard(process)
    assert process.returncode == -signal.SIGKILL
    return import_id


def test_a_killed_cli_import_resumes_or_reverts_whole(backend, tmp_path):
    server = Server(backend, "import-kill-cli")
    try:
        server.cli("migrate")
        server.create_user(server.admin)
        tag = "k" + os.urandom(3).hex()
        path = _write_file(str(tmp_path), tag)

        import_id = _run_and_kill(server, path)
        stopped = _facts(server, import_id)
        assert 0 < stopped["live"] < ROWS - 1, f"expected a partly committed import, found {stopped}"
        # Whatever committed is whole: every record has its created event, none twice.
        assert stopped["live"] == stopped["all"] == stopped["emails"] == stopped["created_events"], stopped

        resumed = _cli(server, "import", "resume", import_id)
        assert "done" in resumed.stdout, resumed.stdout
        done = _facts(server, import_id)
        assert done == {"live": ROWS - 1, "all": ROWS - 1, "emails": ROWS - 1, "created_events": ROWS - 1}, done
        status = _query(server, f"SELECT status, counts FROM imports WHERE id = {_uuid_literal(server, import_id)}")[0]
        assert status[0] == "done", status
        assert f'"created":{ROWS - 1}' in status[1] and '"rejected":1' in status[1] and f'"rows":{ROWS}' in status[1], status[1]
        rejected = server.cli("import", "rejected", import_id).stdout.splitlines()
        assert len(rejected) == 2 and rejected[1].startswith("Broken,Row,not-an-email"), rejected

        # Killed again, and this time reverted: nothing of it stays live.
        second = _write_file(str(tmp_path), tag + "b", area=628)
        other_id = _run_and_kill(server, second)
        assert _facts(server, other_id)["live"] > 0
        reverted = _cli(server, "import", "revert", other_id)
        assert "Reverted import" in reverted.stdout, reverted.stdout
        after = _facts(server, other_id)
        assert after["live"] == 0 and after["all"] > 0, after
        ident = _uuid_literal(server, other_id)
        points = int(_query(server, f"SELECT COUNT(*) FROM contact_points p JOIN contacts c ON c.id = p.record_id "
                                    f"WHERE c.import_id = {ident}")[0][0])
        assert points == 0, f"{points} contact points still point at reverted records"
        # The first import is untouched by the second's revert.
        assert _facts(server, import_id)["live"] == ROWS - 1
    finally:
        server.stop()


def _serve(server: Server) -> subprocess.Popen:
    """Starts `rapport serve` on the server's storage and port (again), waiting for /readyz."""
    log = open(server.log_path, "a", encoding="utf-8")
    command = [str(server.binary), "serve", "--host", server.host, "--port", str(server.port), *server.storage_args()]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=child_env(), start_new_session=True,
                               cwd=server.data_dir)
    _LIVE.add(process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{server.base_url}/readyz", timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            pass
        assert process.poll() is None, f"the server exited:\n{server.log_tail()}"
        time.sleep(0.25)
    raise AssertionError(f"the server did not come back:\n{server.log_tail()}")


def test_a_server_killed_mid_import_finishes_it_after_restart(fresh_server, tmp_path):
    server = fresh_server
    tag = "s" + os.urandom(3).hex()
    path = _write_file(str(tmp_path), tag)
    headers = {**server.auth(), "Content-Type": "text/csv"}
    with open(path, "rb") as body:
        created = requests.post(f"{server.api}/imports", params={"entity": "contacts", "file_name": path.name},
                                data=body, headers=headers, timeout=120)
    assert created.status_code == 201, created.text[:500]
    import_id = created.json()["id"]
    run = requests.post(f"{server.api}/imports/{import_id}/run", headers=server.auth(), timeout=30)
    assert run.status_code == 202, run.text[:500]

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = requests.get(f"{server.api}/imports/{import_id}", headers=server.auth(), timeout=30).json()
        if state["counts"]["created"] >= 750:
            break
        assert state["status"] in ("queued", "running"), state
        time.sleep(0.2)
    assert state["status"] == "running", state
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=30)
    _LIVE.discard(server.process)
    partial = _facts(server, import_id)
    assert 0 < partial["live"] < ROWS - 1 and partial["live"] == partial["created_events"] == partial["emails"], partial

    server.process = _serve(server)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        state = requests.get(f"{server.api}/imports/{import_id}", headers=server.auth(), timeout=30).json()
        if state["status"] not in ("queued", "running"):
            break
        time.sleep(0.5)
    assert state["status"] == "done", state
    assert state["counts"]["created"] == ROWS - 1 and state["counts"]["rejected"] == 1 and state["counts"]["rows"] == ROWS, state
    assert _facts(server, import_id) == {"live": ROWS - 1, "all": ROWS - 1, "emails": ROWS - 1, "created_events": ROWS - 1}
