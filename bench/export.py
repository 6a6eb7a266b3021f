#!/usr/bin/env python3
"""Export and import of a large store: time, peak RSS and file size.

Makes a snapshot of one SAML instance (its default resources, made by a real switchboard)
with N users, each a copy of a real CreateUser's record under its own id and name; imports
it into an empty store (SQLite data dir, or --database-url), exports that store, and checks
that the export holds the same records. Each command runs under /usr/bin/time -v, which
gives the peak RSS.

    python3 bench/export.py 1000000 [--database-url postgres://…/db]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from search_users import Conn, free_port

REPO = Path(__file__).resolve().parents[1]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")


def base_snapshot(binary, work):
    """A snapshot of a fresh store with one SAML instance and one user."""
    data, port = os.path.join(work, "base"), free_port()
    proc = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", data],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                Conn("127.0.0.1", port).call("GET", "/health")
                break
            except OSError:
                time.sleep(0.1)
        c = Conn("127.0.0.1", port)
        iid = c.call("PUT", "/instance", {"IdentityManagementType": "SAML", "InstanceAlias": "bench-export",
                                          "InboundCallsEnabled": True, "OutboundCallsEnabled": True})["Id"]
        sp = c.call("GET", f"/security-profiles-summary/{iid}")["SecurityProfileSummaryList"][0]["Id"]
        rp = c.call("GET", f"/routing-profiles-summary/{iid}")["RoutingProfileSummaryList"][0]["Id"]
        c.call("PUT", f"/users/{iid}", {"Username": "template", "IdentityInfo": {"FirstName": "Bench", "LastName": "User"},
                                        "PhoneConfig": {"PhoneType": "SOFT_PHONE"}, "SecurityProfileIds": [sp],
                                        "RoutingProfileId": rp, "Tags": {"team": "bench"}})
    finally:
        proc.terminate()
        proc.wait()
    path = os.path.join(work, "base.json")
    subprocess.run([binary, "export", "--data-dir", data, "-o", path], check=True)
    return path


def generate(base, users, out):
    """The base snapshot with its user copied `users` times; the records stay in key order."""
    doc = json.load(open(base))
    records = doc["records"]
    [template] = [r for r in records if r["kind"] == "agent"]
    others = [r for r in records if r["kind"] != "agent"]
    before = [r for r in others if (r["instance"], r["kind"]) < (template["instance"], "agent")]
    after = [r for r in others if (r["instance"], r["kind"]) > (template["instance"], "agent")]
    old_id = template["id"]
    line = json.dumps(template, separators=(",", ":"))
    with open(out, "w") as f:
        f.write('{"format":"switchboard-snapshot","version":1,"records":[\n')
        first = True

        def put(text):
            nonlocal first
            f.write(text if first else ",\n" + text)
            first = False
        for r in before:
            put(json.dumps(r, separators=(",", ":")))
        for i in range(users):
            uid = f"{i:08x}-0000-4000-8000-000000000000"
            put(line.replace(old_id, uid).replace('"template"', f'"user{i:07d}"'))
        for r in after:
            put(json.dumps(r, separators=(",", ":")))
        f.write("\n]}\n")
    return len(records) - 1 + users


def timed(cmd):
    """Runs cmd under /usr/bin/time -v: (seconds, peak RSS in MiB)."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
    took = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) / 1024
    return took, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("users", type=int, nargs="?", default=100_000)
    ap.add_argument("--database-url", help="PostgreSQL database to import into (default: a SQLite data dir)")
    ap.add_argument("--bin", default=str(TARGET / "release" / "switchboard"))
    ap.add_argument("--work", help="directory for the files (default: a temporary one)")
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="sb-export-")
    try:
        snapshot = os.path.join(work, "big.json")
        n = generate(base_snapshot(args.bin, work), args.users, snapshot)
        store = ["--database-url", args.database_url] if args.database_url else ["--data-dir", os.path.join(work, "store")]
        what = "PostgreSQL" if args.database_url else "SQLite"
        imp = timed([args.bin, "import", *store, "--replace", snapshot])
        exported = os.path.join(work, "export.json")
        exp = timed([args.bin, "export", *store, "-o", exported])
        with open(snapshot) as a, open(exported) as b:
            same = sum(1 for _ in a) == sum(1 for _ in b)
        size = os.path.getsize(exported) / 2**20
        print(f"{what}, {args.users} users ({n} records), snapshot {size:.0f} MiB")
        print(f"{'':8} {'seconds':>8} {'records/s':>10} {'peak RSS MiB':>13}")
        for name, (took, rss) in (("import", imp), ("export", exp)):
            print(f"{name:8} {took:>8.1f} {n / took:>10.0f} {rss:>13.1f}")
        if not same:
            raise SystemExit("the export does not hold as many records as the snapshot imported")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
