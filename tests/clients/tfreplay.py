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


def retry_while(codes: Iterable[str], call: Callable[[], Any], timeout: float = 60.0) -> Any:
    """The provider's RetryWhenIsA: repeat `call` while it fails with one of `codes`, for at
    most `timeout` seconds (then the last error is raised)."""
    codes = tuple(codes)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return call()
        except ClientError as e:
            if error_code(e) not in codes or time.monotonic() >= deadline:
                raise
        time.sleep(0.05)


def delete_tolerating_gone(call: Callable[[], Any], tolerate_not_found: bool = True) -> None:
    """A resource's Delete: `ResourceNotFoundException` is success for most resources; for the
    ones that do not tolerate it (user, hierarchy group) it fails the destroy."""
    try:
        call()
    except ClientError as e:
        if not (tolerate_not_found and error_code(e) == "ResourceNotFoundException"):
            raise


def update_tags(connect, arn: str, old: dict | None, new: dict | None) -> None:
    """The tag interceptor on Update, before the resource's own calls: UntagResource for the
    removed keys, then TagResource for the added or changed ones; `aws:` keys are left alone."""
    old, new = dict(old or {}), dict(new or {})
    removed = [k for k in old if k not in new and not k.startswith("aws:")]
    upserted = {k: v for k, v in new.items() if old.get(k) != v and not k.startswith("aws:")}
    if removed:
        connect.untag_resource(resourceArn=arn, tagKeys=removed)
    if upserted:
        connect.tag_resource(resourceArn=arn, tags=upserted)


def tags_in(config: dict) -> dict:
    """The `Tags` member a Create request gets: the configuration's tags, left out when empty."""
    return {"Tags": config["tags"]} if config.get("tags") else {}


def tags_out(tags: dict | None) -> dict:
    """`tags`/`tags_all` as Read sets them from the Describe response (`aws:` keys ignored)."""
    return {k: v for k, v in (tags or {}).items() if not k.startswith("aws:")}


def changed(old: dict, new: dict, *arguments: str) -> bool:
    """The provider's d.HasChange(s): any of the arguments differs between two configurations."""
    return any(tf_set_normal(old.get(a)) != tf_set_normal(new.get(a)) for a in arguments)


def tf_set(items: Iterable[Any]) -> list:
    """A Terraform set as compared by plan: order does not matter (a sorted list)."""
    return sorted(items, key=lambda v: repr(sorted(v.items())) if isinstance(v, dict) else repr(v))


def tf_set_normal(value: Any) -> Any:
    return tf_set(value) if isinstance(value, (list, tuple, set, frozenset)) else value


def without_computed(value: Any, computed: Iterable[str]) -> Any:
    """`value` without the block members that are computed only (Terraform never diffs them);
    lists whose items lost a member are compared as sets again."""
    computed = frozenset(computed)
    if not computed:
        return value
    if isinstance(value, dict):
        return {k: without_computed(v, computed) for k, v in value.items() if k not in computed}
    if isinstance(value, list):
        return tf_set(without_computed(v, computed) for v in value)
    return value


def assert_no_diff(expected: dict, state: dict, what: str = "", computed: Iterable[str] = ()) -> None:
    """What `plan` compares: every argument of the configuration (`expected`, in the shape
    Read gives it: blocks as lists of dicts with every member, absent strings "", absent
    numbers 0) equals what Read put into state, leaving out the `computed` block members the
    configuration does not set. A difference is a diff on every plan."""
    for argument, want in expected.items():
        got = without_computed(state.get(argument), computed)
        assert got == want, f"{what}{argument}: the configuration has {want!r}, Read gives {got!r} (a diff on every plan)"


def find_by_name(list_call: Callable[..., dict], key: str, name: str, page_size: int,
                 name_member: str = "Name", exactly_one: bool = True, **kwargs) -> dict:
    """A data source's lookup by name: the List operation, all pages with the provider's page
    size, the entries whose name equals `name` exactly. The SDK v2 data sources want exactly
    one; the SDK v1 ones take the first."""
    matches = [s for s in paginate(list_call, key, page_size, **kwargs) if s.get(name_member) == name]
    if exactly_one:
        assert len(matches) == 1, f"{len(matches)} entries named {name!r}: the data source fails"
    else:
        assert matches, f"no entry named {name!r}: the data source fails"
    return matches[0]


def read_without_diff(resource, rid: str, config: dict, what: str = "") -> dict:
    """The resource's Read, and the plan after it: what the configuration implies equals the
    state (seen through the resource's DiffSuppressFuncs, computed-only members left out).
    Returns the state."""
    state = resource.read(rid)
    suppress = getattr(resource, "suppress", lambda s: s)
    assert_no_diff(resource.expected(config), suppress(state), what, getattr(resource, "computed", ()))
    return state


def data_source_both_ways(lookup: Callable[..., dict], id_attribute: str, name: str) -> dict:
    """A data source looked up by `name`, then by the id argument it found (its other way in,
    named as the attribute, e.g. queue_id): both must give the same state. Returns it."""
    by_name = lookup(name=name)
    assert by_name == lookup(**{id_attribute: by_name[id_attribute]}), "by name and by id read differently"
    return by_name


def assert_reads_as_resource(data_source_state: dict, resource_state: dict, expected: dict,
                             computed: Iterable[str] = ()) -> None:
    """A data source on a resource the configuration manages: every attribute the resource
    has reads the same, and none differs from the configuration."""
    assert {k: data_source_state.get(k) for k in resource_state} == resource_state
    assert_no_diff(expected, data_source_state, computed=computed)


def replay_lifecycle(resource, config: dict, updated: dict) -> dict:
    """The provider's life of one resource: Create (with the Read that ends it), no diff;
    Update in place to `updated` (with its Read), no diff; import by the import ID (a Read
    that must give the same state); Delete; the Read after delete finds the resource gone.

    `resource` gives the provider's functions: create(config) -> Terraform ID,
    read(id) -> state, expected(config) -> the state the configuration implies,
    update(id, state, old, new), delete(id), gone(id) (the read after delete, asserting the
    provider's "gone" answer), import_id(state) -> the ID an import names; optionally
    `computed`, the block members that are computed only, and `suppress(state)`, the state
    as plan sees it through the resource's DiffSuppressFuncs."""
    rid = resource.create(config)
    state = read_without_diff(resource, rid, config, "after create: ")
    resource.update(rid, state, config, updated)
    state = read_without_diff(resource, rid, updated, "after update: ")
    assert resource.read(resource.import_id(state)) == state, "import reads another state"
    resource.delete(rid)
    resource.gone(rid)
    return state
