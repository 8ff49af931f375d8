# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import access, bounds, compat
from ..engine import rules


class LifecycleStage(models.Model):
    _name = "crm.lifecycle.stage"
    _description = "Customer Lifecycle Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(
        rules.CODES, string="Rule",
        help="The rule that puts customers in this stage. Without a rule, the stage is only "
             "reached by a manual override. Archiving a stage switches its rule off.")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)
    days = fields.Integer(
        help="New: days since the first order. Active: minimum days since the last order. "
             "Lapsed: days without an order.")
    cadence_factor = fields.Float(
        default=1.5, help="Active: a customer stays active for this many times its own typical "
                          "interval between orders, when that is longer than the days above.")
    min_orders = fields.Integer(help="Loyal: at least this many confirmed orders.")
    profile_count = fields.Integer(compute="_compute_profile_count")

    @api.constrains(*bounds.fields_of("crm.lifecycle.stage"))
    def _check_bounds(self):
        bounds.check(self)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Each rule can drive only one stage."),
    ]

    def _compute_profile_count(self):
        groups = compat.read_group(self.env["crm.lifecycle.profile"],
            [("stage_id", "in", self.ids)], ["stage_id"], ["stage_id"])
        counts = {g["stage_id"][0]: g["stage_id_count"] for g in groups}
        for stage in self:
            stage.profile_count = counts.get(stage.id, 0)

    @api.constrains("code", "days", "cadence_factor", "min_orders", "active")
    def _check_parameters(self):
        for stage in self:
            if stage.code in ("new", "active", "lapsed") and stage.days <= 0:
                raise ValidationError(_("%s: 'Days' must be a positive number of days.") % stage.name)
            if stage.code == "active" and stage.cadence_factor <= 0:
                raise ValidationError(_("%s: 'Cadence factor' must be positive.") % stage.name)
            if stage.code == "loyal" and stage.min_orders < 2:
                raise ValidationError(_("%s: 'Minimum orders' must be at least 2.") % stage.name)
        # Thresholds across stages must stay in order for the rules to make sense.
        params = rules.stage_params(self.env)
        if params["on_lapsed"]:
            lapsed = params["lapsed_days"]
            if params["on_active"] and params["active_days"] >= lapsed:
                raise ValidationError(_(
                    "Days: the Active stage's %s days must be fewer than the Lapsed stage's %s days.")
                    % (params["active_days"], lapsed))
            if params["on_new"] and params["new_days"] >= lapsed:
                raise ValidationError(_(
                    "Days: the New stage's %s days must be fewer than the Lapsed stage's %s days.")
                    % (params["new_days"], lapsed))

    @api.model
    def _explain(self, row, params):
        """A readable reason for a rule-driven change, in the recomputing user's language:
        the rule and the values behind it. `row` is a dict from queries.STAGE_CHANGES;
        other addons extend this for the rules they add."""
        code, p = row["rule_code"], params
        if code == "prospect":
            text = _("Prospect: leads but no confirmed order yet.")
        elif code == "opportunity":
            text = _("Opportunity: %s open opportunity(ies), no confirmed order yet.") % row["opps_open"]
        elif code == "lapsed":
            text = _("Lapsed: last order %s days ago, more than the %s days of the Lapsed rule.") % (
                row["recency_days"], p["lapsed_days"])
        elif code == "won_back":
            text = _("Won back: ordered on %s after %s days without orders (Lapsed rule: %s days).") % (
                row["last_order_date"], (row["last_order_date"] - row["prev_order_date"]).days,
                p["lapsed_days"])
        elif code == "new":
            text = _("New: first order on %s, within the %s days of the New rule.") % (
                row["first_order_date"], p["new_days"])
        else:
            window = _("active window %s days = max(%s days, %s x typical interval %s days)") % (
                _num(row["active_window"]), p["active_days"], _num(p["active_factor"], 1),
                _num(row["interval_median_days"]))
            if code == "at_risk" and p.get("use_churn_model") and row.get("p_alive") is not None:
                text = _("At risk: the churn model gives P(alive) %s, below the threshold %s.") % (
                    _num(row["p_alive"], 2), _num(p["p_alive_threshold"], 2))
            elif code == "at_risk":
                text = _("At risk: last order %s days ago, beyond its %s, not yet lapsed (%s days).") % (
                    row["recency_days"], window, p["lapsed_days"])
            elif code == "loyal":
                text = _("Loyal: %s orders (rule: at least %s) and last order %s days ago, "
                         "within its %s.") % (
                    row["order_count"], p["loyal_orders"], row["recency_days"], window)
            else:
                text = _("Active: last order %s days ago, within its %s.") % (row["recency_days"], window)
        if row.get("override_expired"):
            text = "%s %s" % (_("Manual override expired."), text)
        return text

    def action_view_profiles(self):
        access.check_user(self.env)
        action = self.env["crm.lifecycle.profile"].action_open_profiles()
        action["domain"] = [("stage_id", "=", self.id)]
        return action


def _num(value, digits=0):
    if value is None:
        return "-"
    return ("%%.%df" % digits) % float(value)
