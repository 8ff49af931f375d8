# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Duplicate candidates by VAT, email, phone and name (none for distinct customers), and
the merge through Odoo's wizard keeping both customers' lifecycle history."""
from odoo import fields

from .. import compat
from .common import LifecycleCase


class TestDuplicates(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Duplicate = cls.env["crm.lifecycle.duplicate"]

    def pair(self, a, b):
        keep, dup = (a, b) if a.id < b.id else (b, a)
        return self.Duplicate.search([("partner_id", "=", keep.id), ("duplicate_id", "=", dup.id)])

    def test_found_by_each_key(self):
        vat1 = self.customer("Vat One", vat="BE0477472701")
        vat2 = self.customer("Second Vat", vat="be 0477.472.701")
        mail1 = self.customer("Mail One", email=" Sales@Example-Dup.com ")
        mail2 = self.customer("Other Mail", email="sales@example-dup.com")
        phone1 = self.customer("Phone One", phone="+32 2 555 12 34 56")
        # the other phone column where there is one (mobile; 19 has the phone only)
        phone2 = self.customer("Phone Two", **{compat.PARTNER_PHONE_COLUMNS[-1]: "02-5551 23456"})
        name1 = self.customer("Acme Trading Ltd.")
        name2 = self.customer("ACME trading, Inc")
        cjk1 = self.customer("北京星光科技有限公司")
        cjk2 = self.customer("北京星光科技（公司）")
        distinct = [self.customer("Globex", email="info@globex-dup.test", phone="555 000 111"),
                    self.customer("Initech", email="info@initech-dup.test", phone="555 999 222"),
                    self.customer("Acme Tradings")]
        count = self.Duplicate._refresh()
        self.assertGreaterEqual(count, 5)
        self.assertEqual(self.pair(vat1, vat2).mapped("match_vat"), [True])
        self.assertEqual(self.pair(mail1, mail2).mapped("match_email"), [True])
        self.assertEqual(self.pair(phone1, phone2).mapped("match_phone"), [True])
        row = self.pair(name1, name2)
        self.assertEqual((row.match_name, row.match_vat, row.match_email), (True, False, False))
        self.assertTrue(self.pair(cjk1, cjk2).match_name)
        ours = [vat1, vat2, mail1, mail2, phone1, phone2, name1, name2, cjk1, cjk2] + distinct
        ids = [p.id for p in ours]
        rows = self.Duplicate.search(["|", ("partner_id", "in", ids), ("duplicate_id", "in", ids)])
        self.assertEqual(len(rows), 5, "one row per pair, none for the distinct customers")
        for partner in distinct:
            self.assertFalse(rows.filtered(lambda r: partner in (r.partner_id | r.duplicate_id)))
        # the list is rebuilt, not appended to
        self.assertEqual(self.Duplicate._refresh(), count)

    def test_merge_keeps_both_histories(self):
        keep = self.customer("Merge Keep Co", email="buyer@merge-dup.test")
        dup = self.customer("Merge Keep Company Ltd", email="buyer@merge-dup.test")
        self.sale(keep, 200, 300.0)
        self.sale(dup, 20, 700.0)
        self.recompute(days_ago=100)
        self.recompute()
        old_keep, old_dup = self.profile(keep), self.profile(dup)
        transitions = (old_keep | old_dup).mapped("transition_ids")
        self.assertTrue(old_keep.transition_ids and old_dup.transition_ids)
        # pool history of the removed customer
        dup.user_id = self.env.user
        dup.action_lifecycle_pool_release()
        event = self.env["crm.lifecycle.pool.event"].search([("partner_id", "=", dup.id)])
        self.assertEqual(len(event), 1)
        self.Duplicate._refresh()
        row = self.pair(keep, dup)
        self.assertTrue(row.match_email and row.match_name)
        # merge through the wizard, as the Merge button does
        action = row.action_merge()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual((wizard.dst_partner_id, wizard.partner_ids), (keep, keep | dup))
        wizard.action_merge()
        compat.invalidate(self.env)
        self.assertFalse(dup.exists())
        profiles = self.Profile.search([("partner_id", "=", keep.id)])
        self.assertEqual(len(profiles), 1, "one profile per customer and company")
        self.assertEqual(profiles.order_count, 2, "recomputed from both customers' orders")
        self.assertAlmostEqual(profiles.revenue_total, 1000.0)
        self.assertFalse(self.Profile.search([("partner_id", "=", dup.id)]))
        self.assertEqual(transitions.exists(), transitions, "no stage history lost")
        self.assertEqual(transitions.mapped("profile_id"), profiles)
        self.assertEqual(transitions.mapped("partner_id"), keep)
        # one timeline: positions 1..n in date order, the recompute's change after them
        history = profiles.transition_ids.sorted("sequence")
        self.assertEqual(history.mapped("sequence"), list(range(1, len(history) + 1)))
        self.assertEqual(history, history.sorted(lambda t: (compat.to_date(t.date), t.id)))
        self.assertEqual(event.exists().partner_id, keep)
        self.assertFalse(self.Duplicate.search(["|", ("partner_id", "=", dup.id),
                                                ("duplicate_id", "=", dup.id)]))

    def test_merge_moves_segment_memberships(self):
        """Segment memberships move to the survivor; a second current membership in the
        same segment is closed on the day of the merge (one open stay per segment, the
        history kept)."""
        cr = self.env.cr
        keep = self.customer("Segment Keep")
        dup = self.customer("Segment Keep Ltd")
        self.sale(keep, 10, 100.0)  # segments hold profiles: both have one
        self.sale(dup, 20, 50.0)
        self.recompute()
        profile = {keep.id: self.profile(keep).id, dup.id: self.profile(dup).id}
        Segment = self.env["crm.lifecycle.segment"]
        # both segments hold the survivor, so that its recompute after the merge keeps
        # what the merge moved; the history below is written by hand
        both = "[('partner_id', 'in', %s)]" % [keep.id, dup.id]
        segment = Segment.create({"name": "Merge test", "domain": both}).id
        other = Segment.create({"name": "Merge test 2", "domain": both}).id
        compat.flush(self.env)
        cr.execute("DELETE FROM crm_lifecycle_segment_member WHERE segment_id IN %s", ((segment, other),))
        day = self.day(30)
        rows = [(segment, keep.id, day), (segment, dup.id, day),  # same segment: both current
                (segment, dup.id, self.day(60)),                  # an older, closed one
                (other, dup.id, day)]                             # only the removed one
        ids = []
        for index, (segment_id, partner_id, entered) in enumerate(rows):
            cr.execute("INSERT INTO crm_lifecycle_segment_member (segment_id, partner_id, company_id, "
                       "profile_id, date_entered, date_left) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                       (segment_id, partner_id, self.company.id, profile[partner_id], entered,
                        day if index == 2 else None))
            ids.append(cr.fetchone()[0])
        self.env["base.partner.merge.automatic.wizard"]._merge((keep | dup).ids, keep)
        self.assertFalse(dup.exists())
        cr.execute("SELECT id, partner_id, date_left FROM crm_lifecycle_segment_member "
                   "WHERE id = ANY(%s) ORDER BY id", (ids,))
        result = cr.fetchall()
        self.assertEqual([r[0] for r in result], ids, "no membership is lost (none cascaded away "
                         "with the removed customer's profile)")
        self.assertEqual({r[1] for r in result}, {keep.id})
        # open: the survivor's own and the removed partner's only one; closed: the old one
        # and the removed partner's double, closed today
        self.assertEqual([r[2] is None for r in result], [True, False, False, True])
        # the segments' totals are counted again: exactly their open stays
        for segment_id in (segment, other):
            cr.execute("SELECT count(*) FROM crm_lifecycle_segment_member "
                       "WHERE segment_id = %s AND date_left IS NULL", (segment_id,))
            open_stays = cr.fetchone()[0]
            compat.invalidate(self.env)
            self.assertEqual(Segment.browse(segment_id).member_count, open_stays)
        self.assertEqual(compat.to_date(result[1][2]),
                         compat.to_date(fields.Date.context_today(self.env.user)))

    def test_merge_keeps_a_manual_stage_on_purpose(self):
        """The removed customer's manual stage carries over when the survivor has none; when
        both have one, the survivor's stays and its chatter says so."""
        keep, dup = self.customer("Override Keep"), self.customer("Override Keep Ltd")
        third = self.customer("Override Keep Inc")
        for partner in (keep, dup, third):
            self.sale(partner, 20, 100.0)
        self.recompute()
        loyal = self.env.ref("crm_lifecycle.stage_loyal")
        at_risk = self.env.ref("crm_lifecycle.stage_at_risk")
        for partner, stage in ((dup, loyal), (third, at_risk)):
            self.env["crm.lifecycle.override"].create(
                {"profile_id": self.profile(partner).id, "stage_id": stage.id, "reason": "Key account"}
            ).action_apply()
        self.env["base.partner.merge.automatic.wizard"]._merge((keep | dup).ids, keep)
        compat.invalidate(self.env)
        survivor = self.profile(keep)
        self.assertEqual(survivor.override_stage_id, loyal)
        self.assertIn("Override Keep Ltd", survivor.override_reason)
        self.assertEqual(survivor.stage_id, loyal, "the carried manual stage holds after the recompute")
        self.env["base.partner.merge.automatic.wizard"]._merge((keep | third).ids, keep)
        compat.invalidate(self.env)
        self.assertEqual(self.profile(keep).override_stage_id, loyal)
        self.assertTrue(keep.message_ids.filtered(lambda m: "not carried over" in (m.body or "")))
