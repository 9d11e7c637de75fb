"""deploy/k8s agrees with what `make test-prod` tests and with bot/production.py, and keeps secure defaults.

No cluster here: the manifests are read as YAML (the same files `kubectl apply -k deploy/k8s` reads)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bot import PROJECT_ROOT
from bot.production import check_action_server, check_alerts, check_knowledge_database, server_config

K8S = PROJECT_ROOT / "deploy" / "k8s"
NGINX_TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "assistant.conf.template"
STRONG = "a-long-enough-test-secret-0123"


@pytest.fixture(scope="module")
def resources() -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    found = []
    for name in kustomization["resources"]:
        found += [r for r in yaml.safe_load_all((K8S / name).read_text()) if r]
    return found


def one(resources: list[dict], kind: str, name: str) -> dict[str, Any]:
    matches = [r for r in resources if r["kind"] == kind and r["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind}/{name}"
    return matches[0]


def pod_specs(resources: list[dict]) -> list[dict]:
    specs = [r["spec"]["template"]["spec"] for r in resources if r["kind"] in ("Deployment", "Job")]
    return specs + [r["spec"]["jobTemplate"]["spec"]["template"]["spec"] for r in resources if r["kind"] == "CronJob"]


def test_every_file_is_in_the_kustomization() -> None:
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}


def test_no_secret_is_included(resources: list[dict]) -> None:
    assert not [r for r in resources if r["kind"] == "Secret"]
    config = one(resources, "ConfigMap", "callcenter-bot-config")["data"]
    assert not [k for k in config if "PASSWORD" in k or "SECRET" in k or k == "DATABASE_URL"]
    documented = (K8S / "kustomization.yaml").read_text()
    for spec in pod_specs(resources):
        for container in spec["containers"]:
            for variable in container.get("env", []):
                ref = variable["valueFrom"]["secretKeyRef"]
                assert ref["name"] == "callcenter-bot-secrets" and f"--from-literal={ref['key']}=" in documented


def test_containers_run_locked_down(resources: list[dict]) -> None:
    for spec in pod_specs(resources):
        assert spec["automountServiceAccountToken"] is False
        assert spec["securityContext"]["runAsNonRoot"] is True and spec["securityContext"]["runAsUser"] >= 1000
        for container in spec["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False and security["capabilities"]["drop"] == ["ALL"]
            assert {"cpu", "memory"} <= set(container["resources"]["limits"])
            assert any(m["mountPath"] == "/tmp" for m in container["volumeMounts"])  # the only writable place


def test_dockerfile_user_matches(resources: list[dict]) -> None:
    dockerfile = (PROJECT_ROOT / "deploy" / "Dockerfile").read_text()
    user = int(re.search(r"^USER (\d+)$", dockerfile, re.M).group(1))
    assert {spec["securityContext"]["runAsUser"] for spec in pod_specs(resources)} == {user}


def test_rasa_deployment(resources: list[dict]) -> None:
    rasa = one(resources, "Deployment", "rasa")
    assert rasa["spec"]["replicas"] == 2
    container = rasa["spec"]["template"]["spec"]["containers"][0]
    command = " ".join(container["command"] + container["args"])
    assert "python -m bot.server run" in command and "--model models/" in command
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/webhooks/rest/"


def test_the_http_api_is_never_enabled() -> None:
    for path in [*K8S.glob("*.yaml"), PROJECT_ROOT / "deploy" / "Dockerfile", PROJECT_ROOT / "scripts" / "run.sh"]:
        code = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#"))
        assert "--enable-api" not in code, path


def test_actions_are_reachable_from_rasa_only(resources: list[dict]) -> None:
    assert one(resources, "Service", "actions")["spec"]["type"] == "ClusterIP"
    backends = [
        path["backend"]["service"]["name"]
        for ingress in resources
        if ingress["kind"] == "Ingress"
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    ]
    assert set(backends) == {"rasa"}
    policies = [r for r in resources if r["kind"] == "NetworkPolicy"]
    default = one(resources, "NetworkPolicy", "default-deny-ingress")["spec"]
    assert default["podSelector"] == {} and default["policyTypes"] == ["Ingress"] and "ingress" not in default
    to_actions = [
        rule
        for policy in policies
        if policy["spec"]["podSelector"].get("matchLabels") == {"app.kubernetes.io/name": "actions"}
        for rule in policy["spec"].get("ingress", [])
    ]
    assert to_actions == [
        {
            "from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "rasa"}}}],
            "ports": [{"protocol": "TCP", "port": 5055}],
        }
    ]


SECRET_VALUES = {
    "database-url": f"postgresql+psycopg2://bot:{STRONG}@knowledge-db:5432/knowledge",
    "smtp-url": f"smtp+starttls://alerte:{STRONG}@smtp.example.com:587",
}


def container_environment(resources: list[dict], container: dict) -> dict[str, str]:
    """What bot.server sees in that container, with strong values in place of the Secret's."""
    env = dict(one(resources, "ConfigMap", "callcenter-bot-config")["data"])
    for variable in container.get("env", []):
        key = variable["valueFrom"]["secretKeyRef"]["key"]
        env[variable["name"]] = SECRET_VALUES.get(key, STRONG)
    return env


def environment(resources: list[dict], deployment: str) -> dict[str, str]:
    container = one(resources, "Deployment", deployment)["spec"]["template"]["spec"]["containers"][0]
    return container_environment(resources, container)


def alerts_container(resources: list[dict]) -> dict[str, Any]:
    cronjob = one(resources, "CronJob", "job-alerts")
    return cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]


def test_configuration_passes_the_production_checks(resources: list[dict]) -> None:
    config = server_config(environment(resources, "rasa"))
    check_action_server(environment(resources, "actions"))
    # "șterge-mi datele": the action server deletes the conversation's events in the tracker store too.
    actions = environment(resources, "actions")
    assert all(actions.get(f"TRACKER_{name}") for name in ("HOST", "PORT", "DB", "USER", "PASSWORD"))
    action_url = urlsplit(config.action_endpoint_url)
    service = one(resources, "Service", "actions")
    assert (action_url.hostname, action_url.port) == ("actions", service["spec"]["ports"][0]["port"])
    for host in (config.tracker.host, config.lock.host):
        assert one(resources, "Service", host)["spec"]["type"] == "ExternalName"
    assert config.lock.db != 0


def test_rasa_and_the_action_servers_share_the_token_secret(resources: list[dict]) -> None:
    """The action servers run an action only for a caller with ACTION_SERVER_TOKEN: the Rasa pods, from the Secret."""
    for deployment in ("rasa", "actions"):
        container = one(resources, "Deployment", deployment)["spec"]["template"]["spec"]["containers"][0]
        refs = {v["name"]: v["valueFrom"]["secretKeyRef"]["key"] for v in container["env"]}
        assert refs["ACTION_SERVER_TOKEN"] == "action-server-token", deployment
    job = one(resources, "Job", "knowledge-load")["spec"]["template"]["spec"]["containers"][0]
    assert "bot.server check knowledge" in " ".join(job["command"])  # it calls no action: no token
    check_knowledge_database(environment_of(job, resources))


def test_the_job_alerts_cronjob(resources: list[dict]) -> None:
    """`python -m bot alerts send` daily, never two at once, after the production checks, with what it needs."""
    cronjob = one(resources, "CronJob", "job-alerts")["spec"]
    assert cronjob["concurrencyPolicy"] == "Forbid" and cronjob["jobTemplate"]["spec"]["backoffLimit"] >= 1
    container = alerts_container(resources)
    command = " ".join(container["command"])
    assert "python -m bot.server check alerts &&" in command and "exec python -m bot alerts send" in command
    check_alerts(container_environment(resources, container))
    labels = cronjob["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    policy = one(resources, "NetworkPolicy", "job-alerts-egress")["spec"]
    assert policy["podSelector"]["matchLabels"] == labels and policy["policyTypes"] == ["Egress"]
    ports = {p["port"] for rule in policy["egress"] for p in rule["ports"]}
    assert ports == {53, 5432, 25, 465, 587}


def test_the_links_are_signed_and_checked_with_the_same_secret(resources: list[dict]) -> None:
    """The action servers and the CronJob sign the links, the Rasa pods check them: one secret, from the Secret."""
    containers = [
        one(resources, "Deployment", name)["spec"]["template"]["spec"]["containers"][0] for name in ("rasa", "actions")
    ]
    for container in [*containers, alerts_container(resources)]:
        refs = {v["name"]: v["valueFrom"]["secretKeyRef"]["key"] for v in container["env"]}
        assert refs["ALERT_LINK_SECRET"] == "alert-link-secret" and refs["DATABASE_URL"] == "database-url"
    config = one(resources, "ConfigMap", "callcenter-bot-config")["data"]
    host = urlsplit(config["PUBLIC_URL"]).hostname
    assert {host} == {rule["host"] for r in resources if r["kind"] == "Ingress" for rule in r["spec"]["rules"]}


def environment_of(container: dict, resources: list[dict]) -> dict[str, str]:
    env = dict(one(resources, "ConfigMap", "callcenter-bot-config")["data"])
    for variable in container.get("env", []):
        env[variable["name"]] = f"postgresql+psycopg2://bot:{STRONG}@knowledge-db:5432/knowledge"
    return env


def nginx_limits(location: str) -> tuple[str, int, int]:
    """(client_max_body_size, rate per second, burst) that the tested nginx template applies to `location`."""
    text = NGINX_TEMPLATE.read_text()
    block = re.search(rf"location {re.escape(location)} \{{(.*?)\}}", text, re.S).group(1)
    body = re.search(r"client_max_body_size (\S+);", block) or re.search(
        r"listen @LISTEN@;.*?client_max_body_size (\S+);", text, re.S
    )
    body = body.group(1)
    zone, burst = re.search(r"limit_req zone=(\w+) burst=(\d+)", block).groups()
    rate = re.search(rf"zone={zone}:\S+ rate=(\d+)r/s", text).group(1)
    return body, int(rate), int(burst)


@pytest.mark.parametrize(
    "ingress, location",
    [
        ("rasa-rest", "= /webhooks/rest/webhook"),
        ("rasa-socketio", "/socket.io/"),
        ("rasa-channels", "~ ^/webhooks/(telegram|facebook|twilio)/webhook$"),
        ("rasa-alert-links", "/webhooks/alerts/"),
    ],
)
def test_ingress_limits_match_the_tested_nginx(resources: list[dict], ingress: str, location: str) -> None:
    annotations = one(resources, "Ingress", ingress)["metadata"]["annotations"]
    body, rate, burst = nginx_limits(location)
    assert annotations["nginx.ingress.kubernetes.io/proxy-body-size"] == body
    assert int(annotations["nginx.ingress.kubernetes.io/limit-rps"]) == rate
    assert rate * int(annotations["nginx.ingress.kubernetes.io/limit-burst-multiplier"]) == burst


def test_the_same_paths_are_public(resources: list[dict]) -> None:
    """Every Ingress path is a location of the tested nginx template, and the reverse."""
    paths = {
        path["path"]
        for ingress in resources
        if ingress["kind"] == "Ingress"
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    public = NGINX_TEMPLATE.read_text().split("listen @ACTIONS_LISTEN@")[0]
    locations = re.findall(r"location (?:= |~ )?(\S+) \{", public)
    channels = {f"/webhooks/{c}/webhook" for c in ("telegram", "facebook", "twilio")}
    assert paths == {"/webhooks/rest/", "/socket.io/", "/webhooks/alerts/"} | channels
    assert set(locations) == {"/webhooks/rest/webhook", "/webhooks/rest/", "/socket.io/", "/", "/webhooks/alerts/",
                              "^/webhooks/(telegram|facebook|twilio)/webhook$"}  # fmt: skip


def test_socketio_is_sticky(resources: list[dict]) -> None:
    annotations = one(resources, "Ingress", "rasa-socketio")["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert "hash $remote_addr consistent;" in NGINX_TEMPLATE.read_text()


def test_the_image_holds_the_knowledge_files() -> None:
    """The knowledge-load Job runs `python -m bot db load` in the image: knowledge/ must not be left out of it."""
    ignored = (PROJECT_ROOT / "deploy" / "Dockerfile.dockerignore").read_text().split()
    assert not [pattern for pattern in ignored if pattern.strip("*/").startswith("knowledge")]
    assert {p.name for p in (PROJECT_ROOT / "knowledge").glob("*.yml")} == {"facts.yml", "roles.yml", "salaries.yml"}
