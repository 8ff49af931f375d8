# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools

from odoo.addons.crm_lifecycle import compat

from . import sql_sources


class LifecycleReportMixin(models.AbstractModel):
    """What every lifecycle report view shares: it is a read-only SQL view (re)created at
    install/update from its model's clause methods, with one row per customer and company
    (at least), the customer, company, currency and salesperson columns, and a filter on
    the customer's current segments.

    The view is ``[WITH _with()] SELECT _select() FROM _from() [WHERE _where()]
    [GROUP BY _group_by()]``, an empty clause left out. Each clause method returns fixed
    SQL text, never input. Another addon extends a report by inheriting its model and
    overriding a clause with super(): for instance ``_select()`` plus the column of a new
    field, and ``_from()`` plus the join it reads."""
    _name = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report (SQL view)"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    segment_ids = fields.Many2many(
        "crm.lifecycle.segment", compute="_compute_segment_ids",
        search="_search_segment_ids", help="The customer's current segments.")

    # The alias, in the report's `_from()`, of the relation whose partner_id and company_id
    # a row is about. `_from()` also joins that company as `c` (its currency) and, unless
    # the report reads its salesperson elsewhere, the customer's profile as `p`.
    _report_rows = None

    def _shared_columns(self):
        """The shared columns' SQL expressions, by column name, in select order."""
        rows = self._report_rows
        return {"partner_id": rows + ".partner_id", "company_id": rows + ".company_id",
                "currency_id": "c.currency_id", "user_id": "p.user_id"}

    def _with(self):
        return ""

    def _select(self):
        return ", ".join(sql + " AS " + name for name, sql in self._shared_columns().items())

    def _from(self):
        raise NotImplementedError

    def _where(self):
        return ""

    def _group_by(self):
        return ""

    def _view_query(self):
        """The view's SELECT statement, assembled from the clause methods."""
        clauses = [("WITH", self._with()), ("SELECT", self._select()), ("FROM", self._from()),
                   ("WHERE", self._where()), ("GROUP BY", self._group_by())]
        return "\n".join(keyword + " " + text.strip()
                         for keyword, text in clauses if text and text.strip())

    @api.model
    def _xlsx_computed(self, name, values):
        """A computed column's value from the row's raw view columns (XLSX export)."""
        raise NotImplementedError(name)

    def init(self):
        if self._auto or self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("CREATE OR REPLACE VIEW " + self._table + " AS (" + self._view_query() + ")")

    # "Today" in a view (overdue, days waiting, this month) is the reading user's day, as
    # the engine's reference date is, not the server's UTC date: between them a user in
    # Shanghai would see yesterday's figures for eight hours a day. Every ORM read path
    # (search and search_count, read, read_group) puts it in the transaction first.
    def _set_report_today(self):
        self.env.cr.execute(sql_sources.SET_TODAY, [str(compat.today(self.env))])

    @api.model
    def _search(self, *args, **kwargs):
        self._set_report_today()
        return super()._search(*args, **kwargs)

    @api.model
    def read_group(self, *args, **kwargs):
        self._set_report_today()
        return super().read_group(*args, **kwargs)

    def read(self, *args, **kwargs):
        self._set_report_today()
        return super().read(*args, **kwargs)

    def _compute_segment_ids(self):
        members = self.env["crm.lifecycle.segment.member"].sudo().search([
            ("partner_id", "in", self.mapped("partner_id").ids), ("date_left", "=", False)])
        by_key = {}
        for member in members:
            by_key.setdefault((member.partner_id.id, member.company_id.id), []).append(
                member.segment_id.id)
        for row in self:
            row.segment_ids = [(6, 0, by_key.get((row.partner_id.id, row.company_id.id), []))]

    @api.model
    @compat.search_method
    def _search_segment_ids(self, operator, value):
        """Rows of customers currently in (or, for negative operators, not in) the segments."""
        negative = operator in ("!=", "not in", "not ilike", "not like", "not any")
        positive_operator = {"!=": "=", "not in": "in", "not ilike": "ilike",
                             "not like": "like"}.get(operator, operator)
        segments = self.env["crm.lifecycle.segment"]
        if operator in ("any", "not any"):  # a domain on the segments (19 makes ilike one)
            segments = segments.search(value)
        elif isinstance(value, str):
            segments = segments.search([("name", positive_operator, value)])
        elif value:
            segments = segments.browse(value if isinstance(value, (list, tuple)) else [value])
        members = self.env["crm.lifecycle.segment.member"].sudo().search([
            ("segment_id", "in", segments.ids), ("date_left", "=", False)])
        return [("partner_id", "not in" if negative else "in", members.mapped("partner_id").ids)]
