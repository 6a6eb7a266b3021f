#!/usr/bin/env python3
"""Regenerate model/connect-2017-08-08.json from the botocore PyPI package.

The Amazon Connect service model is switchboard's single source of truth: routes,
member locations, shapes and constraints are all generated from it. This script
copies it out of botocore and removes the documentation strings (which are most of
its size and carry no behaviour): the server parses the trimmed model at start-up. The
documentation goes to a separate compressed file that only the CLI's `help` reads.

    scripts/update-model.sh [VERSION]        # installs botocore (newest, or VERSION) into a
                                             # throwaway virtualenv and runs this script
    python3 scripts/trim-model.py            # with botocore already installed: writes
                                             # model/connect-2017-08-08.json
                                             # model/connect-2017-08-08.paginators.json
                                             # and model/connect-2017-08-08.docs.json.gz

The paginator configuration (which operations page, through which token and limit members,
which output members accumulate) drives the CLI's automatic pagination.

The documentation file is gzip'd JSON, written reproducibly (sorted keys, no
timestamp in the gzip header):

    {"botocoreVersion": "1.44.8", "service": "<html>",
     "operations": {"CreateUser": "<html>", ...},
     "shapes": {"UserIdentityInfo": {"documentation": "<html>",
                                     "members": [["FirstName", "<html>"], ...]}, ...}}

A structure's members are listed in the model's order (the order help shows options in),
each with its own documentation or "" (help then shows its shape's, as botocore does).
"""
import gzip
import json
import os
import sys

import botocore

SRC = os.path.join(os.path.dirname(botocore.__file__), "data", "connect", "2017-08-08")
MODEL_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "model")
OUT = os.path.join(MODEL_DIR, "connect-2017-08-08.json")
PAGINATORS_OUT = os.path.join(MODEL_DIR, "connect-2017-08-08.paginators.json")
DOCS_OUT = os.path.join(MODEL_DIR, "connect-2017-08-08.docs.json.gz")
DROP = {"documentation", "documentationUrl", "deprecatedMessage"}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def docs(model):
    """The documentation strings of the service, its operations, shapes and members."""
    shapes = {}
    for name, shape in model["shapes"].items():
        entry = {}
        if shape.get("documentation"):
            entry["documentation"] = shape["documentation"]
        if "members" in shape:
            # Every structure, documented or not: the list keeps the model's member order,
            # which the trimmed model (sorted keys) loses and help shows options in.
            entry["members"] = [[m, ref.get("documentation", "")] for m, ref in shape["members"].items()]
        if entry:
            shapes[name] = entry
    return {
        "botocoreVersion": botocore.__version__,
        "service": model.get("documentation", ""),
        "operations": {name: op["documentation"] for name, op in model["operations"].items() if op.get("documentation")},
        "shapes": shapes,
    }


def load(base="service-2"):
    for name in (f"{base}.json.gz", f"{base}.json"):
        path = os.path.join(SRC, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as f:
                return json.load(f)
    sys.exit(f"no connect model under {SRC}")


def main():
    full = load()
    documentation = docs(full)
    text = json.dumps(documentation, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    with open(DOCS_OUT, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
        f.write(text)
    print(f"wrote {os.path.normpath(DOCS_OUT)}: documentation of {len(documentation['operations'])} operations "
          f"and {len(documentation['shapes'])} shapes, {len(text)} bytes, {os.path.getsize(DOCS_OUT)} compressed")
    model = strip(full)
    model["metadata"]["botocoreVersion"] = botocore.__version__
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}: {len(model['operations'])} operations, "
          f"{len(model['shapes'])} shapes, botocore {botocore.__version__}")
    paginators = strip(load("paginators-1"))
    with open(PAGINATORS_OUT, "w", encoding="utf-8") as f:
        json.dump(paginators, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {os.path.normpath(PAGINATORS_OUT)}: {len(paginators['pagination'])} paginators")


if __name__ == "__main__":
    main()
