# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.crm_lifecycle import window

from .. import bounds, compat, queries
from ..scales import (
    CATEGORIES,
    CSAT_SATISFIED,
    KINDS,
    SCALES,
    SOURCES,
    TRIGGERS,
    is_unhappy,
    nps_category,
    valid_score,
)

_logger = logging.getLogger(__name__)


class LifecycleSatisfaction(models.Model):
    """One counted metric answer (NPS, CSAT or CES) of a customer's contact: written by
    the ingestion of a completed survey answer or of a rating the customer gave (Odoo's
    rating.rating, counted as CSAT), never typed in. An answer outside its scale never gets
    a row."""
    _name = "crm.lifecycle.satisfaction"
    _description = "Customer Satisfaction Answer"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    contact_id = fields.Many2one("res.partner", string="Respondent", readonly=True,
                                 ondelete="set null")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 ondelete="cascade")
    kind = fields.Selection(KINDS, required=True, readonly=True, index=True)
    score = fields.Integer(readonly=True, **compat.aggregator("avg"))
    category = fields.Selection(CATEGORIES, readonly=True, index=True,
                                help="NPS only: promoter 9-10, passive 7-8, detractor 0-6.")
    # Averaging these gives the company's figures in any grouping of a pivot or graph:
    # avg(nps_points) is the NPS, avg(csat_satisfied) the CSAT (share of 4-5 answers, %).
    nps_points = fields.Integer("NPS", readonly=True, **compat.aggregator("avg"),
                                help="+100 for a promoter, 0 passive, -100 detractor: "
                                     "their average is the Net Promoter Score.")
    csat_satisfied = fields.Integer("CSAT (%)", readonly=True, **compat.aggregator("avg"),
                                    help="100 for a CSAT answer of 4 or 5, else 0: their "
                                         "average is the share of satisfied answers.")
    date = fields.Date(required=True, readonly=True, index=True)
    comment = fields.Text(readonly=True)
    user_input_id = fields.Many2one("survey.user_input", string="Survey answer", readonly=True,
                                    ondelete="set null", index=True)
    survey_id = fields.Many2one("survey.survey", readonly=True, ondelete="set null")
    trigger = fields.Selection(TRIGGERS, readonly=True, default="manual")
    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True, ondelete="set null", index=True)
    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True,
                                 ondelete="set null")
    invitation_id = fields.Many2one("crm.lifecycle.survey.invitation", readonly=True,
                                    ondelete="set null")
    user_id = fields.Many2one("res.users", string="Account owner", readonly=True, index=True)
    team_id = fields.Many2one("crm.team", string="Sales team", readonly=True)
    stage_id = fields.Many2one("crm.lifecycle.stage", string="Stage when answered", readonly=True,
                               ondelete="set null")
    followup_id = fields.Many2one("crm.lifecycle.followup", readonly=True, ondelete="set null")
    source = fields.Selection(SOURCES, required=True, readonly=True, default="survey", index=True,
                              help="Survey: the answer to an invitation's survey. Rating: a "
                                   "rating the customer gave on a rated document (ticket, "
                                   "task, chat...), counted as CSAT.")
    rating_id = fields.Many2one("rating.rating", readonly=True,
                                ondelete="set null")
    origin_model = fields.Char("Rated model", readonly=True)
    origin_res_id = fields.Integer("Rated record", readonly=True)
    origin_name = fields.Char("Rated document", readonly=True)
    origin_ref = fields.Reference("_selection_origin_models", string="Origin",
                                  compute="_compute_origin_ref")
    followup_state = fields.Selection(related="followup_id.state", readonly=True)

    _sql_constraints = [
        ("user_input_kind_unique", "UNIQUE(user_input_id, kind)",
         "A survey answer is counted once."),
        # ON CONFLICT of queries.INGEST_RATINGS relies on it (NULLs of survey rows differ)
        ("rating_unique", "UNIQUE(rating_id)", "A rating is counted once."),
    ]

    @api.model
    def _selection_origin_models(self):
        return [(model.model, model.name) for model in self.env["ir.model"].sudo().search([])]

    @compat.depends_on_user
    def _compute_origin_ref(self):
        # the rated document of a rating, the survey answer of a survey: a link only for a
        # user who may open it (a salesman has no rights on survey answers; showing the link
        # would make the client read it and fail the whole form)
        for record in self:
            model, res_id = record.origin_model, record.origin_res_id
            if not (model and res_id) and record.user_input_id:
                model, res_id = "survey.user_input", record.user_input_id.id
            record.origin_ref = "%s,%s" % (model, res_id) \
                if model and res_id and record._may_read(model, res_id) else False

    def _may_read(self, model, res_id):
        if model not in self.env or not compat.can_access(self.env[model], "read"):
            return False
        try:
            compat.check_record_access(self.env[model].browse(res_id).exists(), "read")
        except AccessError:
            return False
        return True

    def init(self):
        # The engine's per-customer subqueries (health component, Advocate rule) and the
        # profile update look answers up by customer, company and date.
        self.env.cr.execute(queries.INDEX_SATISFACTION)

    @api.model
    def api_nps(self, date_from=None, date_to=None, groupby=None):
        """The company NPS (answers the caller may see) as plain dicts, overall or per
        period, stage, account owner or sales team: answers, promoters, passives,
        detractors and nps (% promoters - % detractors)."""
        compat.check_model_access(self, "read")
        allowed = (None, "stage_id", "user_id", "team_id", "date:month", "date:quarter",
                   "date:year")
        if not isinstance(groupby, (str, type(None))) or groupby not in allowed:
            raise UserError(_("groupby must be one of %s, got %s.") % (
                ", ".join(str(a) for a in allowed), bounds.shown(groupby)))
        domain = [("kind", "=", "nps")]
        for name, value, operator in (("date_from", date_from, ">="), ("date_to", date_to, "<=")):
            if value:
                day = bounds.day(value)
                if not day:
                    raise UserError(_("%s must be a day as 'YYYY-MM-DD', got %s.") % (
                        name, bounds.shown(value)))
                domain.append(("date", operator, compat.date_field_value(day)))
        keys = ([groupby] if groupby else []) + ["category"]
        groups = compat.read_group(self, domain, ["category", "score"] + (
            [groupby.split(":")[0]] if groupby else []), keys, lazy=False)
        result = {}
        for group in groups:
            key = group[groupby] if groupby else False
            key = list(key) if isinstance(key, tuple) else key
            row = result.setdefault(str(key), {"group": key, "answers": 0, "promoter": 0,
                                               "passive": 0, "detractor": 0})
            row[group["category"]] += group["__count"]
            row["answers"] += group["__count"]
        rows = list(result.values())
        for row in rows:
            row["promoters"], row["passives"], row["detractors"] = (
                row.pop("promoter"), row.pop("passive"), row.pop("detractor"))
            row["nps"] = 100.0 * (row["promoters"] - row["detractors"]) / row["answers"]
        return rows

    @api.model
    def action_open(self, domain=None, name=None):
        compat.check_model_access(self, "read")
        return window.action(self._name, "tree,form,pivot,graph", name=name or self._description,
                             domain=domain or [])

    # -- ingestion ------------------------------------------------------------------------

    @api.model
    def _ingest(self, user_inputs):
        """Count the completed answers of lifecycle surveys: one row per valid metric
        answer, the invitation marked answered, a follow-up for an unhappy answer and the
        customer's profile fields updated, all in the caller's transaction. An answer
        outside the scale is logged and not counted.

        Only an invitation's own answer counts, once, for the invitation's contact and
        company: the survey pages find that answer by the invitation's personal token.
        Answers without an invitation (a visitor or portal user opening the survey
        without its link, Odoo 17's "retry") and a second finishing of the same
        invitation are not counted, so nobody can stuff the figures or open follow-ups
        at will."""
        created = self.browse()
        Invitation = self.env["crm.lifecycle.survey.invitation"].sudo()
        for user_input in user_inputs:
            survey = user_input.survey_id
            if not survey.lifecycle_kind or user_input.test_entry:
                continue
            invitation = Invitation.search([("user_input_id", "=", user_input.id)], limit=1)
            if not invitation or invitation.survey_id != survey:
                _logger.info("crm_lifecycle_survey: answer %s to survey '%s' not counted: it "
                             "is not the answer of an invitation", user_input.id, survey.title)
                continue
            if invitation.state == "answered" or self.search_count(
                    [("user_input_id", "=", user_input.id)]):
                _logger.info("crm_lifecycle_survey: answer %s to survey '%s' not counted: its "
                             "invitation was answered already", user_input.id, survey.title)
                continue
            kind = survey.lifecycle_kind
            invitation.state = "answered"
            question = survey.lifecycle_metric_question_id
            lines = user_input.user_input_line_ids
            metric = lines.filtered(lambda ln: ln.question_id == question)
            raw = compat.line_number(metric[:1]) if metric else None
            score = valid_score(kind, raw)
            if score is None:
                _logger.warning("crm_lifecycle_survey: answer %s to survey '%s' not counted: %s "
                                "score %r is outside %s-%s or missing", user_input.id, survey.title,
                                kind, raw, *SCALES[kind])
                continue
            comment = None
            if survey.lifecycle_comment_question_id:
                for line in lines.filtered(
                        lambda ln: ln.question_id == survey.lifecycle_comment_question_id):
                    comment = compat.line_text(line) or comment
            contact = invitation.contact_id
            customer = invitation.partner_id
            company = invitation.company_id
            profile = self.env["crm.lifecycle.profile"].sudo().search(
                [("partner_id", "=", customer.id), ("company_id", "=", company.id)], limit=1)
            record = self.create({
                "partner_id": customer.id, "contact_id": contact.id, "company_id": company.id,
                "kind": kind, "score": score,
                "category": nps_category(score) if kind == "nps" else False,
                "date": compat.date_field_value(self.env.context.get("lifecycle_answer_date")
                                                or compat.answer_date(user_input)),
                "comment": comment, "user_input_id": user_input.id, "survey_id": survey.id,
                "trigger": invitation.trigger,
                "ticket_id": invitation.ticket_id.id or False,
                "picking_id": invitation.picking_id.id or False,
                "invitation_id": invitation.id, "source": "survey",
                "origin_model": "survey.user_input", "origin_res_id": user_input.id,
                "origin_name": survey.title,
                "user_id": customer.user_id.id or False,
                "team_id": compat.partner_sales_team(customer).id or False,
                "stage_id": profile.stage_id.id or False,
            })
            # NULL for the other kinds, so that averages over any grouping stay right
            # (the ORM writes 0 for an empty number).
            compat.flush(self.env)
            self.env.cr.execute(queries.SET_POINTS, {"id": record.id,
                                                     "csat_satisfied": CSAT_SATISFIED})
            compat.invalidate_records(record)
            if is_unhappy(kind, score):
                self.env["crm.lifecycle.followup"].sudo()._open_for(record)
            created |= record
        if created:
            self.env["crm.lifecycle.profile"].sudo()._lifecycle_update_satisfaction(
                created.mapped("partner_id").ids)
        return created

    @api.model
    def _ingest_ratings(self, ratings=None):
        """Count the consumed ratings (rating.rating) not counted yet as CSAT answers, set-
        based (queries.INGEST_RATINGS), each once even when two jobs ingest it at the same
        time; `ratings` limits it to those. The company is the rated document's when its
        model has one; an unhappy rating opens a follow-up as an unhappy survey answer does.
        Returns the new rows."""
        self = self.sudo()
        if ratings is not None and not ratings:
            return self.browse()
        low, high = SCALES["csat"]
        params = {"default_company_id": compat.current_company(self.env).id,
                  "csat_low": low, "csat_high": high, "csat_satisfied": CSAT_SATISFIED,
                  "rating_max": compat.RATING_MAX, "uid": self.env.uid,
                  "tz": self.env.context.get("tz") or self.env.user.tz or "UTC"}
        compat.flush(self.env)
        if ratings is not None:
            self.env.cr.execute(queries.REFRESH_RATINGS, dict(params, rating_ids=ratings.ids))
            changed = [row[0] for row in self.env.cr.fetchall()]
            if changed:
                compat.invalidate(self.env)
                self.env["crm.lifecycle.profile"].sudo()._lifecycle_update_satisfaction(changed)
        self.env.cr.execute(queries.PENDING_RATINGS, {
            "rating_ids": ratings.ids if ratings is not None else None})
        pending = self.env.cr.fetchall()
        if not pending:
            return self.browse()
        by_model = {}
        for rating_id, res_model, res_id in pending:
            by_model.setdefault(res_model, []).append((rating_id, res_id))
        rating_ids, company_ids = [], []
        for res_model, pairs in by_model.items():
            companies = {}
            Model = self.env[res_model] if res_model in self.env else None
            field = Model._fields.get("company_id") if Model is not None else None
            if field is not None and field.store and field.type == "many2one":
                # one read per rated model, never one per rating
                records = Model.browse([res_id for _rid, res_id in pairs]).exists()
                companies = {rec["id"]: rec["company_id"] and rec["company_id"][0]
                             for rec in records.read(["company_id"])}
            for rating_id, res_id in pairs:
                rating_ids.append(rating_id)
                company_ids.append(companies.get(res_id) or None)
        self.env.cr.execute(queries.INGEST_RATINGS, dict(
            params, rating_ids=rating_ids, company_ids=company_ids))
        created = self.browse([row[0] for row in self.env.cr.fetchall()])
        if not created:
            return created
        compat.invalidate(self.env)
        for partner, records in self._group_by_partner(created):
            team = compat.partner_sales_team(partner)
            if team:
                records.write({"team_id": team.id})
        for record in created:
            if is_unhappy("csat", record.score):
                self.env["crm.lifecycle.followup"].sudo()._open_for(record)
        self.env["crm.lifecycle.profile"].sudo()._lifecycle_update_satisfaction(
            created.mapped("partner_id").ids)
        _logger.info("crm_lifecycle_survey: %s rating(s) counted as CSAT", len(created))
        return created

    @api.model
    def _group_by_partner(self, records):
        groups = {}
        for record in records:
            groups.setdefault(record.partner_id, self.browse())
            groups[record.partner_id] |= record
        return groups.items()
