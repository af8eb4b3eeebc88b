"""JupyterHub on this machine only, serving qikit as the Kubernetes recipe does.

    QIKIT_HUB_DIR=/tmp/qikit-hub jupyterhub -f deploy/jupyterhub/local_config.py

Every user runs as the current account (no system users needed), logs in with any name and the
password in QIKIT_HUB_PASSWORD, and lands on the welcome workbook served by Voilà with the qikit
template. Settings come from environment variables so tests can choose free ports and folders:
QIKIT_HUB_DIR (working folder), QIKIT_HUB_PORT (8000), QIKIT_HUB_API_PORT (8081),
QIKIT_HUB_PROXY_API_PORT (8001), QIKIT_HUB_TOKEN (an API token for checks), QIKIT_WORKBOOKS.
"""

import json
import os
import shutil
import sys
from pathlib import Path

import voila

from qikit.apps.offline import BUNDLE_URL_ENV
from qikit.serve.server import prepare_templates, publish_hub_bundle

c = get_config()  # noqa: F821 - provided by JupyterHub when it reads this file

here = Path(__file__).resolve().parent
folder = Path(os.environ.get("QIKIT_HUB_DIR", "/tmp/qikit-hub"))
workbooks = Path(os.environ.get("QIKIT_WORKBOOKS", here.parents[1] / "workbooks"))
bin_dir = Path(sys.executable).parent
# Where Voilà is installed (its server extension switch and base templates), in case the hub runs
# from another environment that only sees those packages.
voila_prefix = Path(voila.__file__).resolve().parents[4]
folder.mkdir(parents=True, exist_ok=True)

# The same Voilà template and settings as deploy/Dockerfile puts in the image.
data = prepare_templates(folder / "share", workbooks)
# The offline Vega bundle, built once here and served beside the template (as in the image).
bundle_address = publish_hub_bundle(data)
(folder / "etc").mkdir(exist_ok=True)
shutil.copy(here / "voila.json", folder / "etc" / "voila.json")
(folder / "etc" / "jupyter_server_config.json").write_text(
    json.dumps({"ServerApp": {"terminals_enabled": False}})
)

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ.get("QIKIT_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("QIKIT_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = (
    f"http://127.0.0.1:{os.environ.get('QIKIT_HUB_PROXY_API_PORT', '8001')}"
)
c.ConfigurableHTTPProxy.command = [str(bin_dir / "configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{folder / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(folder / "cookie_secret")
c.JupyterHub.pid_file = str(folder / "jupyterhub.pid")

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ.get("QIKIT_HUB_PASSWORD", "qikit")
c.Authenticator.allow_all = True

# A local process per user, as the current account, starting in the workbooks folder.
c.JupyterHub.spawner_class = "simple"
c.Spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
c.SimpleLocalProcessSpawner.home_dir_template = str(folder / "home" / "{username}")
c.Spawner.notebook_dir = str(workbooks)
c.Spawner.default_url = "/voila/render/00_welcome.ipynb"
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 180
c.Spawner.environment = {
    "JUPYTER_PATH": os.pathsep.join([str(data), str(voila_prefix / "share" / "jupyter")]),
    "JUPYTER_CONFIG_PATH": os.pathsep.join(
        [str(folder / "etc"), str(voila_prefix / "etc" / "jupyter")]
    ),
    "QIKIT_WORKSPACE": str(folder / "workspace"),
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}
if bundle_address:
    c.Spawner.environment[BUNDLE_URL_ENV] = bundle_address
if os.environ.get("QIKIT_DATABASE_URL"):
    c.Spawner.environment["QIKIT_DATABASE_URL"] = os.environ["QIKIT_DATABASE_URL"]

token = os.environ.get("QIKIT_HUB_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "qikit-check", "api_token": token}]
    c.JupyterHub.load_roles = [
        {
            "name": "qikit-check",
            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"],
            "services": ["qikit-check"],
        }
    ]
