"""The JupyterHub recipe in deploy/: the Helm values, the image and the Voilà settings agree."""

import json
import re
from pathlib import Path

import yaml

from qikit.apps.offline import BUNDLE_URL_ENV
from qikit.serve.server import HUB_BUNDLE_NAME, TEMPLATE_NAME

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
WORKBOOKS = DEPLOY.parent / "workbooks"


def values():
    return yaml.safe_load((DEPLOY / "jupyterhub" / "config.yaml").read_text(encoding="utf-8"))


def dockerfile_lines():
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    joined = re.sub(r"\\\n", " ", text)  # continuation lines into one
    return [line.strip() for line in joined.splitlines() if line.strip() and line[0] != "#"]


def test_helm_values_open_voila_on_a_workbook_that_exists():
    config = values()
    single = config["singleuser"]
    url = single["defaultUrl"]
    assert url.startswith("/voila/render/")
    assert (WORKBOOKS / url.removeprefix("/voila/render/")).is_file()
    assert single["cmd"] == "jupyterhub-singleuser"
    assert single["image"]["name"] and single["image"]["tag"]


def test_helm_values_cover_the_room():
    config = values()
    assert config["cull"]["enabled"] is True and 0 < config["cull"]["timeout"] <= 3600
    placeholders = config["scheduling"]["userPlaceholder"]
    assert placeholders["enabled"] is True and placeholders["replicas"] >= 40
    memory = config["singleuser"]["memory"]
    assert memory["limit"] and memory["guarantee"]
    assert config["proxy"]["https"]["enabled"] is True
    env = config["singleuser"]["extraEnv"]["QIKIT_DATABASE_URL"]
    assert env["valueFrom"]["secretKeyRef"] == {"name": "qikit-database", "key": "url"}
    # No terminals: delegates only run the workbooks.
    files = config["singleuser"]["extraFiles"]["no-terminals"]
    assert files["mountPath"].endswith(".json")
    assert files["data"] == {"ServerApp": {"terminals_enabled": False}}


def test_helm_values_use_only_known_top_level_sections():
    known = {"hub", "singleuser", "scheduling", "prePuller", "cull", "proxy", "ingress"}
    assert set(values()) <= known
    assert set(values()["hub"]["config"]) <= {
        "JupyterHub",
        "Authenticator",
        "DummyAuthenticator",
        "AzureAdOAuthenticator",
    }


def test_voila_settings_use_the_qikit_template_without_tracebacks():
    settings = json.loads((DEPLOY / "jupyterhub" / "voila.json").read_text(encoding="utf-8"))
    voila = settings["VoilaConfiguration"]
    assert voila["template"] == TEMPLATE_NAME
    assert voila["show_tracebacks"] is False


def test_dockerfile_installs_qikit_and_its_template():
    lines = dockerfile_lines()
    assert lines[0].startswith("FROM ")
    run = " ".join(line for line in lines if line.startswith("RUN "))
    assert re.search(r'pip install [^&]*"/tmp/qikit-src\[postgres\]"', run)
    assert "prepare_templates(Path('/opt/conda/share/jupyter')" in run
    assert "COPY deploy/jupyterhub/voila.json /etc/jupyter/voila.json" in lines
    # The Vega bundle is built into the image and its address given to every kernel.
    assert "publish_hub_bundle(data)" in run
    address = f"voila/templates/{TEMPLATE_NAME}/static/{HUB_BUNDLE_NAME}"
    assert f"ENV {BUNDLE_URL_ENV}={address}" in lines
    # It ends as the notebook user, not root.
    users = [line for line in lines if line.startswith("USER ")]
    assert users[-1] == "USER ${NB_UID}"


def test_readme_walks_through_every_step():
    text = (DEPLOY / "README.md").read_text(encoding="utf-8")
    for needed in (
        "docker build -f deploy/Dockerfile",
        "helm upgrade",
        "QIKIT_DATABASE_URL",
        "kubectl create secret",
        "local_config.py",
    ):
        assert needed in text
