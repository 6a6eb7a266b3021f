"""The pytest plugin (entry point ``pytest11``: on as soon as the package is installed).

Fixtures:

* ``switchboard_server`` (session): a throwaway :class:`~switchboard_connect.Server` for the
  session (under pytest-xdist, one per worker), started with the ``--switchboard-*`` options.
* ``connect``: a boto3 Connect client on the test's server, whose state is reset first
  (``POST /_switchboard/reset``: empty, or the seed snapshot).
* ``connect_instance``: a fresh CONNECT_MANAGED instance on it, with Connect's default
  resources (the ``Instance`` of DescribeInstance).

While a test that uses one of them runs, ``AWS_ENDPOINT_URL_CONNECT``, dummy credentials and
the Region are set, so code that builds its own boto3 client reaches the server unchanged.

A test marked ``@pytest.mark.switchboard(seed=..., throttle=..., quotas=..., fault_rate=...)``
gets a server started with those options instead (one per distinct set, kept for the session).
"""
from __future__ import annotations

import uuid
from typing import Any, Dict, Iterator, Tuple

import pytest

from ._server import Server

_OPTIONS = ("seed", "throttle", "quotas", "fault_rate", "credentials", "database_url")
_FIXTURES = ("switchboard_server", "connect", "connect_instance", "switchboard_test_server")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("switchboard", "switchboard (a local Amazon Connect API)")
    group.addoption("--switchboard-seed", metavar="FILE",
                    help="a snapshot the server starts from and every reset restores")
    group.addoption("--switchboard-throttle", metavar="aws|RATE/BURST",
                    help="throttle like Connect (serve --throttle)")
    group.addoption("--switchboard-quotas", metavar="aws[,...]",
                    help="enforce Connect's resource quotas (serve --quotas)")
    group.addoption("--switchboard-fault-rate", metavar="P", type=float,
                    help="answer this fraction of requests with a 500 or 429 (serve --fault-rate)")
    group.addoption("--switchboard-database-url", metavar="URL",
                    help="serve from this PostgreSQL database instead of a temporary directory "
                         "(one database per pytest-xdist worker: resets empty it)")
    group.addoption("--switchboard-bin", metavar="PATH",
                    help="the switchboard binary (default: the one installed with the package)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "switchboard(seed=None, throttle=None, quotas=None, fault_rate=None): run the test on a "
        "switchboard server started with these options")


def _cli_options(config: pytest.Config) -> Dict[str, Any]:
    return {
        "seed": config.getoption("switchboard_seed"),
        "throttle": config.getoption("switchboard_throttle"),
        "quotas": config.getoption("switchboard_quotas"),
        "fault_rate": config.getoption("switchboard_fault_rate"),
        "database_url": config.getoption("switchboard_database_url"),
    }


class _Pool:
    """The session's servers, one per set of options, stopped at the end of the session."""

    def __init__(self, config: pytest.Config):
        self.binary = config.getoption("switchboard_bin")
        self.servers: Dict[Tuple, Server] = {}
        # One boto3 client per server, made once: making one costs about 300 ms, a reset 6 ms.
        self.clients: Dict[int, Any] = {}

    def client(self, server: Server):
        if id(server) not in self.clients:
            self.clients[id(server)] = server.client()
        return self.clients[id(server)]

    def get(self, options: Dict[str, Any]) -> Server:
        key = tuple(sorted((k, str(v)) for k, v in options.items() if v is not None))
        if key not in self.servers:
            self.servers[key] = Server(binary_path=self.binary, **options).start()
        return self.servers[key]

    def close(self) -> None:
        for server in self.servers.values():
            server.stop()
        self.servers.clear()


@pytest.fixture(scope="session")
def _switchboard_pool(request: pytest.FixtureRequest) -> Iterator[_Pool]:
    pool = _Pool(request.config)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def switchboard_server(_switchboard_pool: _Pool, pytestconfig: pytest.Config) -> Server:
    """The session's server (one per pytest-xdist worker)."""
    return _switchboard_pool.get(_cli_options(pytestconfig))


@pytest.fixture
def switchboard_test_server(request: pytest.FixtureRequest, _switchboard_pool: _Pool) -> Server:
    """The server this test uses: the session's, or the one for its ``switchboard`` marker."""
    marker = request.node.get_closest_marker("switchboard")
    if marker is None:
        return request.getfixturevalue("switchboard_server")
    unknown = set(marker.kwargs) - set(_OPTIONS)
    if unknown or marker.args:
        raise pytest.UsageError(f"@pytest.mark.switchboard takes only {', '.join(_OPTIONS)} as keywords")
    options = _cli_options(request.config)
    options.update(marker.kwargs)
    return _switchboard_pool.get(options)


@pytest.fixture(autouse=True)
def _switchboard_environment(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Points boto3 at the test's server while a test that uses it runs."""
    if not any(name in request.fixturenames for name in _FIXTURES):
        return
    server = request.getfixturevalue("switchboard_test_server")
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                 "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def connect(switchboard_test_server: Server, _switchboard_pool: _Pool):
    """A boto3 Connect client on the test's server, reset to its starting state first (the
    client is the same for every test on the server: it holds no state of the test's)."""
    switchboard_test_server.reset()
    return _switchboard_pool.client(switchboard_test_server)


@pytest.fixture
def connect_instance(connect) -> Dict[str, Any]:
    """A new CONNECT_MANAGED instance (DescribeInstance's ``Instance``) with Connect's default
    security profiles, routing profile, queue and hours."""
    created = connect.create_instance(IdentityManagementType="CONNECT_MANAGED",
                                      InstanceAlias=f"test-{uuid.uuid4().hex[:20]}",
                                      InboundCallsEnabled=True, OutboundCallsEnabled=True)
    return connect.describe_instance(InstanceId=created["Id"])["Instance"]
