# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The weekly health history: one snapshot per profile and week written by the
recompute, the 4- and 12-week trends from it, the health-drop playbook (once per drop),
who may read the snapshots (nobody may write them) and the trigger's bounds."""
import datetime

from odoo.exceptions import AccessError, UserError, ValidationError

from .. import compat
from ..engine import history
from ..tools import flows, testing
from .common import LifecycleCase

# What a refusal raises: an AccessError or a UserError (one class on series where the first
# derives from the second).
REFUSED = UserError if issubclass(AccessError, UserError) else (AccessError, UserError)


class TestHistory(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.History = cls.env["crm.lifecycle.profile.history"]
        cls.rep = flows.create_salesperson(cls.env, "History Rep", "lc_history_rep")
        # a weekly buyer for a year who stopped 150 days ago: healthy three months ago, poor today
        cls.lapsed = cls.customer("History Lapsed Ltd", user_id=cls.rep.id)
        for days_ago in range(150, 500, 7):
            cls.sale(cls.lapsed, days_ago, 500.0)
        # a steady weekly buyer up to today
        cls.steady = cls.customer("History Steady Ltd")
        for days_ago in range(0, 400, 7):
            cls.sale(cls.steady, days_ago, 300.0)

    def week(self, days_ago=0):
        day = self.day(days_ago)
        return day - datetime.timedelta(days=day.weekday())

    def snapshots(self, partner, week=None):
        domain = [("partner_id", "=", partner.id), ("company_id", "=", self.company.id)]
        if week:
            domain.append(("week", "=", str(week)))
        return self.History.search(domain)

    def test_one_snapshot_per_week(self):
        monday = self.today.weekday()  # days since this week's Monday
        self.recompute(days_ago=monday)
        self.recompute()
        self.recompute()
        rows = self.snapshots(self.lapsed, self.week())
        self.assertEqual(len(rows), 1, "a rerun in the same week updates its snapshot")
        profile = self.profile(self.lapsed)
        self.assertEqual(rows.profile_id, profile)
        self.assertEqual(str(rows.ref_date), str(self.today), "the week's row holds the latest run")
        self.assertEqual(rows.health_score, profile.health_score)
        self.assertEqual(rows.health_recency, profile.health_recency)
        self.assertEqual(rows.stage_id, profile.stage_id)
        self.assertAlmostEqual(rows.annual_value, profile.annual_value, places=2)
        # another week is another row
        self.recompute(days_ago=7)
        self.assertEqual(len(self.snapshots(self.lapsed)), 2)
        # the week's snapshot is not the ORM's to write, even for the superuser
        with self.assertRaises(UserError):
            rows.sudo().write({"health_score": 1})

    def test_older_than_two_years_pruned(self):
        self.recompute()
        self.recompute(days_ago=-50)
        # a daily run two years and a month later: today's week is past the two years
        self.recompute(days_ago=-760)
        self.assertFalse(self.snapshots(self.lapsed, self.week()))
        self.assertEqual(len(self.snapshots(self.lapsed, self.week(-50))), 1, "within two years: kept")
        self.assertEqual(len(self.snapshots(self.lapsed, self.week(-760))), 1)

    def test_trends_from_the_history(self):
        self.recompute()
        profile = self.profile(self.lapsed)
        self.assertFalse(profile.health_trend_4w_known, "no snapshot 4 weeks old yet")
        api = self.Profile.api_get_profiles([self.lapsed.id])[0]
        self.assertIs(api["health_trend_4w"], False)
        self.assertIs(api["health_trend_12w"], False)
        self.recompute(days_ago=84)
        self.recompute(days_ago=28)
        self.recompute()
        ago_4 = self.snapshots(self.lapsed, self.week(28))
        ago_12 = self.snapshots(self.lapsed, self.week(84))
        self.assertEqual((len(ago_4), len(ago_12)), (1, 1))
        compat.invalidate(self.env)
        profile = self.profile(self.lapsed)
        self.assertLess(profile.health_score, ago_12.health_score, "the lapsed customer's health fell")
        self.assertTrue(profile.health_trend_4w_known and profile.health_trend_12w_known)
        self.assertEqual(profile.health_trend_4w, profile.health_score - ago_4.health_score)
        self.assertEqual(profile.health_trend_12w, profile.health_score - ago_12.health_score)
        self.assertLess(profile.health_trend_12w, 0)
        api = self.Profile.api_get_profiles([self.lapsed.id])[0]
        self.assertEqual(api["health_trend_4w"], profile.health_trend_4w)
        self.assertEqual(api["health_trend_12w"], profile.health_trend_12w)
        # the partner's lifecycle tab shows the same
        self.assertEqual(self.lapsed.lifecycle_health_trend_12w, profile.health_trend_12w)

    def test_past_week_written_without_touching_the_profiles(self):
        self.recompute()
        profile = self.profile(self.lapsed)
        before = (str(profile.ref_date), profile.health_score)
        written = history.write_week(self.env, self.day(84))
        self.assertGreaterEqual(written, 2)
        compat.invalidate(self.env)
        profile = self.profile(self.lapsed)
        self.assertEqual((str(profile.ref_date), profile.health_score), before)
        past = self.snapshots(self.lapsed, self.week(84))
        self.assertEqual(len(past), 1)
        self.assertEqual(str(past.ref_date), str(self.day(84)))
        self.assertTrue(past.stage_id, "the stage the rules gave then")
        self.assertEqual(profile.health_trend_12w, profile.health_score - past.health_score)

    def test_health_drop_fires_once(self):
        Playbook = self.env["crm.lifecycle.playbook"]
        call = self.env.ref("mail.mail_activity_data_call")
        playbook = Playbook.create({
            "name": "Health fell", "trigger": "health_drop", "drop_points": 10, "drop_weeks": 12,
            "activity_type_id": call.id})
        self.recompute(days_ago=56)
        self.recompute()
        Run = self.env["crm.lifecycle.playbook.run"]
        runs = Run.search([("playbook_id", "=", playbook.id)])
        before = self.snapshots(self.lapsed, self.week(56))
        now = self.snapshots(self.lapsed, self.week())
        self.assertGreaterEqual(before.health_score - now.health_score, 10, "the fixture's drop")
        self.assertEqual(runs.mapped("partner_id"), self.lapsed, "the steady customer did not drop")
        self.assertEqual(runs.profile_id, self.profile(self.lapsed))
        self.assertEqual(str(runs.drop_week), str(self.week()))
        self.assertEqual(runs.drop_points, before.health_score - now.health_score)
        self.assertEqual(runs.state, "done", runs.result)
        self.assertEqual(runs.activity_id.user_id, self.rep, "the account owner")
        # the next recompute, today and next week (same drop, still within its window): no new run
        self.recompute()
        self.recompute(partners=self.lapsed)
        self.recompute(days_ago=-7)
        self.assertEqual(Run.search([("playbook_id", "=", playbook.id)]), runs)
        # a stage-change playbook needs its stage; a health drop does not
        with self.assertRaises(ValidationError):
            Playbook.create({"name": "No stage", "activity_type_id": call.id})

    def test_drop_bounds(self):
        Playbook = self.env["crm.lifecycle.playbook"]
        call = self.env.ref("mail.mail_activity_data_call")
        for values in ({"drop_points": 0}, {"drop_points": 101}, {"drop_weeks": 0}, {"drop_weeks": 105}):
            with self.assertRaises(ValidationError, msg=str(values)):
                with self.env.cr.savepoint():
                    Playbook.create(dict({"name": "Bounds", "trigger": "health_drop",
                                          "activity_type_id": call.id}, **values))
        ok = Playbook.create({"name": "Bounds", "trigger": "health_drop", "drop_points": 100,
                              "drop_weeks": 104, "activity_type_id": call.id})
        self.assertEqual((ok.drop_points, ok.drop_weeks), (100, 104))

    def test_access(self):
        self.recompute()
        other_company = self.env["res.company"].create({"name": "History Other Co"})
        outsider = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "lc_history_out", "login": "lc_history_out", "email": "out@example.com",
            "company_id": other_company.id, "company_ids": [(6, 0, other_company.ids)],
            compat.USER_GROUPS_FIELD: [(6, 0, [self.env.ref("base.group_user").id,
                                             self.env.ref("sales_team.group_sale_salesman_all_leads").id])]})
        portal = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "lc_history_portal", "login": "lc_history_portal", "email": "p@example.com",
            compat.USER_GROUPS_FIELD: [(6, 0, [self.env.ref("base.group_portal").id])]})
        own_rep = self.user("lc_history_own", "sales_team.group_sale_salesman")
        manager = self.user("lc_history_mgr", "crm_lifecycle.group_lifecycle_manager")
        rows = self.snapshots(self.lapsed) | self.snapshots(self.steady)
        self.assertEqual(len(rows), 2)
        # the account owner reads his customer's history; a salesman of the same company
        # limited to his own customers reads only the unassigned one
        rep_rows = testing.as_user(self.History, self.rep).search([("id", "in", rows.ids)])
        self.assertEqual(rep_rows.mapped("partner_id"), self.lapsed | self.steady)
        own_rows = testing.as_user(self.History, own_rep).search([("id", "in", rows.ids)])
        self.assertEqual(own_rows.mapped("partner_id"), self.steady)
        # another company's salesman and a portal user read nothing
        self.assertFalse(testing.as_user(self.History, outsider).search([("id", "in", rows.ids)]))
        with self.assertRaises(REFUSED):
            testing.as_user(rows, outsider).read(["health_score"])
        with self.assertRaises(REFUSED):
            testing.as_user(rows, portal).read(["health_score"])
        # nobody writes, creates or deletes a snapshot, a manager neither
        for user in (self.rep, manager):
            mine = testing.as_user(rows[:1], user)
            with self.assertRaises(REFUSED):
                mine.write({"health_score": 99})
            with self.assertRaises(REFUSED):
                mine.unlink()
            with self.assertRaises(REFUSED):
                testing.as_user(self.History, user).create({
                    "profile_id": rows[0].profile_id.id, "partner_id": self.lapsed.id,
                    "company_id": self.company.id, "week": str(self.week(7))})
        # the graph of one customer's health, from its profile form
        action = testing.as_user(self.profile(self.lapsed), self.rep).action_view_history()
        self.assertEqual(action["res_model"], "crm.lifecycle.profile.history")
        self.assertIn("graph", action["view_mode"])
        self.assertEqual(action["domain"], [("profile_id", "=", self.profile(self.lapsed).id)])

