#!/usr/bin/env python3
# Asserts a rendered manifest (stdin) names no namespace and holds no Namespace object: what
# the OCI DevOps blue-green and canary stages require (the stage sets the namespace).
import sys

import yaml

bad = []
for doc in yaml.safe_load_all(sys.stdin):
    if not doc:
        continue
    kind, meta = doc.get("kind"), doc.get("metadata") or {}
    where = f"{kind}/{meta.get('name')}"
    if kind == "Namespace":
        bad.append(f"{where}: a Namespace object")

    # Any `namespace:` under any `metadata` (objects, pod templates, job templates).
    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "metadata" and isinstance(value, dict) and "namespace" in value:
                    bad.append(f"{where}: {path}.metadata.namespace={value['namespace']}")
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(doc, "")
for line in bad:
    print(f"no-namespace: {line}", file=sys.stderr)
sys.exit(1 if bad else 0)
