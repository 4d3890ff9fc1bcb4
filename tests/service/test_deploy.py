"""deploy/: the container image and the Kubernetes manifest keep their safety settings.

No container runtime runs here, so these read the files as a reviewer would.
"""

from __future__ import annotations

import json
import re

import yaml
from support import ROOT

DEPLOY = ROOT / "deploy"


def manifests() -> dict[str, dict]:
    with open(DEPLOY / "kubernetes.yaml", encoding="utf-8") as handle:
        return {doc["kind"]: doc for doc in yaml.safe_load_all(handle) if doc}


def test_deployment_runs_replicas_of_a_locked_down_non_root_container():
    deployment = manifests()["Deployment"]
    assert deployment["spec"]["replicas"] >= 2
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["automountServiceAccountToken"] is False
    [container] = pod["containers"]
    context = container["securityContext"]
    assert context["readOnlyRootFilesystem"] is True
    assert context["allowPrivilegeEscalation"] is False
    assert context["capabilities"]["drop"] == ["ALL"]
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(container["resources"][kind])


def test_probes_use_healthz_and_the_token_comes_from_a_mounted_secret():
    deployment = manifests()["Deployment"]
    pod = deployment["spec"]["template"]["spec"]
    [container] = pod["containers"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/healthz"
    args = container["args"]
    token_file = args[args.index("--token-file") + 1]
    mounts = {m["name"]: m for m in container["volumeMounts"]}
    secrets = {v["name"]: v["secret"] for v in pod["volumes"] if "secret" in v}
    [(volume, secret)] = secrets.items()
    assert token_file.startswith(mounts[volume]["mountPath"] + "/")
    assert mounts[volume]["readOnly"] is True
    assert secret["defaultMode"] & 0o007 == 0  # not world-readable
    assert args[args.index("--host") + 1] == "0.0.0.0"
    assert "env" not in container  # no token in the environment


def test_service_targets_the_containers_port():
    found = manifests()
    service, deployment = found["Service"], found["Deployment"]
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    port_names = {p["name"] for p in container["ports"]}
    assert service["spec"]["selector"].items() <= \
        deployment["spec"]["template"]["metadata"]["labels"].items()
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= port_names


def test_dockerfile_installs_the_package_and_serves_as_non_root_with_a_token_file():
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    instructions = [line for line in re.sub(r"\\\n", " ", text).splitlines()
                    if line and not line.startswith("#")]
    first = {line.split()[0] for line in instructions}
    assert {"FROM", "USER", "EXPOSE", "HEALTHCHECK", "ENTRYPOINT", "CMD"} <= first
    assert instructions[0] == "FROM python:3.11-slim"
    user = next(line for line in instructions if line.startswith("USER ")).split()[1]
    assert user.split(":")[0] not in {"0", "root"}
    assert any("pip install '.[serve]'" in line for line in instructions)
    assert "EXPOSE 8080" in instructions
    assert "/healthz" in next(line for line in instructions if line.startswith("HEALTHCHECK"))
    entrypoint = next(line for line in instructions if line.startswith("ENTRYPOINT"))
    command = next(line for line in instructions if line.startswith("CMD"))
    words = json.loads(entrypoint.removeprefix("ENTRYPOINT"))  # exec form: no shell
    args = json.loads(command.removeprefix("CMD"))
    assert words == ["ftcomply", "serve"]
    assert args[args.index("--host") + 1] == "0.0.0.0"
    assert "--token-file" in args
