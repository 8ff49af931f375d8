# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .. import compat, queries
from ..fatigue import (
    SAMPLED_TRIGGERS,
    TRANSACTIONAL_DAYS,
    TRANSACTIONAL_TRIGGERS,
    sample_key,
    sampled_in,
)
from ..scales import KINDS, TRIGGERS
from .lifecycle_config import SURVEY_BOUNDS

_logger = logging.getLogger(__name__)

SKIP_REASONS = [("no_email", "No e-mail address"), ("opted_out", "Opted out"),
                ("throttled", "Asked within the window"), ("no_survey", "No survey configured"),
                ("survey_opt_out", "Refuses satisfaction surveys"),
                ("relationship_recent", "Relationship survey within its interval"),
                ("transactional_cap", "Transactional surveys per 30 days reached"),
                ("too_new", "Customer too new for an NPS"),
                ("sampled_out", "Not in the sample")]
# Reminders the dispatch cron sends per run (the rest wait for the next run).
REMINDER_BATCH = 1000


class LifecycleSurveyInvitation(models.Model):
    """Dispatch log: every time a contact was (or was not) asked, and why. The invitation
    itself is a survey.user_input with a personal token and a queued mail.mail."""
    _name = "crm.lifecycle.survey.invitation"
    _description = "Satisfaction Survey Invitation"
    _order = "date_sent desc, id desc"
    _rec_name = "contact_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    contact_id = fields.Many2one("res.partner", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Account owner", readonly=True, index=True)
    kind = fields.Selection(KINDS, required=True, readonly=True)
    trigger = fields.Selection(TRIGGERS, required=True, readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True, ondelete="set null")
    date_sent = fields.Date("Date", required=True, readonly=True, index=True)
    user_input_id = fields.Many2one("survey.user_input", string="Survey answer", readonly=True,
                                    ondelete="set null", index=True)
    mail_id = fields.Many2one("mail.mail", string="E-mail", readonly=True, ondelete="set null")
    state = fields.Selection([("queued", "Queued"), ("sent", "Sent"), ("answered", "Answered"),
                              ("skipped", "Skipped"), ("failed", "Failed")],
                             required=True, readonly=True, default="queued", index=True)
    skip_reason = fields.Selection(SKIP_REASONS, readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True, ondelete="set null")
    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True,
                                 ondelete="set null")
    reminder_date = fields.Date("Reminded on", readonly=True)
    reminder_mail_id = fields.Many2one("mail.mail", string="Reminder e-mail", readonly=True,
                                       ondelete="set null")

    # -- dispatch -------------------------------------------------------------------------

    @api.model
    def _dispatch(self, kind, trigger, contacts, company=None, ticket=None, picking=None,
                  survey=None):
        """Invite `contacts` (res.partner) to the configured survey of `kind`: a personal
        survey.user_input and a queued e-mail each (the mail queue sends it later, never
        in this transaction), or a skipped invitation with its reason. Returns the
        invitations."""
        self = self.sudo()
        contacts = contacts.exists()
        if not contacts:
            return self.browse()
        config = self.env["crm.lifecycle.config"]._get_config()
        today = compat.today(self.env)
        company = company or compat.current_company(self.env)
        compat.flush(self.env)
        self.env.cr.execute(queries.ELIGIBILITY, {
            "contact_ids": contacts.ids, "today": today, "company_id": company.id,
            "kind": kind, "trigger": trigger,
            "window_days": config.survey_window_days,
            "relationship_days": config.survey_relationship_days,
            "transactional": list(TRANSACTIONAL_TRIGGERS),
            "transactional_days": TRANSACTIONAL_DAYS,
            "transactional_max": config.survey_transactional_max,
            "nps_min_age": config.survey_nps_min_age_days})
        reasons = dict(self.env.cr.fetchall())
        rate = config["survey_sample_%s" % trigger] if trigger in SAMPLED_TRIGGERS else 100
        # a relationship customer is sampled once per interval, an event once for good
        period = (today.toordinal() // max(config.survey_relationship_days, 1)
                  if trigger == "relationship" else None)
        event = (ticket.id if ticket else None) or (picking.id if picking else None)
        templates = {
            "en": self.env.ref("crm_lifecycle_survey.mail_template_survey_invitation"),
            "zh": self.env.ref("crm_lifecycle_survey.mail_template_survey_invitation_zh"),
        }
        deadline = None
        if config.survey_deadline_days:
            # bounded at save; a database that stored more before the bound existed still
            # closes its tickets and validates its deliveries
            days = min(config.survey_deadline_days, SURVEY_BOUNDS["survey_deadline_days"][1])
            deadline = compat.datetime_field_value(today + datetime.timedelta(days=days))
        invitations = self.browse()
        for contact in contacts:
            survey_sent = survey or config._survey_for(kind, contact.lang)
            reason = reasons.get(contact.id) or (not survey_sent and "no_survey") or False
            if not reason and not sampled_in(rate, sample_key(trigger, contact.id, event, period)):
                reason = "sampled_out"
            commercial = contact.commercial_partner_id
            vals = {
                "partner_id": commercial.id, "contact_id": contact.id, "company_id": company.id,
                "user_id": commercial.user_id.id or False, "kind": kind, "trigger": trigger,
                "survey_id": survey_sent.id or False, "date_sent": compat.date_field_value(today),
                "ticket_id": ticket.id if ticket else False,
                "picking_id": picking.id if picking else False,
            }
            if reason:
                vals.update(state="skipped", skip_reason=reason)
                invitations |= self.create(vals)
                _logger.info("crm_lifecycle_survey: %s survey not sent to %s (%s)", kind,
                             contact.display_name, reason)
                continue
            user_input = compat.create_invitation_answer(survey_sent, contact, deadline)
            invitation = self.create(dict(vals, state="queued", user_input_id=user_input.id))
            zh = (survey_sent.lifecycle_lang or contact.lang or "").startswith("zh")
            template = templates["zh" if zh else "en"]
            # queued: the mail queue cron sends it
            mail_id = template.send_mail(user_input.id, force_send=False)
            invitation.mail_id = mail_id
            invitations |= invitation
            # a second trigger in this same batch must see this one
            reasons[contact.id] = "throttled"
        return invitations

    @api.model
    def _dispatch_customers(self, kind, trigger, pairs):
        """Invite the main contact of each (commercial partner id, company id)."""
        invitations = self.browse()
        by_company = {}
        for partner_id, company_id in pairs:
            by_company.setdefault(company_id, []).append(partner_id)
        for company_id, partner_ids in by_company.items():
            company = self.env["res.company"].browse(company_id)
            contacts = self.env["res.partner"].browse(partner_ids)
            invitations |= self._dispatch(kind, trigger, contacts, company=company)
        return invitations

    # -- crons ------------------------------------------------------------------------------

    @api.model
    def _cron_dispatch(self):
        """Daily: onboarding and relationship surveys, and the state of queued e-mails."""
        config = self.env["crm.lifecycle.config"]._get_config()
        today = compat.today(self.env)
        counts = {}
        compat.flush(self.env)
        if config.survey_on_onboarding:
            self.env.cr.execute(queries.ONBOARDING_DUE, {
                "today": today, "onboarding_days": config.survey_onboarding_days})
            counts["onboarding"] = len(self._dispatch_customers(
                config.survey_onboarding_kind, "onboarding", self.env.cr.fetchall()))
        if config.survey_relationship_stage_ids:
            counts["relationship"] = len(self._send_relationship())
        self._cron_update_states()
        if config.survey_reminder_days:
            counts["reminders"] = len(self._send_reminders(config))
        # ratings a customer gave and the rating hook missed (ratings older than the addon)
        counts["ratings"] = len(self.env["crm.lifecycle.satisfaction"]._ingest_ratings())
        return counts

    @api.model
    def _send_reminders(self, config):
        """The one reminder of each invitation that went out `survey_reminder_days` ago and
        was not answered (queries.REMINDERS_DUE): the same personal link, queued."""
        compat.flush(self.env)
        self.env.cr.execute(queries.REMINDERS_DUE, {
            "today": compat.today(self.env), "limit": REMINDER_BATCH,
            "reminder_days": min(config.survey_reminder_days,
                                 SURVEY_BOUNDS["survey_reminder_days"][1])})
        invitations = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        templates = {
            "en": self.env.ref("crm_lifecycle_survey.mail_template_survey_reminder"),
            "zh": self.env.ref("crm_lifecycle_survey.mail_template_survey_reminder_zh"),
        }
        today = compat.date_field_value(compat.today(self.env))
        for invitation in invitations:
            zh = (invitation.survey_id.lifecycle_lang or invitation.contact_id.lang
                  or "").startswith("zh")
            mail_id = templates["zh" if zh else "en"].send_mail(
                invitation.user_input_id.id, force_send=False)
            invitation.write({"reminder_date": today, "reminder_mail_id": mail_id})
        return invitations

    @api.model
    def action_send_relationship(self, stages=None, company=None):
        """Relationship NPS now, for a lifecycle manager: the customers in `stages`
        (default: the configured ones) of `company` (default: every company the manager
        may access) who were not asked within the relationship interval."""
        self.env["crm.lifecycle.profile"]._check_manager()
        companies = self.env.user.company_ids
        if company:
            if company not in companies:
                raise AccessError(_("You may not send surveys in %s.") % company.display_name)
            companies = company
        return self._send_relationship(stages, companies)

    @api.model
    def _send_relationship(self, stages=None, companies=None):
        """Relationship NPS for the customers in `stages` (default: the configured ones) of
        `companies` (default: all) who were not asked within the relationship interval."""
        config = self.env["crm.lifecycle.config"]._get_config()
        stages = stages or config.survey_relationship_stage_ids
        if not stages:
            return self.browse()
        compat.flush(self.env)
        self.env.cr.execute(queries.RELATIONSHIP_DUE, {
            "stage_ids": stages.ids, "company_ids": companies.ids if companies else None,
            "today": compat.today(self.env), "relationship_days": config.survey_relationship_days})
        return self._dispatch_customers("nps", "relationship", self.env.cr.fetchall())

    @api.model
    def _cron_update_states(self):
        compat.flush(self.env)
        self.env.cr.execute(queries.MARK_SENT)
        compat.invalidate(self.env)
        return True
