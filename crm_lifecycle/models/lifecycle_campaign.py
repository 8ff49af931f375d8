# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A targeted campaign: who a segment action reached and when, with a hold-out share of
the segment left out on purpose, so that what the contacted customers ordered in the
following days can be read against what the others ordered anyway: the uplift."""
import psycopg2
from psycopg2 import errorcodes

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import access, bounds, compat, significance, window
from ..engine import queries

CAMPAIGN_KINDS = [
    ("mailing_list", "Mailing list"),
    ("activity", "Activities"),
    ("opportunity", "Opportunities"),
    ("tag", "Partner tag"),
]


class LifecycleCampaign(models.Model):
    _name = "crm.lifecycle.campaign"
    _description = "Lifecycle targeted campaign"
    _order = "date_launched desc, id desc"

    name = fields.Char(required=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 default=lambda self: compat.current_company(self.env))
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    segment_id = fields.Many2one("crm.lifecycle.segment", readonly=True, index=True, ondelete="set null")
    kind = fields.Selection(CAMPAIGN_KINDS, string="Action", required=True, readonly=True)
    date_launched = fields.Date("Launched on", required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Launched by", readonly=True)
    holdout_percent = fields.Float(
        "Hold-out share (%)", readonly=True, digits=(16, 1), **compat.aggregator("avg"),
        help="The share of the segment's members left out of the action, to compare with.")
    window_days = fields.Integer(
        "Reply window (days)", default=30, required=True,
        help="Orders confirmed this many days after the launch day count as the campaign's result.")
    member_ids = fields.One2many("crm.lifecycle.campaign.member", "campaign_id", string="Members",
                                 readonly=True)
    # results (one statement for the campaigns shown: queries.CAMPAIGN_RESULTS)
    contacted_count = fields.Integer("Contacted", compute="_compute_results")
    contacted_buyers = fields.Integer("Contacted buyers", compute="_compute_results")
    contacted_rate = fields.Float("Contacted conversion (%)", digits=(16, 1), compute="_compute_results")
    contacted_revenue = fields.Monetary("Contacted revenue", compute="_compute_results")
    contacted_revenue_member = fields.Monetary("Revenue per contacted member", compute="_compute_results")
    held_out_count = fields.Integer("Held out", compute="_compute_results")
    held_out_buyers = fields.Integer("Held-out buyers", compute="_compute_results")
    held_out_rate = fields.Float("Held-out conversion (%)", digits=(16, 1), compute="_compute_results")
    held_out_revenue = fields.Monetary("Held-out revenue", compute="_compute_results")
    held_out_revenue_member = fields.Monetary("Revenue per held-out member", compute="_compute_results")
    uplift_rate = fields.Float(
        "Conversion uplift (points)", digits=(16, 1), compute="_compute_results",
        help="Contacted conversion minus held-out conversion, in percentage points; empty "
             "without a hold-out.")
    uplift_revenue_member = fields.Monetary(
        "Revenue uplift per member", compute="_compute_results",
        help="Revenue per contacted member minus revenue per held-out member.")
    incremental_revenue = fields.Monetary(
        "Incremental revenue (estimate)", compute="_compute_results",
        help="Revenue uplift per member x contacted members: what the action brought beyond "
             "what these customers would have ordered anyway.")
    uplift_p_value = fields.Float(
        "Chance of such an uplift (p-value)", digits=(16, 4), compute="_compute_results",
        help="How likely a difference in conversion at least this large is with the buyers "
             "shared out between the two groups at random (Fisher's exact test, two-sided). "
             "Small groups give large values: with a hold-out of a few customers even a "
             "large uplift may be chance.")
    uplift_significant = fields.Boolean(
        "Significant", compute="_compute_results",
        help="The p-value is below 0.05: the difference in conversion is unlikely to be chance.")
    has_holdout = fields.Boolean("Has a hold-out", compute="_compute_results")
    window_closed = fields.Boolean("Window over", compute="_compute_results",
                                   help="The reply window has ended: the results are final.")

    @api.constrains(*bounds.fields_of("crm.lifecycle.campaign"))
    def _check_bounds(self):
        bounds.check(self)

    @api.depends("window_days", "date_launched")
    def _compute_results(self):
        ids = [i for i in self.ids if isinstance(i, int)]
        groups = {}
        if ids:
            compat.flush(self.env)
            self.env.cr.execute(queries.CAMPAIGN_RESULTS, {"ids": ids})
            for campaign_id, held_out, members, buyers, revenue in self.env.cr.fetchall():
                groups[(campaign_id, held_out)] = (members, buyers, float(revenue))
        today = compat.today(self.env)
        for campaign in self:
            contacted = groups.get((campaign.id, False), (0, 0, 0.0))
            held = groups.get((campaign.id, True), (0, 0, 0.0))
            values = {}
            for prefix, (members, buyers, revenue) in (("contacted", contacted), ("held_out", held)):
                values.update({
                    prefix + "_count": members, prefix + "_buyers": buyers, prefix + "_revenue": revenue,
                    prefix + "_rate": 100.0 * buyers / members if members else 0.0,
                    prefix + "_revenue_member": revenue / members if members else 0.0,
                })
            has_holdout = bool(held[0] and contacted[0])
            p_value = significance.fisher_p_value(contacted[1], contacted[0], held[1], held[0]) \
                if has_holdout else None
            uplift_member = (values["contacted_revenue_member"] - values["held_out_revenue_member"]
                             if has_holdout else 0.0)
            values.update(
                has_holdout=has_holdout,
                uplift_rate=values["contacted_rate"] - values["held_out_rate"] if has_holdout else 0.0,
                uplift_revenue_member=uplift_member,
                uplift_p_value=p_value if p_value is not None else 0.0,
                uplift_significant=p_value is not None and p_value < significance.SIGNIFICANT,
                incremental_revenue=uplift_member * contacted[0],
                window_closed=bool(campaign.date_launched) and (
                    today - compat.to_date(campaign.date_launched)).days > campaign.window_days)
            campaign.update(values)

    # -- launch (the segment's actions) ----------------------------------------------------

    @api.model
    def _launch(self, segment, kind, members, holdout_percent):
        """A campaign of `kind` for `segment` over these segment members (records of
        crm.lifecycle.segment.member), launched today by the current user, with its
        hold-out drawn. Returns (campaign, contacted members). Private: the segment's
        public actions check the caller's rights first. The hold-out share is checked by
        the campaign's bounds when it is created, before any member is inserted."""
        members = members.sudo()
        company = segment.company_id or compat.current_company(self.env)
        today = compat.today(self.env)
        labels = dict(self._fields["kind"]._description_selection(self.env))
        campaign = self.sudo().create({
            "name": _("%(segment)s: %(action)s, %(day)s") % {
                "segment": segment.name, "action": labels[kind], "day": today},
            "company_id": company.id, "segment_id": segment.id, "kind": kind,
            "date_launched": compat.date_field_value(today), "user_id": self.env.uid,
            "holdout_percent": holdout_percent,
        })
        compat.flush(self.env)
        self.env.cr.execute(queries.CAMPAIGN_INSERT_MEMBERS, {
            "campaign_id": campaign.id, "partner_ids": [m.partner_id.id for m in members],
            "company_ids": [m.company_id.id for m in members],
            "share": holdout_percent, "day": today, "uid": self.env.uid})
        contacted = {(partner_id, company_id) for partner_id, company_id, held_out in self.env.cr.fetchall()
                     if not held_out}
        compat.invalidate(self.env)
        return campaign, members.filtered(lambda m: (m.partner_id.id, m.company_id.id) in contacted)

    @api.model
    def _lock_segment(self, segment):
        """The segment's row lock for this transaction, or a UserError at once."""
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(queries.CAMPAIGN_LOCK_SEGMENT, {"id": segment.id})
        except psycopg2.OperationalError as error:
            if error.pgcode != errorcodes.LOCK_NOT_AVAILABLE:
                raise
            raise UserError(_("Another action on the segment %s is running. Try again in a moment.")
                            % segment.name)

    # -- actions ---------------------------------------------------------------------------

    def action_view_members(self):
        self.ensure_one()
        access.check_user(self.env)
        compat.check_record_access(self, "read")
        return window.action("crm.lifecycle.campaign.member", "tree", name=_("Campaign members"),
                             domain=[("campaign_id", "=", self.id)])


class LifecycleCampaignMember(models.Model):
    """One customer a campaign targeted: contacted on a day, or held out."""
    _name = "crm.lifecycle.campaign.member"
    _description = "Lifecycle campaign member"
    _order = "campaign_id desc, held_out, partner_id"
    _rec_name = "partner_id"

    campaign_id = fields.Many2one("crm.lifecycle.campaign", required=True, readonly=True,
                                  ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade",
                                 index=True)
    held_out = fields.Boolean("Held out", readonly=True,
                              help="Left out of the action on purpose, to compare with.")
    date_contacted = fields.Date("Contacted on", readonly=True)

    _sql_constraints = [
        ("campaign_partner_unique", "UNIQUE(campaign_id, partner_id, company_id)",
         "A customer is a member of a campaign once per company."),
    ]
