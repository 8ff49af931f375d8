# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The project's scripts from a checkout only root may enter (mode 0700, as root's home
or a mktemp -d folder): the private PostgreSQL cluster, which runs as an unprivileged
user, must still start there."""
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile

import pytest

SETUP = pathlib.Path(__file__).resolve().parent.parent / "setup"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(os.geteuid() != 0, reason="the cluster's owner is another user only when run as root")
def test_cluster_starts_in_a_checkout_only_root_can_enter():
    checkout = tempfile.mkdtemp()  # mode 0700
    env = dict(os.environ, PGPORT=str(free_port()))
    env.pop("CRM_LIFECYCLE_WORK", None)
    env.pop("ODOO_SOURCE", None)
    try:
        shutil.copytree(str(SETUP), os.path.join(checkout, "setup"))

        def pg(command):
            return subprocess.run(["bash", os.path.join(checkout, "setup", "pg.sh"), command], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                                  timeout=120)
        started = pg("start")
        assert started.returncode == 0, started.stdout
        assert pg("status").stdout.startswith("running"), "the cluster did not start"
        data = pg("data").stdout.strip()
        assert not data.startswith(checkout), "the data directory must be outside the closed checkout"
        assert pg("clean").returncode == 0
        assert not os.path.exists(os.path.dirname(data))
    finally:
        subprocess.run(["bash", os.path.join(checkout, "setup", "pg.sh"), "clean"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(checkout, ignore_errors=True)
