#!/usr/bin/env python3
"""Regenerate model/connect-2017-08-08.json from the botocore PyPI package.

The Amazon Connect service model is switchboard's single source of truth: routes,
member locations, shapes and constraints are all generated from it. This script
copies it out of botocore and removes the documentation strings (which are most of
its size and carry no behaviour).

    pip install botocore==<version>
    python3 scripts/trim-model.py            # writes model/connect-2017-08-08.json
"""
import gzip
import json
import os
import sys

import botocore

SRC = os.path.join(os.path.dirname(botocore.__file__), "data", "connect", "2017-08-08")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "model", "connect-2017-08-08.json")
DROP = {"documentation", "documentationUrl", "deprecatedMessage"}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def load():
    for name in ("service-2.json.gz", "service-2.json"):
        path = os.path.join(SRC, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as f:
                return json.load(f)
    sys.exit(f"no connect model under {SRC}")


def main():
    model = strip(load())
    model["metadata"]["botocoreVersion"] = botocore.__version__
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}: {len(model['operations'])} operations, "
          f"{len(model['shapes'])} shapes, botocore {botocore.__version__}")


if __name__ == "__main__":
    main()
