# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import access, bounds, compat, window
from ..engine import queries

DUPLICATE_MODES = [("off", "Off"), ("warn", "Warn"), ("block", "Block")]


class LifecycleConfig(models.Model):
    """The engine's settings: one record for the database (stages hold the rule
    parameters). A model rather than res.config.settings so that its screen is the same
    on every Odoo series."""
    _name = "crm.lifecycle.config"
    _description = "Customer Lifecycle Settings"

    name = fields.Char(default="Lifecycle settings", required=True)
    window_days = fields.Integer(
        string="Scoring window (days)", default=365, required=True,
        help="RFM scores rank the customers who ordered within this many days.")
    abc_a_percent = fields.Float(string="A class: top % of revenue", default=80.0, required=True)
    abc_b_percent = fields.Float(string="A+B classes: top % of revenue", default=95.0, required=True)
    value_basis = fields.Selection(
        [("revenue", "Revenue"), ("margin", "Margin")], string="Value basis", default="revenue",
        required=True,
        help="What ABC classes and the predicted lifetime value count: revenue, or margin (revenue "
             "less the cost of what was sold). On margin, a customer sold at a loss is class C and "
             "its predicted value is negative. Changing it recomputes every customer at the next "
             "refresh.")
    complaint_category_ids = fields.Many2many(
        "helpdesk.ticket.category", string="Complaint categories",
        help="Tickets in these categories count as complaints.")
    complaint_tag_ids = fields.Many2many(
        "helpdesk.ticket.tag", string="Complaint tags",
        help="Tickets with any of these tags count as complaints.")

    churn_use_model = fields.Boolean(
        string="At risk by the churn model", default=True,
        help="When the company's churn model has a valid fit, a customer is at risk when its "
             "probability of still being a customer falls below the threshold; otherwise the "
             "cadence rule of the At risk stage applies.")
    churn_threshold = fields.Float(string="P(alive) threshold", default=0.5, required=True)
    clv_discount_percent = fields.Float(string="Annual discount rate (%)", default=10.0, required=True,
                                        help="Discounts predicted future purchases in the 12-month CLV.")
    clv_min_repeat_buyers = fields.Integer(
        string="Minimum repeat buyers to fit", default=100, required=True,
        help="Below this, no churn model is fitted and the cadence heuristic is used.")

    # customer pool
    pool_release_days = fields.Integer(
        string="Release to pool after (days)", default=0, required=True,
        help="A customer whose salesperson logged no follow-up for this many days is released "
             "to the customer pool. 0 = never. Stages listed below use their own number.")
    pool_notice_days = fields.Integer(
        string="Notice before release (days)", default=7, required=True,
        help="The salesperson gets an activity this many days before the release; the release "
             "waits until the notice is at least this old.")
    pool_claim_limit = fields.Integer(
        string="Claim limit per salesperson", default=20, required=True,
        help="How many customers claimed from the pool a salesperson may hold at once "
             "(released or reassigned ones no longer count). 0 = no limit.")
    pool_daily_claim_quota = fields.Integer(
        string="Claims per salesperson per day", default=0, required=True,
        help="How many customers a salesperson may claim from the pool in one day. 0 = no quota.")
    pool_hold_exempt_days = fields.Integer(
        string="Buying customers held freely (days)", default=0, required=True,
        help="Claimed customers with a confirmed order in this many last days do not count "
             "against the claim limit. 0 = every claimed customer counts.")
    pool_protection_days = fields.Integer(
        string="Protection after a claim (days)", default=0, required=True,
        help="A claimed customer is not released to the pool before this many days after the "
             "claim, whatever its release days.")
    pool_keep_receivables = fields.Boolean(
        string="Keep customers with open receivables",
        help="A customer who owes money (open invoices, as of the last lifecycle computation) "
             "stays with its salesperson, who collects it.")
    pool_keep_opportunity_value = fields.Float(
        string="Keep customers with an open opportunity of at least", default=0.0,
        help="A customer with an open opportunity of at least this expected revenue stays "
             "with its salesperson. 0 = this rule is off.")
    # category churn (engine/categories.py)
    category_level = fields.Integer(
        string="Product category level", default=2, required=True,
        help="Which level of the product category tree category churn counts by: 1 = the root "
             "categories (All), 2 = their children (All / Office supplies)... A product in a "
             "shallower category counts under that category.")
    category_factor = fields.Float(
        string="Category stopped after (x its usual gap)", default=3.0, required=True,
        help="A customer has stopped buying a category when its last purchase there is older "
             "than this many times its usual gap between purchases of that category.")
    # reorder suggestions (engine/reorder.py)
    reorder_mode = fields.Selection(
        [("off", "Off"), ("activity", "Activity for the salesperson"),
         ("quotation", "Draft quotation of the typical order, with an activity")],
        string="Reorder suggestions", default="activity", required=True,
        help="Once a day, customers whose next order is overdue against their own rhythm get a "
             "suggestion for their salesperson: a call activity, or a draft quotation of their "
             "typical recent order at today's prices (when they have one) with the activity on it.")
    reorder_after_days = fields.Integer(
        string="Suggest a reorder when overdue by (days)", default=14, required=True,
        help="How many days past the expected next order the suggestion waits.")
    # duplicate check at entry (engine/dupcheck.py): per key off, warn or block. A
    # selection: the ORM refuses any other value at save.
    duplicate_vat = fields.Selection(
        DUPLICATE_MODES, string="Duplicates by VAT / credit code", default="warn", required=True,
        help="Compare the VAT (or unified social credit code) of a customer being entered with "
             "the existing customers: Off, Warn (a notice on the form) or Block (saving is refused; "
             "Lifecycle Managers can save).")
    duplicate_phone = fields.Selection(
        DUPLICATE_MODES, string="Duplicates by phone", default="warn", required=True,
        help="Phone and mobile numbers compared by their last 8 digits (+86 138-0013-8000 is "
             "13800138000).")
    duplicate_email = fields.Selection(DUPLICATE_MODES, string="Duplicates by email", default="warn",
                                       required=True)
    duplicate_domain = fields.Selection(
        DUPLICATE_MODES, string="Duplicates by company email domain", default="warn", required=True,
        help="Companies only, and not for public mail providers (gmail.com, qq.com, 163.com...).")
    duplicate_name = fields.Selection(
        DUPLICATE_MODES, string="Duplicates by name", default="warn", required=True,
        help="Names compared without case, punctuation and legal forms (Ltd, Inc, 有限公司, "
             "股份有限公司...).")
    # targeted campaigns (models/lifecycle_campaign.py)
    campaign_holdout_percent = fields.Float(
        string="Campaign hold-out share (%)", default=10.0, required=True,
        help="When a segment action (mailing list, tag, activities, opportunities) launches a "
             "campaign, this share of the segment's members is left out on purpose, so that the "
             "campaign's results compare the contacted members with customers not contacted. "
             "0 to 50; the action's wizard can change it for one campaign.")
    pool_stage_days_ids = fields.One2many(
        "crm.lifecycle.pool.stage.days", "config_id", string="Release days per stage")

    @api.constrains(*bounds.fields_of("crm.lifecycle.config"))
    def _check_bounds(self):
        bounds.check(self)

    @api.constrains("churn_threshold", "clv_discount_percent", "clv_min_repeat_buyers")
    def _check_churn_values(self):
        for config in self:
            if not 0 < config.churn_threshold < 1:
                raise ValidationError(_("P(alive) threshold must be between 0 and 1."))
            if config.clv_discount_percent < 0:
                raise ValidationError(_("Annual discount rate (%) cannot be negative."))
            if config.clv_min_repeat_buyers < 10:
                raise ValidationError(_("Minimum repeat buyers to fit must be at least 10."))

    @api.constrains("window_days", "abc_a_percent", "abc_b_percent")
    def _check_values(self):
        for config in self:
            if config.window_days <= 0:
                raise ValidationError(_("Scoring window (days) must be a positive number of days."))
            if not 0 < config.abc_a_percent < config.abc_b_percent <= 100:
                raise ValidationError(_(
                    "A class: top % of revenue must be above 0 and below 'A+B classes: top % of "
                    "revenue', which must be at most 100."))

    def write(self, vals):
        changed_basis = "value_basis" in vals and any(c.value_basis != vals["value_basis"] for c in self)
        result = super().write(vals)
        if changed_basis:
            # the stored ABC bands rank the other value: the next refresh recomputes everybody
            self.env.cr.execute(queries.BANDS_CLEAR)
        return result

    @api.model
    def _get_config(self):
        """The settings record (created with its defaults the first time), as sudo: the
        engine and the ERP flows read it for every user. Private."""
        config = self.sudo().search([], limit=1, order="id")
        return config or self.sudo().create({})

    @api.model
    def _engine_params(self):
        """The engine's parameters from the settings record, in one statement: a
        one-customer refresh reads them every time, and browsing the record and its two
        lists would be a large share of its budget."""
        compat.flush_model(self.env, self._name)
        lists = []
        for name in ("complaint_category_ids", "complaint_tag_ids"):
            field = self._fields[name]
            comodel = self.env[field.comodel_name]
            lists.append(queries.config_related_ids(field.relation, field.column1, field.column2,
                                                    comodel._table, "active" in comodel._fields))
        query = queries.config_params(*lists)
        self.env.cr.execute(query)  # pylint: disable=sql-injection
        row = self.env.cr.fetchone()
        if row is None:
            self._get_config()  # creates the record with its defaults
            self.env.cr.execute(query)  # pylint: disable=sql-injection
            row = self.env.cr.fetchone()
        (window_days, abc_a, abc_b, use_model, threshold, discount, categories, tags, level, factor,
         value_basis) = row
        return {
            "value_margin": value_basis == "margin",
            "category_level": level,
            "category_factor": float(factor),
            "window_days": window_days,
            "abc_a": float(abc_a) / 100.0,
            "abc_b": float(abc_b) / 100.0,
            "complaint_categories": categories,
            "complaint_tags": tags,
            "use_churn_model": bool(use_model),
            "p_alive_threshold": float(threshold),
            "monthly_discount": (1 + float(discount) / 100.0) ** (1 / 12.0) - 1,
        }

    @api.model
    def action_open(self):
        access.check_user(self.env)
        return window.action(self._name, "form", name=_("Lifecycle settings"), res_id=self._get_config().id,
                             target="current")

    @api.constrains("pool_release_days", "pool_notice_days", "pool_claim_limit")
    def _check_pool_values(self):
        for config in self:
            if config.pool_release_days < 0:
                raise ValidationError(_("Release to pool after (days) cannot be negative."))
            if config.pool_notice_days < 0:
                raise ValidationError(_("Notice before release (days) cannot be negative."))
            if config.pool_claim_limit < 0:
                raise ValidationError(_("Claim limit per salesperson cannot be negative."))

    def _pool_params(self):
        self.ensure_one()
        return {"default_days": self.pool_release_days, "notice_days": self.pool_notice_days,
                "claim_limit": self.pool_claim_limit, "protection_days": self.pool_protection_days,
                "keep_receivables": bool(self.pool_keep_receivables),
                "keep_opportunity_value": self.pool_keep_opportunity_value or 0.0}
