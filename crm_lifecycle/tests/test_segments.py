# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Segments through real flows: membership over simulated time, totals, ready-made
segments, audience tag, opportunities and activities, and refused bad rules."""
import datetime

from odoo.exceptions import AccessError, UserError, ValidationError

from .. import compat
from ..tools import flows, testing
from .common import LifecycleCase


class TestSegments(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Segment = cls.env["crm.lifecycle.segment"]
        cls.rep = flows.create_salesperson(cls.env, "Segment Rep", "lc_segment_rep")
        # A: orders 100 and 30 days ago; B: one order 200 days ago
        cls.a = cls.customer("Segment A Ltd", user_id=cls.rep.id)
        cls.sale(cls.a, 100, 1000.0)
        cls.sale(cls.a, 30, 3000.0)
        cls.b = cls.customer("Segment B Ltd")
        cls.sale(cls.b, 200, 500.0)

    def segment(self, domain, name="Test segment", **vals):
        vals.update(name=name, domain=domain)
        return self.Segment.create(vals)

    def ours(self, extra=""):
        return "[('partner_id', 'in', [%d, %d])%s]" % (self.a.id, self.b.id, extra)

    def stays(self, segment, partner):
        members = segment.member_ids.filtered(lambda m: m.partner_id == partner)
        # by entry, the ended stays before the open one
        return sorted(((compat.to_date(m.date_entered), compat.to_date(m.date_left)) for m in members),
                      key=lambda stay: (stay[0], stay[1] is None, stay[1] or stay[0]))

    def test_membership_enters_and_leaves_with_dates(self):
        recent = self.segment(self.ours(", ('recency_days', '<=', 60)"), "Recent buyers")
        for days_ago in (120, 90, 50, 35, 20, 0, 0):
            self.recompute(days_ago)
        # A: in at T-90 (10 d after its order), out at T-35 (65 d), in again at T-20
        self.assertEqual(self.stays(recent, self.a),
                         [(self.day(90), self.day(35)), (self.day(20), None)])
        self.assertFalse(self.stays(recent, self.b), "B never bought within 60 days of a recompute")
        self.assertEqual(recent.member_count, 1)
        self.assertEqual(recent.current_member_ids.mapped("partner_id"), self.a)
        self.assertEqual(compat.to_date(recent.date_refreshed), self.today)

    def test_counts_and_value(self):
        self.recompute()
        both = self.segment(self.ours(), "Both")
        self.assertEqual(both.member_count, 2, "a new segment fills at once from the profiles")
        value = self.profile(self.a).annual_value + self.profile(self.b).annual_value
        # A: 4000 over 71 days of history is less than a year: its value is what it bought
        # in its first year at most; read both from the profiles and sum by hand
        self.assertGreater(value, 0)
        self.assertAlmostEqual(both.member_value, value, places=2)
        big = self.segment(self.ours(", ('revenue_total', '>=', 4000)"), "Big")
        self.assertEqual((big.member_count, big.current_member_ids.partner_id), (1, self.a))
        self.assertAlmostEqual(big.member_value, self.profile(self.a).annual_value, places=2)
        # a new order of A: one customer's refresh moves the totals of its segments
        before = both.member_value
        self.sale(self.a, 0, 1000.0)
        self.recompute(partners=self.a)
        self.assertGreater(both.member_value, before)
        self.assertAlmostEqual(both.member_value, self.profile(self.a).annual_value
                               + self.profile(self.b).annual_value, places=2)
        self.assertAlmostEqual(big.member_value, self.profile(self.a).annual_value, places=2)
        # partner fields through partner_id; a partial recompute only touches its customers
        named = self.segment(self.ours(", ('partner_id.name', 'ilike', 'Segment B')"), "Named")
        self.assertEqual(named.current_member_ids.partner_id, self.b)
        self.b.name = "Renamed Ltd"
        self.recompute(partners=self.a)
        self.assertEqual(named.member_count, 1, "B was not part of that recompute")
        self.recompute(partners=self.b)
        self.assertEqual(named.member_count, 0)
        self.assertEqual(self.stays(named, self.b), [(self.today, self.today)])
        # and back in with its own refresh: a new stay, the totals follow
        self.b.name = "Segment B again"
        self.recompute(partners=self.b)
        self.assertEqual(self.stays(named, self.b), [(self.today, self.today), (self.today, None)])
        self.assertEqual(named.member_count, 1)
        self.assertAlmostEqual(named.member_value, self.profile(self.b).annual_value, places=2)
        self.assertEqual(both.member_count, 2, "the other segments did not move")
        self.assertAlmostEqual(both.member_value, self.profile(self.a).annual_value
                               + self.profile(self.b).annual_value, places=2)

    def test_ready_made_segments(self):
        quarter_start = self.today.replace(month=3 * ((self.today.month - 1) // 3) + 1, day=1)
        new = self.customer("Quarter New Ltd")
        self.sale(new, (self.today - quarter_start).days, 800.0)
        before = self.customer("Quarter Before Ltd")
        self.sale(before, (self.today - quarter_start).days + 1, 800.0)
        lapsed = self.customer("Lapsed Owing Ltd")
        flows.invoice_order(self.sale(lapsed, 500, 2000.0, deliver_late_days=0), self.day(500))
        lapsed_paid = self.customer("Lapsed Paid Ltd")
        invoice = flows.invoice_order(self.sale(lapsed_paid, 500, 2000.0, deliver_late_days=0),
                                       self.day(500))
        flows.register_payment(invoice, self.day(480))
        champion = self.customer("Champion Ltd")
        slipping = self.customer("Slipping Big Ltd")
        for days_ago in (60, 45, 30, 15, 0):
            self.sale(champion, days_ago, 200000.0)
            self.sale(slipping, days_ago + 100, 200000.0)
        self.recompute()

        def members(xmlid):
            return self.env.ref("crm_lifecycle." + xmlid).current_member_ids.mapped("partner_id")
        self.assertIn(new, members("segment_new_this_quarter"))
        self.assertNotIn(before, members("segment_new_this_quarter"))
        self.assertIn(lapsed, members("segment_lapsed_receivable"))
        self.assertEqual(self.profile(lapsed_paid).stage_id.code, "lapsed")
        self.assertNotIn(lapsed_paid, members("segment_lapsed_receivable"), "nothing owed")
        self.assertEqual(self.profile(champion).rfm_segment, "champions")
        self.assertIn(champion, members("segment_champions"))
        self.assertEqual((self.profile(slipping).abc_class, self.profile(slipping).stage_id.code),
                         ("A", "at_risk"))
        self.assertIn(slipping, members("segment_high_value_at_risk"))
        self.assertNotIn(champion, members("segment_high_value_at_risk"))

    def test_tag_follows_the_members(self):
        self.recompute(90)
        recent = self.segment(self.ours(", ('recency_days', '<=', 150)"), "Tagged")
        self.assertEqual(recent.current_member_ids.mapped("partner_id"), self.a | self.b)
        # the partner tag (Update audience's choice without Email Marketing, which the tests
        # install where the series has it: test_campaign_mailing.py)
        recent.action_tag_members()
        tag = recent.tag_id
        self.assertEqual(tag.partner_ids, self.a | self.b)
        self.recompute(0)  # B's only order is 200 days old now
        recent.action_tag_members()
        self.assertEqual(recent.tag_id, tag, "the same tag is refreshed")
        self.assertEqual(tag.partner_ids, self.a)
        with self.assertRaises(UserError):
            testing.as_user(recent, self.rep).action_tag_members()

    def wizard(self, segment, **vals):
        vals.update(segment_id=segment.id)
        return self.env["crm.lifecycle.segment.action"].create(vals)

    def test_opportunities_for_members(self):
        self.recompute()
        both = self.segment(self.ours(), "Win back")
        flows.create_lead(self.b, self.day(5), "Already talking", 999.0)
        self.wizard(both, action="opportunity", opportunity_kind="winback").action_apply()
        Lead = self.env["crm.lead"]
        revenue = compat.LEAD_REVENUE_FIELD
        lead_a = Lead.search([("partner_id", "=", self.a.id)])
        self.assertEqual(len(lead_a), 1)
        self.assertEqual(lead_a.user_id, self.rep, "assigned to the account owner")
        self.assertAlmostEqual(lead_a[revenue], (1000.0 + 3000.0) / 2, places=2,
                               msg="A's own average order")
        self.assertEqual(lead_a.type, "opportunity")
        self.assertEqual(Lead.search_count([("partner_id", "=", self.b.id)]), 1,
                         "B has an open opportunity: no second one")
        self.wizard(both, action="opportunity", opportunity_kind="upsell").action_apply()
        self.assertEqual(Lead.search_count([("partner_id", "=", self.a.id)]), 1,
                         "still open: not twice")
        flows.win_lead(lead_a, self.today)
        self.wizard(both, action="opportunity", opportunity_kind="upsell").action_apply()
        self.assertEqual(Lead.search_count([("partner_id", "=", self.a.id)]), 2,
                         "once won, a new one may follow")

    def test_activities_for_owners(self):
        self.recompute()
        both = self.segment(self.ours(), "Call them")
        call = self.env.ref("mail.mail_activity_data_call")
        with self.assertRaisesRegex(UserError, "Due in"):
            self.wizard(both, action="activity", activity_type_id=call.id, days=-1).action_apply()
        with self.assertRaisesRegex(UserError, "Activity type"):
            self.wizard(both, action="activity").action_apply()
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "res.partner"), ("res_id", "in", (self.a | self.b).ids)]
        self.assertFalse(Activity.search(domain), "nothing written by the refused runs")
        self.wizard(both, action="activity", activity_type_id=call.id, days=7,
                    summary="Quarterly call").action_apply()
        self.wizard(both, action="activity", activity_type_id=call.id, days=7).action_apply()
        activities = Activity.search(domain)
        self.assertEqual(len(activities), 2, "one per member, not again on a second run")
        by_partner = {a.res_id: a for a in activities}
        self.assertEqual(by_partner[self.a.id].user_id, self.rep)
        self.assertEqual(by_partner[self.b.id].user_id, self.env.user, "no owner: the user")
        self.assertEqual(compat.to_date(by_partner[self.a.id].date_deadline),
                         self.today + datetime.timedelta(days=7))
        self.assertEqual(by_partner[self.a.id].summary, "Quarterly call")

    def test_salesperson_sees_own_members_and_cannot_configure(self):
        self.b.user_id = flows.create_salesperson(self.env, "Other Rep", "lc_segment_other")
        self.recompute()
        both = self.segment(self.ours(), "Visible")
        as_rep = testing.as_user(both, self.rep)
        self.assertEqual(as_rep.name, "Visible", "segments are visible to users")
        members = testing.as_user(self.env["crm.lifecycle.segment.member"], self.rep).search(
            [("segment_id", "=", both.id)])
        self.assertEqual(members.mapped("partner_id"), self.a, "own customers only")
        with self.assertRaises(AccessError):
            as_rep.write({"domain": "[]"})
        with self.assertRaises(AccessError):
            testing.as_user(self.env["crm.lifecycle.playbook"], self.rep).search([])
        # acting as the salesperson reaches only their own customers
        testing.as_user(self.env["crm.lifecycle.segment.action"], self.rep).create({
            "segment_id": both.id, "action": "opportunity", "opportunity_kind": "upsell"}).action_apply()
        self.assertEqual(self.env["crm.lead"].search_count([("partner_id", "=", self.a.id)]), 1)
        self.assertEqual(self.env["crm.lead"].search_count([("partner_id", "=", self.b.id)]), 0)

    def assertRefused(self, pattern, domain):
        count = self.Segment.with_context(active_test=False).search_count([])
        with self.assertRaisesRegex(ValidationError, pattern):
            with self.env.cr.savepoint():
                self.segment(domain, "Bad")
        compat.invalidate(self.env)
        self.assertEqual(self.Segment.with_context(active_test=False).search_count([]), count)

    def test_bad_rules_refused(self):
        self.assertRefused("not a literal", "[('abc_class', '=', 'A'")
        self.assertRefused("no code", "[('abc_class', '=', __import__('os').getcwd())]")
        self.assertRefused("no code", "[('order_count', '>', len('xx'))]")
        self.assertRefused("must be a list", "'abc_class'")
        self.assertRefused("no field 'no_such_field'", "[('no_such_field', '=', 1)]")
        self.assertRefused("no field 'nope'", "[('partner_id.nope', '=', 1)]")
        self.assertRefused("not a relation", "[('order_count.id', '=', 1)]")
        self.assertRefused("unknown operator", "[('order_count', '=>', 1)]")
        self.assertRefused("not a term", "[('order_count', '>')]")
        self.assertRefused("lacks its terms", "['|', ('order_count', '>', 1)]")
        self.assertRefused("not a date", "[('first_order_date', '>=', 'last tuesday')]")
        segment = self.segment("[('order_count', '>', 1)]", "Good")
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                segment.write({"domain": "[('order_count', '>', 1), exec('1')]"})
        compat.invalidate(self.env)
        self.assertEqual(segment.domain, "[('order_count', '>', 1)]")

    def test_relative_dates(self):
        from ..models.lifecycle_segment import resolve_relative_date
        day = datetime.date(2026, 8, 20)
        self.assertEqual(resolve_relative_date("quarter_start", day), datetime.date(2026, 7, 1))
        self.assertEqual(resolve_relative_date("month_start-1d", day), datetime.date(2026, 7, 31))
        self.assertEqual(resolve_relative_date("today+10d", day), datetime.date(2026, 8, 30))
        self.assertEqual(resolve_relative_date("year_start", day), datetime.date(2026, 1, 1))
        self.assertIsNone(resolve_relative_date("tomorrow", day))
