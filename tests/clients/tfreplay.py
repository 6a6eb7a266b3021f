"""What the Terraform replay tests (tests/clients/test_tf_*.py) share.

Each replay test plays, with boto3, the exact calls the Terraform AWS provider makes for one
resource or data source (docs/terraform-provider.md gives them, with the provider file each
comes from): create with its waiter, read, update in place, read, import, delete, and the
read after delete that must give the provider's "gone" answer. These helpers are the parts
of the provider's behaviour that every resource shares (docs/terraform-provider.md,
"Behaviour shared by all resources").
"""
from __future__ import annotations

import time
from typing import Any, Callable, Iterable

from botocore.exceptions import ClientError

# Terraform's state-change poller tolerates "not found" this many times in a row while it
# waits for a target status.
NOT_FOUND_CHECKS = 20


def error_code(e: ClientError) -> str:
    return e.response["Error"]["Code"]


def wait_for(status: Callable[[], str | None], pending: Iterable[str], target: Iterable[str],
             timeout: float = 30.0) -> str | None:
    """Terraform's StateChangeConf: polls `status` (None = not found) until it is a target.
    A status that is neither pending nor target fails, as in the provider ("unexpected
    state"). With no target, "not found" is the end (a delete waiter)."""
    pending, target = set(pending), set(target)
    deadline = time.monotonic() + timeout
    not_found = 0
    while True:
        current = status()
        if current is None:
            if not target:
                return None
            not_found += 1
            assert not_found <= NOT_FOUND_CHECKS, "the resource stayed not found while waited for"
        elif current in target:
            return current
        else:
            assert current in pending, f"unexpected state {current!r} (pending {pending}, target {target})"
        assert time.monotonic() < deadline, f"still {current!r} after {timeout} s"
        time.sleep(0.05)


def status_of(call: Callable[[], dict], path: Iterable[str],
              gone: Iterable[str] = ("ResourceNotFoundException",)) -> Callable[[], str | None]:
    """A waiter's status function: the member at `path` of `call()`'s answer, or None when the
    call answers one of the `gone` codes."""
    gone = tuple(gone)

    def status() -> str | None:
        try:
            value: Any = call()
        except ClientError as e:
            if error_code(e) in gone:
                return None
            raise
        for member in path:
            value = value[member]
        return value

    return status


def assert_gone(call: Callable[[], Any], codes: Iterable[str] = ("ResourceNotFoundException",)) -> str:
    """The read after delete: the call must fail with one of the codes the provider treats as
    gone. Returns the code."""
    codes = tuple(codes)
    try:
        answer = call()
    except ClientError as e:
        assert error_code(e) in codes, f"{error_code(e)} is not one of {codes}: the provider would fail"
        return error_code(e)
    raise AssertionError(f"the resource is still there after delete: {answer}")


def assert_no_empty_objects(value: Any, where: str = "") -> None:
    """No member is an empty object: the provider turns `{}` into a nested block that the
    configuration lacks, a diff on every plan (empty lists and maps are fine: they read as
    unset)."""
    if isinstance(value, dict):
        for k, v in value.items():
            here = f"{where}.{k}" if where else k
            assert v != {} or k in ("Tags",), f"{here} is an empty object"
            assert_no_empty_objects(v, here)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            assert_no_empty_objects(v, f"{where}[{i}]")


def import_id(*parts: str) -> str:
    """An import ID as the provider writes it (`instance_id:resource_id`)."""
    return ":".join(parts)


def split_import_id(value: str, n: int) -> list[str]:
    """An import ID split as the provider splits it: exactly `n` parts."""
    parts = value.split(":")
    assert len(parts) == n and all(parts), f"{value!r} is not {n} non-empty parts"
    return parts


def paginate(call: Callable[..., dict], key: str, page_size: int | None = None, **kwargs) -> list:
    """The SDK v2 paginators the provider uses: the first request without NextToken, then
    again while the answer's NextToken is present and non-empty."""
    out, token = [], None
    while True:
        args = dict(kwargs)
        if page_size:
            args["MaxResults"] = page_size
        if token:
            args["NextToken"] = token
        page = call(**args)
        out.extend(page.get(key, []))
        token = page.get("NextToken")
        if not token:
            return out
