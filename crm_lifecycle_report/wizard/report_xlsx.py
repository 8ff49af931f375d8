# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_lifecycle import compat

# Every report, its sheet and its columns (what its list view shows), in menu order.
REPORTS = [
    ("crm.lifecycle.report.stage.month", "Stages by month",
     ["month", "partner_id", "stage_id", "user_id", "company_id", "annual_value"]),
    ("crm.lifecycle.report.funnel", "Funnel",
     ["step", "date", "partner_id", "stage_id", "user_id", "company_id"]),
    ("crm.lifecycle.report.transition", "Transitions",
     ["date", "partner_id", "from_stage_id", "to_stage_id", "kind", "user_id", "company_id",
      "annual_value"]),
    ("crm.lifecycle.report.cohort", "Cohorts",
     ["cohort_month", "month", "months_since", "partner_id", "revenue", "retained",
      "customer_share", "revenue_share", "user_id", "company_id"]),
    ("crm.lifecycle.report.rfm", "RFM",
     ["partner_id", "r_score", "f_score", "m_score", "rfm_segment", "revenue_total",
      "revenue_365", "user_id", "company_id"]),
    ("crm.lifecycle.report.profitability", "Profitability",
     ["partner_id", "quadrant", "abc_class", "stage_id", "revenue_net", "margin_total",
      "margin_annual", "user_id", "company_id"]),
    ("crm.lifecycle.report.acquisition", "Acquisition",
     ["partner_id", "source_id", "medium_id", "campaign_id", "acquired_month", "stage_id",
      "active_count", "revenue", "margin_total", "clv_12m", "user_id", "company_id"]),
    ("crm.lifecycle.report.pareto", "Pareto ABC",
     ["rank", "partner_id", "revenue_total", "revenue_share", "cumulative_share",
      "customer_share", "abc_class", "user_id", "company_id"]),
    ("crm.lifecycle.report.finance", "Finance",
     ["partner_id", "ordered", "delivered", "invoiced", "refunded", "paid", "receivable_open",
      "overdue_amount", "open_orders", "exposure", "credit_limit", "dso", "refund_ratio",
      "uninvoiced_days", "flag_uninvoiced", "flag_over_invoiced", "flag_overdue",
      "flag_refunds", "flag_over_limit", "user_id", "company_id"]),
    ("crm.lifecycle.report.satisfaction", "Satisfaction",
     ["date", "partner_id", "kind", "score", "category", "nps_points", "csat_satisfied",
      "ces_score", "stage_id", "rfm_segment", "user_id", "company_id"]),
    ("crm.lifecycle.report.followup", "Follow-up SLA",
     ["date_deadline", "date_done", "partner_id", "state", "within_sla", "days_late",
      "user_id", "company_id"]),
    ("crm.lifecycle.report.objective", "Objectives",
     ["name", "kpi", "date_from", "date_to", "user_id", "target", "actual", "base_count",
      "achieved", "definition", "company_id"]),
]


REPORT_MODELS = [model for model, _label, _cols in REPORTS]


class LifecycleReportXlsx(models.TransientModel):
    """Every lifecycle report (or one), as the user is allowed to see it, in one workbook."""
    _name = "crm.lifecycle.report.xlsx"
    _description = "Export lifecycle reports to Excel"

    report = fields.Selection([(model, label) for model, label, _cols in REPORTS],
                              help="Leave empty to export every report, one sheet each.")
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    @api.model
    def _format(self, field, value, names):
        """A cell from a raw column value (`names`: display names per comodel and id)."""
        if value is None or value is False:
            return ""
        if field.type == "many2one":
            return names[field.comodel_name].get(value, "")
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type in ("date", "datetime"):
            return str(compat.to_date(value))
        if field.type == "boolean":
            return _("Yes") if value else ""
        return value

    @api.model
    def _rows(self, model, columns):
        """The rows the user may see, as lists of cells. A report view is evaluated once:
        its visible ids (record rules applied), then one SELECT of the raw columns
        (reading records would re-run the view once per prefetch batch of 1000)."""
        Model = self.env[model]
        ids = Model.search([]).ids  # every row the user may see; pylint: disable=no-search-all
        if not ids:
            return []
        fields_ = [Model._fields[name] for name in columns]
        if Model._auto:  # a real table (objectives): few rows, through the ORM
            records = Model.browse(ids)
            raw = [dict((f.name, r[f.name].id if f.type == "many2one" else r[f.name])
                        for f in fields_) for r in records]
        else:
            stored = [name for name, f in Model._fields.items()
                      if f.store and name != "id" and f.type not in ("one2many", "many2many")]
            self.env.cr.execute(
                "SELECT " + ", ".join(["id"] + stored) + " FROM " + Model._table
                + " WHERE id = ANY(%s) ORDER BY " + Model._order, [ids])
            raw = self.env.cr.dictfetchall()
            for name in columns:
                if not Model._fields[name].store:
                    for values in raw:
                        values[name] = Model._xlsx_computed(name, values)
        names = {}
        for field in fields_:
            if field.type == "many2one":
                comodel_ids = {values[field.name] for values in raw if values[field.name]}
                names.setdefault(field.comodel_name, {}).update(
                    (r.id, r.display_name) for r in self.env[field.comodel_name].browse(list(comodel_ids)))
        return [[self._format(f, values[f.name], names) for f in fields_] for values in raw]

    @api.model
    def workbook_bytes(self, models_=None):
        """The workbook as bytes: one sheet per report in `models_` (default all), each as
        the caller may read it (a lifecycle user: record rules apply to every row)."""
        if models_ is not None and (not isinstance(models_, (list, tuple)) or any(
                model not in REPORT_MODELS for model in models_)):
            raise UserError(_("Reports to export: a list of %s.") % ", ".join(REPORT_MODELS))
        # the caller may read at least one report (lifecycle users); this wizard's own
        # rights do not tell (Odoo 11 grants every user every transient model)
        wanted = models_ or REPORT_MODELS
        if not any(compat.can_access(self.env[m], "read") for m in wanted):
            self.env[wanted[0]].check_access_rights("read")
        stream = io.BytesIO()
        book = xlsxwriter.Workbook(stream, {"in_memory": True})
        bold = book.add_format({"bold": True})
        for model, label, columns in REPORTS:
            if models_ and model not in models_:
                continue
            records = self.env[model]
            if not compat.can_access(records, "read"):
                continue
            sheet = book.add_worksheet(_(label)[:31])
            for col, name in enumerate(columns):
                sheet.write(0, col, records._fields[name].get_description(self.env)["string"], bold)
            for row, cells in enumerate(self._rows(model, columns), start=1):
                for col, cell in enumerate(cells):
                    sheet.write(row, col, cell)
        book.close()
        return stream.getvalue()

    def action_export(self):
        self.ensure_one()
        data = self.workbook_bytes([self.report] if self.report else None)
        self.write({"file": base64.b64encode(data), "filename": "lifecycle_reports.xlsx"})
        return {
            "type": "ir.actions.act_url", "target": "self",
            "url": "/web/content?model=%s&id=%s&field=file&filename_field=filename&download=true"
                   % (self._name, self.id),
        }
