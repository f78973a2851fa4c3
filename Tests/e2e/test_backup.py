"""Backups of a running server, from outside: `rapport backup` runs while API clients keep creating
contacts; the backup verifies, restores into a fresh database, and holds every contact whose create
was acknowledged before the backup started. A damaged backup is refused with a clear message and a
non-zero exit, and an export reads back into a fresh database with the same rows.

Checked in the restored database itself (sqlite3, or psql)."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import requests

from conftest import Server, child_env
from e2e_helpers import record_of
from test_import_kill import _query


def _run(server: Server, *args: str, storage: list[str] | None = None) -> subprocess.CompletedProcess:
    command = [str(server.binary), *args, *(storage if storage is not None else server.storage_args())]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, env=child_env())


class _Writer(threading.Thread):
    """Creates contacts through the API until stopped, keeping the IDs of acknowledged creates."""

    def __init__(self, server: Server, tag: str):
        super().__init__(daemon=True)
        self.server, self.tag = server, tag
        self.acknowledged: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.errors: list[str] = []

    def run(self) -> None:
        headers = dict(self.server.auth(), **{"Content-Type": "application/json"})
        n = 0
        while not self.stop.is_set():
            payload = {"first_name": f"Writer{n}", "last_name": f"{self.tag} Ünïcode", "allow_duplicate": True}
            response = requests.post(f"{self.server.api}/contacts", data=json.dumps(payload), headers=headers, timeout=30)
            if response.status_code in (200, 201):
                with self.lock:
                    self.acknowledged.append(record_of(response.json())["id"])
            else:
                self.errors.append(f"{response.status_code}: {response.text[:300]}")
            n += 1

    def snapshot(self) -> list[str]:
        with self.lock:
            return list(self.acknowledged)


def _contact_ids(storage_dir: str, database_url: str | None) -> set[str]:
    where = SimpleNamespace(data_dir=storage_dir, database_url=database_url)
    return {str(row[0]).lower() for row in _query(where, "SELECT id FROM contacts")}


def test_backup_while_writing_restores_every_acknowledged_contact(fresh_server: Server, tmp_path: Path):
    server = fresh_server
    writer = _Writer(server, f"Backup{uuid.uuid4().hex[:6]}")
    writer.start()
    try:
        deadline = time.monotonic() + 60
        while len(writer.snapshot()) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        before = writer.snapshot()
        assert len(before) >= 40, f"the writer did not get going: {writer.errors[:3]}"
        backup = tmp_path / ("backup.tar" if server.database_url else "backup.sqlite")
        taken = _run(server, "backup", "--to", str(backup))
        during = len(writer.snapshot())
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert taken.returncode == 0, f"rapport backup exited {taken.returncode}:\n{taken.stdout}\n{taken.stderr}"
    assert "SHA-256" in taken.stdout
    assert not writer.errors, f"creates failed while the backup ran: {writer.errors[:3]}"
    assert during > len(before), "no write was acknowledged while the backup ran"

    verified = _run(server, "backup", "--verify", str(backup), storage=[])
    assert verified.returncode == 0, f"backup --verify exited {verified.returncode}:\n{verified.stdout}\n{verified.stderr}"
    assert "Verified" in verified.stdout and "MISMATCH" not in verified.stdout

    data_dir, database_url = server.backend.new_storage("restored")
    target = ["--data-dir", data_dir] + (["--database-url", database_url] if database_url else [])
    restored = _run(server, "restore", str(backup), storage=target)
    assert restored.returncode == 0, f"rapport restore exited {restored.returncode}:\n{restored.stdout}\n{restored.stderr}"
    ids = _contact_ids(data_dir, database_url)
    missing = [i for i in before if i.lower() not in ids]
    assert not missing, f"{len(missing)} contacts acknowledged before the backup are not in it, e.g. {missing[:3]}"

    again = _run(server, "restore", str(backup), storage=target)
    assert again.returncode != 0 and "not empty" in again.stderr, f"a second restore should be refused:\n{again.stderr}"


def test_a_damaged_backup_is_refused(server: Server, tmp_path: Path):
    backup = tmp_path / ("backup.tar" if server.database_url else "backup.sqlite")
    taken = _run(server, "backup", "--to", str(backup))
    assert taken.returncode == 0, taken.stderr
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x5A
    backup.write_bytes(bytes(data))
    verified = _run(server, "backup", "--verify", str(backup), storage=[])
    assert verified.returncode != 0 and "damaged" in verified.stderr, verified.stderr
    restored = _run(server, "restore", str(backup), storage=["--data-dir", str(tmp_path / "restored")])
    assert restored.returncode != 0 and "damaged" in restored.stderr, restored.stderr
    assert not (tmp_path / "restored" / "rapport.sqlite").exists()


def test_an_export_reads_back_into_a_fresh_database(server: Server, tmp_path: Path):
    archive = tmp_path / "export.tar"
    exported = _run(server, "export", "--to", str(archive))
    assert exported.returncode == 0, exported.stderr
    data_dir, database_url = server.backend.new_storage("imported")
    target = ["--data-dir", data_dir] + (["--database-url", database_url] if database_url else [])
    imported = _run(server, "import-archive", str(archive), storage=target)
    assert imported.returncode == 0, f"{imported.stdout}\n{imported.stderr}"
    rows = int(exported.stdout.split("Exported ")[1].split(" ")[0])
    assert f"Imported {rows} rows" in imported.stdout, f"{exported.stdout}\n{imported.stdout}"
    assert _contact_ids(data_dir, database_url) == _contact_ids(server.data_dir, server.database_url)
