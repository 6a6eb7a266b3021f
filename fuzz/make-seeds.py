#!/usr/bin/env python3
"""Writes the committed corpus seeds of the fuzz targets (fuzz/seeds/<target>/): small,
readable inputs that reach every implemented operation's route, decoder and validator, the
SigV4 parser and signer, and the CLI's shorthand and JSON values. Rerun after a model change;
run.sh fuzzes from these (the grown corpus stays in fuzz/corpus/, not committed)."""
import hashlib
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODEL = json.loads((HERE.parent / "model" / "connect-2017-08-08.json").read_text())
IMPLEMENTED = re.compile(r"User|Instance$|Instances$|Queue|RoutingProfile|SecurityProfile|HoursOfOperation|Tag")


def write(target: str, data: bytes) -> None:
    d = HERE / "seeds" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def sample(shape_name: str, depth: int = 0):
    """A small value of the shape (first enum value, min-length strings, one list item)."""
    s = MODEL["shapes"][shape_name]
    t = s["type"]
    if depth > 4:
        return None
    if t == "structure":
        out = {}
        for name, m in s.get("members", {}).items():
            if m.get("location") in ("uri", "querystring", "header"):
                continue
            v = sample(m["shape"], depth + 1)
            if v is not None:
                out[name] = v
        return out
    if t == "list":
        v = sample(s["member"]["shape"], depth + 1)
        return [] if v is None else [v]
    if t == "map":
        v = sample(s["value"]["shape"], depth + 1)
        return {} if v is None else {"k": v}
    if t == "string":
        if "enum" in s:
            return s["enum"][0]
        return "x" * max(1, int(s.get("min", 1)))
    if t in ("integer", "long"):
        return int(s.get("min", 1))
    if t in ("double", "float"):
        return 1.5
    if t == "boolean":
        return True
    if t == "timestamp":
        return 1700000000
    return None


def request_seeds() -> None:
    for name, op in sorted(MODEL["operations"].items()):
        if not IMPLEMENTED.search(name):
            continue
        uri = op["http"]["requestUri"]
        path, _, query = uri.partition("?")
        path = re.sub(r"\{[^}]+\}", "x1", path)
        queries = [query] if query else []
        body = b""
        if "input" in op:
            shape = MODEL["shapes"][op["input"]["shape"]]
            for m in shape.get("members", {}).values():
                if m.get("location") == "querystring":
                    st = MODEL["shapes"][m["shape"]]["type"]
                    queries.append(f"{m['locationName']}={'5' if st == 'integer' else 'q'}")
            body = json.dumps(sample(op["input"]["shape"]), separators=(",", ":")).encode()
        target = path + ("?" + "&".join(queries) if queries else "")
        write("request", f"{op['http']['method']} {target}\ncontent-type: application/json\n\n".encode() + body)
    for extra in [
        b'PUT /users/x1\n\n{"Username":"jdoe","Password":"Passw0rd!","IdentityInfo":{"FirstName":"J","LastName":"D"},'
        b'"PhoneConfig":{"PhoneType":"DESK_PHONE","DeskPhoneNumber":"+14155550123","AfterContactWorkTimeLimit":-0},'
        b'"SecurityProfileIds":["a","b"],"RoutingProfileId":"r","Tags":{"k":"v","aws:x":"y"}}',
        b'POST /search-users\n\n{"InstanceId":"x1","SearchCriteria":{"OrConditions":[{"AndConditions":[{"StringCondition":'
        b'{"FieldName":"Username","Value":"j","ComparisonType":"STARTS_WITH"}}]}]},"MaxResults":1e400}',
        b'GET /tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Ainstance%2Fx%2Fagent%2F%00\n\n',
        b'GET /users-summary/%C0%AF..%252F?maxResults=18446744073709551616&nextToken=%FF\n\n',
        b'POST /users/x1/x2/phone-config\n\n{"PhoneConfig":{"PhoneType":"SOFT_PHONE","AutoAccept":"NaN"},"PhoneConfig":{}}',
    ]:
        write("request", extra)


def sigv4_seeds() -> None:
    auth = "AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/connect/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=abc123"
    for header, method, path, query in [
        (auth, "PUT", "/users/inst-1", ""),
        (auth.replace("AKID", "AK/ID"), "GET", "/tags/arn%3Aaws%3Aconnect%3Aus-east-1", "maxResults=5&nextToken=a%2Bb"),
        ("AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=", "POST", "/a/./b/../c/", "b=2&a=9&a=1&c"),
        ("Basic dXNlcjpwYXNz", "DELETE", "", "="),
        ("AWS4-HMAC-SHA256 Credential=A/2026112\u00e9/r/s/aws4_request,SignedHeaders=host,Signature=x", "get", "/\u00e9t\u00e9", "k=\u00e9"),
    ]:
        text = "\n".join([header, method, path, query, "20261122T184601Z", "us-east-1", "secret",
                          "Content-Type: application/json", "X-Custom:  a   b  "]) + "\n\n{\"Username\":\"jdoe\"}"
        write("sigv4", text.encode())
    # regression: the signer sliced x-amz-date at byte 8 (a multi-byte character there panicked)
    write("sigv4", "\n".join([auth, "GET", "/", "", "2026112\u00e9T184601Z", "us-east-1", "s"]).encode() + b"\n\n")


def shorthand_seeds() -> None:
    for pick, text in [
        (0, "FirstName=John,LastName=Doe"),
        (1, "PhoneType=SOFT_PHONE,AutoAccept=false,AfterContactWorkTimeLimit=0"),
        (2, "a=b,c,d=[e,f],g={h=1,i='j,k'},l=\"m\\\"n\""),
        (3, "k@=v\\,w, x={y={z=[1,2]}}"),
        (4, "sp1\0sp2\0sp3"),
        (5, '{"Key": "v", "Nested": {"A": [1, 2.5, true, null]}}'),
        (6, "[1, 2]"),
        (7, "a=,b=''"),
        (8, "Key=team,Value=blue\0Key=x,Value=y"),
        (9, "a=" + "[" * 300),  # regression: deep nesting overflowed the stack
        (10, "a={b=" * 200),
    ]:
        write("shorthand", bytes([pick]) + text.encode())


if __name__ == "__main__":
    request_seeds()
    sigv4_seeds()
    shorthand_seeds()
    for t in ("request", "sigv4", "shorthand"):
        print(t, len(list((HERE / "seeds" / t).iterdir())), "seeds")
