"""switchboard for test suites: the ``switchboard`` binary (installed with this package) as a
throwaway server, and a pytest plugin (``switchboard_connect.pytest_plugin``, registered through
the ``pytest11`` entry point) with the fixtures ``switchboard_server``, ``connect`` and
``connect_instance``.

    from switchboard_connect import Server

    with Server() as sb:
        connect = sb.client()
        connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="demo",
                                InboundCallsEnabled=True, OutboundCallsEnabled=True)
"""
from ._server import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, Server, ServerError, binary

__all__ = ["Server", "ServerError", "binary", "DEFAULT_ACCOUNT_ID", "DEFAULT_REGION"]
