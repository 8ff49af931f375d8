# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import access, compat, window
from ..engine import queries, recompute as engine

# At most this many ids per API call: a caller with more pages through them.
API_MAX_IDS = 10000
# The day format of the API: exactly YYYY-MM-DD.
API_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential_loyalist", "Potential Loyalist"),
    ("new_customers", "New Customers"),
    ("promising", "Promising"),
    ("need_attention", "Need Attention"),
    ("about_to_sleep", "About To Sleep"),
    ("at_risk", "At Risk"),
    ("cant_lose", "Can't Lose Them"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
ABC_CLASSES = [("A", "A"), ("B", "B"), ("C", "C")]
HEALTH_BANDS = [("good", "Healthy (70-100)"), ("watch", "Watch (40-69)"), ("poor", "Poor (0-39)")]
_BAND_BOUNDS = {"good": (70, 101), "watch": (40, 70), "poor": (0, 40)}


def health_band(score):
    return next(band for band, (low, high) in _BAND_BOUNDS.items() if low <= (score or 0) < high)


def health_band_domain(score_field, operator, value, extra=None):
    """Search domain for a health band on `score_field` (used by profile and partner)."""
    if operator not in ("=", "!=") or value not in _BAND_BOUNDS:
        raise UserError(_("Health band can only be searched with = or != a band."))
    low, high = _BAND_BOUNDS[value]
    domain = ["&", (score_field, ">=", low), (score_field, "<", high)]
    if extra:
        domain = ["&", extra] + domain
    return domain if operator == "=" else ["!"] + domain

# What api_get_profiles returns, beyond the stage: the public contract first.
API_FIELDS = [
    "first_order_date", "last_order_date", "order_count", "order_count_365", "revenue_total",
    "revenue_365", "revenue_prev_365", "avg_order_value", "interval_mean_days",
    "interval_median_days", "invoiced_total", "refunded_total", "paid_total", "receivable_open",
    "overdue_amount", "overdue_max_days", "days_to_pay_avg", "refund_ratio", "deliveries_done",
    "delivery_on_time_rate", "returns_count", "tickets_total", "tickets_open", "tickets_90d",
    "ticket_close_hours_avg", "complaints_count", "opps_open", "opps_open_revenue", "leads_won",
    "leads_lost", "win_rate", "last_interaction_date", "r_score", "f_score", "m_score",
    "rfm_segment", "abc_class", "clv_historical", "annual_value", "health_score", "ref_date",
    "p_alive", "churn_risk", "expected_90", "expected_365", "clv_12m", "value_at_risk", "churn_basis",
    "health_trend_4w", "health_trend_12w", "next_order_date", "reorder_overdue_days",
    "margin_total", "margin_annual", "margin_rate", "paid_revenue", "dso_days",
]
# The acquisition UTM values, in the API as <name> (id) and <name without _id>_name.
ACQUISITION_FIELDS = ["acquisition_source_id", "acquisition_medium_id", "acquisition_campaign_id"]
# Empty (False) in the API when no snapshot is that old, not a change of 0.
TREND_FIELDS = ["health_trend_4w", "health_trend_12w"]
# The churn model's predictions: empty (NULL) unless the company has a valid fit.
MODEL_FIELDS = ["p_alive", "churn_risk", "expected_90", "expected_365", "clv_12m", "value_at_risk"]
HEALTH_FIELDS = ["health_recency", "health_trend", "health_payment", "health_service",
                 "health_satisfaction"]


class LifecycleProfile(models.Model):
    """One customer (commercial partner) in one company: what the ERP knows about it,
    computed by the engine (engine/), never typed in."""
    _name = "crm.lifecycle.profile"
    _description = "Customer Lifecycle Profile"
    _order = "health_score desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade",
                                 index=True)
    # Copies the engine writes with each computation (the company's currency, the customer's
    # name): lists read them as plain columns instead of loading every partner and company
    # record of the page through the ORM, which would be most of a list page's time.
    partner_name = fields.Char("Customer name", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index=True)
    ref_date = fields.Date("Computed as of", readonly=True)
    stage_id = fields.Many2one("crm.lifecycle.stage", readonly=True, index=True,
                               ondelete="restrict")
    stage_date = fields.Date("In stage since", readonly=True)
    rule_stage_id = fields.Many2one("crm.lifecycle.stage", string="Stage by the rules", readonly=True,
                                    ondelete="set null")
    override_stage_id = fields.Many2one("crm.lifecycle.stage", string="Manual stage", readonly=True,
                                        ondelete="set null")
    override_reason = fields.Char(readonly=True)
    override_until = fields.Date("Manual stage until", readonly=True)
    override_user_id = fields.Many2one("res.users", string="Overridden by", readonly=True)
    transition_ids = fields.One2many("crm.lifecycle.transition", "profile_id", readonly=True)

    # sales
    first_order_date = fields.Date(readonly=True)
    last_order_date = fields.Date(readonly=True)
    prev_order_date = fields.Date("Order before last", readonly=True)
    order_count = fields.Integer("Orders", readonly=True)
    order_count_365 = fields.Integer("Orders (365 d)", readonly=True)
    revenue_total = fields.Monetary("Revenue", readonly=True)
    revenue_365 = fields.Monetary("Revenue (365 d)", readonly=True)
    revenue_prev_365 = fields.Monetary("Revenue (previous 365 d)", readonly=True)
    avg_order_value = fields.Monetary(readonly=True, **compat.aggregator("avg"))
    interval_mean_days = fields.Float("Mean days between orders", readonly=True, **compat.aggregator("avg"))
    interval_median_days = fields.Float("Median days between orders", readonly=True,
                                        **compat.aggregator("avg"))
    recency_days = fields.Integer("Days since last order", readonly=True, **compat.aggregator("avg"))
    # finance
    invoiced_total = fields.Monetary("Invoiced", readonly=True)
    refunded_total = fields.Monetary("Refunded", readonly=True)
    paid_total = fields.Monetary("Paid", readonly=True)
    receivable_open = fields.Monetary("Open receivable", readonly=True)
    overdue_amount = fields.Monetary("Overdue", readonly=True)
    overdue_max_days = fields.Integer("Max days overdue", readonly=True, **compat.aggregator("max"))
    days_to_pay_avg = fields.Float("Avg days to full payment", readonly=True, **compat.aggregator("avg"))
    refund_ratio = fields.Float(readonly=True, help="Refunded / invoiced.", **compat.aggregator("avg"))
    paid_revenue = fields.Monetary(
        "Paid revenue", readonly=True,
        help="Cash kept: invoiced, less credit notes, less what is still open.")
    dso_days = fields.Float(
        "Days sales outstanding", readonly=True, digits=(16, 1), **compat.aggregator("avg"),
        help="The open receivable in days of the last 365 days' invoicing net of credit notes "
             "(as the finance report counts it); empty without invoices in that year.")
    # margin (engine/margin.py)
    margin_total = fields.Monetary(
        "Margin", readonly=True,
        help="Revenue of the confirmed order lines less their cost (the line's cost where the Margins "
             "app records it, else the product's standard cost), less the share taken back by credit notes.")
    margin_annual = fields.Monetary("Margin (365 d)", readonly=True)
    margin_rate = fields.Float(
        "Margin rate (%)", readonly=True, digits=(16, 1), **compat.aggregator("avg"),
        help="Margin over revenue net of credit notes. Below 0: the customer costs more than it brings.")
    # acquisition (engine/acquisition.py): the UTM values of the first lead (when it came no
    # later than the first order), else of the first confirmed order
    acquisition_source_id = fields.Many2one(
        "utm.source", string="Acquisition source", readonly=True, index=True, ondelete="set null",
        help="Where the customer came from: the source of its first lead when that lead has UTM "
             "values and came no later than its first order, else of its first confirmed order.")
    acquisition_medium_id = fields.Many2one(
        "utm.medium", string="Acquisition medium", readonly=True, index=True, ondelete="set null",
        help="The medium of the customer's first lead when that lead has UTM values and came no "
             "later than its first order, else of its first confirmed order.")
    acquisition_campaign_id = fields.Many2one(
        "utm.campaign", string="Acquisition campaign", readonly=True, index=True, ondelete="set null",
        help="The campaign of the customer's first lead when that lead has UTM values and came no "
             "later than its first order, else of its first confirmed order.")
    # delivery
    deliveries_done = fields.Integer(readonly=True)
    deliveries_on_time = fields.Integer(readonly=True)
    delivery_on_time_rate = fields.Float("On-time deliveries (%)", readonly=True, **compat.aggregator("avg"))
    returns_count = fields.Integer("Returns", readonly=True)
    # service
    tickets_total = fields.Integer("Tickets", readonly=True)
    tickets_open = fields.Integer("Open tickets", readonly=True)
    tickets_90d = fields.Integer("Tickets (90 d)", readonly=True)
    ticket_close_hours_avg = fields.Float("Mean hours to close", readonly=True, **compat.aggregator("avg"))
    complaints_count = fields.Integer("Complaints", readonly=True)
    complaints_90d = fields.Integer("Complaints (90 d)", readonly=True)
    # pipeline
    opps_open = fields.Integer("Open opportunities", readonly=True)
    opps_open_revenue = fields.Monetary("Open pipeline", readonly=True)
    leads_won = fields.Integer("Won", readonly=True)
    leads_lost = fields.Integer("Lost", readonly=True)
    win_rate = fields.Float("Win rate (%)", readonly=True, **compat.aggregator("avg"))
    # engagement and value
    last_interaction_date = fields.Date(readonly=True)
    r_score = fields.Integer("R", readonly=True, **compat.aggregator("avg"))
    f_score = fields.Integer("F", readonly=True, **compat.aggregator("avg"))
    m_score = fields.Integer("M", readonly=True, **compat.aggregator("avg"))
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment", readonly=True, index=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC", readonly=True, index=True)
    clv_historical = fields.Monetary("Historical CLV", readonly=True)
    annual_value = fields.Monetary("Annual value", readonly=True)
    # churn and predicted value (BG/NBD + Gamma-Gamma, see crm.lifecycle.model.fit)
    p_alive = fields.Float("P(alive)", digits=(16, 3), readonly=True, **compat.aggregator("avg"),
                           help="Probability that the customer is still buying (churn model).")
    churn_risk = fields.Float(digits=(16, 3), readonly=True, help="1 - P(alive).", **compat.aggregator("avg"))
    expected_90 = fields.Float("Expected purchases (90 d)", readonly=True)
    expected_365 = fields.Float("Expected purchases (365 d)", readonly=True)
    clv_12m = fields.Monetary(
        "Predicted CLV (12 months)", readonly=True,
        help="What the churn model expects the customer to buy in the next 12 months, discounted; "
             "its margin on that when the settings count value on margin.")
    value_at_risk = fields.Monetary(readonly=True, help="Churn risk x annual value.")
    # category churn (engine/categories.py): the categories it stopped buying, stored
    # so that searches and segment rules read them like any other field
    category_ids = fields.One2many("crm.lifecycle.profile.category", "profile_id",
                                   string="Purchases per category", readonly=True)
    stopped_category_ids = fields.Many2many(
        "product.category", "crm_lifecycle_profile_stopped_categ_rel", "profile_id", "categ_id",
        string="Stopped buying", readonly=True,
        help="Product categories the customer bought at least twice and no longer buys: its last "
             "purchase there is older than the configured multiple of its usual gap.")
    # the next order, from the customer's own rhythm (engine/queries.py, _NEXT_ORDER_DATE)
    next_order_date = fields.Date(
        "Next order expected", readonly=True,
        help="The last order plus the customer's usual gap between orders; for a customer with one "
             "order, from the churn model's expected purchases where the model is valid.")
    reorder_overdue_days = fields.Integer(
        "Reorder overdue (days)", readonly=True, **compat.aggregator("avg"),
        help="Days since the next order was expected; 0 while it is not due yet.")
    churn_basis = fields.Selection(
        [("model", "Churn model"), ("cadence", "Cadence heuristic (no valid model fit)")],
        readonly=True)
    churn_model_note = fields.Char(
        "Churn model", compute="_compute_churn_model_note",
        help="Why P(alive), churn risk and predicted value are empty: the company has no "
             "valid fit of the churn model yet.")
    model_grade = fields.Selection(
        [("A", "A"), ("B", "B"), ("C", "C")], "Model grade", compute="_compute_model_grade",
        help="The grade of the churn model fit these predictions come from: A and B beat two naive "
             "baselines in a backtest over the half year before the fit, C does not (read them with "
             "caution). See Lifecycle > Churn model fits.")
    # health
    health_score = fields.Integer("Health", readonly=True, **compat.aggregator("avg"), index=True)
    health_recency = fields.Float("Recency vs cadence", readonly=True, **compat.aggregator("avg"))
    health_trend = fields.Float("Revenue trend", readonly=True, **compat.aggregator("avg"))
    health_payment = fields.Float("Payment behaviour", readonly=True, **compat.aggregator("avg"))
    health_service = fields.Float("Service load", readonly=True, **compat.aggregator("avg"))
    health_satisfaction = fields.Float("Satisfaction", readonly=True, **compat.aggregator("avg"))
    health_band = fields.Selection(HEALTH_BANDS, compute="_compute_health_band",
                                   search="_search_health_band")
    # today's health minus the weekly snapshot 4 / 12 weeks before (engine/history.py);
    # NULL without a snapshot that old, which the ORM reads as 0: the *_known flags tell
    health_trend_4w = fields.Integer("Health change (4 weeks)", readonly=True, **compat.aggregator("avg"),
                                     help="Health today minus the weekly snapshot 4 weeks ago.")
    health_trend_12w = fields.Integer("Health change (12 weeks)", readonly=True, **compat.aggregator("avg"),
                                      help="Health today minus the weekly snapshot 12 weeks ago.")
    health_trend_4w_known = fields.Boolean(compute="_compute_health_trend_known")
    health_trend_12w_known = fields.Boolean(compute="_compute_health_trend_known")
    history_count = fields.Integer("Weekly snapshots", compute="_compute_history_count")

    _sql_constraints = [
        ("partner_company_unique", "UNIQUE(partner_id, company_id)",
         "A customer has one lifecycle profile per company."),
    ]

    def init(self):
        engine.install(self.env.cr)

    @api.depends("health_score")
    def _compute_health_band(self):
        for profile in self:
            profile.health_band = health_band(profile.health_score)

    @compat.search_method
    def _search_health_band(self, operator, value):
        return health_band_domain("health_score", operator, value)

    @api.depends("health_trend_4w", "health_trend_12w")
    def _compute_health_trend_known(self):
        known = self._trends_raw()
        for profile in self:
            trend_4w, trend_12w = known.get(profile.id, (None, None))
            profile.health_trend_4w_known = trend_4w is not None
            profile.health_trend_12w_known = trend_12w is not None

    def _trends_raw(self):
        """{id: (trend_4w, trend_12w)} as stored, None where empty (one read)."""
        ids = [i for i in self.ids if isinstance(i, int)]
        if not ids:
            return {}
        compat.flush(self.env)
        self.env.cr.execute(queries.PROFILE_TRENDS, {"ids": ids})
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    def _compute_history_count(self):
        groups = compat.read_group(self.env["crm.lifecycle.profile.history"],
            [("profile_id", "in", self.ids)], ["profile_id"], ["profile_id"])
        counts = {g["profile_id"][0]: g["profile_id_count"] for g in groups}
        for profile in self:
            profile.history_count = counts.get(profile.id, 0)

    @api.depends("churn_basis", "company_id")
    def _compute_churn_model_note(self):
        # the company's latest fit says why (a salesman reads no fit, only this sentence)
        needed = self.env["crm.lifecycle.config"].sudo()._get_config().clv_min_repeat_buyers
        latest = self.env["crm.lifecycle.model.fit"]._latest(
            set(self.filtered(lambda p: p.churn_basis == "cadence").mapped("company_id").ids))
        for profile in self:
            if profile.churn_basis != "cadence":  # predicted by the model, or no order yet
                profile.churn_model_note = False
                continue
            fit = latest.get(profile.company_id.id)
            if not fit:
                note = _("No churn model fitted yet: the weekly job fits it, or a manager's "
                         "Refit churn models. Until then the stage follows the ordering cadence.")
            elif fit.state == "insufficient":
                note = _("No valid churn model yet: it needs %(needed)s repeat buyers, the "
                         "company has %(has)s. Until then the stage follows the ordering "
                         "cadence.") % {"needed": needed, "has": fit.repeat_buyers}
            elif fit.state == "failed":
                note = _("No valid churn model: the last fit did not converge. Until then the "
                         "stage follows the ordering cadence.")
            else:
                note = _("Not predicted yet: the churn model was fitted after this customer's "
                         "last recompute.")
            profile.churn_model_note = note

    @api.depends("churn_basis", "company_id")
    def _compute_model_grade(self):
        # the grade of the company's current fit, the one the engine predicts with
        latest = self.env["crm.lifecycle.model.fit"]._latest(
            set(self.filtered(lambda p: p.churn_basis == "model").mapped("company_id").ids), valid=True)
        for profile in self:
            fit = latest.get(profile.company_id.id) if profile.churn_basis == "model" else None
            profile.model_grade = fit.grade if fit else False

    # -- hooks for other addons -------------------------------------------------------

    @api.model
    def _lifecycle_satisfaction_sql(self):
        """SQL expression for the satisfaction health component (0-100 or NULL), evaluated
        per row of the engine's result with `w.partner_id` and `w.company_id` in scope.
        The survey addon returns its own; fixed text, never user input."""
        return "NULL"

    @api.model
    def _lifecycle_stage_rule_sql(self):
        """SQL expression giving the code of an extra stage rule, or NULL, evaluated in
        the engine's RESULT with the customer's metrics as `w.*` and the engine's
        parameters (other addons add theirs through crm.lifecycle.config._engine_params).
        A code it returns takes precedence over the core's rules; the stage with that
        code must exist (selection_add on crm.lifecycle.stage.code). Fixed text."""
        return "NULL"

    @api.model
    def _lifecycle_after_upsert(self, params):
        """Called by the engine right after it stored the profiles of a recompute (every
        customer when params["full"], else params["partner_ids"]), before the stage
        changes: other addons update their own stored profile fields here, set-based."""
        return None

    # -- the engine owns every value ------------------------------------------------

    def write(self, vals):
        """Profiles are computed, never typed in: only the engine (sudo) writes them. A
        manager changes a stage through the override wizard, which records why."""
        if not compat.is_superuser(self.env):
            raise UserError(_("Lifecycle profiles are computed from the ERP's records and cannot "
                              "be edited. To set a stage by hand, use 'Override stage'."))
        return super().write(vals)

    # -- actions ----------------------------------------------------------------------

    def _check_manager(self):
        access.check_manager(self.env, _("Only Lifecycle Managers can recompute or override stages."))

    @api.model
    def _check_all_companies(self):
        """A job over every customer spans every company: only for a caller working in all."""
        if compat.is_superuser(self.env):
            return
        # every company, however many: the check is whether the caller works in all of them
        if self.env["res.company"].sudo().search([]) - compat.allowed_companies(self.env):  # pylint: disable=no-search-all
            raise UserError(_("Recomputing every customer spans every company, and you do not work in "
                              "all of them. Refresh your own customers instead."))

    @api.model
    def action_recompute_all(self):
        self._check_manager()
        self._check_all_companies()
        counts = engine.recompute(self.env)
        return compat.notification(
            _("Lifecycle"), _("%(profiles)s profiles recomputed, %(transitions)s stage changes.") % counts)

    def action_refresh(self):
        self._check_manager()
        compat.check_record_access(self, "read")
        engine.recompute(self.env, partner_ids=self.mapped("partner_id").ids)
        return True

    @api.model
    def action_open_profiles(self):
        access.check_user(self.env)
        return window.action(self._name, "tree,kanban,form,pivot,graph", name=_("Customer profiles"),
                             domain=[])

    def action_view_transitions(self):
        self.ensure_one()
        access.check_user(self.env)
        compat.check_record_access(self, "read")
        return self.env["crm.lifecycle.transition"]._history_action([("profile_id", "=", self.id)])

    def action_view_history(self):
        """This customer's weekly health as a line chart by week (and the list)."""
        self.ensure_one()
        access.check_user(self.env)
        compat.check_record_access(self, "read")
        return window.action("crm.lifecycle.profile.history", "graph,tree", name=_("Health over time"),
                             domain=[("profile_id", "=", self.id)])

    # -- crons (private: only the scheduler calls them) -------------------------------

    @api.model
    def _cron_recompute_all(self):
        return engine.run_job(self.env, engine.recompute)

    @api.model
    def _cron_refresh_marked(self):
        def refresh(env):
            partner_ids = engine.dirty_partners(env)
            if not partner_ids:
                return {"profiles": 0}
            return engine.recompute(env, partner_ids=partner_ids)
        # while another job runs, the marks wait for the next run (ten minutes)
        return engine.run_job(self.env, refresh, retry=False)

    # -- headless API (RPC) -------------------------------------------------------------

    @api.model
    def _api_ids(self, partner_ids, name="partner_ids"):
        """Commercial partners of these ids, which must be visible to the caller. An id of
        another company and one that does not exist get the same answer."""
        if isinstance(partner_ids, int) and not isinstance(partner_ids, bool):
            partner_ids = [partner_ids]
        if not isinstance(partner_ids, (list, tuple)):
            raise UserError(_("%s must be a list of positive integer ids.") % name)
        if len(partner_ids) > API_MAX_IDS:
            raise UserError(_("%s: at most %s ids per call, got %s. Split the call.") % (
                name, API_MAX_IDS, len(partner_ids)))
        if not partner_ids or not all(
                isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2 ** 31 for i in partner_ids):
            raise UserError(_("%s must be a non-empty list of positive integer ids.") % name)
        wanted = set(partner_ids)
        # record rules, and the companies the caller works in (Odoo 11 ships its partner
        # company rule switched off)
        partners = self.env["res.partner"].with_context(active_test=False).search([
            ("id", "in", list(wanted)), "|", ("company_id", "=", False),
            ("company_id", "in", compat.allowed_companies(self.env).ids)])
        missing = sorted(wanted - set(partners.ids))
        if missing:
            shown = ", ".join(map(str, missing[:5])) + (", ..." if len(missing) > 5 else "")
            raise UserError(_("No partner visible to you has these ids: %s (%s of %s).") % (
                shown, len(missing), name))
        return partners.mapped("commercial_partner_id").ids

    @api.model
    def api_get_profiles(self, partner_ids):
        """Profiles of these partners (contacts resolve to their company) in the companies
        the caller may see, as plain dicts: metrics, scores, stage, health breakdown."""
        access.check_user(self.env)
        commercial_ids = self._api_ids(partner_ids)
        profiles = self.search([("partner_id", "in", commercial_ids)], order="partner_id, company_id")
        trends = profiles._trends_raw()
        result = []
        for profile in profiles:
            data = profile._api_dict()
            for name, value in zip(TREND_FIELDS, trends.get(profile.id, (None, None))):
                data[name] = False if value is None else value
            result.append(data)
        return result

    def _api_dict(self):
        self.ensure_one()
        data = {
            "id": self.id,
            "partner_id": self.partner_id.id,
            "partner_name": self.partner_id.display_name,
            "company_id": self.company_id.id,
            "currency": self.currency_id.name,
            "stage_id": self.stage_id.id or False,
            "stage": self.stage_id.name or False,
            "stage_code": self.stage_id.code or False,
            "stage_date": _iso(self.stage_date),
            "override": bool(self.override_stage_id),
            "health_breakdown": {name[len("health_"):]: self[name] for name in HEALTH_FIELDS},
            "stopped_categories": self.stopped_category_ids.mapped("display_name"),
            "categories": [{
                "category": row.categ_id.display_name, "purchases": row.purchases,
                "last_date": _iso(row.last_date), "gap_days": row.gap_days,
                "next_date": _iso(row.next_date), "overdue_days": row.overdue_days,
                "stopped": row.stopped, "annual_value": row.annual_value,
            } for row in self.category_ids],
        }
        for name in ACQUISITION_FIELDS:  # id and name, False when unknown
            data[name] = self[name].id or False
            data[name[:-3] + "_name"] = self[name].display_name or False
        for name in API_FIELDS:
            value = self[name]
            data[name] = _iso(value) if self._fields[name].type == "date" else value
        if not self.order_count:
            data.update(margin_total=False, margin_annual=False, margin_rate=False)
        if not self.invoiced_total:
            data["dso_days"] = False
        if self.churn_basis != "model":
            # no prediction without a valid model fit: empty (False, as every empty value
            # of the API: XML-RPC carries no None), not a probability of 0
            for name in MODEL_FIELDS:
                data[name] = False
        return data

    @api.model
    def api_recompute(self, partner_ids=None):
        """Recompute everybody (None) or these partners' customers, in the companies the
        caller works in; returns counts."""
        self._check_manager()
        if partner_ids is None:
            self._check_all_companies()
            return engine.recompute(self.env)
        commercial_ids = self._api_ids(partner_ids)
        return engine.recompute(self.env, partner_ids=commercial_ids)

    @api.model
    def api_stage_at(self, partner_id, date):
        """The stage of a customer in the current company on a past day, from the
        history: a dict {id, name, code} or False when it had no stage yet."""
        access.check_user(self.env)
        if not isinstance(partner_id, int) or isinstance(partner_id, bool) or partner_id <= 0:
            raise UserError(_("partner_id must be one positive integer id."))
        commercial_id = self._api_ids([partner_id], name="partner_id")[0]
        day = _parse_day(date)
        company = compat.current_company(self.env)
        if not self.search_count([("partner_id", "=", commercial_id), ("company_id", "=", company.id)]):
            return False
        stage_id = engine.stage_at(self.env, commercial_id, company.id, day)
        if not stage_id:
            return False
        stage = self.env["crm.lifecycle.stage"].browse(stage_id).with_context(active_test=False)
        return {"id": stage.id, "name": stage.name, "code": stage.code or False}


def _iso(value):
    value = compat.to_date(value)
    return value.isoformat() if value else False


def _parse_day(value):
    day = None
    if isinstance(value, str) and API_DAY.match(value):
        try:
            day = compat.to_date(value)
        except (TypeError, ValueError):
            day = None
    if not day:
        raise UserError(_("date must be a day as 'YYYY-MM-DD', got %s.") % repr(value)[:40])
    return day
