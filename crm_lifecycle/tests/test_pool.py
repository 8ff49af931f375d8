# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer pool: the last follow-up from each source, notice then release after the days
of the customer's stage, visibility of released customers, claim within the limit, manual
release and assignment, the history, and refused settings."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import compat
from ..tools import testing
from .common import LifecycleCase


class PoolCase(LifecycleCase):
    """Salespeople, a manager, the pool switched on (30 days, notice 5, limit 1) and the
    helpers of the pool's tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own1 = cls.user("lc_pool_own1", "sales_team.group_sale_salesman")
        cls.own2 = cls.user("lc_pool_own2", "sales_team.group_sale_salesman")
        cls.manager = cls.user("lc_pool_mgr", "sales_team.group_sale_salesman",
                           "crm_lifecycle.group_lifecycle_manager")
        cls.config = cls.env["crm.lifecycle.config"]._get_config()
        cls.config.write({"pool_release_days": 30, "pool_notice_days": 5, "pool_claim_limit": 1})
        cls.Event = cls.env["crm.lifecycle.pool.event"]
        cls.Partner = cls.env["res.partner"]

    def owned(self, name, owner, created_days_ago=300, order_days_ago=250):
        """A customer of `owner` created long ago, with an order taken by someone else (so
        that it has a profile but no follow-up by its owner)."""
        partner = self.customer(name, user_id=owner.id)
        self.sale(partner, order_days_ago, 100.0, user=self.env.user)
        self.env.cr.execute("UPDATE res_partner SET create_date = %s WHERE id = %s",
                            (self.day(created_days_ago), partner.id))
        return partner

    def note(self, record, author, days_ago):
        """A note `author` logged on `record`, dated days_ago."""
        message = record.message_post(body="Called the customer", message_type="comment",
                                      author_id=author.partner_id.id)
        self.env.cr.execute("UPDATE mail_message SET date = %s WHERE id = %s",
                            (self.day(days_ago), message.id))
        return message

    def state(self, partner):
        compat.invalidate(self.env)
        return partner.lifecycle_last_followup and compat.to_date(partner.lifecycle_last_followup)

    def events(self, partner, event=None):
        domain = [("partner_id", "=", partner.id)] + ([("event", "=", event)] if event else [])
        return self.Event.search(domain)

    def run_pool(self, days_ago):
        return self.Partner._lifecycle_pool_run(ref_date=self.day(days_ago))

    def release(self, *partners):
        for partner in partners:
            testing.as_user(partner, self.manager).action_lifecycle_pool_release()
        compat.invalidate(self.env)


class TestPool(PoolCase):

    # -- last follow-up ---------------------------------------------------------------

    def test_followup_sources(self):
        by_note = self.owned("Pool Note Co", self.own1)
        by_contact = self.owned("Pool Contact Co", self.own1)
        contact = self.Partner.create({"name": "Pat Pool", "parent_id": by_contact.id})
        by_order = self.owned("Pool Order Co", self.own1)
        by_activity = self.owned("Pool Activity Co", self.own1)
        by_other = self.owned("Pool Other Co", self.own1)
        self.recompute()
        self.note(by_note, self.own1, 100)
        self.note(contact, self.own1, 90)
        self.sale(by_order, 80, 50.0, user=self.own1)
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get("res.partner").id, "res_id": by_activity.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "user_id": self.own1.id, "summary": "Call"})
        kept = compat.activity_kept_when_done(activity)
        testing.as_user(activity, self.own1).action_feedback(feedback="Done")
        self.env.cr.execute(
            "UPDATE mail_message SET date = %s WHERE model = 'res.partner' AND res_id = %s "
            "AND mail_activity_type_id IS NOT NULL", (self.day(70), by_activity.id))
        self.assertEqual(self.env.cr.rowcount, 1, "a done activity leaves one message")
        if kept:  # ... and the archived activity with its done date (19): the same day
            compat.flush(self.env)
            self.env.cr.execute("UPDATE mail_activity SET date_done = %s WHERE id = %s",
                                (self.day(70), activity.id))
            compat.invalidate(self.env)
        self.note(by_other, self.own2, 10)  # not the owner: does not count
        self.assertEqual(self.state(by_note), self.day(100))
        self.assertEqual(self.state(by_contact), self.day(90))
        self.assertEqual(self.state(by_order), self.day(80))
        self.assertEqual(self.state(by_activity), self.day(70))
        self.assertEqual(self.state(by_other), self.day(300), "creation date when never followed up")
        # days until release: 30 days after the last follow-up, here already due
        self.assertEqual(by_note.lifecycle_pool_days_left, 0)
        self.note(by_note, self.own1, 10)
        self.assertEqual(self.state(by_note), self.day(10))
        self.assertEqual(by_note.lifecycle_pool_days_left, 20)
        self.assertEqual(compat.to_date(by_note.lifecycle_pool_due_date), self.day(-20))

    # -- notice and release ------------------------------------------------------------

    def test_notice_then_release_per_stage(self):
        quick = self.owned("Pool Quick Co", self.own1, order_days_ago=5)
        slow = self.owned("Pool Slow Co", self.own1, order_days_ago=250)
        self.recompute()
        stage_quick, stage_slow = self.profile(quick).stage_id, self.profile(slow).stage_id
        self.assertTrue(stage_quick and stage_slow and stage_quick != stage_slow)
        # the slow customer's stage gets 60 days; the quick one's uses the default 30
        self.config.write({"pool_stage_days_ids": [(0, 0, {"stage_id": stage_slow.id, "days": 60})]})
        for partner in (quick, slow):
            self.note(partner, self.own1, 40)
        # quick: due on day -10, notice from day -15
        self.run_pool(16)
        self.assertFalse(self.events(quick) | self.events(slow))
        self.assertEqual(self.run_pool(15), {"notices": 1, "releases": 0})
        notice = self.events(quick, "notice")
        self.assertEqual((notice.user_id, compat.to_date(notice.date)), (self.own1, self.day(15)))
        activity = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", quick.id), ("user_id", "=", self.own1.id),
            ("activity_type_id", "=", self.env.ref("crm_lifecycle.mail_activity_type_pool_notice").id)])
        self.assertEqual(len(activity), 1)
        self.run_pool(11)
        self.assertEqual(len(self.events(quick)), 1, "one notice, no release before the due date")
        self.assertEqual(quick.user_id, self.own1)
        self.assertEqual(self.run_pool(10), {"notices": 0, "releases": 1})
        compat.invalidate(self.env)
        self.assertFalse(quick.user_id)
        self.assertEqual(quick.lifecycle_pool_prev_user_id, self.own1)
        self.assertEqual(compat.to_date(quick.lifecycle_pool_date), self.day(10))
        release = self.events(quick, "release")
        self.assertEqual((release.user_id, compat.to_date(release.date)), (self.own1, self.day(10)))
        self.assertFalse(self.profile(quick).user_id, "the profile follows the partner")
        self.assertFalse(activity.exists(), "the notice is closed by the release")
        # slow: 60 days, so due on day +20, notice from day +15
        self.assertEqual(slow.user_id, self.own1)
        self.assertFalse(self.events(slow))
        self.run_pool(-15)
        self.assertEqual(len(self.events(slow, "notice")), 1)
        self.run_pool(-19)
        self.assertEqual(slow.user_id, self.own1)
        self.run_pool(-20)
        compat.invalidate(self.env)
        self.assertFalse(slow.user_id)
        # 0 days for a stage: never released
        late = self.owned("Pool Never Co", self.own1, order_days_ago=250)
        self.recompute()
        self.config.pool_stage_days_ids.write({"days": 0})
        self.run_pool(-400)
        self.assertFalse(self.events(late))
        self.assertEqual(late.lifecycle_pool_days_left, 0)
        self.assertFalse(late.lifecycle_pool_due_date)

    def test_followup_after_notice_postpones_release(self):
        partner = self.owned("Pool Saved Co", self.own1)
        self.recompute()
        self.note(partner, self.own1, 40)
        self.run_pool(15)
        self.assertEqual(len(self.events(partner, "notice")), 1)
        self.note(partner, self.own1, 12)  # the owner calls after the notice
        self.run_pool(10)
        self.assertEqual(partner.user_id, self.own1)
        self.assertFalse(self.events(partner, "release"))

    # -- pool, claim, limit ------------------------------------------------------------

    def test_pool_visible_and_claim(self):
        partner = self.owned("Pool Claim Co", self.own1)
        self.recompute()
        Profile2 = testing.as_user(self.Profile, self.own2)
        self.assertFalse(Profile2.search([("partner_id", "=", partner.id)]))
        self.release(partner)
        pool = self.env.ref("crm_lifecycle.crm_lifecycle_pool_action")
        domain = eval(pool.domain)  # fixed text of our own action
        seen = testing.as_user(self.Partner, self.own2).search(domain)
        self.assertIn(partner, seen)
        self.assertTrue(Profile2.search([("partner_id", "=", partner.id)]), "pool customers are visible")
        testing.as_user(partner, self.own2).action_lifecycle_pool_claim()
        compat.invalidate(self.env)
        self.assertEqual(partner.user_id, self.own2)
        self.assertFalse(partner.lifecycle_pool_date)
        self.assertEqual(self.profile(partner).user_id, self.own2)
        self.assertEqual(self.events(partner).mapped("event"), ["claim", "release"])
        claim = self.events(partner, "claim")
        self.assertEqual((claim.user_id, compat.to_date(claim.date)), (self.own2, self.today))
        # the claim starts a new period for its new owner
        self.assertEqual(self.state(partner), self.today)
        self.assertEqual(partner.lifecycle_pool_days_left, 30)
        self.assertNotIn(partner, testing.as_user(self.Partner, self.own1).search(domain))
        with self.assertRaises(UserError):
            testing.as_user(partner, self.own1).action_lifecycle_pool_claim()

    def test_claim_over_limit_refused(self):
        first = self.owned("Pool First Co", self.own1)
        second = self.owned("Pool Second Co", self.own1)
        self.recompute()
        self.release(first, second)
        testing.as_user(first, self.own2).action_lifecycle_pool_claim()
        count = self.Event.search_count([])
        with self.assertRaises(UserError) as error:
            testing.as_user(second, self.own2).action_lifecycle_pool_claim()
        self.assertIn("Claim limit", str(error.exception.args[0]))
        compat.invalidate(self.env)
        self.assertFalse(second.user_id)
        self.assertTrue(second.lifecycle_pool_date)
        self.assertEqual(self.Event.search_count([]), count, "nothing written")
        # both at once is refused as a whole
        with self.assertRaises(UserError):
            testing.as_user(first | second, self.own1).action_lifecycle_pool_claim()
        # a manager's assignment does not count against the limit, and frees the slot when
        # it reassigns a claimed customer
        wizard = testing.as_user(self.env["crm.lifecycle.pool.assign"], self.manager).with_context(
            active_model="res.partner", active_ids=[first.id]).create({"user_id": self.own1.id})
        wizard.action_assign()
        compat.invalidate(self.env)
        self.assertEqual(first.user_id, self.own1)
        self.assertEqual(self.events(first, "assign").user_id, self.own1)
        testing.as_user(second, self.own2).action_lifecycle_pool_claim()
        compat.invalidate(self.env)
        self.assertEqual(second.user_id, self.own2)

    def test_managers_only(self):
        partner = self.owned("Pool Managed Co", self.own1)
        self.recompute()
        with self.assertRaises(UserError):
            testing.as_user(partner, self.own1).action_lifecycle_pool_release()
        with self.assertRaises(UserError):
            testing.as_user(partner, self.own2)._lifecycle_pool_assign(self.own2)
        self.release(partner)
        self.assertEqual(self.events(partner, "release").reason, "Released by lc_pool_mgr")
        # a salesperson set in the form takes the customer out of the pool, as an assignment
        partner.write({"user_id": self.own2.id})
        compat.invalidate(self.env)
        self.assertFalse(partner.lifecycle_pool_date)
        self.assertEqual(self.events(partner, "assign").user_id, self.own2)
        self.assertEqual(self.profile(partner).user_id, self.own2)
        with self.assertRaises(UserError):
            testing.as_user(self.Partner, self.own1).action_lifecycle_pool_run()
        self.config.pool_release_days = 0  # the pool off: the job runs and does nothing
        self.assertEqual(testing.as_user(self.Partner, self.manager).action_lifecycle_pool_run(),
                         {"notices": 0, "releases": 0})
        with self.assertRaises(AccessError):  # settings are the managers'
            testing.as_user(self.config, self.own1).write({"pool_claim_limit": 5})

    def test_negative_settings_refused(self):
        for field in ("pool_release_days", "pool_notice_days", "pool_claim_limit"):
            with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
                self.config.write({field: -1})
            self.assertIn(self.config._fields[field].string, str(error.exception.args[0]))
        stage = self.env["crm.lifecycle.stage"].search([], limit=1)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.config.write({"pool_stage_days_ids": [(0, 0, {"stage_id": stage.id, "days": -3})]})
        compat.invalidate(self.env)
        self.assertEqual((self.config.pool_release_days, self.config.pool_notice_days,
                          self.config.pool_claim_limit), (30, 5, 1))
        self.assertFalse(self.config.pool_stage_days_ids)
