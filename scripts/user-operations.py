#!/usr/bin/env python3
"""Write docs/user-operations.md: every operation of the Connect model that concerns users,
and what switchboard does with it (implemented, in which file; or refused, and why).

    python3 scripts/user-operations.py           # rewrites docs/user-operations.md
    python3 scripts/user-operations.py --check   # fails if the file is not what it would write

An operation concerns users when its name has the word User (CreateUser, ListUserProficiencies,
AssociateTrafficDistributionGroupUser, the UserHierarchy operations) or when a member of its
input, at any depth, refers to users: a member named like a user reference (USER_MEMBERS), or
one whose documentation says it takes users' ids or ARNs (USER_DOCS, e.g. CreateNotification's
Recipients, "user ARNs or instance ARNs").

It reads the checked-in model (model/connect-2017-08-08.json and its documentation), the
registry of implemented operations (crates/server/src/ops/mod.rs) and the refused operations
with their reasons (crates/server/src/ops/refused.rs). tests/clients/test_user_operations.py
runs --check, so the table cannot drift from the model or the code.
"""
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "model" / "connect-2017-08-08.json"
DOCS = ROOT / "model" / "connect-2017-08-08.docs.json.gz"
REGISTRY = ROOT / "crates" / "server" / "src" / "ops" / "mod.rs"
REFUSED = ROOT / "crates" / "server" / "src" / "ops" / "refused.rs"
OUT = ROOT / "docs" / "user-operations.md"

# The word User in an operation's name (User, Users; not e.g. "Username" inside a word).
USER_NAME = re.compile(r"User(s)?(?=[A-Z]|$)")
# Members that name users by their name alone.
USER_MEMBERS = {"UserId", "UserIds", "UserArn", "AgentIds", "Agents", "ConnectUserArn"}
# Documentation that says a member takes users' (agents') ids or ARNs. "User Messaging" is
# AWS End User Messaging (phone numbers), and neither an "agent status" id nor an "AI agent"
# id is an agent's.
USER_DOCS = re.compile(
    r"(?<!AI )\b(?:user|agent)s?\b(?! Messaging| status)[^.,;]{0,30}?\b(?:IDs?|ARNs?)\b"
    r"|\b(?:IDs?|ARNs?|identifiers?) of (?:the |an? )?(?:user|agent)s?\b(?! status| Messaging)",
    re.IGNORECASE)


def load():
    model = json.loads(MODEL.read_text())
    docs = json.loads(gzip.decompress(DOCS.read_bytes()))
    return model, docs


def member_docs(docs, shape):
    return dict(docs.get("shapes", {}).get(shape, {}).get("members", []))


def user_reference(model, docs, op):
    """Why the operation concerns users ('name', or 'input Member.Path'), or None."""
    if USER_NAME.search(op):
        return "name"
    shapes = model["shapes"]
    start = model["operations"][op].get("input", {}).get("shape")
    if not start:
        return None
    found = []

    def walk(shape, path, seen):
        s = shapes[shape]
        if shape in seen:
            return
        seen = seen | {shape}
        kind = s["type"]
        if kind == "structure":
            documented = member_docs(docs, shape)
            for name, m in s["members"].items():
                text = re.sub(r"<[^>]+>", "", documented.get(name, ""))
                if name in USER_MEMBERS or USER_DOCS.search(text):
                    found.append(f"{path}{name}")
                walk(m["shape"], f"{path}{name}.", seen)
        elif kind == "list":
            walk(s["member"]["shape"], path, seen)
        elif kind == "map":
            walk(s["value"]["shape"], path, seen)

    walk(start, "", frozenset())
    return f"input {found[0]}" if found else None


def registry():
    """API name -> its file, from the registry's `"Name" => family::module` lines."""
    text = REGISTRY.read_text()
    return {name: f"crates/server/src/ops/{family}/{module}.rs"
            for name, family, module in re.findall(r'^\s*"(\w+)" => (\w+)::(\w+),', text, re.M)}


def refused():
    """API name -> reason, from refused.rs (its string constants and its REFUSED table)."""
    text = re.sub(r"\\\n\s*", "", REFUSED.read_text())  # Rust's line continuations
    consts = dict(re.findall(r'^const (\w+): &str = "([^"]*)";', text, re.M))
    table = text[text.index("pub const REFUSED"):]
    table = table[:table.index("];")]
    out = {}
    for name, value in re.findall(r'\(\s*"(\w+)",\s*("[^"]*"|\w+),?\s*\)', table):
        out[name] = value.strip('"') if value.startswith('"') else consts[value]
    return out


def table():
    model, docs = load()
    implemented, refusals = registry(), refused()
    rows = []
    for op in sorted(model["operations"]):
        why = user_reference(model, docs, op)
        if why is None:
            continue
        if op in implemented:
            status, detail = "implemented", f"`{implemented[op]}`"
        elif op in refusals:
            status, detail = "refused (501 NotImplementedException)", refusals[op]
        else:
            status, detail = "not implemented yet", "(neither implemented nor refused)"
        rows.append((op, why, status, detail))
    return rows


def render(rows):
    lines = [
        "# User operations",
        "",
        "Every operation of the Connect model (botocore " + load()[0]["metadata"]["botocoreVersion"]
        + ") that concerns users, and what switchboard does with it. An operation concerns users",
        "when its name has the word User, or when a member of its input, at any depth, refers to",
        "users (a member named UserId, UserIds, UserArn, AgentIds, Agents or ConnectUserArn, or one",
        "whose documentation says it takes users' ids or ARNs). A refused operation answers",
        "NotImplementedException (501) with the reason below (`crates/server/src/ops/refused.rs`;",
        "docs/rules.md, *Refused operations*).",
        "",
        "Made by `python3 scripts/user-operations.py` from the model and the code;",
        "tests/clients/test_user_operations.py fails when this file is not what the script writes.",
        "",
        "| Operation | Why it concerns users | switchboard | File, or reason |",
        "|---|---|---|---|",
    ]
    lines += [f"| {op} | {why} | {status} | {detail} |" for op, why, status, detail in rows]
    counts = {}
    for _, _, status, _ in rows:
        key = status.split(" ")[0]
        counts[key] = counts.get(key, 0) + 1
    lines += ["", ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) + f", {len(rows)} in all.", ""]
    return "\n".join(lines)


def main():
    text = render(table())
    if "--check" in sys.argv[1:]:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit(f"{OUT.relative_to(ROOT)} is out of date: run python3 scripts/user-operations.py")
        return
    OUT.write_text(text)


if __name__ == "__main__":
    main()
