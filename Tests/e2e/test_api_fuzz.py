"""Schemathesis against the live server's own OpenAPI document: every operation, every response
checked against the document (status codes, content types, body schemas) and never a 5xx.

Runs the `st` CLI in a subprocess on a server of its own (the fuzzer creates, changes and deletes
whatever the API allows), with a fixed seed and a bounded number of cases per operation.
The JUnit report and the full output are kept in e2e-artifacts/<database>/schemathesis/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import requests
from e2e_helpers import TIMEOUT, describe

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
MAX_EXAMPLES = int(os.environ.get("RAPPORT_FUZZ_MAX_EXAMPLES", "30"))
SEED = os.environ.get("RAPPORT_FUZZ_SEED", "20261122")
RUN_TIMEOUT = 25 * 60  # seconds; a hang is a failure, not a stuck CI run
CONFIG = Path(__file__).with_name("schemathesis.toml")


def st_command() -> list[str]:
    st = Path(sys.executable).with_name("st")
    return [str(st)] if st.exists() else [sys.executable, "-m", "schemathesis.cli"]


def test_api_conforms_to_its_openapi_document(fresh_server, artifacts):
    s = fresh_server
    schema_url = f"{s.api}/openapi.json"
    response = requests.get(schema_url, timeout=TIMEOUT)
    assert response.status_code == 200, f"the OpenAPI document is not served:\n{describe(response)}"
    doc = response.json()
    assert str(doc.get("openapi", "")).startswith("3.1"), f"expected OpenAPI 3.1, got openapi={doc.get('openapi')!r}"
    assert doc.get("paths"), "the OpenAPI document has no paths"

    out_dir = artifacts / "schemathesis"
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [
        *st_command(),
        "--config-file",
        str(CONFIG),
        "run",
        schema_url,
        # Requests go to this server, under whatever base path the document's `servers` declares.
        "--origin",
        s.base_url,
        "--header",
        f"Authorization: Bearer {s.admin.token}",
        "--checks",
        CHECKS,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        SEED,
        "--generation-database",
        "none",
        # One worker: hypothesis describes its filters with ast.parse, which CPython 3.11 does not
        # run safely on two threads at once ("AST constructor recursion depth mismatch").
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(out_dir / "junit.xml"),
    ]
    env = dict(os.environ, SCHEMATHESIS_HOOKS="", NO_COLOR="1", COLUMNS="160")
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT, env=env, cwd=str(out_dir))
    except subprocess.TimeoutExpired as error:
        output = (error.stdout or b"").decode() if isinstance(error.stdout, bytes) else (error.stdout or "")
        raise AssertionError(
            f"schemathesis did not finish in {RUN_TIMEOUT} s; last output:\n{output[-6000:]}"
        ) from None
    output = result.stdout + ("\n" + result.stderr if result.stderr.strip() else "")
    (out_dir / "output.txt").write_text(output.replace(s.admin.token, "rpt_…"), encoding="utf-8")
    shown = output.replace(s.admin.token, "rpt_…")
    assert result.returncode == 0, (
        f"schemathesis found problems (exit {result.returncode}); full output in {out_dir / 'output.txt'}\n"
        f"{shown[-12000:]}"
    )
    # A run that tested nothing must not pass quietly.
    tested = re.search(r"Tested:\s+(\d+)", output)
    assert tested is None or int(tested.group(1)) > 0, f"schemathesis tested no operation:\n{shown[-4000:]}"
