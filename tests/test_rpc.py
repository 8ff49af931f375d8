# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End to end over XML-RPC: a real Odoo server on the test database, a portal user (a
customer with website access) logged in, and the engine's jobs and API refused to it."""
import xmlrpc.client

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.tools import live_server, testing

LOGIN, PASSWORD = "lc_rpc_portal", "lc-rpc-portal-pw"


class TestRpc(testing.class_test_case()):
    test_module = "crm_lifecycle"
    test_tags = {"standard", "post_install"}

    def committed(self, job):
        return live_server.committed(self.env.cr.dbname, job)

    def start_server(self):
        return live_server.start(self)

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
