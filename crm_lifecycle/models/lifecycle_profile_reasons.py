# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Why a profile has its health score and its churn risk, in words.

The engine stores the figures (engine/queries.py, RESULT); the words are made here when a
profile is read, so that each reader gets them in their own language and they can never be
out of date with the figures. Each component of the health score is told with the value it
was measured against (the customer's usual gap between orders, the invoices' due dates, the
service load), weakest first: the first line is the main reason. Another addon adds its own
components by extending `_health_reasons` (the survey addon adds satisfaction)."""
import datetime

from odoo import _, api, fields, models
from odoo.tools.misc import formatLang

from .. import compat
from ..engine import rules


class LifecycleProfileReasons(models.Model):
    _inherit = "crm.lifecycle.profile"

    health_reasons_text = fields.Text("Why this health score", compute="_compute_reasons_text")
    churn_reasons_text = fields.Text("Why this churn risk", compute="_compute_reasons_text")

    @api.depends("health_score", "churn_risk", "churn_basis", "ref_date")
    def _compute_reasons_text(self):
        params = rules.stage_params(self.env) if self else {}
        for profile in self:
            profile.health_reasons_text = "\n".join(profile._health_reasons(params))
            profile.churn_reasons_text = "\n".join(profile._churn_reasons(params))

    def _api_dict(self):
        # the form's words: computed once for all the profiles of the call (one read of the
        # stage parameters), never empty (a profile has at least one reason of each)
        data = super()._api_dict()
        data["health_reasons"] = self.health_reasons_text.split("\n")
        data["churn_reasons"] = self.churn_reasons_text.split("\n")
        return data

    # -- health --------------------------------------------------------------------------

    def _health_reasons(self, params):
        """The health score's components as sentences, weakest first."""
        self.ensure_one()
        if not self.order_count:
            parts = [(-1, _("No confirmed order yet: the score has no recency or trend part."))]
        else:
            parts = [self._reason_recency(params), self._reason_trend()]
        parts += [self._reason_payment(), self._reason_service()]
        parts += self._health_reason_extra()
        return [text for _score, text in sorted((p for p in parts if p), key=lambda p: p[0])]

    def _health_reason_extra(self):
        """(score, sentence) pairs another addon adds for its own health components."""
        return []

    def _active_window(self, params):
        return max(params["active_days"], params["active_factor"] * (self.interval_median_days or 0))

    def _reason_recency(self, params):
        window = self._active_window(params)
        score = round(self.health_recency)
        gap = self.interval_median_days
        if gap:
            text = _("Recency %(score)s/100: last order %(days)s days ago, %(ratio)s× its usual gap "
                     "of %(gap)s days (active window %(window)s days, lapsed after %(lapsed)s).") % {
                "score": score, "days": self.recency_days, "ratio": "%.1f" % (self.recency_days / gap),
                "gap": "%.0f" % gap, "window": "%.0f" % window, "lapsed": params["lapsed_days"]}
        else:
            text = _("Recency %(score)s/100: one order so far, %(days)s days ago (active window "
                     "%(window)s days, lapsed after %(lapsed)s).") % {
                "score": score, "days": self.recency_days, "window": "%.0f" % window,
                "lapsed": params["lapsed_days"]}
        if self.churn_basis == "model":
            text += " " + _("Averaged with the churn model's P(alive) %s.") % ("%.2f" % self.p_alive)
        return score, text

    def _reason_trend(self):
        score = round(self.health_trend)
        now, before = self.revenue_365, self.revenue_prev_365
        change = " (%+.0f %%)" % (100.0 * (now - before) / before) if before > 0 else ""
        return score, _("Revenue trend %(score)s/100: %(now)s in the last 365 days against %(before)s "
                        "in the 365 days before%(change)s.") % {
            "score": score, "now": self._money(now), "before": self._money(before), "change": change}

    def _reason_payment(self):
        if self.invoiced_total <= 0:
            return None
        score = round(self.health_payment)
        if self.overdue_amount > 0:
            text = _("Payment %(score)s/100: %(overdue)s overdue of %(open)s open, the oldest invoice "
                     "%(days)s days past its due date.") % {
                "score": score, "overdue": self._money(self.overdue_amount),
                "open": self._money(self.receivable_open), "days": self.overdue_max_days}
        else:
            text = _("Payment %s/100: nothing overdue.") % score
        if self.days_to_pay_avg:
            text += " " + _("Invoices are paid in full %s days after their date on average.") % (
                "%.0f" % self.days_to_pay_avg)
        return score, text

    def _reason_service(self):
        if not self.tickets_total:
            return None
        score = round(self.health_service)
        return score, _("Service %(score)s/100: %(open)s open ticket(s) and %(complaints)s "
                        "complaint(s) in the last 90 days, %(total)s ticket(s) in all.") % {
            "score": score, "open": self.tickets_open, "complaints": self.complaints_90d,
            "total": self.tickets_total}

    # -- churn ---------------------------------------------------------------------------

    def _churn_reasons(self, params):
        """Where the churn risk comes from, and when the next order is (over)due."""
        self.ensure_one()
        if not self.order_count:
            return [_("No confirmed order yet: there is no churn risk to compute.")]
        reasons = []
        if self.churn_basis == "model":
            reasons.append(_("Churn model: P(alive) %(p)s, so a churn risk of %(risk)s; %(e90)s "
                             "purchase(s) expected in the next 90 days, %(e365)s in 365.") % {
                "p": "%.2f" % self.p_alive, "risk": "%.2f" % self.churn_risk,
                "e90": "%.1f" % self.expected_90, "e365": "%.1f" % self.expected_365})
        else:  # the form's note on the churn model says why there is none
            reasons.append(self.churn_model_note)
        reasons.append(self._reason_next_order(params))
        reasons.extend(self._reason_stopped_categories())
        return reasons

    def _reason_stopped_categories(self, limit=3):
        """The categories it stopped buying, the most valuable first (category_ids' order)."""
        return [_("Stopped buying %(category)s: last purchase %(days)s days ago, usually every "
                  "%(gap)s days (%(value)s a year).") % {
            "category": row.categ_id.display_name, "days": row.days_since, "gap": "%.0f" % row.gap_days,
            "value": self._money(row.annual_value)}
            for row in self.category_ids.filtered("stopped")[:limit]]

    def _reason_next_order(self, params):
        last = compat.to_date(self.last_order_date)
        ref = compat.to_date(self.ref_date) if self.ref_date else compat.today(self.env)
        gap = self.interval_median_days
        if not gap:
            window = self._active_window(params)
            return _("One order so far, on %(date)s: no rhythm yet; it counts as active for "
                     "%(window)s days.") % {"date": fields.Date.to_string(last), "window": "%.0f" % window}
        expected = last + datetime.timedelta(days=round(gap))
        late = (ref - expected).days
        values = {"date": fields.Date.to_string(expected), "gap": "%.0f" % gap, "days": late}
        if late > 0:
            return _("Next order was expected around %(date)s (usual gap %(gap)s days): "
                     "%(days)s days overdue.") % values
        return _("Next order expected around %(date)s (usual gap %(gap)s days): not due yet.") % values

    def _money(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)
