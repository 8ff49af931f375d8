# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The partner's side of the lifecycle: the engine's stored copies and the current
company's profile for lists and the form, then the customer pool (daily notice and
release, claim, manual release, assignment)."""
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import access, compat, window
from ..engine import pool, queries, recompute as engine
from .lifecycle_profile import ABC_CLASSES, HEALTH_BANDS, RFM_SEGMENTS, health_band, health_band_domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Stored copies written by the engine (queries.MIRROR_TO_PARTNERS) so that partner
    # lists can filter and group on them; the profile itself is per company.
    # Only lifecycle users read them (portal users read their own partner).
    lifecycle_stage_id = fields.Many2one("crm.lifecycle.stage", string="Lifecycle stage",
                                         readonly=True, copy=False, index=True, groups=access.USER_GROUP)
    lifecycle_rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment", readonly=True,
                                             copy=False, groups=access.USER_GROUP)
    lifecycle_abc_class = fields.Selection(ABC_CLASSES, string="ABC class", readonly=True, copy=False,
                                           groups=access.USER_GROUP)
    lifecycle_health_score = fields.Integer("Health", readonly=True, copy=False, groups=access.USER_GROUP,
                                            **compat.aggregator("avg"))
    lifecycle_health_band = fields.Selection(HEALTH_BANDS, string="Health band",
                                             compute="_compute_lifecycle_health_band",
                                             search="_search_lifecycle_health_band")
    # The profile of the commercial partner in the current company, for the form.
    lifecycle_profile_id = fields.Many2one("crm.lifecycle.profile", compute="_compute_lifecycle_profile",
                                           search="_search_lifecycle_profile")
    lifecycle_currency_id = fields.Many2one(related="lifecycle_profile_id.currency_id", readonly=True,
                                            string="Lifecycle currency")
    lifecycle_stage_date = fields.Date(related="lifecycle_profile_id.stage_date", readonly=True)
    lifecycle_r_score = fields.Integer(related="lifecycle_profile_id.r_score", readonly=True)
    lifecycle_f_score = fields.Integer(related="lifecycle_profile_id.f_score", readonly=True)
    lifecycle_m_score = fields.Integer(related="lifecycle_profile_id.m_score", readonly=True)
    lifecycle_order_count = fields.Integer(related="lifecycle_profile_id.order_count", readonly=True)
    lifecycle_last_order_date = fields.Date(related="lifecycle_profile_id.last_order_date", readonly=True)
    lifecycle_revenue_365 = fields.Monetary(related="lifecycle_profile_id.revenue_365", readonly=True,
                                            currency_field="lifecycle_currency_id")
    lifecycle_annual_value = fields.Monetary(related="lifecycle_profile_id.annual_value", readonly=True,
                                             currency_field="lifecycle_currency_id")
    lifecycle_avg_order_value = fields.Monetary(related="lifecycle_profile_id.avg_order_value",
                                                readonly=True, currency_field="lifecycle_currency_id")
    lifecycle_margin_annual = fields.Monetary(related="lifecycle_profile_id.margin_annual", readonly=True,
                                              currency_field="lifecycle_currency_id")
    lifecycle_margin_rate = fields.Float(related="lifecycle_profile_id.margin_rate", readonly=True)
    lifecycle_receivable_open = fields.Monetary(related="lifecycle_profile_id.receivable_open",
                                                readonly=True, currency_field="lifecycle_currency_id")
    lifecycle_overdue_amount = fields.Monetary(related="lifecycle_profile_id.overdue_amount",
                                               readonly=True, currency_field="lifecycle_currency_id")
    lifecycle_on_time_rate = fields.Float(related="lifecycle_profile_id.delivery_on_time_rate",
                                          readonly=True)
    lifecycle_tickets_open = fields.Integer(related="lifecycle_profile_id.tickets_open", readonly=True)
    lifecycle_complaints = fields.Integer(related="lifecycle_profile_id.complaints_count", readonly=True)
    lifecycle_opps_open = fields.Integer(related="lifecycle_profile_id.opps_open", readonly=True)
    lifecycle_acquisition_source_id = fields.Many2one(related="lifecycle_profile_id.acquisition_source_id",
                                                      readonly=True)
    lifecycle_acquisition_medium_id = fields.Many2one(related="lifecycle_profile_id.acquisition_medium_id",
                                                      readonly=True)
    lifecycle_acquisition_campaign_id = fields.Many2one(
        related="lifecycle_profile_id.acquisition_campaign_id", readonly=True)
    lifecycle_p_alive = fields.Float(related="lifecycle_profile_id.p_alive", readonly=True)
    lifecycle_churn_risk = fields.Float(related="lifecycle_profile_id.churn_risk", readonly=True)
    lifecycle_clv_12m = fields.Monetary(related="lifecycle_profile_id.clv_12m", readonly=True,
                                        currency_field="lifecycle_currency_id")
    lifecycle_churn_basis = fields.Selection(related="lifecycle_profile_id.churn_basis", readonly=True)
    lifecycle_churn_model_note = fields.Char(related="lifecycle_profile_id.churn_model_note", readonly=True)
    lifecycle_health_recency = fields.Float(related="lifecycle_profile_id.health_recency", readonly=True)
    lifecycle_health_trend = fields.Float(related="lifecycle_profile_id.health_trend", readonly=True)
    lifecycle_health_payment = fields.Float(related="lifecycle_profile_id.health_payment", readonly=True)
    lifecycle_health_service = fields.Float(related="lifecycle_profile_id.health_service", readonly=True)
    lifecycle_health_trend_4w = fields.Integer(related="lifecycle_profile_id.health_trend_4w", readonly=True)
    lifecycle_health_trend_12w = fields.Integer(related="lifecycle_profile_id.health_trend_12w",
                                                readonly=True)
    lifecycle_health_trend_4w_known = fields.Boolean(related="lifecycle_profile_id.health_trend_4w_known",
                                                     readonly=True)
    lifecycle_health_trend_12w_known = fields.Boolean(related="lifecycle_profile_id.health_trend_12w_known",
                                                      readonly=True)
    lifecycle_health_reasons = fields.Text(related="lifecycle_profile_id.health_reasons_text",
                                           string="Why this health score", groups=access.USER_GROUP)
    lifecycle_churn_reasons = fields.Text(related="lifecycle_profile_id.churn_reasons_text",
                                          string="Why this churn risk", groups=access.USER_GROUP)
    lifecycle_transition_count = fields.Integer(compute="_compute_lifecycle_profile")

    def _compute_lifecycle_profile(self):
        company = compat.current_company(self.env)
        commercial = self.mapped("commercial_partner_id")
        profiles = self.env["crm.lifecycle.profile"].search(
            [("partner_id", "in", commercial.ids), ("company_id", "=", company.id)])
        by_partner = {p.partner_id.id: p for p in profiles}
        counts = {}
        if profiles:
            groups = compat.read_group(self.env["crm.lifecycle.transition"],
                [("profile_id", "in", profiles.ids)], ["profile_id"], ["profile_id"])
            counts = {g["profile_id"][0]: g["profile_id_count"] for g in groups}
        for partner in self:
            profile = by_partner.get(partner.commercial_partner_id.id)
            partner.lifecycle_profile_id = profile.id if profile else False
            partner.lifecycle_transition_count = counts.get(profile.id, 0) if profile else 0

    @compat.search_method
    def _search_lifecycle_profile(self, operator, value):
        profiles = self.env["crm.lifecycle.profile"].search([("id", operator, value)])
        return [("commercial_partner_id", "in", profiles.mapped("partner_id").ids)]

    @api.depends("lifecycle_health_score", "lifecycle_stage_id")
    def _compute_lifecycle_health_band(self):
        for partner in self:
            partner.lifecycle_health_band = (
                health_band(partner.lifecycle_health_score) if partner.lifecycle_stage_id else False)

    @compat.search_method
    def _search_lifecycle_health_band(self, operator, value):
        return health_band_domain("lifecycle_health_score", operator, value,
                                  extra=("lifecycle_stage_id", "!=", False))

    def action_lifecycle_open_profile(self):
        self.ensure_one()
        access.check_user(self.env)
        if not self.lifecycle_profile_id:
            raise UserError(_("%s has no lifecycle profile in this company yet: no order, invoice, "
                              "ticket or lead.") % self.commercial_partner_id.display_name)
        return window.action("crm.lifecycle.profile", "form", res_id=self.lifecycle_profile_id.id)

    def action_lifecycle_history(self):
        self.ensure_one()
        access.check_user(self.env)
        return self.env["crm.lifecycle.transition"]._history_action(
            [("partner_id", "=", self.commercial_partner_id.id)])

    def action_lifecycle_refresh(self):
        """Refresh this customer now (the button on the partner form)."""
        self.env["crm.lifecycle.profile"]._check_manager()
        engine.recompute(self.env, partner_ids=self.mapped("commercial_partner_id").ids)
        return True

    # -- customer pool ------------------------------------------------------------------
    # The daily notice + release, claim, manual release and assignment. The follow-up
    # dates come from one SQL statement (engine/pool.py, queries.POOL_FOLLOWUP_STATE).
    lifecycle_pool_date = fields.Date(
        "In the pool since", readonly=True, copy=False, index=True,
        help="Set when the customer was released to the customer pool; cleared by a claim or an "
             "assignment.")
    lifecycle_pool_prev_user_id = fields.Many2one("res.users", string="Previous salesperson",
                                                  readonly=True, copy=False)
    lifecycle_pool_id = fields.Many2one(
        "crm.lifecycle.pool", string="Customer pool", readonly=True, copy=False, index=True,
        ondelete="set null", groups="crm_lifecycle.group_lifecycle_user",
        help="While the customer is in the pool: the pool it was released to (the first pool "
             "whose scope matched it). Empty: the default pool.")
    lifecycle_pool_name = fields.Char(
        "Pool", compute="_compute_lifecycle_pool_state",
        help="The customer pool whose rules apply to this customer: the one it is in, else the "
             "first pool (by sequence) whose sales teams and region match it, else the default "
             "pool (the settings' rules).")
    lifecycle_last_followup = fields.Date("Last follow-up", compute="_compute_lifecycle_pool_state")
    lifecycle_pool_due_date = fields.Date("Released to the pool on", compute="_compute_lifecycle_pool_state")
    lifecycle_pool_days_left = fields.Integer(
        "Days until release", compute="_compute_lifecycle_pool_state",
        help="Days left before the customer goes to the pool unless its salesperson follows it up "
             "(0 when due, and when the settings never release it: then there is no release date).")

    lifecycle_pool_kept = fields.Char(
        "Kept from the pool", compute="_compute_lifecycle_pool_state",
        help="Why the customer stays with its salesperson whatever its follow-ups: open "
             "receivables or a large open opportunity (the pool settings).")

    def _compute_lifecycle_pool_state(self):
        params = self.env["crm.lifecycle.config"]._get_config()._pool_params()
        ids = [i for i in self.mapped("commercial_partner_id").ids if isinstance(i, int)]
        rows, pool_of = {}, {}
        if ids:
            # the pool is matched in SQL on the partner's team and address and the pools'
            # lists and rules: what the user just saved must be in the tables
            for model in ("res.partner", "crm.lifecycle.pool", "crm.lifecycle.pool.stage.days"):
                compat.flush_model(self.env, model)
            rows = {r["partner_id"]: r for r in pool.followup_state(self.env, params, ids)}
            self.env.cr.execute(queries.POOL_OF_PARTNERS, {
                "partner_ids": ids, "company_id": compat.current_company(self.env).id})
            pool_of = dict(self.env.cr.fetchall())
        today = compat.today(self.env)
        reasons = {"receivable": _("Open receivables"), "opportunity": _("A large open opportunity")}
        names = dict((p.id, p.name) for p in self.env["crm.lifecycle.pool"].sudo().browse(
            [i for i in pool_of.values() if i]))
        for partner in self:
            pool_id = pool_of.get(partner.commercial_partner_id.id)
            partner.lifecycle_pool_name = names.get(pool_id) or _("Default pool")
            row = rows.get(partner.commercial_partner_id.id) or {}
            due = row.get("due_date")
            partner.lifecycle_last_followup = row.get("last_followup") or False
            partner.lifecycle_pool_due_date = due or False
            partner.lifecycle_pool_days_left = max((due - today).days, 0) if due else 0
            partner.lifecycle_pool_kept = reasons.get(pool.kept(row)) if row else False

    def write(self, vals):
        """A salesperson given to a pool customer in the form takes it out of the pool and
        the history says who got it. Set by a manager, it is an assignment; set by anybody
        else, it is a claim for that salesperson, within the same claim limit and daily quota."""
        pooled = self.filtered("lifecycle_pool_date") if vals.get("user_id") else self.browse()
        if pooled and not access.is_manager(self.env):
            user = self.env["res.users"].browse(vals["user_id"])
            pooled.mapped("commercial_partner_id")._lifecycle_pool_check_limit(user)
            pooled.mapped("commercial_partner_id")._lifecycle_pool_check_quota(user)
            event, reason = "claim", _("Salesperson set by %s") % self.env.user.name
        else:
            event, reason = "assign", _("Salesperson set by %s") % self.env.user.name
        result = super().write(vals)
        if pooled:
            pooled.sudo()._lifecycle_pool_take(self.env["res.users"].browse(vals["user_id"]), event, reason)
        return result

    # -- customer pool: cron ------------------------------------------------------------

    @api.model
    def _cron_lifecycle_pool(self):
        """The daily job: notices and releases as of today. Returns the counts."""
        return self._lifecycle_pool_run()

    @api.model
    def action_lifecycle_pool_run(self):
        """Managers: run today's notices and releases now."""
        self._lifecycle_pool_check_manager()
        return self._lifecycle_pool_run()

    @api.model
    def _lifecycle_pool_run(self, ref_date=None):
        """Notice to the owners of customers due within the notice days, then release the
        customers that are due and whose owner had the notice, as of ref_date (today).
        Private: a date in the future would release customers early."""
        today = compat.to_date(ref_date) if ref_date else compat.today(self.env)
        params = self.env["crm.lifecycle.config"]._get_config()._pool_params()
        compat.flush(self.env)
        # each customer's notice days are its pool's: read all due within the longest
        notice_max = self.env["crm.lifecycle.pool"]._max_notice_days(params["notice_days"])
        horizon = today + datetime.timedelta(days=notice_max)
        rows = pool.followup_state(self.env, params, None, horizon)
        notices = pool.due_for_notice(rows, today)
        self._lifecycle_pool_notify(notices, today)
        releases = pool.due_for_release(rows, today)
        # a pool with notice days 0: the notice of this run already counts
        releases += [dict(r, notice_date=today) for r in notices
                     if r["notice_days"] == 0 and today >= r["due_date"] and not pool.kept(r)]
        by_reason = {}
        for row in releases:
            by_reason.setdefault(row["release_days"], []).append(row["partner_id"])
        for days, partner_ids in by_reason.items():
            self.browse(partner_ids)._lifecycle_pool_release(
                today, _("No follow-up for %s days") % days)
        return {"notices": len(notices), "releases": len(releases)}

    @api.model
    def _lifecycle_pool_notify(self, rows, today):
        """A notice event and an activity for the owner of each customer in `rows`."""
        if not rows:
            return
        activity_type = self.env.ref("crm_lifecycle.mail_activity_type_pool_notice")
        model_id = self.env["ir.model"]._get("res.partner").id
        self.env.cr.execute(queries.POOL_INSERT_NOTICES, {
            "partner_ids": [r["partner_id"] for r in rows], "company_ids": [r["company_id"] for r in rows],
            "user_ids": [r["user_id"] for r in rows], "day": today, "uid": self.env.uid,
            "pool_ids": [r["pool_id"] for r in rows],
            "reasons": [_("Release planned on %s") % r["due_date"] for r in rows]})
        # one activity per notified customer: only those crossing the notice day, not all
        activities = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        for row in rows:
            activities.create({
                "res_model_id": model_id, "res_id": row["partner_id"],
                "activity_type_id": activity_type.id, "user_id": row["user_id"],
                "date_deadline": compat.date_field_value(row["due_date"]),
                "summary": _("Follow up before %s or the customer goes to the pool") % row["due_date"]})

    def _lifecycle_pool_release(self, day, reason):
        """Put these commercial partners in the pool: no salesperson, visible to everyone."""
        if not self:
            return
        compat.flush(self.env)
        params = {"partner_ids": self.ids, "day": day, "uid": self.env.uid, "user_id": None,
                  "company_id": compat.current_company(self.env).id, "event": "release",
                  "reason": reason}
        # history first: it reads the owner before the update clears it
        self.env.cr.execute(queries.POOL_INSERT_EVENTS, params)
        self.env.cr.execute(queries.POOL_RELEASE_PARTNERS, params)
        self.env.cr.execute(queries.POOL_SET_PROFILE_OWNER, params)
        # the notices are answered by the release
        self.env["mail.activity"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "in", self.ids),
            ("activity_type_id", "=", self.env.ref("crm_lifecycle.mail_activity_type_pool_notice").id),
        ]).unlink()
        compat.invalidate(self.env)

    def _lifecycle_pool_take(self, user, event, reason):
        """Give these pool customers to `user` (claim or assignment)."""
        compat.flush(self.env)
        day = compat.today(self.env)
        params = {"partner_ids": self.ids, "day": day, "uid": self.env.uid, "user_id": user.id,
                  "company_id": compat.current_company(self.env).id, "event": event, "reason": reason}
        self.env.cr.execute(queries.POOL_INSERT_EVENTS, params)
        self.env.cr.execute(queries.POOL_TAKE_PARTNERS, params)
        self.env.cr.execute(queries.POOL_SET_PROFILE_OWNER, params)
        compat.invalidate(self.env)

    # -- customer pool: actions ---------------------------------------------------------

    def _lifecycle_pool_lock(self):
        """Lock the rows and return those still in the pool (a parallel claim may have won)."""
        self.env.cr.execute(queries.POOL_LOCK_PARTNERS, {"partner_ids": self.ids})
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _lifecycle_pool_groups(self):
        """These pool customers by the pool they are in, {pool id or None (default): ids},
        with each pool's claim rules: the limit and quota of a claim are those of the pool
        the customer is claimed from (the selection's few pools, not every customer)."""
        groups = {}
        for partner in self.sudo():
            groups.setdefault(partner.lifecycle_pool_id.id or None, []).append(partner.id)
        rules = self.env["crm.lifecycle.pool"].browse([k for k in groups if k])._claim_rules()
        return [(pool_id, ids, rules[pool_id]) for pool_id, ids in groups.items()]

    def _lifecycle_pool_check_limit(self, user):
        """Refuse to give these pool customers to `user` beyond the claim limit of their
        pool. Claims of one salesperson are serialised on their claim row: a parallel claim
        waits for this one, then PostgreSQL aborts it (its snapshot misses this claim) and
        Odoo retries it from the start, where it counts this claim too."""
        compat.flush(self.env)  # the counts below read orders and events in SQL
        self.env.cr.execute(queries.POOL_TOUCH_CLAIMANT, {"user_id": user.id})
        today = compat.today(self.env)
        for pool_id, ids, rules in self._lifecycle_pool_groups():
            limit, exempt = rules["claim_limit"], rules["hold_exempt_days"]
            if not limit:
                continue
            self.env.cr.execute(queries.POOL_CLAIMED_HELD, {
                "user_id": user.id, "pool_id": pool_id,
                "ordered_since": today - datetime.timedelta(days=exempt) if exempt else None})
            held = self.env.cr.fetchone()[0]
            if held + len(ids) > limit:
                raise UserError(_(
                    "Claim limit per salesperson (%s): %s holds %s customer(s) claimed from this "
                    "pool; %s more would exceed the limit of %s.") % (
                        rules["name"], user.name, held, len(ids), limit))

    def _lifecycle_pool_check_quota(self, user):
        """Refuse a claim beyond the salesperson's daily quota in the customers' pool (after
        the claim row is touched by _lifecycle_pool_check_limit: parallel claims count each
        other)."""
        today = compat.today(self.env)
        for pool_id, ids, rules in self._lifecycle_pool_groups():
            quota = rules["daily_claim_quota"]
            if not quota:
                continue
            self.env.cr.execute(queries.POOL_CLAIMS_ON_DAY, {"user_id": user.id, "day": today,
                                                              "pool_id": pool_id})
            claimed = self.env.cr.fetchone()[0]
            if claimed + len(ids) > quota:
                raise UserError(_(
                    "Daily claim quota (%s): %s claimed %s customer(s) from this pool today; %s "
                    "more would exceed the quota of %s a day.") % (
                        rules["name"], user.name, claimed, len(ids), quota))

    def action_lifecycle_pool_claim(self):
        """The current salesperson takes these customers from the pool, within the limit."""
        user = self.env.user
        access.check_user(self.env, _("Only lifecycle users can claim customers from the pool."))
        partners = self.mapped("commercial_partner_id")
        compat.check_record_access(partners, "read")
        partners._lifecycle_pool_check_limit(user)
        partners._lifecycle_pool_check_quota(user)
        available = partners._lifecycle_pool_lock()
        if available != partners:
            raise UserError(_("Not in the customer pool any more: %s.")
                            % ", ".join((partners - available).mapped("display_name")))
        partners.sudo()._lifecycle_pool_take(user, "claim", _("Claimed from the pool"))
        return compat.notification(_("Customer pool"), _("%s customer(s) claimed.") % len(partners))

    def _lifecycle_pool_check_manager(self):
        access.check_manager(self.env, _("Only Lifecycle Managers can release or assign pool customers."))

    def action_lifecycle_pool_release(self):
        """A manager releases these customers to the pool now."""
        self._lifecycle_pool_check_manager()
        partners = self.mapped("commercial_partner_id").filtered(lambda p: p.user_id)
        if not partners:
            raise UserError(_("Salesperson: these customers have none, they are already free."))
        day = compat.today(self.env)
        partners.sudo()._lifecycle_pool_release(day, _("Released by %s") % self.env.user.name)
        return True

    def _lifecycle_pool_assign(self, user):
        """A manager gives these customers (in the pool or not) to `user`."""
        self._lifecycle_pool_check_manager()
        if not user:
            raise UserError(_("Salesperson: choose who receives the customers."))
        access.check_internal_user(user)
        partners = self.mapped("commercial_partner_id")
        partners._lifecycle_pool_lock()
        partners.sudo()._lifecycle_pool_take(user, "assign", _("Assigned by %s") % self.env.user.name)
        return True
