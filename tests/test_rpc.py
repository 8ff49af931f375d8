# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End to end over XML-RPC: a real Odoo server on the test database, a portal user (a
customer with website access) logged in, and the engine's jobs and API refused to it."""
import contextlib
import os
import socket
import subprocess
import sys
import time
import xmlrpc.client

from odoo import SUPERUSER_ID, sql_db
from odoo.tools import config

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.tools import testing

LOGIN, PASSWORD = "lc_rpc_portal", "lc-rpc-portal-pw"


def free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestRpc(testing.class_test_case()):
    test_module = "crm_lifecycle"
    test_tags = {"standard", "post_install"}

    def committed(self, job):
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            with testing.environment(cr, SUPERUSER_ID) as env:
                result = job(env)
            cr.commit()
            return result
        finally:
            cr.close()

    def start_server(self):
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-c", "import odoo.cli; odoo.cli.main()", "-c", config.rcfile,
             "-d", self.env.cr.dbname, "--http-port", str(port), "--http-interface", "127.0.0.1",
             "--max-cron-threads", "0", "--log-level", "warn", "--db-filter", "^%s$" % self.env.cr.dbname],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, TZ="UTC"))
        self.addCleanup(server.wait, 30)
        self.addCleanup(server.terminate)
        url = "http://127.0.0.1:%d" % port
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common").version()
                return url
            except (OSError, xmlrpc.client.Error):
                self.assertIsNone(server.poll(), "the Odoo server exited")
                time.sleep(0.5)
        self.fail("the Odoo server did not answer in two minutes")

    def test_portal_user_over_xmlrpc(self):
        def make_portal(env):
            user = env["res.users"].with_context(active_test=False, no_reset_password=True).search(
                [("login", "=", LOGIN)])
            values = {"name": "RPC portal", "login": LOGIN, "password": PASSWORD, "active": True,
                      compat.USER_GROUPS_FIELD: [(6, 0, [env.ref("base.group_portal").id])]}
            if user:
                user.write(values)
            else:
                user = user.create(values)
            return user.id
        portal_id = self.committed(make_portal)
        self.addCleanup(self.committed,
                        lambda env: env["res.users"].browse(portal_id).write({"active": False}))
        fits_before = self.committed(lambda env: env["crm.lifecycle.model.fit"].search_count([]))
        url = self.start_server()
        db = self.env.cr.dbname
        uid = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common").authenticate(db, LOGIN, PASSWORD, {})
        self.assertEqual(uid, portal_id)
        models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)
        calls = [
            ("crm.lifecycle.profile", "_cron_recompute_all", []),
            ("crm.lifecycle.profile", "cron_recompute_all", []),
            ("crm.lifecycle.profile", "_cron_refresh_marked", []),
            ("crm.lifecycle.profile", "api_recompute", []),
            ("crm.lifecycle.profile", "api_get_profiles", [[1]]),
            ("crm.lifecycle.profile", "api_stage_at", [1, "2025-01-01"]),
            ("crm.lifecycle.model.fit", "refit", ["2999-12-31"]),
            ("crm.lifecycle.model.fit", "_refit", ["2999-12-31"]),
            ("crm.lifecycle.model.fit", "action_refit", []),
            ("res.partner", "action_lifecycle_pool_run", []),
            ("res.partner", "_cron_lifecycle_pool", []),
        ]
        answered = []
        for model, method, args in calls:
            try:
                models.execute_kw(db, uid, PASSWORD, model, method, args)
                answered.append("%s.%s" % (model, method))
            except xmlrpc.client.Fault:
                pass
        self.assertEqual(answered, [], "calls a portal user got through")
        self.assertEqual(self.committed(lambda env: env["crm.lifecycle.model.fit"].search_count([])),
                         fits_before, "no model fit was stored")
