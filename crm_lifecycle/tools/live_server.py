# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A real Odoo server on the test database, for the end-to-end tests (XML-RPC, the browser
check): started on a free port in a process of its own, so it sees only what the test
committed, and stopped by the test's cleanup."""
import contextlib
import os
import socket
import subprocess
import sys
import time
import xmlrpc.client

from odoo import SUPERUSER_ID, sql_db
from odoo.tools import config

from . import testing


def free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def committed(dbname, job):
    """job(env) on a cursor of its own as the superuser, committed: what the server sees."""
    cr = sql_db.db_connect(dbname).cursor()
    try:
        with testing.environment(cr, SUPERUSER_ID) as env:
            result = job(env)
        cr.commit()  # what the server process sees; pylint: disable=invalid-commit
        return result
    finally:
        cr.close()


def start(case, log_level="warn", timeout=120):
    """Start the server on `case`'s database (stopped by its cleanup); its URL once it answers."""
    port = free_port()
    dbname = case.env.cr.dbname
    server = subprocess.Popen(
        [sys.executable, "-c", "import odoo.cli; odoo.cli.main()", "-c", config.rcfile,
         "-d", dbname, "--http-port", str(port), "--http-interface", "127.0.0.1",
         "--max-cron-threads", "0", "--log-level", log_level, "--db-filter", "^%s$" % dbname],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, TZ="UTC"))
    case.addCleanup(server.wait, 30)
    case.addCleanup(server.terminate)
    url = "http://127.0.0.1:%d" % port
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common").version()
            return url
        except (OSError, xmlrpc.client.Error):
            case.assertIsNone(server.poll(), "the Odoo server exited")
            time.sleep(0.5)
    case.fail("the Odoo server did not answer in %d seconds" % timeout)
