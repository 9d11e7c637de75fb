"""deploy/k8s is valid for the Kubernetes API: every resource the kustomization lists is checked against the API's
JSON schemas in strict mode (an unknown or misspelt field, a wrong type or a missing required field fails).

Offline: kubernetes-validate ships the schemas inside the package. Its 1.28 line is the newest that runs with the
jsonschema Rasa 3.6 pins (<4.18; later releases need `referencing`), so the schemas are Kubernetes 1.28's. The
Kustomization itself is kustomize's, not an API object: tests/deploy/test_k8s.py checks what it lists.
"""

from __future__ import annotations

import socket
from typing import Any

import kubernetes_validate
import pytest
import yaml

from bot import PROJECT_ROOT

K8S = PROJECT_ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = kubernetes_validate.latest_version()


def _resources() -> list[tuple[str, dict[str, Any]]]:
    listed = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))["resources"]
    return [
        (f"{name}:{r['kind']}/{r['metadata']['name']}", r)
        for name in listed
        for r in yaml.safe_load_all((K8S / name).read_text(encoding="utf-8"))
        if r
    ]


RESOURCES = _resources()


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check runs where nothing can be downloaded: any connection attempt fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("schema validation tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_the_schemas_are_recent_enough() -> None:
    major, minor = (int(part) for part in KUBERNETES_VERSION.split(".")[:2])
    assert (major, minor) >= (1, 28)


@pytest.mark.parametrize("resource", [r for _, r in RESOURCES], ids=[name for name, _ in RESOURCES])
def test_resource_is_valid_for_the_kubernetes_api(resource: dict[str, Any]) -> None:
    try:
        kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.SchemaNotFoundError as error:
        pytest.fail(error.message)
    except kubernetes_validate.ValidationError as error:
        where = ".".join(str(part) for part in error.path) or "(top level)"
        pytest.fail(f"{resource['kind']}/{resource['metadata']['name']} at {where}: {error.message}")


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda d: d["spec"].update(replica=2), "spec"),  # misspelt field
        (lambda d: d["spec"].update(replicas="2"), "spec.replicas"),  # wrong type
        (lambda d: d["spec"]["template"]["spec"]["containers"][0].pop("name"), "spec.template.spec.containers.0"),
    ],
    ids=["unknown field", "wrong type", "missing required field"],
)
def test_a_broken_manifest_is_rejected(change: Any, where: str) -> None:
    """The check is real: the schemas are found and strict (a misspelt field is not silently ignored)."""
    deployment = next(r for _, r in RESOURCES if r["kind"] == "Deployment")
    broken = yaml.safe_load(yaml.safe_dump(deployment))
    change(broken)
    with pytest.raises(kubernetes_validate.ValidationError) as raised:
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)
    assert ".".join(str(part) for part in raised.value.path) == where
