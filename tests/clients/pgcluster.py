"""A PostgreSQL server of the test's own, for the faults the shared one must not suffer
(restarts, stops) and for TLS set up with a certificate authority the test makes.

It is Debian's server (`/usr/lib/postgresql/<version>/bin`: initdb, pg_ctl), run as the
`postgres` user in a temporary directory on a free port, with fsync off. Certificates are
made with the `openssl` command: a test CA, a server certificate it signs for the name
`localhost` only (so that connecting to 127.0.0.1 fails a host-name check), and a second CA
that signed nothing."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import free_port


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4].split(".")[0]))
    return Path(found[-1]).parent if found else None


def unavailable() -> str | None:
    """Why a cluster of its own cannot run here (None: it can)."""
    if pg_bin() is None:
        return "no PostgreSQL server binaries under /usr/lib/postgresql"
    if os.geteuid() != 0:
        return "running PostgreSQL as the postgres user needs root"
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres user"
    if shutil.which("openssl") is None:
        return "no openssl command"
    return None


def as_postgres(*cmd: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=check, capture_output=True,
                          text=True, timeout=timeout)


class Certs:
    """A test CA, a server certificate for `localhost` signed by it, and another CA."""

    def __init__(self, base: Path):
        self.dir = base
        self.ca, self.other_ca = base / "ca.pem", base / "other-ca.pem"
        self.server_cert, self.server_key = base / "server.pem", base / "server.key"

        def openssl(*args: str) -> None:
            subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=base)

        for name, cn in (("ca", "switchboard test CA"), ("other-ca", "another test CA")):
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={cn}",
                    "-keyout", f"{name}.key", "-out", f"{name}.pem",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr")
        (base / "server.ext").write_text("subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
                                         "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "server.ext", "-out", "server.pem")
        shutil.chown(self.server_key, "postgres", "postgres")
        os.chmod(self.server_key, 0o600)


class Cluster:
    """initdb, then pg_ctl start/stop/restart; TLS on with `certs`."""

    def __init__(self, certs: Certs | None = None):
        self.base = Path(tempfile.mkdtemp(prefix="switchboard-pg-", dir="/tmp"))
        shutil.chown(self.base, "postgres", "postgres")
        self.data, self.log = self.base / "data", self.base / "server.log"
        self.port = free_port()
        self.certs = certs
        as_postgres(str(pg_bin() / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--locale=C.UTF-8", "-N")

    def options(self) -> str:
        opts = [f"-p {self.port}", f"-k {self.base}", "-c listen_addresses=127.0.0.1", "-c fsync=off"]
        if self.certs:
            opts += ["-c ssl=on", f"-c ssl_cert_file={self.certs.server_cert}", f"-c ssl_key_file={self.certs.server_key}"]
        return " ".join(opts)

    def pg_ctl(self, *args: str) -> None:
        as_postgres(str(pg_bin() / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                    "-o", self.options(), *args)

    def start(self) -> "Cluster":
        self.pg_ctl("start")
        return self

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast")

    def restart(self) -> None:
        self.pg_ctl("restart", "-m", "fast")

    def url(self, host: str = "127.0.0.1", db: str = "postgres", **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"postgres://postgres@{host}:{self.port}/{db}" + (f"?{query}" if query else "")

    def sql(self, statement: str) -> str:
        """One statement through psql over the socket (no TLS); its rows, unaligned."""
        return as_postgres("psql", "-h", str(self.base), "-p", str(self.port), "-U", "postgres", "-d", "postgres",
                           "-Atqc", statement).stdout.strip()

    def destroy(self) -> None:
        as_postgres(str(pg_bin() / "pg_ctl"), "-D", str(self.data), "stop", "-m", "immediate", check=False)
        shutil.rmtree(self.base, ignore_errors=True)
