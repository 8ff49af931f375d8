# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A customer pool (公海) of its own, for some sales teams or a region, with its own rules.

A customer (commercial partner) belongs to the first active pool of its company, by
sequence, whose scope matches it: each list the pool fills (sales teams: the customer's
sales team, compat.SQL_PARTNER_TEAM; countries; states) must contain the customer's
value; a pool with no list at all takes every customer of its company. A customer no
pool matches is in the *default pool*, whose rules are the pool settings of
crm.lifecycle.config.

Why the default pool stays on the settings rather than moving into a pool record by a
migration: the settings are one record for the whole database while a pool is
company-bound, so a migrated default pool would be one record per company, and every new
company would need one created before its customers could be released; missing one would
silently switch its pool off. Keeping "no pool matched" (pool_id NULL everywhere: on the
customer, in the history) as the default needs no migration, keeps every existing setting,
history row and pooled customer valid as it is, and leaves one place for the default rules.

The statements that use the pools are set-based (engine/queries.py, _pool_of): each
customer is given its pool and that pool's parameters in the statement itself.
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import access, bounds, compat


class LifecyclePool(models.Model):
    _name = "crm.lifecycle.pool"
    _description = "Customer Pool"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: compat.current_company(self.env))
    sequence = fields.Integer(default=10, help="A customer belongs to the first pool (lowest "
                                               "sequence) whose scope matches it.")
    active = fields.Boolean(default=True)
    team_ids = fields.Many2many(
        "crm.team", "crm_lifecycle_pool_team_rel", "pool_id", "team_id", string="Sales teams",
        help="Customers whose sales team is one of these: the customer's own sales team, else "
             "its salesperson's main team (on Odoo 18 and later, where customers have no team, "
             "always the salesperson's). Empty: any sales team.")
    country_ids = fields.Many2many(
        "res.country", "crm_lifecycle_pool_country_rel", "pool_id", "country_id", string="Countries",
        help="Customers in one of these countries. Empty: any country.")
    state_ids = fields.Many2many(
        "res.country.state", "crm_lifecycle_pool_state_rel", "pool_id", "state_id", string="States",
        help="Customers in one of these states or provinces. Empty: any state.")
    release_days = fields.Integer(
        string="Release to pool after (days)", default=30, required=True,
        help="A customer of this pool whose salesperson logged no follow-up for this many days "
             "is released to the pool. 0 = never. Stages listed below use their own number.")
    notice_days = fields.Integer(
        string="Notice before release (days)", default=7, required=True,
        help="The salesperson gets an activity this many days before the release; the release "
             "waits until the notice is at least this old.")
    claim_limit = fields.Integer(
        string="Claim limit per salesperson", default=20, required=True,
        help="How many customers claimed from this pool a salesperson may hold at once. 0 = no limit.")
    daily_claim_quota = fields.Integer(
        string="Claims per salesperson per day", default=0, required=True,
        help="How many customers a salesperson may claim from this pool in one day. 0 = no quota.")
    hold_exempt_days = fields.Integer(
        string="Buying customers held freely (days)", default=0, required=True,
        help="Claimed customers with a confirmed order in this many last days do not count "
             "against the claim limit. 0 = every claimed customer counts.")
    protection_days = fields.Integer(
        string="Protection after a claim (days)", default=0, required=True,
        help="A claimed customer is not released before this many days after the claim.")
    keep_receivables = fields.Boolean(
        string="Keep customers with open receivables",
        help="A customer who owes money stays with its salesperson, who collects it.")
    keep_opportunity_value = fields.Float(
        string="Keep customers with an open opportunity of at least", default=0.0,
        help="A customer with an open opportunity of at least this expected revenue stays "
             "with its salesperson. 0 = this rule is off.")
    stage_days_ids = fields.One2many("crm.lifecycle.pool.stage.days", "pool_id",
                                     string="Release days per stage")
    pooled_count = fields.Integer("Customers in the pool", compute="_compute_pooled_count")

    def _compute_pooled_count(self):
        groups = compat.read_group(self.env["res.partner"], [
            ("lifecycle_pool_id", "in", self.ids), ("lifecycle_pool_date", "!=", False),
            ("user_id", "=", False)], ["lifecycle_pool_id"], ["lifecycle_pool_id"])
        counts = {g["lifecycle_pool_id"][0]: g["lifecycle_pool_id_count"] for g in groups}
        for pool in self:
            pool.pooled_count = counts.get(pool.id, 0)

    def action_view_pooled(self):
        """The customers in this pool (the Customer pool list, filtered)."""
        access.check_user(self.env)
        self.ensure_one()
        action = compat.action_values(self.env, "crm_lifecycle.crm_lifecycle_pool_action")
        action["domain"] = [("lifecycle_pool_date", "!=", False), ("user_id", "=", False),
                            ("lifecycle_pool_id", "=", self.id)]
        return action

    @api.constrains(*bounds.fields_of("crm.lifecycle.pool"))
    def _check_bounds(self):
        bounds.check(self)

    @api.constrains("country_ids", "state_ids")
    def _check_region(self):
        """Each filled list must match: a state outside the listed countries would make
        the pool match nobody in that state."""
        for pool in self:
            countries = pool.country_ids
            stray = pool.state_ids.filtered(lambda s: countries and s.country_id not in countries)
            if stray:
                raise ValidationError(_(
                    "%s: the states %s are not in the pool's countries; a customer must match "
                    "both lists, so add their countries or leave Countries empty.") % (
                        pool.name, ", ".join(stray.mapped("name"))))

    def unlink(self):
        """A pool named in the history is archived, not deleted: the history is kept."""
        compat.check_access(self, "unlink")  # the caller's rights before the history is read
        if self.env["crm.lifecycle.pool.event"].sudo().search_count([("pool_id", "in", self.ids)]):
            raise UserError(_("This customer pool has a history: archive it instead of deleting it."))
        return super().unlink()

    def _claim_rules(self):
        """The claim rules of these pools, {pool id or None (the default pool): dict}."""
        config = self.env["crm.lifecycle.config"]._get_config()
        rules = {None: {"name": _("Default pool"), "claim_limit": config.pool_claim_limit,
                        "daily_claim_quota": config.pool_daily_claim_quota,
                        "hold_exempt_days": config.pool_hold_exempt_days}}
        for pool in self.sudo():
            rules[pool.id] = {"name": pool.name, "claim_limit": pool.claim_limit,
                              "daily_claim_quota": pool.daily_claim_quota,
                              "hold_exempt_days": pool.hold_exempt_days}
        return rules

    @api.model
    def _max_notice_days(self, default):
        """The longest notice of the default pool (`default`) and the active pools: the
        daily job reads every customer due within it."""
        pools = self.sudo().search([("notice_days", ">", default)], order="notice_days desc", limit=1)
        return pools.notice_days if pools else default
