# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The lifecycle dashboard's tiles against the records they count (ORM), what each user
sees of them, and the menu that opens it first."""
import collections

from odoo.exceptions import AccessError

from odoo.addons.crm_lifecycle import compat

from .common import ReportCase


class TestDashboard(ReportCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        alice = cls.contact(cls.alpha, "Alice Dash")
        gary = cls.contact(cls.gamma, "Gary Dash")
        cls.answer(alice, "nps", 10, when=cls.day(10))
        cls.answer(gary, "nps", 2, when=cls.day(20))
        cls.answer(gary, "nps", 9, when=cls.day(120))
        compat.flush(cls.env)

    def tiles(self, env=None, **domain):
        Dashboard = self.Dashboard.with_env(env or self.env)
        return Dashboard.search([("company_id", "=", self.company.id)]
                                + [(k, "=", v) for k, v in domain.items()])

    def test_stage_counts_and_change_since_last_month(self):
        profiles = self.Profile.search([("company_id", "=", self.company.id)])
        now = collections.Counter(p.stage_id.id for p in profiles if p.stage_id)
        month = self.day(30)
        before = collections.Counter()
        for profile in profiles:
            earlier = profile.transition_ids.filtered(lambda t: compat.to_date(t.date) < month)
            if earlier:
                last = earlier.sorted(lambda t: (compat.to_date(t.date), t.id))[-1]
                before[last.to_stage_id.id] += 1
        tiles = self.tiles(scope="company", tile="stage")
        self.assertEqual({t.stage_id.id: (t.value, t.previous, t.change) for t in tiles},
                         {sid: (now[sid], before[sid], now[sid] - before[sid])
                          for sid in set(now) | set(before)})
        self.assertTrue(all(t.name == t.stage_id.name for t in tiles))
        # a salesperson's tiles count that salesperson's customers
        own = self.tiles(scope="salesperson", tile="stage", user_id=self.user_own.id)
        mine = collections.Counter(p.stage_id.id for p in profiles
                                   if p.stage_id and p.user_id == self.user_own)
        self.assertEqual({t.stage_id.id: t.value for t in own if t.value}, dict(mine))

    def test_value_nps_and_overdue_tiles(self):
        profiles = self.Profile.search([("company_id", "=", self.company.id),
                                        ("stage_id.code", "=", "at_risk")])
        at_risk = self.tiles(scope="company", tile="at_risk_value")
        if profiles:
            self.assertAlmostEqual(at_risk.value, sum(profiles.mapped("annual_value")), places=0)
        else:
            self.assertFalse(at_risk)
        # no valid churn model in the test company: no model value-at-risk tile
        self.assertFalse(self.tiles(tile="value_at_risk"))
        answers = self.Satisfaction.search([("company_id", "=", self.company.id), ("kind", "=", "nps")])
        recent = [a.nps_points for a in answers if compat.to_date(a.date) > self.day(90)]
        older = [a.nps_points for a in answers
                 if self.day(180) < compat.to_date(a.date) <= self.day(90)]
        nps = self.tiles(scope="company", tile="nps")
        self.assertAlmostEqual(nps.value, sum(recent) / len(recent), places=6)
        self.assertAlmostEqual(nps.previous, sum(older) / len(older), places=6)
        overdue = self.Followup.search_count([("company_id", "=", self.company.id), ("overdue", "=", True)])
        tile = self.tiles(scope="company", tile="overdue")
        self.assertEqual(tile.value if tile else 0, overdue)

    def test_each_user_sees_the_tiles_of_the_customers_they_see(self):
        """A salesman who sees only his customers sees only his own tiles; a manager the
        company's (and his own as a salesperson)."""
        seen = self.tiles(env=self.env(user=self.user_own.id))
        self.assertTrue(seen)
        self.assertEqual(set(seen.mapped("scope")), {"salesperson"})
        self.assertEqual(seen.mapped("user_id"), self.user_own)
        manager = self.user("lcr_dash_manager", "crm_lifecycle.group_lifecycle_manager",
                            "sales_team.group_sale_manager")
        seen = self.tiles(env=self.env(user=manager.id))
        self.assertEqual(set(seen.mapped("scope")), {"company"})

    def test_a_tile_opens_what_it_counts(self):
        tile = self.tiles(scope="company", tile="stage")[:1]
        action = tile.action_open()
        self.assertEqual(action["res_model"], "crm.lifecycle.profile")
        self.assertEqual(self.Profile.search_count(action["domain"]), tile.value)
        nps = self.tiles(scope="company", tile="nps")
        action = nps.action_open()
        self.assertEqual(action["views"][0][1], "graph")
        self.assertEqual(self.env[action["res_model"]].search_count(action["domain"]),
                         self.Satisfaction.search_count([("company_id", "=", self.company.id),
                                                         ("kind", "=", "nps")]))

    def test_only_who_sees_a_tile_opens_it(self):
        """action_open is an RPC endpoint: a portal user, or a salesman on the company's
        tile he does not see, gets an access error, not the tile's list."""
        tile = self.tiles(scope="company", tile="stage")[:1]
        portal = self.portal_user("lcr_dash_portal", self.contact(self.alpha, "Paula Portal"))
        for user in (portal, self.user_own):
            with self.assertRaises(AccessError, msg=user.login):
                tile.with_env(self.env(user=user.id)).action_open()
        # his own tile opens, on his own customers
        own = self.tiles(env=self.env(user=self.user_own.id), tile="stage")[:1]
        self.assertIn(("user_id", "=", self.user_own.id), own.action_open()["domain"])

    def test_dashboard_is_the_first_lifecycle_screen(self):
        root = self.env.ref("crm_lifecycle.menu_lifecycle_root")
        first = self.env["ir.ui.menu"].search([("parent_id", "=", root.id)], order="sequence, id", limit=1)
        self.assertEqual(first, self.env.ref("crm_lifecycle_report.menu_lifecycle_dashboard"))
        self.assertEqual(first.action,
                         self.env.ref("crm_lifecycle_report.crm_lifecycle_report_dashboard_action"))
