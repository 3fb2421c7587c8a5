"""Splits a render of k8s/overlays/local into what `podman kube play` runs, in release order:
1-postgres.yaml (the database), 2-migrate.yaml (the migration Job's pod: podman 4.3 plays no
Jobs), 3-services.yaml (every other Deployment). ConfigMaps go into each file, because kube play
reads a pod's envFrom ConfigMaps from the file it plays; kinds kube play ignores are listed.
podman 4.3 makes each emptyDir a named volume called by the volume's name, shared by every pod
that uses that name; a Kubernetes emptyDir belongs to one pod, so each is renamed
`<pod>-<volume>` here, and volumes.txt lists them for removal after the rehearsal."""
import os
import sys

import yaml


def main(render, out):
    with open(render) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    config = [d for d in docs if d["kind"] == "ConfigMap"]
    files = {"1-postgres.yaml": [], "2-migrate.yaml": [], "3-services.yaml": []}
    volumes = []
    left = []
    for doc in docs:
        kind, name = doc["kind"], doc["metadata"]["name"]
        if kind == "Deployment" and name == "postgres":
            files["1-postgres.yaml"].append(doc)
        elif kind == "Deployment":
            files["3-services.yaml"].append(doc)
        elif kind == "Job":
            template = doc["spec"]["template"]
            labels = dict(template.get("metadata", {}).get("labels", {}))
            pod = {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": name, "labels": labels},
                "spec": dict(template["spec"], restartPolicy="Never"),
            }
            files["2-migrate.yaml"].append(pod)
        elif kind != "ConfigMap":
            left.append(f"{kind}/{name}")
    for played in files.values():
        for doc in played:
            spec = doc["spec"] if doc["kind"] == "Pod" else doc["spec"]["template"]["spec"]
            volumes += own_volumes(doc["metadata"]["name"], spec)
    with open(os.path.join(out, "volumes.txt"), "w") as f:
        f.write("".join(v + "\n" for v in volumes))
    for name, played in files.items():
        if not played:
            sys.exit(f"{render}: nothing for {name}")
        with open(os.path.join(out, name), "w") as f:
            yaml.safe_dump_all(config + played, f, sort_keys=False)
        print(f"{name}: " + ", ".join(f"{d['kind']}/{d['metadata']['name']}" for d in played))
    if left:
        print("not played (kube play ignores them): " + ", ".join(left))


def own_volumes(pod, spec):
    """Renames the pod's emptyDir volumes (and their mounts) `<pod>-<volume>`; returns the names."""
    renamed = {}
    for volume in spec.get("volumes", []):
        if "emptyDir" in volume:
            renamed[volume["name"]] = f"{pod}-{volume['name']}"
            volume["name"] = renamed[volume["name"]]
    for container in spec.get("initContainers", []) + spec["containers"]:
        for mount in container.get("volumeMounts", []):
            mount["name"] = renamed.get(mount["name"], mount["name"])
    return list(renamed.values())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
