#!/usr/bin/env python3
"""Regenerate model/connect-2017-08-08.json from the botocore PyPI package.

The Amazon Connect service model is switchboard's single source of truth: routes,
member locations, shapes and constraints are all generated from it. This script
copies it out of botocore and removes the documentation strings (which are most of
its size and carry no behaviour).

    scripts/update-model.sh [VERSION]        # installs botocore (newest, or VERSION) into a
                                             # throwaway virtualenv and runs this script
    python3 scripts/trim-model.py            # with botocore already installed: writes
                                             # model/connect-2017-08-08.json
                                             # and model/connect-2017-08-08.paginators.json

The paginator configuration (which operations page, through which token and limit members,
which output members accumulate) drives the CLI's automatic pagination.
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
DROP = {"documentation", "documentationUrl", "deprecatedMessage"}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def load(base="service-2"):
    for name in (f"{base}.json.gz", f"{base}.json"):
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
    paginators = strip(load("paginators-1"))
    with open(PAGINATORS_OUT, "w", encoding="utf-8") as f:
        json.dump(paginators, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {os.path.normpath(PAGINATORS_OUT)}: {len(paginators['pagination'])} paginators")


if __name__ == "__main__":
    main()
