#!/usr/bin/env python3
"""Helpers of scripts/bench that are easier in Python than in bash.

  helper.py versions URL TOKEN IDS_FILE COUNT OUT   current versions of COUNT contacts ("id version" lines)
  helper.py names URL TOKEN IDS_FILE COUNT OUT      names of COUNT contacts ("first<TAB>last" lines)
  helper.py rss-now PID                             VmRSS of a process in kB
  helper.py report RUN_DIR RESULTS_DIR STAMP SIZE DB_ARG QUICK
                                                    the Markdown table and JSON of a run
"""
import datetime
import http.client
import json
import os
import platform
import subprocess
import sys
import urllib.parse

# The targets (2-core machine, SQLite, 1M contacts, 64 connections).
TARGETS = {
    "healthz": "ceiling",
    "api_list": "p99 < 20 ms, ≥ 20% of bare",
    "api_list_filter": "p99 < 20 ms, ≥ 20% of bare",
    "api_list_page2": "p99 < 20 ms, ≥ 20% of bare",
    "search": "p99 < 30 ms",
    "record_page": "p99 < 30 ms",
    "create": "≥ 2,000/s",
    "record_heavy": "as fast as 10 (≥ 80% of its req/s)",
    "timeline_heavy": "as fast as 10 (≥ 80% of its req/s)",
    "create_dup": "indexes, not scans",
    "create_activity": "indexes, not scans",
    "outreach_check": "indexes, not scans",
}

# Metrics whose 409 answers are the check's verdict, not errors.
CONFLICTS_ANSWER = {"create_dup", "create_activity"}
# A heavy record and the light one it must be as fast as.
PAIRS = {"record_heavy": "record_light", "timeline_heavy": "timeline_light"}


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def versions(url, token, ids_file, count, out):
    base = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    with open(ids_file) as f:
        ids = [line.strip() for line in f if line.strip()]
    ids = ids[-int(count):]
    lines = []
    for record_id in ids:
        conn.request("GET", f"/api/v1/contacts/{record_id}", headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"GET /api/v1/contacts/{record_id} answered {response.status}: {body[:200]!r}")
        lines.append(f"{record_id} {json.loads(body)['version']}")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


def names(url, token, ids_file, count, out):
    base = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    with open(ids_file) as f:
        ids = [line.strip() for line in f if line.strip()]
    lines = []
    for record_id in ids[: int(count)]:
        conn.request("GET", f"/api/v1/contacts/{record_id}", headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"GET /api/v1/contacts/{record_id} answered {response.status}: {body[:200]!r}")
        record = json.loads(body)
        lines.append(f"{record.get('first_name') or ''}\t{record.get('last_name') or ''}")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def run(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:  # noqa: BLE001 - a missing tool is just an empty fact
        return ""


def machine_facts():
    mem_kb = 0
    cpu = ""
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    commit = run(["git", "rev-parse", "HEAD"])
    dirty = run(["git", "status", "--porcelain", "--untracked-files=no"])
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "kernel": platform.release(),
        "swift": run(["swift", "--version"]).splitlines()[0] if run(["swift", "--version"]) else "",
        "wrk": (run(["sh", "-c", "wrk -v 2>&1 | head -1"]) or "").strip(),
        "git_commit": commit + ("-dirty" if dirty else ""),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def read_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def read_lines_json(path):
    rows = []
    try:
        with open(path) as f:
            for line in f:
                if line.strip():
                    rows.append(json.loads(line))
    except OSError:
        pass
    return rows


def peak_rss(samples, start_ms, end_ms):
    inside = [kb for ms, kb in samples if start_ms <= ms <= end_ms]
    return max(inside) if inside else None


def database_results(run_dir, db):
    folder = os.path.join(run_dir, db)
    samples = []
    try:
        with open(os.path.join(folder, "rss.log")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    samples.append((int(parts[0]), int(parts[1])))
    except OSError:
        pass
    start = read_json(os.path.join(folder, "startup.json"), {})
    dataset = read_json(os.path.join(folder, "dataset.json"), {})
    metrics = []
    bare = None
    for spec in read_lines_json(os.path.join(folder, "runs.jsonl")):
        row = dict(spec)
        wrk = read_json(spec.get("out", ""), None)
        if wrk is None or spec.get("check") not in (200, 201):
            row["status"] = "not measured" if wrk is None else f"check answered {spec.get('check')}"
            metrics.append(row)
            continue
        seconds = wrk["duration_us"] / 1e6
        row["requests"] = wrk["requests"]
        row["rps"] = round(wrk["requests"] / seconds, 1) if seconds else 0
        row["p50_ms"] = round(wrk["p50_us"] / 1000, 2)
        row["p90_ms"] = round(wrk["p90_us"] / 1000, 2)
        row["p99_ms"] = round(wrk["p99_us"] / 1000, 2)
        row["max_ms"] = round(wrk["max_us"] / 1000, 2)
        row["errors"] = sum(wrk[k] for k in wrk if k.startswith("errors_"))
        row["non_2xx"] = wrk["errors_status"]
        if row["metric"] in CONFLICTS_ANSWER:
            row["answered_409"] = wrk.get("conflicts", 0)
            row["errors"] -= row["answered_409"]
        ticks = spec.get("cpu_ticks", 0)
        row["server_cpu_ms_per_req"] = round(ticks * 1000 / CLOCK_TICKS / wrk["requests"], 3) if wrk["requests"] else None
        row["server_cores"] = round(ticks / CLOCK_TICKS / seconds, 2) if seconds else None
        row["rss_peak_mb"] = round((peak_rss(samples, spec["start_ms"], spec["end_ms"]) or 0) / 1024, 1)
        if row["metric"] == "healthz":
            bare = row["rps"]
        metrics.append(row)
    by_metric = {row["metric"]: row for row in metrics}
    for row in metrics:
        if bare and "rps" in row:
            row["ratio"] = round(row["rps"] / bare, 3)
        row["target"] = TARGETS.get(row["metric"], "—")
        row["result"] = judge(row, by_metric)
    loads = [kb for _, kb in samples]
    scan = read_json(os.path.join(folder, "dupscan.json"), None)
    summary = {
        "duplicate_scan_s": scan.get("seconds") if scan and scan.get("status") == 0 else None,
        "duplicate_scan_status": scan.get("status") if scan else None,
        "startup_s": start.get("startup_ms", 0) / 1000 if start.get("startup_ms") else None,
        "rss_rest_mb": round(start.get("rss_rest_kb", 0) / 1024, 1) if start.get("rss_rest_kb") else None,
        "rss_peak_mb": round(max(loads) / 1024, 1) if loads else None,
    }
    return {"database": db, "dataset": dataset, "summary": summary, "metrics": metrics}


def judge(row, by_metric):
    if "rps" not in row:
        return row.get("status", "n/a")
    if row.get("errors"):
        return f"FAIL ({row['errors']} errors)"
    metric = row["metric"]
    if metric in PAIRS:
        light = by_metric.get(PAIRS[metric])
        if not light or "rps" not in light or not light["rps"]:
            return "—"
        share = row["rps"] / light["rps"]
        return f"{'pass' if share >= 0.8 else 'FAIL'} ({share:.0%} of 10's)"
    if metric in CONFLICTS_ANSWER:
        return f"— ({row.get('answered_409', 0):,} of {row['requests']:,} answered 409)"
    p99 = row["p99_ms"]
    if metric.startswith("api_list"):
        return "pass" if p99 < 20 and row.get("ratio", 0) >= 0.2 else "FAIL"
    if metric in ("search", "record_page"):
        return "pass" if p99 < 30 else "FAIL"
    if metric == "create":
        return "pass" if row["rps"] >= 2000 else "FAIL"
    return "—"


def fmt(value, digits=1):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def markdown(report):
    out = []
    facts = report["machine"]
    out.append(f"# Rapport benchmark — {report['size']} contacts — {report['stamp']}")
    out.append("")
    out.append(
        f"Machine: {facts['nproc']} cores ({facts['cpu']}), {facts['memory_gib']} GiB, kernel {facts['kernel']}; "
        f"{facts['swift']}; {facts['wrk']}; commit `{facts['git_commit']}`."
    )
    cfg = report["config"]
    out.append(
        f"Load: `wrk -t{cfg['threads']} -c{cfg['connections']} -d{cfg['duration']} --latency` on 127.0.0.1, "
        f"server and wrk on the same {facts['nproc']} cores; release build; `RAPPORT_BCRYPT_COST=4`."
        + (" Quick run (`--quick`)." if cfg["quick"] else "")
    )
    out.append(
        "Targets are the issue's, for SQLite with 1M contacts on a 2-core machine at 64 connections; "
        "on other sizes they are shown for orientation. *load* is the 1-minute load average at the end of the run "
        "(wrk and the server account for about 2 of it; more means something else was running)."
    )
    for result in report["databases"]:
        out.append("")
        ds = result["dataset"]
        out.append(f"## {result['database']}")
        out.append("")
        if ds:
            out.append(
                f"Data: {fmt(ds.get('contacts'))} contacts, {fmt(ds.get('accounts'))} accounts, "
                f"{fmt(ds.get('activities'))} activities, {fmt(ds.get('tasks'))} tasks, "
                f"{fmt(ds.get('events'))} events, {fmt(ds.get('search_docs'))} search documents "
                f"(seed {ds.get('seed')}); {ds.get('prepared', '')}. Leads, deals: not in the schema yet."
            )
            out.append("")
        out.append("| metric | req/s | p50 ms | p99 ms | × bare | server CPU ms/req | peak RSS MB | target | result | load |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |")
        for row in result["metrics"]:
            if "rps" in row:
                out.append(
                    f"| {row['label']} | {fmt(row['rps'], 0)} | {fmt(row['p50_ms'], 2)} | {fmt(row['p99_ms'], 2)} | "
                    f"{fmt(row.get('ratio'), 2)} | {fmt(row.get('server_cpu_ms_per_req'), 2)} | {fmt(row['rss_peak_mb'])} | "
                    f"{row['target']} | {row['result']} | {fmt(row.get('load1'), 1)} |"
                )
            else:
                out.append(f"| {row['label']} | — | — | — | — | — | — | {row['target']} | {row['result']} | |")
        s = result["summary"]
        startup = s["startup_s"]
        out.append(
            f"| start-up to `/readyz` | — | {fmt(startup, 2) + ' s' if startup is not None else '—'} | — | — | — | — | < 1 s | "
            f"{'pass' if startup is not None and startup < 1 else 'FAIL'} | |"
        )
        out.append(f"| RSS at rest (after start) | — | — | — | — | — | {fmt(s['rss_rest_mb'])} | — | — | |")
        scan = s.get("duplicate_scan_s")
        out.append(
            f"| duplicate scan (`rapport duplicates`, all records) | — | "
            f"{fmt(scan, 1) + ' s' if scan is not None else '—'} | — | — | — | — | minutes, not hours | "
            f"{('pass' if scan < 1800 else 'FAIL') if scan is not None else 'FAIL (exit ' + str(s.get('duplicate_scan_status')) + ')'} | |"
        )
        peak = s["rss_peak_mb"]
        out.append(
            f"| RSS peak under load | — | — | — | — | — | {fmt(peak)} | < 300 MB | "
            f"{'pass' if peak is not None and peak < 300 else 'FAIL'} | |"
        )
        out.append("| CSV import | n/a (not implemented) | | | | | | | n/a | |")
        out.append("| forecast report | n/a (not implemented) | | | | | | | n/a | |")
    if report.get("comparison"):
        out.append("")
        out.append("## PostgreSQL against SQLite (target: within 2×, judged on req/s)")
        out.append("")
        out.append("| metric | SQLite req/s | PostgreSQL req/s | PG / SQLite | SQLite p99 ms | PostgreSQL p99 ms | result |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for row in report["comparison"]:
            out.append(
                f"| {row['label']} | {fmt(row['sqlite_rps'], 0)} | {fmt(row['postgres_rps'], 0)} | {fmt(row['ratio'], 2)} | "
                f"{fmt(row['sqlite_p99_ms'], 2)} | {fmt(row['postgres_p99_ms'], 2)} | {row['result']} |"
            )
    out.append("")
    out.append("Methods: see bench/README.md. Update = PATCH round-robin over 1,000 contacts whose versions are read "
               "once before the run; each answer carries the next version.")
    return "\n".join(out) + "\n"


def report(run_dir, results_dir, stamp, size, db_arg, quick):
    config = read_json(os.path.join(run_dir, "config.json"), {})
    dbs = [d for d in ("sqlite", "postgres") if os.path.isdir(os.path.join(run_dir, d))]
    results = [database_results(run_dir, db) for db in dbs]
    comparison = []
    if len(results) == 2:
        pg = {row["metric"]: row for row in results[1]["metrics"]}
        for row in results[0]["metrics"]:
            other = pg.get(row["metric"])
            if not other or "rps" not in row or "rps" not in other or not row["rps"]:
                continue
            ratio = other["rps"] / row["rps"]
            comparison.append({
                "metric": row["metric"], "label": row["label"], "sqlite_rps": row["rps"], "postgres_rps": other["rps"],
                "ratio": round(ratio, 3), "sqlite_p99_ms": row["p99_ms"], "postgres_p99_ms": other["p99_ms"],
                "result": "pass" if ratio >= 0.5 else "FAIL",
            })
    data = {
        "stamp": stamp, "size": size, "db": db_arg, "config": {**config, "quick": quick == "1"},
        "machine": machine_facts(), "databases": results, "comparison": comparison,
    }
    text = markdown(data)
    os.makedirs(results_dir, exist_ok=True)
    base = os.path.join(results_dir, f"{stamp}-{size}-{db_arg}")
    with open(base + ".md", "w") as f:
        f.write(text)
    with open(base + ".json", "w") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(text)
    print(f"Wrote {base}.md and {base}.json")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    command = argv[1]
    if command == "versions" and len(argv) == 7:
        versions(*argv[2:])
    elif command == "names" and len(argv) == 7:
        names(*argv[2:])
    elif command == "rss-now" and len(argv) == 3:
        print(rss_kb(int(argv[2])) or 0)
    elif command == "report" and len(argv) == 8:
        report(*argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
