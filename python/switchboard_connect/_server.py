"""``Server``: one ``switchboard serve`` process on a free loopback port, for a test."""
from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Optional, Union

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
# Any key gets in without --credentials; these only have to be there for SigV4.
DUMMY_ACCESS_KEY = "testing"
DUMMY_SECRET_KEY = "testing"

PathLike = Union[str, "os.PathLike[str]"]


class ServerError(RuntimeError):
    """The server could not be started (the message carries its log)."""


def binary() -> str:
    """The ``switchboard`` binary: ``$SWITCHBOARD_BIN``, else the one installed with this
    package (in the environment's scripts directory), else the first on PATH."""
    explicit = os.environ.get("SWITCHBOARD_BIN")
    if explicit:
        return explicit
    name = "switchboard.exe" if os.name == "nt" else "switchboard"
    for scripts in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(scripts) / name
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("switchboard")
    if found:
        return found
    raise ServerError("the switchboard binary was not found: install this package with its wheel, "
                      "put switchboard on PATH or set SWITCHBOARD_BIN")


class Server:
    """A throwaway ``switchboard serve``: a free port, its data in a temporary directory (or a
    PostgreSQL database, ``database_url``), ready once ``/health`` answers; stopped and cleaned
    up on exit. The options are ``serve``'s: ``credentials`` (strict mode: an AWS
    shared-credentials file; pass one of its keys as ``access_key``/``secret_key``),
    ``throttle`` ("aws" or "RATE/BURST"), ``quotas`` ("aws", ...), ``fault_rate`` (0-1),
    ``seed`` (a snapshot loaded at start-up and restored by :meth:`reset`), ``database_url``,
    ``account_id``, ``allow_reset`` (strict mode only), ``args`` (any other ``serve`` options).
    """

    def __init__(self, *, credentials: Optional[PathLike] = None, throttle: Optional[str] = None,
                 quotas: Optional[str] = None, fault_rate: Optional[float] = None,
                 seed: Optional[PathLike] = None, database_url: Optional[str] = None,
                 account_id: str = DEFAULT_ACCOUNT_ID, region: str = DEFAULT_REGION,
                 access_key: str = DUMMY_ACCESS_KEY, secret_key: str = DUMMY_SECRET_KEY,
                 allow_reset: bool = False, args: tuple = (), startup_timeout: float = 30.0,
                 binary_path: Optional[str] = None, log_level: Optional[str] = None):
        self.options = dict(credentials=credentials, throttle=throttle, quotas=quotas,
                            fault_rate=fault_rate, seed=seed, database_url=database_url)
        self.account_id = account_id
        self.region = region
        self.access_key = access_key
        self.secret_key = secret_key
        self.allow_reset = allow_reset
        self.args = list(args)
        self.startup_timeout = startup_timeout
        self.binary_path = binary_path
        self.log_level = log_level or os.environ.get("SWITCHBOARD_LOG") or "warn"
        self.endpoint_url: Optional[str] = None
        self.proc: Optional[subprocess.Popen] = None
        self._tmp: Optional[tempfile.TemporaryDirectory] = None

    # -- lifecycle ---------------------------------------------------------------------------
    def command(self) -> list:
        o = self.options
        cmd = [self.binary_path or binary(), "serve", "--listen", "127.0.0.1:0",
               "--account-id", self.account_id]
        cmd += ["--database-url", o["database_url"]] if o["database_url"] else ["--ephemeral"]
        for flag, key in (("--credentials", "credentials"), ("--throttle", "throttle"),
                          ("--quotas", "quotas"), ("--fault-rate", "fault_rate"), ("--seed", "seed")):
            if o[key] is not None:
                cmd += [flag, str(o[key])]
        if self.allow_reset:
            cmd.append("--allow-reset")
        return cmd + self.args

    @property
    def log_path(self) -> Optional[Path]:
        return Path(self._tmp.name) / "switchboard.log" if self._tmp else None

    def log(self) -> str:
        """What the server has written to stderr so far."""
        try:
            return self.log_path.read_text("utf-8", "replace") if self.log_path else ""
        except OSError:
            return ""

    def start(self) -> "Server":
        if self.proc is not None:
            raise ServerError("already started")
        self._tmp = tempfile.TemporaryDirectory(prefix="switchboard-test-")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
        env["SWITCHBOARD_LOG"] = self.log_level
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.command(), stdout=subprocess.PIPE, stderr=log,
                                         stdin=subprocess.DEVNULL, env=env)
        try:
            self.endpoint_url = self._read_ready_line()
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def _read_ready_line(self) -> str:
        """The endpoint from the line serve prints once it listens."""
        deadline = time.monotonic() + self.startup_timeout
        buf = b""
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ServerError(f"switchboard did not start within {self.startup_timeout} s:\n{self.log()}")
            ready, _, _ = select.select([self.proc.stdout], [], [], min(left, 0.5))
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    self.proc.wait(timeout=5)
                    raise ServerError(f"switchboard exited with {self.proc.returncode} during start-up:\n{self.log()}")
                buf += chunk
        line = json.loads(buf.split(b"\n", 1)[0])
        return line["endpoint_url"]

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while True:
            try:
                with urllib.request.urlopen(self.endpoint_url + "/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise ServerError(f"switchboard did not answer /health:\n{self.log()}")
            time.sleep(0.02)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM (SIGKILL after ``timeout``), then removes the temporary files."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            if self.proc.stdout:
                self.proc.stdout.close()
            self.proc = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- use ---------------------------------------------------------------------------------
    def client(self, **config: Any):
        """A boto3 Connect client on this server (``config``: botocore Config options)."""
        import boto3
        from botocore.config import Config

        options = dict(retries={"mode": "standard"})
        options.update(config)
        return boto3.session.Session().client(
            "connect", endpoint_url=self.endpoint_url, region_name=self.region,
            aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key,
            config=Config(**options))

    def environment(self) -> dict:
        """The variables that point code building its own boto3 client at this server."""
        return {
            "AWS_ENDPOINT_URL_CONNECT": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_REGION": self.region,
        }

    def reset(self) -> int:
        """``POST /_switchboard/reset``: back to the seed snapshot, or empty. Returns the number
        of records the store now holds."""
        import botocore.auth
        import botocore.awsrequest
        import botocore.credentials

        url = self.endpoint_url + "/_switchboard/reset"
        request = botocore.awsrequest.AWSRequest(method="POST", url=url, data=b"")
        credentials = botocore.credentials.Credentials(self.access_key, self.secret_key)
        botocore.auth.SigV4Auth(credentials, "connect", self.region).add_auth(request)
        prepared = urllib.request.Request(url, data=b"", method="POST", headers=dict(request.headers.items()))
        try:
            with urllib.request.urlopen(prepared, timeout=60) as r:
                return json.loads(r.read())["records"]
        except urllib.error.HTTPError as e:
            raise ServerError(f"reset refused: {e.code} {e.read().decode('utf-8', 'replace')}") from None

    def __repr__(self) -> str:
        return f"<switchboard Server {self.endpoint_url or '(not started)'}>"
