# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two jobs at once, on two real database connections that commit: a refresh and a new
mark, a recompute and another, two claims by one salesperson. The test transaction sees
none of it; each test removes what it committed."""
import threading
import time

import psycopg2
from psycopg2.extensions import TransactionRollbackError

from odoo import SUPERUSER_ID, sql_db
from odoo.exceptions import UserError

from .. import compat
from ..engine import queries, recompute as engine
from ..tools import flows, testing
from .common import LifecycleCase


class TestConcurrency(LifecycleCase):

    def connection(self):
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(cr.close)
        return cr

    def committed(self, query, params=None):
        cr = self.connection()
        cr.execute(query, params)
        rows = cr.fetchall() if cr.description else None
        cr.commit()  # a second connection, as another worker's; pylint: disable=invalid-commit
        return rows

    def test_mark_set_during_a_refresh_is_kept(self):
        partner_id = self.env.ref("base.main_partner").id
        self.addCleanup(self.committed, "DELETE FROM crm_lifecycle_dirty WHERE partner_id = %s",
                        (partner_id,))
        cr_refresh, cr_order = self.connection(), self.connection()
        with testing.environment(cr_refresh, SUPERUSER_ID) as env_refresh, \
                testing.environment(cr_order, SUPERUSER_ID) as env_order:
            engine.mark_dirty(env_order, [partner_id])  # an order changed earlier
            cr_order.commit()
            # the refresh starts: its snapshot holds that mark
            self.assertIn(partner_id, engine.dirty_partners(env_refresh))
            # meanwhile the customer's order is confirmed again
            engine.mark_dirty(env_order, [partner_id])
            cr_order.commit()
            # the refresh, done from its snapshot, clears what it saw
            cr_refresh.execute(queries.CLEAR_DIRTY, {"partner_ids": [partner_id]})
            cr_refresh.commit()
        left = self.committed("SELECT count(*) FROM crm_lifecycle_dirty WHERE partner_id = %s", (partner_id,))
        self.assertEqual(left[0][0], 1, "the change made during the refresh waits for the next one")

    def test_one_recompute_at_a_time(self):
        cr_first, cr_second = self.connection(), self.connection()
        with testing.environment(cr_first, SUPERUSER_ID) as env_first, \
                testing.environment(cr_second, SUPERUSER_ID) as env_second:
            engine.lock(env_first)
            with self.assertRaisesRegex(UserError, "already running"):
                engine.recompute(env_second)
            cr_second.rollback()
            # a scheduled job waits for the first to end instead of failing
            releaser = threading.Timer(1.5, cr_first.rollback)
            releaser.start()
            started = time.time()
            result = engine.run_job(env_second, lambda env: engine.lock(env) or "ran")
            releaser.join()
            self.assertEqual(result, "ran")
            self.assertGreater(time.time() - started, 1.0)
            cr_second.rollback()
            # a job that may skip gives up at once and says so by returning None
            engine.lock(env_first)
            self.assertIsNone(engine.run_job(env_second, lambda env: engine.lock(env) or "ran", retry=False))

    def test_transition_positions_are_unique(self):
        partner = self.customer("Unique History Ltd")
        self.sale(partner, 30, 100.0)
        self.recompute()
        transition = self.profile(partner).transition_ids
        self.assertEqual(transition.mapped("sequence"), [1])
        with self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute("""
                INSERT INTO crm_lifecycle_transition (profile_id, partner_id, company_id, to_stage_id,
                                                      date, kind, sequence)
                SELECT profile_id, partner_id, company_id, to_stage_id, date, kind, sequence
                  FROM crm_lifecycle_transition WHERE id = %s""", (transition.id,))

    def test_parallel_claims_hold_the_limit(self):
        self.assertEqual(self.parallel_claims(), ["retry", "refused"],
                         "the second claim in parallel must not pass the limit of 1")

    def test_parallel_claims_hold_the_limit_of_their_pool(self):
        """The same race in a pool of a sales team with a limit of 1, while the default
        pool has no limit: the claims are counted in their pool."""
        self.assertEqual(self.parallel_claims(pool=True), ["retry", "refused"],
                         "the second claim in parallel must not pass the pool's limit of 1")

    def parallel_claims(self, pool=False):
        """Two pool customers claimed at once by one salesperson on two connections, the
        claim limit 1 (the settings', or a team pool's, the settings' then unlimited: the
        customers are put in that pool directly); what happened to the second claim."""
        cr_setup = self.connection()
        with testing.environment(cr_setup, SUPERUSER_ID) as env:
            rep = flows.create_salesperson(env, "Race Rep", "lc_race_rep_%d" % int(time.time() * 1000))
            rep[compat.USER_GROUPS_FIELD] = [(4, env.ref("crm_lifecycle.group_lifecycle_user").id)]
            team = env["crm.team"].create({"name": "Race Team"})
            partners = env["res.partner"]
            for i in range(2):
                partners |= partners.create({"name": "Race Pool %d" % i, "is_company": True})
            pool_id = None
            if pool:
                pool_id = env["crm.lifecycle.pool"].create({
                    "name": "Race pool", "team_ids": [(6, 0, team.ids)], "claim_limit": 1,
                    "company_id": compat.current_company(env).id}).id
            env.cr.execute("UPDATE res_partner SET user_id = NULL, lifecycle_pool_date = CURRENT_DATE, "
                           "lifecycle_pool_id = %s WHERE id = ANY(%s)", (pool_id, partners.ids))
            config = env["crm.lifecycle.config"]._get_config()
            limit_before = config.pool_claim_limit
            config.pool_claim_limit = 0 if pool else 1
            ids, rep_id, team_id = partners.ids, rep.id, team.id
            cr_setup.commit()

        def cleanup():
            self.committed("DELETE FROM crm_lifecycle_pool_event WHERE partner_id = ANY(%s)", (ids,))
            self.committed("DELETE FROM crm_lifecycle_pool_claimant WHERE user_id = %s", (rep_id,))
            self.committed("UPDATE res_partner SET active = FALSE, user_id = NULL, lifecycle_pool_id = NULL "
                           "WHERE id = ANY(%s)", (ids,))
            self.committed("DELETE FROM crm_lifecycle_pool WHERE id = %s", (pool_id,))
            self.committed("UPDATE crm_team SET active = FALSE WHERE id = %s", (team_id,))
            self.committed("UPDATE res_users SET active = FALSE WHERE id = %s", (rep_id,))
            self.committed("UPDATE crm_lifecycle_config SET pool_claim_limit = %s", (limit_before,))
        self.addCleanup(cleanup)

        cr_first, cr_second = self.connection(), self.connection()
        outcome = []

        def second_claim():
            with testing.environment(cr_second, rep_id) as env:
                try:
                    env["res.partner"].browse(ids[1]).action_lifecycle_pool_claim()
                    outcome.append("claimed")
                except TransactionRollbackError:
                    outcome.append("retry")
                except UserError:
                    outcome.append("refused")
                cr_second.rollback()
                if outcome[-1] == "retry":  # what Odoo's RPC layer does: the call again
                    try:
                        env["res.partner"].browse(ids[1]).action_lifecycle_pool_claim()
                        outcome.append("claimed")
                    except UserError:
                        outcome.append("refused")
                    cr_second.rollback()

        with testing.environment(cr_first, rep_id) as env_first:
            env_first["res.partner"].browse(ids[0]).action_lifecycle_pool_claim()
            thread = threading.Thread(target=second_claim)
            thread.start()
            time.sleep(1.0)  # the second claim is now waiting for the first
            cr_first.commit()
            thread.join(30)
        return outcome
