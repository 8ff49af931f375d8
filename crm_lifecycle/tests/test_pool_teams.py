# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Several customer pools: a team-scoped pool (60 days) and a region-scoped one (10 days,
notice 2), the default pool (the settings: 30 days, notice 5, limit 1) for the rest. Which
pool a customer belongs to, its own release days, notice and per-stage days, its claim
limit and daily quota, and the history of every release, claim and assignment with its
pool and reason."""
import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .. import compat
from ..tools import testing
from .test_pool import PoolCase


class TestPoolTeams(PoolCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Pool Key Accounts Team"})
        cls.other_team = cls.env["crm.team"].create({"name": "Pool Other Team"})
        # the key accounts' salesperson: a customer without a team of its own (on 18+ every
        # customer) is in his team
        cls.own3 = cls.user("lc_pool_own3", "sales_team.group_sale_salesman")
        compat.add_team_member(cls.team, cls.own3)
        cls.china = cls.env.ref("base.cn")
        cls.province = cls.env["res.country.state"].create(
            {"name": "Pool Test Province", "code": "PTP", "country_id": cls.china.id})
        Pool = cls.env["crm.lifecycle.pool"]
        cls.team_pool = Pool.create({
            "name": "Key accounts", "sequence": 10, "team_ids": [(6, 0, cls.team.ids)],
            "release_days": 60, "notice_days": 5, "claim_limit": 1, "company_id": cls.company.id})
        cls.region_pool = Pool.create({
            "name": "South region", "sequence": 20, "state_ids": [(6, 0, cls.province.ids)],
            "release_days": 10, "notice_days": 2, "claim_limit": 0, "daily_claim_quota": 1,
            "company_id": cls.company.id})

    def _owned_with(self, name, team, owner=None, **vals):
        """A customer (test_pool's owned) of `owner` (own1) in `team`, with this address."""
        partner = self.owned(name, owner or self.own1)
        if compat.PARTNER_TEAM_FIELD:
            vals[compat.PARTNER_TEAM_FIELD] = team.id
        partner.write(vals)
        return partner

    def in_team(self, name):
        return self._owned_with(name, self.team, self.own3)

    def in_region(self, name):
        return self._owned_with(name, self.other_team, country_id=self.china.id, state_id=self.province.id)

    def elsewhere(self, name):
        return self._owned_with(name, self.other_team)

    def claim(self, partner, user):
        testing.as_user(partner, user).action_lifecycle_pool_claim()
        compat.invalidate(self.env)

    # -- membership --------------------------------------------------------------------

    def test_customer_belongs_to_the_first_matching_pool(self):
        both = self._owned_with("Pool Both Co", self.team, self.own3, country_id=self.china.id,
                                state_id=self.province.id)
        region = self.in_region("Pool Region Co")
        other = self.elsewhere("Pool Elsewhere Co")
        # no team of its own: its salesperson's team
        teamless = self.owned("Pool Teamless Co", self.own3)
        self.recompute()
        compat.invalidate(self.env)
        self.assertEqual([p.lifecycle_pool_name for p in (both, region, other, teamless)],
                         ["Key accounts", "South region", "Default pool", "Key accounts"])
        if compat.PARTNER_TEAM_FIELD:  # the customer's own team comes before its salesperson's
            own_team = self._owned_with("Pool Own Team Co", self.other_team, self.own3)
            compat.invalidate(self.env)
            self.assertEqual(own_team.lifecycle_pool_name, "Default pool")
        # the region first by sequence: the customer of both goes there
        self.region_pool.sequence = 5
        compat.invalidate(self.env)
        self.assertEqual(both.lifecycle_pool_name, "South region")
        # an archived pool and a pool of another company take nobody
        self.region_pool.active = False
        other_company = self.env["res.company"].create({"name": "Pool Other Company"})
        self.env["crm.lifecycle.pool"].create({"name": "Elsewhere pool", "sequence": 1,
                                               "company_id": other_company.id})
        compat.invalidate(self.env)
        self.assertEqual([p.lifecycle_pool_name for p in (both, region, other)],
                         ["Key accounts", "Default pool", "Default pool"])
        # a pool with an empty scope takes every customer of its company left
        self.env["crm.lifecycle.pool"].create({"name": "Catch-all", "sequence": 99,
                                               "company_id": self.company.id})
        compat.invalidate(self.env)
        self.assertEqual(other.lifecycle_pool_name, "Catch-all")

    # -- release per pool --------------------------------------------------------------

    def test_each_pool_releases_after_its_own_days(self):
        key = self.in_team("Pool Key Co")
        south = self.in_region("Pool South Co")
        rest = self.elsewhere("Pool Rest Co")
        self.recompute()
        for partner in (key, south, rest):
            self.note(partner, partner.user_id, 40)
        # south (10 days, notice 2): due on day 30, notice from day 32
        self.assertEqual(self.run_pool(33), {"notices": 0, "releases": 0})
        self.assertEqual(self.run_pool(32), {"notices": 1, "releases": 0})
        notice = self.events(south, "notice")
        self.assertEqual(notice.pool_id, self.region_pool)
        self.assertEqual(self.run_pool(30), {"notices": 0, "releases": 1})
        compat.invalidate(self.env)
        self.assertFalse(south.user_id)
        self.assertEqual(south.lifecycle_pool_id, self.region_pool)
        release = self.events(south, "release")
        self.assertEqual((release.pool_id, release.reason, release.user_id),
                         (self.region_pool, "No follow-up for 10 days", self.own1))
        # the rest, in the default pool (30 days, notice 5): due on day 10
        self.assertEqual(self.run_pool(15), {"notices": 1, "releases": 0})
        self.run_pool(10)
        compat.invalidate(self.env)
        self.assertFalse(rest.user_id)
        self.assertFalse(rest.lifecycle_pool_id, "the default pool")
        self.assertFalse(self.events(rest, "release").pool_id)
        self.assertEqual(self.events(rest, "release").reason, "No follow-up for 30 days")
        # the team's customer (60 days): due on day -20, still owned
        self.assertEqual(key.user_id, self.own3)
        self.assertEqual(key.lifecycle_pool_days_left, 20)
        self.run_pool(-15)
        self.assertEqual(self.events(key, "notice").pool_id, self.team_pool)
        self.run_pool(-19)
        compat.invalidate(self.env)
        self.assertEqual(key.user_id, self.own3)
        self.run_pool(-20)
        compat.invalidate(self.env)
        self.assertFalse(key.user_id)
        self.assertEqual(key.lifecycle_pool_id, self.team_pool)
        # the pooled list groups by pool
        groups = compat.read_group(testing.as_user(self.Partner, self.own2),
                                   [("id", "in", (key | south | rest).ids)],
                                   ["lifecycle_pool_id"], ["lifecycle_pool_id"])
        counts = {(g["lifecycle_pool_id"] or [False])[0]: g["lifecycle_pool_id_count"] for g in groups}
        self.assertEqual(counts, {self.team_pool.id: 1, self.region_pool.id: 1, False: 1})

    def test_stage_days_are_per_pool(self):
        south = self.in_region("Pool Stage South Co")
        rest = self.elsewhere("Pool Stage Rest Co")
        self.recompute()
        stage = self.profile(south).stage_id
        self.assertEqual(self.profile(rest).stage_id, stage)
        # the settings' line (never) is the default pool's; the region's own line 20 days
        self.config.write({"pool_stage_days_ids": [(0, 0, {"stage_id": stage.id, "days": 0})]})
        self.region_pool.write({"stage_days_ids": [(0, 0, {"stage_id": stage.id, "days": 20})]})
        for partner in (south, rest):
            self.note(partner, self.own1, 40)
        self.run_pool(22)
        self.run_pool(20)
        compat.invalidate(self.env)
        self.assertFalse(south.user_id, "released after the region's 20 days for its stage")
        self.assertEqual(self.events(south, "release").reason, "No follow-up for 20 days")
        self.run_pool(-400)
        self.assertFalse(self.events(rest), "the default pool never releases this stage")
        with self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint(), \
                mute_logger("odoo.sql_db"):  # one line per stage and pool
            self.region_pool.write({"stage_days_ids": [(0, 0, {"stage_id": stage.id, "days": 5})]})
            compat.flush(self.env)

    # -- claims per pool ---------------------------------------------------------------

    def test_claim_limit_and_quota_are_per_pool(self):
        south1, south2 = self.in_region("Pool Claim S1 Co"), self.in_region("Pool Claim S2 Co")
        rest1, rest2 = self.elsewhere("Pool Claim R1 Co"), self.elsewhere("Pool Claim R2 Co")
        self.recompute()
        self.release(south1, south2, rest1, rest2)
        self.assertEqual((south1 | south2).mapped("lifecycle_pool_id"), self.region_pool)
        self.assertFalse((rest1 | rest2).mapped("lifecycle_pool_id"))
        # the region: no limit, one claim a day
        self.claim(south1, self.own2)
        with self.assertRaises(UserError) as error:
            self.claim(south2, self.own2)
        self.assertIn("Daily claim quota (South region)", str(error.exception.args[0]))
        # the default pool has its own limit (1), which the region's claim does not use
        self.claim(rest1, self.own2)
        self.assertEqual(rest1.user_id, self.own2)
        with self.assertRaises(UserError) as error:
            self.claim(rest2, self.own2)
        self.assertIn("Claim limit per salesperson (Default pool)", str(error.exception.args[0]))
        self.assertFalse(rest2.user_id)
        # another salesperson has his own quota in the region
        self.claim(south2, self.own1)
        self.assertEqual(south2.user_id, self.own1)
        # claims are recorded with the pool they came from; the customer left the pool
        claims = self.Event.search([("event", "=", "claim"), ("partner_id", "in", [south1.id, rest1.id])])
        self.assertEqual({(e.partner_id, e.pool_id) for e in claims},
                         {(south1, self.region_pool), (rest1, self.env["crm.lifecycle.pool"])})
        self.assertFalse(south1.lifecycle_pool_id)

    def test_history_with_pool_and_reason(self):
        south = self.in_region("Pool History Co")
        self.recompute()
        self.release(south)
        # the pool's screen counts and opens its pooled customers
        pool2 = testing.as_user(self.region_pool, self.own2)
        self.assertEqual(pool2.pooled_count, 1)
        action = pool2.action_view_pooled()
        self.assertEqual(testing.as_user(self.Partner, self.own2).search(action["domain"]), south)
        self.claim(south, self.own2)
        compat.invalidate(self.env)
        self.assertEqual(self.region_pool.pooled_count, 0)
        testing.as_user(south, self.manager)._lifecycle_pool_assign(self.own1)
        compat.invalidate(self.env)
        history = [(e.event, e.pool_id, e.reason, e.user_id) for e in reversed(self.events(south))]
        self.assertEqual(history, [
            ("release", self.region_pool, "Released by lc_pool_mgr", self.own1),
            ("claim", self.region_pool, "Claimed from the pool", self.own2),
            ("assign", self.region_pool, "Assigned by lc_pool_mgr", self.own1)])
        # salespeople read the history of the pools of their company, filtered by pool
        seen = testing.as_user(self.Event, self.own2).search([("pool_id", "=", self.region_pool.id)])
        self.assertEqual(seen.mapped("partner_id"), south)
        # a pool with a history is archived, not deleted
        with self.assertRaises(UserError):
            self.region_pool.unlink()

    # -- settings ----------------------------------------------------------------------

    def test_pool_rules_validated_and_for_managers(self):
        for field, value in (("release_days", -1), ("notice_days", 400), ("claim_limit", -2),
                             ("daily_claim_quota", -1), ("hold_exempt_days", 10 ** 6),
                             ("protection_days", -5), ("keep_opportunity_value", -1.0)):
            with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
                self.team_pool.write({field: value})
            self.assertIn(self.team_pool._fields[field].string, str(error.exception.args[0]))
        compat.invalidate(self.env)
        self.assertEqual(self.team_pool.release_days, 60)
        # a state outside the pool's countries would match nobody: refused
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            self.region_pool.write({"country_ids": [(6, 0, self.env.ref("base.fr").ids)]})
        self.assertIn("Pool Test Province", str(error.exception.args[0]))
        Pool2 = testing.as_user(self.env["crm.lifecycle.pool"], self.own2)
        self.assertEqual(Pool2.search([("id", "in", (self.team_pool | self.region_pool).ids)]),
                         self.team_pool | self.region_pool, "salespeople read the pools")
        with self.assertRaises(AccessError):
            Pool2.create({"name": "My own pool"})
        with self.assertRaises(AccessError):
            testing.as_user(self.team_pool, self.own2).write({"claim_limit": 100})
        testing.as_user(self.team_pool, self.manager).write({"claim_limit": 3})
        self.assertEqual(self.team_pool.claim_limit, 3)
