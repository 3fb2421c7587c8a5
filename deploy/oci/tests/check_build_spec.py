#!/usr/bin/env python3
"""Offline shape checks of the OCI DevOps specs: build_spec.yaml, vm_deploy_spec.yaml, smoke_spec.yaml.

Run: target/ship-venv/bin/python deploy/oci/tests/check_build_spec.py   (needs PyYAML)
Checks the fields OCI DevOps requires (docs "Build Specification", "Deployment Specification",
"Command Specification") and what ties the files to the Terraform: every output artifact the
deliver stage names exists with a valid type and location; every exported variable is set by
a step; ${...} pipeline parameters used by the deploy specs are declared by the pipelines.
"""
import pathlib
import re
import sys

import yaml

here = pathlib.Path(__file__).resolve().parent.parent
errors = []


def err(file, msg):
    errors.append(f"{file}: {msg}")


def load(name):
    path = here / name
    try:
        return yaml.safe_load(path.read_text())
    except Exception as e:
        err(name, f"not YAML: {e}")
        return None


def check_steps(name, steps, type_key, type_value):
    if not isinstance(steps, list) or not steps:
        err(name, "steps must be a non-empty list")
        return
    for i, s in enumerate(steps):
        where = f"step {i + 1} ({s.get('name', '?') if isinstance(s, dict) else '?'})"
        if not isinstance(s, dict):
            err(name, f"{where} is not a mapping")
            continue
        if s.get(type_key) != type_value:
            err(name, f"{where}: {type_key} must be {type_value}")
        if not s.get("name"):
            err(name, f"{where}: no name")
        if not (isinstance(s.get("command"), str) and s["command"].strip()):
            err(name, f"{where}: no command")
        t = s.get("timeoutInSeconds")
        if t is not None and not (isinstance(t, int) and t > 0):
            err(name, f"{where}: timeoutInSeconds must be a positive integer")


# --- build_spec.yaml
name = "build_spec.yaml"
b = load(name)
if b is not None:
    if str(b.get("version")) != "0.1":
        err(name, "version must be 0.1")
    if b.get("component") != "build":
        err(name, "component must be build")
    if not isinstance(b.get("timeoutInSeconds"), int):
        err(name, "timeoutInSeconds (integer) missing")
    check_steps(name, b.get("steps"), "type", "Command")
    env = b.get("env") or {}
    exported = env.get("exportedVariables") or []
    commands = "\n".join(s.get("command", "") for s in b.get("steps") or [] if isinstance(s, dict))
    for v in exported:
        if not re.search(rf"(^|\s)export {re.escape(v)}=", commands, re.M):
            err(name, f"exported variable {v} is never set with `export {v}=` in a step")
    for v in (env.get("variables") or {}):
        if not isinstance(env["variables"][v], str):
            err(name, f"env.variables.{v} must be a string")
    if "IMAGE_TAG" not in exported:
        err(name, "IMAGE_TAG must be exported (artifact versions and the release pipelines use it)")
    outs = b.get("outputArtifacts") or []
    names = [o.get("name") for o in outs]
    if len(names) != len(set(names)):
        err(name, "outputArtifacts names must be unique")
    for o in outs:
        if o.get("type") not in ("DOCKER_IMAGE", "BINARY"):
            err(name, f"outputArtifact {o.get('name')}: type {o.get('type')} (DOCKER_IMAGE or BINARY)")
        if not o.get("location"):
            err(name, f"outputArtifact {o.get('name')}: no location")
        if o.get("type") == "DOCKER_IMAGE" and not re.search(rf"-t {re.escape(o['location'])}\b|tag \S+ {re.escape(o['location'])}\b", commands):
            err(name, f"outputArtifact {o.get('name')}: no step tags the image {o.get('location')}")
    # The deliver stage (terraform/devops.tf) names these artifacts.
    tf = (here / "terraform" / "devops.tf").read_text()
    wanted = set(re.findall(r'artifact_name = "([a-z_]+)"', tf))
    block = tf[tf.index("generic_artifacts = {"):]
    block = block[: block.index("\n  }\n")]
    wanted |= set(re.findall(r"^\s+([a-z_]+)\s+= \{ type", block, re.M))
    for w in sorted(wanted - set(names)):
        err(name, f"the deliver stage expects outputArtifact {w}, which the build spec does not produce")
    params = set(re.findall(r'name\s+= "([A-Z_]+)"', tf))
    for p in sorted(set(re.findall(r"\$\{?([A-Z][A-Z_]+)", commands)) & {"OCIR_IMAGE", "OCIR_FUNCTION_IMAGE", "OKE_SETTINGS_B64"}):
        if p not in params:
            err(name, f"{p} is used but no build pipeline parameter declares it")

# --- vm_deploy_spec.yaml (deployment spec, instance group)
name = "vm_deploy_spec.yaml"
d = load(name)
release_tf = (here / "terraform" / "devops_release.tf").read_text()
release_params = set(re.findall(r"^\s+([A-Z_]+)\s+=", release_tf[release_tf.index("release_parameters = {"):], re.M))
if d is not None:
    if str(d.get("version")) != "1.0":
        err(name, "version must be 1.0")
    if d.get("component") != "deployment":
        err(name, "component must be deployment")
    files = d.get("files") or []
    if not files or not all(isinstance(f, dict) and f.get("source") and f.get("destination") for f in files):
        err(name, "files: each entry needs source and destination")
    check_steps(name, d.get("steps"), "stepType", "Command")
    text = (here / name).read_text()
    if "install.sh" not in text:
        err(name, "does not run deploy/vm/install.sh")
    for p in set(re.findall(r"\$\{([A-Z_]+)\}", text)) - release_params:
        err(name, f"${{{p}}} is not a deployment pipeline parameter")

# --- smoke_spec.yaml (command spec, SHELL stage)
name = "smoke_spec.yaml"
c = load(name)
if c is not None:
    if str(c.get("version")) != "0.1":
        err(name, "version must be 0.1")
    if c.get("component") != "command":
        err(name, "component must be command")
    check_steps(name, c.get("steps"), "type", "Command")
    text = (here / name).read_text()
    if "smoke.sh" not in text:
        err(name, "does not run smoke.sh")
    for p in set(re.findall(r"\$\{([A-Z_]+)\}", text)) - release_params:
        err(name, f"${{{p}}} is not a deployment pipeline parameter")

for e in errors:
    print("FAIL", e)
print("build_spec.yaml, vm_deploy_spec.yaml, smoke_spec.yaml: " + ("OK" if not errors else f"{len(errors)} problem(s)"))
sys.exit(1 if errors else 0)
