# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError

from odoo.addons.crm_lifecycle import compat

from . import svg


def _label(value):
    """A read_group key as text: (id, name) pairs, selections and empty groups."""
    if isinstance(value, (list, tuple)):
        return str(value[1])
    return value or "-"


class ReportLifecycleReview(models.AbstractModel):
    """Lifecycle review: the management summary of one company over one period, read from
    the report views (so record rules apply) with bar charts as inline SVG."""
    _name = "report.crm_lifecycle_report.lifecycle_review"
    _description = "Lifecycle review report"

    @api.model
    def _group(self, model, domain, measures, groupby, orderby=None):
        return compat.read_group(self.env[model], domain, measures + [groupby], [groupby], orderby=orderby,
                                           lazy=False)

    @api.model
    def _selection_labels(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    @api.model
    def _review_values(self, company, date_from, date_to):
        date_from, date_to = compat.to_date(date_from), compat.to_date(date_to)
        in_company = [("company_id", "=", company.id)]
        stages = self._group("crm.lifecycle.report.rfm", in_company, ["customer_count"], "stage_id")
        profiles = compat.read_group(self.env["crm.lifecycle.profile"],
            in_company, ["stage_id"], ["stage_id"], lazy=False)
        stage_rows = [(_label(g["stage_id"]), g["__count"], str(g["__count"])) for g in profiles]
        funnel = self._group("crm.lifecycle.report.funnel",
                             in_company + [("date", "<=", compat.date_field_value(date_to))],
                             ["customer_count"], "step", orderby="step")
        steps = self._selection_labels("crm.lifecycle.report.funnel", "step")
        funnel_rows = [(steps.get(g["step"], g["step"]), g["customer_count"], str(g["customer_count"]))
                       for g in funnel]
        period = [("date", ">=", compat.date_field_value(date_from)),
                  ("date", "<=", compat.date_field_value(date_to))]
        moves = compat.read_group(self.env["crm.lifecycle.report.transition"],
            in_company + period, ["transition_count", "annual_value", "from_stage_id", "to_stage_id"],
            ["from_stage_id", "to_stage_id"], lazy=False)
        moves = sorted(moves, key=lambda g: -g["transition_count"])[:10]
        segments = self._group("crm.lifecycle.report.rfm", in_company,
                               ["customer_count", "revenue_total"], "rfm_segment")
        seg_labels = self._selection_labels("crm.lifecycle.report.rfm", "rfm_segment")
        segment_rows = sorted(
            [(seg_labels.get(g["rfm_segment"], "-"), g["customer_count"], g["revenue_total"])
             for g in segments], key=lambda r: -r[2])
        # Aggregates only (read_group, search_count): reading view rows as records would
        # evaluate the view once per prefetch batch.
        Pareto = self.env["crm.lifecycle.report.pareto"]
        pareto_count = Pareto.search_count(in_company)
        top = compat.read_group(Pareto, in_company + [("customer_share", "<=", 20.0 + 1e-9)],
                                ["cumulative_share", "rank"], [], lazy=False)
        abc = {g["abc_class"]: g["__count"] for g in self._group(
            "crm.lifecycle.report.pareto", in_company, [], "abc_class")}
        Finance = self.env["crm.lifecycle.report.finance"]
        names = ("ordered", "delivered", "invoiced", "paid", "receivable_open",
                 "overdue_amount", "exposure")
        sums = compat.read_group(Finance, in_company, list(names), [], lazy=False)
        totals = {name: (sums[0][name] or 0.0) if sums else 0.0 for name in names}
        flags = {name: Finance.search_count(in_company + [(name, "=", True)]) for name in (
            "flag_uninvoiced", "flag_over_invoiced", "flag_overdue", "flag_refunds",
            "flag_over_limit")}
        Objective = self.env["crm.lifecycle.report.objective"]
        objectives = Objective.search(in_company + [
            ("date_from", "<=", compat.date_field_value(date_to)),
            ("date_to", ">=", compat.date_field_value(date_from))])
        nps, nps_base = Objective._kpi_actual("nps", company, date_from, date_to)
        currency = company.currency_id
        return {
            "company": company, "currency": currency, "date_from": date_from, "date_to": date_to,
            "customer_count": sum(r[1] for r in stage_rows),
            "stage_chart": svg.bars(stage_rows),
            "scored_count": sum(g["customer_count"] for g in stages),
            "funnel_chart": svg.bars(funnel_rows),
            "funnel_rows": funnel_rows,
            "moves": moves,
            "segment_rows": segment_rows,
            "segment_chart": svg.bars([(r[0], r[2], "%.0f" % r[2]) for r in segment_rows]),
            "pareto_count": pareto_count, "top_count": top and top[0]["rank"] or 0,
            "top_share": top and top[0]["cumulative_share"] or 0.0,
            "abc": {k: abc.get(k, 0) for k in "ABC"},
            "totals": totals, "flags": flags,
            "finance_chart": svg.bars([(label, totals[key], "%.2f" % totals[key]) for key, label in (
                ("ordered", "Ordered"), ("delivered", "Delivered"), ("invoiced", "Invoiced"),
                ("paid", "Paid"), ("receivable_open", "Open receivable"),
                ("overdue_amount", "Overdue"))]),
            "objectives": objectives, "nps": nps, "nps_base": nps_base,
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        """The reviews of the reader's own wizards, each of a company the reader may access
        (the review reads the company's NPS past the record rules)."""
        # a lifecycle user (the wizard's own rights do not tell: Odoo 11 grants every user
        # every transient model), printing his own wizards
        compat.check_model_access(self.env["crm.lifecycle.profile"], "read")
        wizards = self.env["crm.lifecycle.report.review.wizard"].browse(docids)
        compat.check_record_access(wizards, "read")
        for wizard in wizards:
            if not wizard._company_allowed():
                raise AccessError(_("Lifecycle review: you may not read the figures of %s.")
                                  % wizard.company_id.display_name)
        return {"doc_ids": docids, "doc_model": wizards._name, "docs": wizards,
                "reviews": [self._review_values(w.company_id, w.date_from, w.date_to)
                            for w in wizards]}

    @api.model
    def get_report_values(self, docids, data=None):
        # the name Odoo 11 calls (17 calls _get_report_values): public, so any user may
        # call it over RPC; _get_report_values checks the reader first
        return self._get_report_values(docids, data=data)
