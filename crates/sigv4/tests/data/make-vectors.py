#!/usr/bin/env python3
"""Writes botocore-vectors.json: requests signed by botocore's SigV4Auth at a fixed time.

The Rust tests (crates/sigv4/tests/botocore.rs) sign the same requests and must produce the
same Authorization header. Regenerate with: python3 make-vectors.py > botocore-vectors.json
"""
import datetime
import json
from unittest import mock

import botocore.auth
import botocore.awsrequest
import botocore.credentials

NOW = datetime.datetime(2026, 11, 22, 18, 46, 1)
ARN = "arn:aws:connect:us-east-1:123456789012:instance/abc/agent/def"

CASES = [
    ("create-user", "PUT", "https://connect.us-east-1.amazonaws.com/users/inst-1",
     {"Content-Type": "application/json"},
     '{"Username": "jdoe", "Password": "Passw0rd!", "SecurityProfileIds": ["sp1"], "RoutingProfileId": "rp1"}',
     "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, "us-east-1"),
    ("describe-user-session-token", "GET", "http://127.0.0.1:8420/users/inst-1/user-2", {}, "",
     "ASIAEXAMPLE", "secret/with+chars", "FwoGZXIvYXdzEBYaDH+session/token==", "eu-west-2"),
    ("list-users-query", "GET", "http://127.0.0.1:8420/users-summary/inst-1?maxResults=10&nextToken=a%2Bb%2Fc%3D", {}, "",
     "AKIDEXAMPLE", "secret", None, "us-east-1"),
    ("untag-repeated-query-and-encoded-label", "DELETE",
     "http://localhost:8420/tags/" + ARN.replace(":", "%3A").replace("/", "%2F") + "?tagKeys=b&tagKeys=a%20c",
     {}, "", "AKIDEXAMPLE", "secret", None, "ap-southeast-2"),
    ("header-whitespace", "POST", "http://127.0.0.1:8420/search-users",
     {"Content-Type": "application/json", "X-Custom": "  a   b  "}, "{}",
     "AKIDEXAMPLE", "secret", "tok", "us-west-2"),
    ("double-slashes-and-dot-segments", "GET", "http://127.0.0.1:8420//users/inst-1//./x/../user-2//", {}, "",
     "AKIDEXAMPLE", "secret", None, "us-east-1"),
]


def main():
    out = []
    for name, method, url, headers, body, ak, sk, token, region in CASES:
        req = botocore.awsrequest.AWSRequest(method=method, url=url, data=body.encode(), headers=dict(headers))
        creds = botocore.credentials.Credentials(ak, sk, token)
        with mock.patch("botocore.auth.get_current_datetime", return_value=NOW):
            botocore.auth.SigV4Auth(creds, "connect", region).add_auth(req)
        split = botocore.compat.urlsplit(url)
        out.append({
            "name": name, "method": method, "host": split.netloc, "path": split.path, "query": split.query,
            "headers": headers, "body": body, "access_key": ak, "secret_key": sk, "session_token": token,
            "region": region, "service": "connect", "amz_date": NOW.strftime("%Y%m%dT%H%M%SZ"),
            "authorization": req.headers["Authorization"],
        })
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
