"""Shared fixtures and helpers for switchboard's real-client test suite.

Everything the test files need to talk to a running switchboard lives here, in one place:

* ``Server``: starts ``switchboard serve`` on a free loopback port and a data dir, waits for
  ``GET /health``, stops it (SIGTERM, or SIGKILL for the durability test), and hands out
  boto3 clients, an AWS CLI runner and a raw HTTP helper bound to that server.
* ``server`` (session): the server most tests share. Tests never depend on each other's
  state: each one creates its own instance (``instance`` factory), which is cheap.
* ``connect`` / ``raw_connect``: boto3 Connect clients; ``raw_connect`` has client-side
  parameter validation off, so tests can send what boto3 would refuse and check that the
  *server* refuses it.
* ``aws``: runs the AWS CLI v1 as a subprocess against the server, isolated from the
  machine's AWS configuration; ``sb``: the same for switchboard's own CLI.
* helpers for building valid CreateUser requests, asserting AWS errors, paginating.

Environment:
  SWITCHBOARD_BIN           the server binary (default <repo>/target/release/switchboard)
  SWITCHBOARD_DATABASE_URL  if set, every server is started with --database-url <it>
                            (the PostgreSQL store); the suite must pass unchanged on it.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

REPO = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("SWITCHBOARD_BIN") or REPO / "target" / "release" / "switchboard")
DATABASE_URL = os.environ.get("SWITCHBOARD_DATABASE_URL") or None

ACCOUNT = "123456789012"
REGION = "us-east-1"
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "secret"

DEFAULT_SECURITY_PROFILES = ("Admin", "Agent", "CallCenterManager", "QualityAnalyst")
BASIC_ROUTING_PROFILE = "Basic Routing Profile"
BASIC_QUEUE = "BasicQueue"
BASIC_HOURS = "Basic Hours"

# A password that satisfies the model's policy (8-64, lower, upper, digit). Distinctive, so
# that a grep through responses, logs and data files cannot hit it by accident.
PASSWORD = "Sw1tchb0ard-Pw-Q7x"

STARTUP_TIMEOUT = 30.0
SHUTDOWN_TIMEOUT = 10.0


# --------------------------------------------------------------------------------------------
# Server process
# --------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_command(port: int, data_dir: Path, args: list[str] = (),
                  database_url: str | None = DATABASE_URL) -> list[str]:
    """The one place that knows how switchboard is started (args: extra serve options)."""
    cmd = [str(BIN), "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", str(data_dir)]
    if database_url:
        cmd += ["--database-url", database_url]
    return cmd + list(args)


class HttpResponse:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self) -> str:
        return f"<HttpResponse {self.status} {dict(self.headers)} {self.body[:300]!r}>"


class Server:
    """One switchboard process on a loopback port, with its own data dir."""

    def __init__(self, data_dir: Path, log_path: Path, args: list[str] = (),
                 env: dict[str, str] | None = None, database_url: str | None = DATABASE_URL):
        self.data_dir = Path(data_dir)
        self.database_url = database_url  # the suite's unless the test brings its own
        self.log_path = Path(log_path)
        self.args = list(args)  # extra `serve` options (--credentials, --throttle, ...)
        self.env = env  # extra environment variables for the process
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self._log = None

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        if not BIN.exists():
            pytest.fail(f"switchboard binary not found at {BIN} (build it with "
                        f"`cargo build --release` or set SWITCHBOARD_BIN)", pytrace=False)
        assert self.proc is None or self.proc.poll() is not None, "server already running"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self._log = open(self.log_path, "ab")
        # The store is the one serve_command names, never one from the environment.
        env = {k: v for k, v in {**os.environ, **(self.env or {})}.items() if k != "SWITCHBOARD_DATABASE_URL"}
        self.proc = subprocess.Popen(serve_command(self.port, self.data_dir, self.args, self.database_url),
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"switchboard exited with {self.proc.returncode} during startup:\n"
                            f"{self.log_tail()}", pytrace=False)
            try:
                if self.http("GET", "/health", auth=None, timeout=2).status == 200:
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"switchboard did not answer GET /health with 200 within "
                            f"{STARTUP_TIMEOUT}s:\n{self.log_tail()}", pytrace=False)
            time.sleep(0.05)

    def stop(self, timeout: float = SHUTDOWN_TIMEOUT) -> int:
        """SIGTERM; returns the exit code. Fails if the process takes longer than timeout."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self._close_log()
                pytest.fail(f"switchboard did not exit within {timeout}s of SIGTERM:\n"
                            f"{self.log_tail()}", pytrace=False)
        self._close_log()
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL (kill -9): no chance to flush or clean up."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log_path.read_bytes()[-n:].decode("utf-8", "replace")
        except OSError:
            return "(no log)"

    # -- clients -----------------------------------------------------------------------------
    def client(self, *, validate: bool = True, region: str = REGION,
               access_key: str = ACCESS_KEY, secret_key: str = SECRET_KEY,
               session_token: str | None = None, **config: Any):
        options = dict(parameter_validation=validate,
                       retries={"total_max_attempts": 1},  # surface every 5xx / 429 as is
                       connect_timeout=5, read_timeout=30, max_pool_connections=32)
        options.update(config)
        cfg = Config(**options)
        client = boto3.session.Session().client(
            "connect", endpoint_url=self.endpoint, region_name=region,
            aws_access_key_id=access_key, aws_secret_access_key=secret_key,
            aws_session_token=session_token, config=cfg)
        client.meta.events.register("after-call.connect", check_output_numbers)
        return client

    def http(self, method: str, path: str, body: bytes | str | dict | list | None = None,
             headers: dict[str, str] | None = None, auth: str | None = "sigv4",
             timeout: float = 30) -> HttpResponse:
        """A raw HTTP request. auth: "sigv4" (botocore's SigV4Auth), "fake" (a well-formed
        Authorization header with a junk signature) or None (no Authorization header)."""
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        hdrs = {"Content-Type": "application/json"} if body is not None else {}
        hdrs.update(headers or {})
        url = self.endpoint + path
        if auth == "sigv4":
            req = botocore.awsrequest.AWSRequest(method=method, url=url, data=body or b"",
                                                 headers=hdrs)
            creds = botocore.credentials.Credentials(ACCESS_KEY, SECRET_KEY)
            botocore.auth.SigV4Auth(creds, "connect", REGION).add_auth(req)
            hdrs = {k: v for k, v in req.headers.items()}
        elif auth == "fake":
            now = dt.datetime.now(dt.timezone.utc)
            hdrs["X-Amz-Date"] = now.strftime("%Y%m%dT%H%M%SZ")
            hdrs["Authorization"] = (
                f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{now:%Y%m%d}/{REGION}/connect/"
                f"aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
        elif auth is not None:
            raise ValueError(auth)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            try:
                conn.request(method, path, body=body, headers=hdrs)
            except (BrokenPipeError, ConnectionResetError):
                # The server may answer (e.g. 413) and close before it has read a large
                # body; its answer can still be waiting in the socket.
                pass
            resp = conn.getresponse()
            return HttpResponse(resp.status, resp.headers, resp.read())
        finally:
            conn.close()


# Ranges of the integer types SDKs read numbers into: Smithy's integer is 32-bit (aws-sdk-rust
# i32, the JS SDK and paws too), long is 64-bit.
INT_RANGE = {"integer": (-2 ** 31, 2 ** 31 - 1), "long": (-2 ** 63, 2 ** 63 - 1)}


def output_number_problems(shape, value, path: str = "") -> list[str]:
    """Every number in a parsed response outside its output shape's range: the shape's
    min/max, and the 32- or 64-bit integer an SDK reads it into."""
    problems: list[str] = []
    if value is None:
        return problems
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            problems += output_number_problems(member, value.get(name), f"{path}.{name}")
    elif shape.type_name == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            problems += output_number_problems(shape.member, item, f"{path}[{i}]")
    elif shape.type_name == "map" and isinstance(value, dict):
        for k, v in value.items():
            problems += output_number_problems(shape.value, v, f"{path}.{k}")
    elif shape.type_name in INT_RANGE:
        lo, hi = INT_RANGE[shape.type_name]
        lo = max(lo, shape.metadata.get("min", lo))
        hi = min(hi, shape.metadata.get("max", hi))
        if not (isinstance(value, int) and lo <= value <= hi):
            problems.append(f"{path} = {value!r} is outside {shape.name} ({shape.type_name}, "
                            f"{lo}..{hi})")
    return problems


def check_output_numbers(http_response, parsed, model, **_) -> None:
    """after-call hook on every client of the suite: no response of any operation may hold a
    number an SDK cannot read (aws-sdk-rust rejects a whole page over one)."""
    if http_response.status_code >= 300 or model.output_shape is None:
        return
    problems = output_number_problems(model.output_shape, parsed)
    assert not problems, f"{model.name} returned numbers out of range: {problems}"


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("switchboard")
    srv = Server(base / "data", base / "server.log").start()
    yield srv
    rc = srv.stop()
    assert rc == 0, f"switchboard exited with {rc} after SIGTERM:\n{srv.log_tail()}"


@pytest.fixture
def spawn_server(tmp_path) -> Iterator[Callable[..., Server]]:
    """Factory for extra servers (durability tests): spawn_server(data_dir=None, args=[],
    env=None) -> started Server, args being extra `serve` options. Every server still running
    at the end of the test is killed."""
    started: list[Server] = []

    def spawn(data_dir: Path | None = None, log_name: str | None = None,
              args: list[str] = (), env: dict[str, str] | None = None) -> Server:
        data_dir = Path(data_dir) if data_dir else tmp_path / f"data-{len(started)}"
        srv = Server(data_dir, tmp_path / (log_name or f"server-{len(started)}.log"), args, env)
        started.append(srv)
        return srv.start()

    yield spawn
    for srv in started:
        srv.kill()


@pytest.fixture(scope="session")
def connect(server):
    """boto3 Connect client (client-side validation on, no retries)."""
    return server.client()


@pytest.fixture(scope="session")
def raw_connect(server):
    """boto3 Connect client with client-side parameter validation off: what it sends is
    validated only by the server."""
    return server.client(validate=False)


# Servers as a test suite starts them: `serve --listen 127.0.0.1:0 --ephemeral`, the address
# read from the ready line on stdout (tests/clients/test_throwaway.py, test_clone.py).

class Launched:
    """`switchboard serve` started as a test suite would: port 0, the address read from stdout."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, expect_ready: bool = True):
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
        full_env.update(env or {})
        # stderr (the access log) goes to a file: a pipe nobody reads would fill and stall it.
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([str(BIN), "serve", "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.PIPE, stderr=self._stderr,
                                     stdin=subprocess.DEVNULL, env=full_env)
        self.line = None
        if expect_ready:
            self.line = self.ready_line()
            self.endpoint = self.line["endpoint_url"]

    def ready_line(self, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        buf = b""
        while b"\n" not in buf:
            ready, _, _ = select.select([self.proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, "no ready line within 30 s"
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            assert chunk, f"serve exited before it was ready: {self.proc.wait()} {self._read_stderr()!r}"
            buf += chunk
        return json.loads(buf.split(b"\n")[0])

    def client(self, access_key: str = ACCESS_KEY, secret_key: str = SECRET_KEY):
        return boto3.session.Session().client(
            "connect", endpoint_url=self.endpoint, region_name=REGION, aws_access_key_id=access_key,
            aws_secret_access_key=secret_key, config=Config(retries={"total_max_attempts": 1}))

    def reset(self, sign: tuple[str, str] | None = (ACCESS_KEY, SECRET_KEY)) -> tuple[int, dict]:
        url = self.endpoint + "/_switchboard/reset"
        headers = {}
        if sign:
            req = botocore.awsrequest.AWSRequest(method="POST", url=url, data=b"")
            botocore.auth.SigV4Auth(botocore.credentials.Credentials(*sign), "connect", REGION).add_auth(req)
            headers = dict(req.headers.items())
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST", headers=headers)) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, {"type": e.headers.get("x-amzn-ErrorType"), **json.loads(e.read())}

    def stop(self, signal_it: bool = True) -> int:
        """SIGTERM (unless signal_it is False: a server expected to exit on its own), then its
        exit code."""
        if signal_it and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=30)
        self.stderr = self._read_stderr()
        self.proc.stdout.close()
        return rc

    def _read_stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")


@pytest.fixture
def launch():
    started: list[Launched] = []

    def start(*args: str, env: dict[str, str] | None = None, expect_ready: bool = True) -> Launched:
        s = Launched(list(args), env, expect_ready)
        started.append(s)
        return s

    yield start
    for s in started:
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait()


def random_account() -> str:
    """A 12-digit account id no other test uses (tests sharing one PostgreSQL database
    stay apart by account)."""
    return str(uuid.uuid4().int)[:12].rjust(12, "1")


def write_credentials(path: Path, keys: dict[str, tuple[str, str, str]]) -> Path:
    """A strict-mode credentials file: section -> (access key, secret key, account id)."""
    path.write_text("".join(
        f"[{name}]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"
        f"account_id = {account}\n\n" for name, (key, secret, account) in keys.items()))
    return path


# --------------------------------------------------------------------------------------------
# AWS CLI
# --------------------------------------------------------------------------------------------

class CliResult(tuple):
    """(exit code, parsed stdout JSON -- or the text if it isn't JSON, stderr)."""

    @property
    def rc(self) -> int:
        return self[0]

    @property
    def out(self) -> Any:
        return self[1]

    @property
    def err(self) -> str:
        return self[2]


@pytest.fixture(scope="session")
def aws(server, tmp_path_factory) -> Callable[..., CliResult]:
    """aws(*args, input=None) runs `aws <args>` (AWS CLI v1) against the server."""
    home = tmp_path_factory.mktemp("aws-cli-home")
    empty_config = home / "config"
    empty_creds = home / "credentials"
    empty_config.write_text("")
    empty_creds.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        "HOME": str(home),
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_CONFIG_FILE": str(empty_config),
        "AWS_SHARED_CREDENTIALS_FILE": str(empty_creds),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": "",
        "PYTHONIOENCODING": "utf-8",
    })

    def run(*args: str, input: str | None = None, timeout: float = 60) -> CliResult:
        cmd = [sys.executable, "-m", "awscli", *args, "--endpoint-url", server.endpoint,
               "--region", REGION, "--output", "json"]
        p = subprocess.run(cmd, input=input, capture_output=True, text=True, env=env,
                           cwd=str(home), timeout=timeout)
        out: Any = p.stdout
        if p.stdout.strip():
            try:
                out = json.loads(p.stdout)
            except ValueError:
                pass
        return CliResult((p.returncode, out, p.stderr))

    return run


def cli_env(home: Path) -> dict[str, str]:
    """An environment for a CLI subprocess isolated from the machine's AWS configuration:
    test credentials, empty config and credentials files under home."""
    (home / "config").touch()
    (home / "credentials").touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        "HOME": str(home),
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_CONFIG_FILE": str(home / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": "",
        "PYTHONIOENCODING": "utf-8",
    })
    return env


@pytest.fixture(scope="session")
def sb(server, tmp_path_factory) -> Callable[..., CliResult]:
    """sb(*args, env=None, endpoint=True, region=True, input=None) runs switchboard's own CLI
    (`switchboard <args>`) against the server. env adds to (or, with a None value, removes
    from) the isolated environment; endpoint/region=False leave those options out; raw=True
    keeps stdout as text."""
    home = tmp_path_factory.mktemp("sb-cli-home")
    base_env = cli_env(home)

    def run(*args: str, env: dict[str, str | None] | None = None, endpoint: bool = True,
            region: bool = True, input: str | None = None, timeout: float = 120,
            cwd: Path | None = None, raw: bool = False) -> CliResult:
        cmd = [str(BIN), *args]
        if endpoint:
            cmd += ["--endpoint-url", server.endpoint]
        if region:
            cmd += ["--region", REGION]
        e = dict(base_env)
        for k, v in (env or {}).items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        p = subprocess.run(cmd, input=input, capture_output=True, text=True, env=e,
                           cwd=str(cwd or home), timeout=timeout)
        out: Any = p.stdout
        if p.stdout.strip() and not raw:
            try:
                out = json.loads(p.stdout)
            except ValueError:
                pass
        return CliResult((p.returncode, out, p.stderr))

    return run


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------

class ErrorInfo:
    value: ClientError

    @property
    def code(self) -> str:
        return self.value.response["Error"]["Code"]

    @property
    def status(self) -> int:
        return self.value.response["ResponseMetadata"]["HTTPStatusCode"]

    @property
    def message(self) -> str:
        return self.value.response["Error"].get("Message", "")


@contextlib.contextmanager
def expect_error(code: str | tuple[str, ...] | None = None,
                 status: int | tuple[int, ...] | None = None) -> Iterator[ErrorInfo]:
    """Expect a boto3 ClientError with the given error code(s) and HTTP status(es).

    status may also be "4xx" to accept any client error (never a 5xx)."""
    info = ErrorInfo()
    try:
        yield info
    except ClientError as e:
        info.value = e
    else:
        pytest.fail(f"expected an error {code or ''} {status or ''}, but the call succeeded")
    got = (info.code, info.status)
    if code is not None:
        codes = (code,) if isinstance(code, str) else code
        assert info.code in codes, f"expected {codes}, got {got}: {info.message}"
    if status == "4xx":
        assert 400 <= info.status < 500, f"expected a 4xx, got {got}: {info.message}"
    elif status is not None:
        statuses = (status,) if isinstance(status, int) else status
        assert info.status in statuses, f"expected HTTP {statuses}, got {got}: {info.message}"


def assert_validation_message(message: str, member: str, n: int = 1) -> None:
    """AWS's wording for model-constraint failures, e.g.
    `1 validation error detected: Value 'x' at 'username' failed to satisfy constraint: ...`"""
    prefix = f"{n} validation error{'s' if n > 1 else ''} detected"
    assert message.startswith(prefix), f"message should start with {prefix!r}: {message!r}"
    assert member in message, f"message should name {member!r}: {message!r}"


# --------------------------------------------------------------------------------------------
# Instances and their default resources
# --------------------------------------------------------------------------------------------

def unique_alias(prefix: str = "sb") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


def random_directory_id() -> str:
    return "d-" + uuid.uuid4().hex[:10]


def create_instance(client, identity: str = "CONNECT_MANAGED", *, alias: str | None = None,
                    **extra: Any) -> dict:
    """CreateInstance with sensible defaults per identity type; returns the response."""
    req: dict[str, Any] = {"IdentityManagementType": identity,
                           "InboundCallsEnabled": True, "OutboundCallsEnabled": True}
    if identity == "EXISTING_DIRECTORY":
        req["DirectoryId"] = random_directory_id()
    else:
        req["InstanceAlias"] = alias or unique_alias()
    req.update(extra)
    return client.create_instance(**req)


def security_profiles(client, instance_id: str) -> dict[str, str]:
    """Name -> Id of the instance's security profiles (all pages)."""
    out = {}
    for page in client.get_paginator("list_security_profiles").paginate(InstanceId=instance_id):
        for sp in page["SecurityProfileSummaryList"]:
            out[sp["Name"]] = sp["Id"]
    return out


def routing_profiles(client, instance_id: str) -> dict[str, str]:
    out = {}
    for page in client.get_paginator("list_routing_profiles").paginate(InstanceId=instance_id):
        for rp in page["RoutingProfileSummaryList"]:
            out[rp["Name"]] = rp["Id"]
    return out


class Instance:
    """A fresh instance in the server: id, arn, identity type and its default resources."""

    def __init__(self, client, identity: str, resp: dict, alias: str | None):
        self.client = client
        self.identity = identity
        self.id: str = resp["Id"]
        self.arn: str = resp["Arn"]
        self.alias = alias
        self._sps: dict[str, str] | None = None
        self._rp: str | None = None

    @property
    def security_profiles(self) -> dict[str, str]:
        if self._sps is None:
            self._sps = security_profiles(self.client, self.id)
        return self._sps

    def security_profile_id(self, name: str = "Agent") -> str:
        return self.security_profiles[name]

    @property
    def routing_profile_id(self) -> str:
        """Id of the "Basic Routing Profile"."""
        if self._rp is None:
            self._rp = routing_profiles(self.client, self.id)[BASIC_ROUTING_PROFILE]
        return self._rp

    def __repr__(self) -> str:
        return f"<Instance {self.identity} {self.id}>"


def new_instance(client, identity: str = "CONNECT_MANAGED", **extra: Any) -> Instance:
    resp = create_instance(client, identity, **extra)
    return Instance(client, identity, resp, extra.get("alias"))


@pytest.fixture
def instance(connect) -> Iterator[Callable[..., Instance]]:
    """Factory: instance(identity="CONNECT_MANAGED", **CreateInstance extras) -> Instance.
    Instances are deleted (best effort) when the test ends."""
    made: list[Instance] = []

    def make(identity: str = "CONNECT_MANAGED", **extra: Any) -> Instance:
        inst = new_instance(connect, identity, **extra)
        made.append(inst)
        return inst

    yield make
    for inst in made:
        with contextlib.suppress(Exception):
            connect.delete_instance(InstanceId=inst.id)


# --------------------------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------------------------

OMIT = object()  # marker: leave this member out of the request


def unique_username(prefix: str = "u") -> str:
    """At most 20 characters: valid on every identity type."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def user_request(inst: Instance, **overrides: Any) -> dict:
    """A valid CreateUser request for inst's identity type; overrides replace members
    (OMIT removes one)."""
    req: dict[str, Any] = {
        "InstanceId": inst.id,
        "Username": unique_username(),
        "SecurityProfileIds": [inst.security_profile_id("Agent")],
        "RoutingProfileId": inst.routing_profile_id,
        "PhoneConfig": {"PhoneType": "SOFT_PHONE", "AutoAccept": False,
                        "AfterContactWorkTimeLimit": 0},
    }
    if inst.identity in ("CONNECT_MANAGED", "SAML"):
        req["IdentityInfo"] = {"FirstName": "Test", "LastName": "User"}
    if inst.identity == "CONNECT_MANAGED":
        req["Password"] = PASSWORD
    for k, v in overrides.items():
        if v is OMIT:
            req.pop(k, None)
        else:
            req[k] = v
    return req


def create_user(client, inst: Instance, **overrides: Any) -> dict:
    """CreateUser with user_request(inst, **overrides); returns the response."""
    return client.create_user(**user_request(inst, **overrides))


def describe_user(client, inst: Instance | str, user_id: str) -> dict:
    inst_id = inst.id if isinstance(inst, Instance) else inst
    return client.describe_user(InstanceId=inst_id, UserId=user_id)["User"]


def list_users(client, instance_id: str, page_size: int | None = None) -> list[dict]:
    """Every UserSummary of the instance, following NextToken by hand."""
    out: list[dict] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id}
    if page_size:
        kwargs["MaxResults"] = page_size
    for _ in range(100000):
        page = client.list_users(**kwargs)
        out.extend(page["UserSummaryList"])
        token = page.get("NextToken")
        if not token:
            return out
        kwargs["NextToken"] = token
    raise AssertionError("ListUsers pagination never ended")


def assert_users_exactly(client, instance_id: str, acknowledged: dict[str, str],
                         may_exist: set[str] | tuple = (),
                         last_name: Callable[[str], str] | None = None) -> dict[str, str]:
    """After a crash or restart: every acknowledged (username -> id) user is listed exactly
    once with that id and described as created (LastName last_name(username), when given);
    besides them only users from may_exist (in flight at a kill) can exist. Returns the
    listed users as username -> id."""
    listed = list_users(client, instance_id, page_size=50)
    ids = [u["Id"] for u in listed]
    names = [u["Username"] for u in listed]
    assert len(ids) == len(set(ids)), "a user id is listed twice"
    assert len(names) == len(set(names)), "a username is listed twice"
    by_name = {u["Username"]: u["Id"] for u in listed}
    lost = sorted(n for n in acknowledged if n not in by_name)
    assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged creates lost, e.g. {lost[:5]}"
    moved = sorted(n for n, i in acknowledged.items() if by_name[n] != i)
    assert not moved, f"acknowledged users with another id after restart: {moved[:5]}"
    unexplained = sorted(set(by_name) - set(acknowledged) - set(may_exist))
    assert not unexplained, f"users nobody created: {unexplained[:5]}"
    for name, user_id in acknowledged.items():
        user = client.describe_user(InstanceId=instance_id, UserId=user_id)["User"]
        assert user["Username"] == name
        if last_name:
            assert user["IdentityInfo"]["LastName"] == last_name(name)
    return by_name


def assert_create_rejected(client, inst: Instance, code: str | tuple[str, ...],
                           status: int | tuple[int, ...] | str | None = None,
                           **overrides: Any) -> ErrorInfo:
    """CreateUser(user_request(inst, **overrides)) fails with code/status and creates
    nothing (ListUsers is unchanged). Returns the error."""
    before = list_users(client, inst.id)
    with expect_error(code, status) as err:
        create_user(client, inst, **overrides)
    after = list_users(client, inst.id)
    assert after == before, "a rejected CreateUser must not create anything"
    return err


def recording_client(server: Server, **kw: Any):
    """A fresh boto3 client that also records every raw HTTP response body it receives.
    Returns (client, bodies)."""
    client = server.client(**kw)
    bodies: list[bytes] = []

    def hook(http_response, **_):
        bodies.append(http_response.content)

    client.meta.events.register("after-call.connect", hook)
    return client, bodies


def user_without_volatile(user: dict) -> dict:
    """DescribeUser's User minus the fields that change on every update."""
    return {k: v for k, v in user.items() if k not in ("LastModifiedTime", "LastModifiedRegion")}


def wait_for_clock_past(ts: dt.datetime) -> None:
    """Sleep until the wall clock is past the whole second after ts, so that a server which
    stores timestamps at one-second resolution still shows a strictly later time."""
    target = int(ts.timestamp()) + 1.02
    delay = target - time.time()
    if delay > 0:
        time.sleep(delay)


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
        return True
    except (ValueError, TypeError, AttributeError):
        return False


# --------------------------------------------------------------------------------------------
# Hierarchy groups
# --------------------------------------------------------------------------------------------

def create_group(client, inst: Instance, name: str | None = None, **extra: Any) -> dict:
    return client.create_user_hierarchy_group(InstanceId=inst.id,
                                              Name=name or f"group-{uuid.uuid4().hex[:8]}",
                                              **extra)


# --------------------------------------------------------------------------------------------
# Threads
# --------------------------------------------------------------------------------------------

class Counter:
    """Thread-safe counter handing out 0, 1, 2, ... up to limit (then None)."""

    def __init__(self, limit: int):
        self._n = 0
        self._limit = limit
        self._lock = threading.Lock()

    def next(self) -> int | None:
        with self._lock:
            if self._n >= self._limit:
                return None
            self._n += 1
            return self._n - 1


# --------------------------------------------------------------------------------------------
# Admin resources (hours, queues, routing profiles, security profiles)
# --------------------------------------------------------------------------------------------

WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")


def hours_config(days=WEEKDAYS, start=(9, 0), end=(17, 0)) -> list[dict]:
    return [{"Day": d, "StartTime": {"Hours": start[0], "Minutes": start[1]},
             "EndTime": {"Hours": end[0], "Minutes": end[1]}} for d in days]


def create_hours(client, inst: Instance, name: str | None = None, **extra: Any) -> str:
    """CreateHoursOfOperation (weekdays 9-17 in New York unless overridden); returns the id."""
    req = {"InstanceId": inst.id, "Name": name or f"hours-{uuid.uuid4().hex[:8]}",
           "TimeZone": "America/New_York", "Config": hours_config()}
    req.update(extra)
    return client.create_hours_of_operation(**req)["HoursOfOperationId"]


def create_queue(client, inst: Instance, hours_id: str | None = None, name: str | None = None,
                 **extra: Any) -> str:
    """CreateQueue on hours_id (new hours if None); returns the id."""
    req = {"InstanceId": inst.id, "Name": name or f"queue-{uuid.uuid4().hex[:8]}",
           "HoursOfOperationId": hours_id or create_hours(client, inst)}
    req.update(extra)
    return client.create_queue(**req)["QueueId"]


def queue_config(queue_id: str, channel: str = "VOICE", priority: int = 1,
                 delay: int = 0) -> dict:
    return {"QueueReference": {"QueueId": queue_id, "Channel": channel},
            "Priority": priority, "Delay": delay}


def create_routing_profile(client, inst: Instance, queue_id: str | None = None,
                           name: str | None = None, **extra: Any) -> str:
    """CreateRoutingProfile with queue_id (a new queue if None) as outbound queue and for
    VOICE; returns the id."""
    queue_id = queue_id or create_queue(client, inst)
    req = {"InstanceId": inst.id, "Name": name or f"rp-{uuid.uuid4().hex[:8]}",
           "Description": "test routing profile", "DefaultOutboundQueueId": queue_id,
           "MediaConcurrencies": [{"Channel": "VOICE", "Concurrency": 1}],
           "QueueConfigs": [queue_config(queue_id)]}
    req.update(extra)
    return client.create_routing_profile(**req)["RoutingProfileId"]


def create_security_profile(client, inst: Instance, name: str | None = None,
                            **extra: Any) -> str:
    req = {"InstanceId": inst.id, "SecurityProfileName": name or f"sp-{uuid.uuid4().hex[:8]}"}
    req.update(extra)
    return client.create_security_profile(**req)["SecurityProfileId"]
