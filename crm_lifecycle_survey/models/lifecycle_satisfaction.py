# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_lifecycle import window

from .. import bounds, compat, queries
from ..scales import CATEGORIES, KINDS, SCALES, TRIGGERS, is_unhappy, nps_category, valid_score

_logger = logging.getLogger(__name__)


class LifecycleSatisfaction(models.Model):
    """One counted metric answer (NPS, CSAT or CES) of a customer's contact: written by
    the ingestion of a completed survey answer, never typed in. An answer outside its
    scale never gets a row."""
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
    followup_state = fields.Selection(related="followup_id.state", readonly=True)

    _sql_constraints = [
        ("user_input_kind_unique", "UNIQUE(user_input_id, kind)",
         "A survey answer is counted once."),
    ]

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
                "invitation_id": invitation.id,
                "user_id": customer.user_id.id or False,
                "team_id": compat.partner_sales_team(customer).id or False,
                "stage_id": profile.stage_id.id or False,
            })
            # NULL for the other kinds, so that averages over any grouping stay right
            # (the ORM writes 0 for an empty number).
            compat.flush(self.env)
            self.env.cr.execute(queries.SET_POINTS, {"id": record.id})
            compat.invalidate_records(record)
            if is_unhappy(kind, score):
                self.env["crm.lifecycle.followup"].sudo()._open_for(record)
            created |= record
        if created:
            self.env["crm.lifecycle.profile"].sudo()._lifecycle_update_satisfaction(
                created.mapped("partner_id").ids)
        return created
