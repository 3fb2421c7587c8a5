"""What OCI DevOps asks of the manifests it deploys, which no schema checks: a blue-green or
canary stage sets the namespace itself, so those renders must name none (and make none)."""
import sys

import yaml


def main(paths):
    bad = []
    for path in paths:
        with open(path) as f:
            docs = [d for d in yaml.safe_load_all(f) if d]
        if not docs:
            bad.append(f"{path}: renders nothing")
        for doc in docs:
            kind, meta = doc.get("kind"), doc.get("metadata") or {}
            name = f"{path}: {kind}/{meta.get('name')}"
            if kind == "Namespace":
                bad.append(f"{name}: the stage makes the namespace")
            if "namespace" in meta:
                bad.append(f"{name}: sets metadata.namespace ({meta['namespace']})")
    for line in bad:
        print(line, file=sys.stderr)
    print(f"{len(paths)} renders checked for OCI DevOps stages, {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
