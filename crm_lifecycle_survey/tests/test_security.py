# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a portal user, a salesman and a manager of another company can do with the survey
addon, called the way RPC calls it; what a survey page accepts; the settings' bounds."""
import datetime
import inspect
import re

from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.crm_lifecycle.tools import flows, testing

from .. import compat
from ..models.lifecycle_followup import add_business_days
from ..tools import testing as survey_testing
from .common import SurveyCase

REFUSED = (AccessError, UserError)
# Odoo's own rule for what RPC may not call: a leading underscore, or init.
regex_private = re.compile(r"^(_.*|init)$")
# The settings' documented bounds (readme/CONFIGURE.rst).
DOCUMENTED_BOUNDS = {
    "survey_window_days": (1, 3650), "survey_deadline_days": (1, 365),
    "survey_onboarding_days": (1, 365), "survey_relationship_days": (1, 3650),
    "survey_rolling_days": (1, 3650), "followup_business_days": (1, 260),
}


def public_methods(env, package):
    """{(model, method)} of the methods a client may call over RPC that the classes of
    `package` (an addon's module path) define."""
    found = set()
    for name in env.registry:
        for cls in type(env[name]).__mro__:
            if not cls.__module__.startswith(package + "."):
                continue
            for attr, value in vars(cls).items():
                if inspect.isfunction(value) and not regex_private.match(attr):
                    found.add((name, attr))
    return found



class TestSurveySecurity(SurveyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.customer("Secure Acme", user_id=cls.user_own.id)
        cls.ann = cls.contact(cls.acme, "Ann Secure")
        cls.pat = cls.contact(cls.acme, "Pat Portal")
        cls.portal = cls.portal_user("lcs_portal", cls.pat)
        cls.public = cls.env.ref("base.public_user")
        cls.other_company = cls.env["res.company"].create({"name": "Survey Other Co"})
        cls.foreign_manager = cls.company_manager("lcs_foreign_manager", cls.other_company)
        cls.metric = cls.surveys["nps"].lifecycle_metric_question_id
        cls.comment_q = cls.surveys["nps"].lifecycle_comment_question_id

    def rows_of(self, partner):
        return self.Satisfaction.search([("partner_id", "=", partner.id)])

    # -- 1. every public method is a deliberate API ---------------------------------------

    def test_public_methods_check_rights_or_are_private(self):
        expected = {
            ("crm.lifecycle.survey.invitation", "action_send_relationship"),
            ("crm.lifecycle.satisfaction", "api_nps"),
            ("crm.lifecycle.satisfaction", "action_open"),
            ("crm.lifecycle.followup", "write"),
            ("crm.lifecycle.followup", "action_done"),
            ("crm.lifecycle.followup", "action_cancel"),
            ("crm.lifecycle.followup", "action_open"),
            ("crm.lifecycle.config", "create"),
            ("crm.lifecycle.config", "write"),
            ("crm.lifecycle.stage", "create"),
            ("crm.lifecycle.stage", "write"),
            ("survey.user_input", "write"),
            ("survey.user_input", "unlink"),
            (compat.LINE_MODEL, "create"),
            (compat.LINE_MODEL, "write"),
            (compat.LINE_MODEL, "unlink"),
            ("res.partner", "action_lifecycle_satisfaction"),
            ("res.partner", "action_lifecycle_followups"),
            ("helpdesk.ticket", "write"),
            ("mail.activity", "action_feedback"),
            # the ORM's own checks run first (super()), then the counting of what passed
            ("rating.rating", "create"),
            ("rating.rating", "write"),
        }
        if compat.V11:
            expected.add(("stock.picking", "action_done"))
        self.assertEqual(public_methods(self.env, "odoo.addons.crm_lifecycle_survey"), expected)
        cron = self.env.ref("crm_lifecycle_survey.ir_cron_survey_dispatch")
        self.assertEqual(cron.code.strip(), "model._cron_dispatch()")
        cron.method_direct_trigger()  # the cron's own user runs the private entry point

        followup = self.counted(self.answer(self.ann, "nps", 1)).followup_id
        self.assertTrue(followup)
        # (user, model, method, args, kwargs, what the caller gets)
        calls = [
            (self.portal, "crm.lifecycle.survey.invitation", "_cron_dispatch", (), {}, AccessError),
            (self.portal, "crm.lifecycle.survey.invitation", "_cron_update_states", (), {},
             AccessError),
            (self.portal, "crm.lifecycle.survey.install", "_install_data", (), {}, AccessError),
            (self.portal, "crm.lifecycle.survey.invitation", "action_send_relationship", (), {},
             REFUSED),
            (self.user_own, "crm.lifecycle.survey.invitation", "action_send_relationship", (),
             {}, REFUSED),
            (self.portal, "crm.lifecycle.satisfaction", "api_nps", (), {}, AccessError),
            (self.portal, "crm.lifecycle.satisfaction", "action_open", (), {}, AccessError),
            (self.portal, "crm.lifecycle.followup", "action_open", (), {}, AccessError),
            (self.portal, "crm.lifecycle.followup", "action_done", ([followup.id],), {},
             AccessError),
            (self.portal, "crm.lifecycle.followup", "action_cancel", ([followup.id],), {},
             AccessError),
            (self.user_other, "crm.lifecycle.followup", "action_cancel", ([followup.id],), {},
             AccessError),
            # the owner types the outcome, the loop writes the rest
            (self.user_own, "crm.lifecycle.followup", "write",
             ([followup.id], {"state": "done"}), {}, AccessError),
            (self.user_own, "crm.lifecycle.followup", "write",
             ([followup.id], {"company_id": self.other_company.id}), {}, AccessError),
        ]
        for user, model, method, args, kwargs, refusal in calls:
            self.assertRefused(refusal, lambda: self.rpc(user, model, method, *args, **kwargs),
                               "%s %s.%s" % (user.login, model, method))
        self.assertEqual(followup.state, "open")
        # what the callers are meant to do
        self.assertTrue(self.rpc(self.user_own, "crm.lifecycle.satisfaction", "api_nps"))
        self.rpc(self.user_own, "crm.lifecycle.followup", "write", [followup.id],
                 {"outcome": "Called back"})
        self.rpc(self.user_own, "crm.lifecycle.followup", "action_done", [followup.id])
        self.assertEqual(followup.state, "done")
        manager = self.user("lcs_manager", "crm_lifecycle.group_lifecycle_manager")
        self.rpc(manager, "crm.lifecycle.survey.invitation", "action_send_relationship")

    def test_partner_figures_for_lifecycle_users_only(self):
        self.sale(self.acme, 10, 100.0)
        self.answer(self.ann, "nps", 9)
        self.recompute()
        fields_ = ["lifecycle_nps_last", "lifecycle_csat_avg", "lifecycle_satisfaction_count"]
        # the customer's portal user reads his own company's partner, not its figures
        self.assertTrue(self.rpc(self.portal, "res.partner", "read", [self.acme.id], ["name"]))
        for name in fields_:
            self.assertRefused(AccessError, lambda: self.rpc(
                self.portal, "res.partner", "read", [self.acme.id], [name]), name)
        row = self.rpc(self.user_own, "res.partner", "read", [self.acme.id], fields_)[0]
        self.assertEqual((row["lifecycle_nps_last"], row["lifecycle_satisfaction_count"]), (9, 1))

    def test_answer_origin_only_for_who_may_open_it(self):
        # the form's origin link: the client reads the linked record's name, so a link the
        # user may not open would fail the whole form (a salesman has no rights on answers
        # on 17+; found by the browser check)
        row = self.counted(self.answer(self.ann, "nps", 7))
        self.assertEqual(row.origin_ref, row.user_input_id)
        read = self.rpc(self.user_own, "crm.lifecycle.satisfaction", "read", [row.id],
                        ["origin_ref", "score"])[0]
        self.assertEqual(read["score"], 7)
        if read["origin_ref"]:  # a link is one he may open (his form reads its name)
            self.assertEqual(read["origin_ref"], "survey.user_input,%s" % row.user_input_id.id)
            self.assertTrue(testing.as_user(row.user_input_id, self.user_own).read(["id"]))

    def test_relationship_surveys_of_the_managers_companies_only(self):
        stage = self.env["crm.lifecycle.stage"].search([], limit=1)
        with self.assertRaises(AccessError):
            testing.as_user(self.Invitation, self.foreign_manager).action_send_relationship(
                stages=stage, company=self.company)

    # -- 6. survey pages --------------------------------------------------------------------

    def test_portal_user_cannot_stuff_answers(self):
        # a portal user opening the NPS survey without an invitation, again and again
        for _attempt in range(3):
            answer = survey_testing.visitor_answer(self.surveys["nps"], self.portal)
            survey_testing.answer_as_visitor(answer, self.portal, [(self.metric, 0)])
        self.assertFalse(self.rows_of(self.acme))
        self.assertFalse(self.Followup.search([("partner_id", "=", self.acme.id)]))
        # nor answer another contact's invitation over RPC (its id is enough on Odoo 11)
        invitation = self.invite(self.ann, "nps")
        target = invitation.user_input_id
        line = {"user_input_id": target.id, "question_id": self.metric.id,
                "answer_type": compat.NUMBER_ANSWER, compat.NUMBER_VALUE: 0}
        attacks = [("survey.user_input", "write", ([target.id], {"state": "done"})),
                   (compat.LINE_MODEL, "create", (line,)),
                   ("survey.user_input", "unlink", ([target.id],))]
        for model, method, args in attacks:
            self.assertRefused(AccessError, lambda: self.rpc(self.portal, model, method, *args),
                               "%s.%s" % (model, method))
        self.assertEqual(target.state, "new")
        self.assertNotEqual(invitation.state, "answered")
        # the invitation's own link still works for its contact, from anywhere
        survey_testing.answer_as_visitor(target, self.public, [(self.metric, 4)])
        row = self.counted(target)
        self.assertEqual((row.score, row.contact_id, row.invitation_id), (4, self.ann, invitation))
        self.assertEqual(len(self.Followup.search([("partner_id", "=", self.acme.id)])), 1)

    def test_same_invitation_answered_twice_counts_once(self):
        invitation = self.invite(self.ann, "nps")
        first = invitation.user_input_id
        survey_testing.answer_as_visitor(first, self.public, [(self.metric, 10)])
        second = survey_testing.answer_again(first, self.public, [(self.metric, 0)])
        self.assertEqual(second.state, "done")
        rows = self.rows_of(self.acme)
        self.assertEqual((len(rows), rows.score, rows.user_input_id), (1, 10, first))
        self.assertEqual(invitation.state, "answered")
        self.assertFalse(self.Followup.search([("partner_id", "=", self.acme.id)]))

    def test_comments_are_text_in_followups(self):
        hostile = '<img src=x onerror="alert(1)"><b>bold</b> & <script>alert(2)</script>'
        escaped = "&lt;b&gt;bold&lt;/b&gt;"

        def check(html, what):
            html = str(html or "")
            self.assertIn(escaped, html, what)
            for tag in ("<b>", "<img", "<script"):
                self.assertNotIn(tag, html, what)

        row = self.counted(self.answer(self.ann, "nps", 2, comment=hostile))
        check(row.followup_id.activity_id.note, "activity note")
        self.assertEqual(row.followup_id.comment, hostile)  # kept as the text it is
        self.config.followup_mode = "ticket"
        row = self.counted(self.answer(self.contact(self.acme, "Tim Ticket"), "nps", 1,
                                       comment=hostile))
        check(row.followup_id.ticket_id.description, "new ticket")
        ticket = flows.create_ticket(self.ann, self.today, "Broken again")
        flows.close_ticket(ticket, self.today)
        invitation = self.invite(self.ann, "csat")
        invitation.ticket_id = ticket
        self.answer(self.ann, "csat", 1, comment=hostile, user_input=invitation.user_input_id)
        self.assertFalse(ticket.stage_id.closed)
        reopened = ticket.message_ids.filtered(lambda m: "Reopened" in (m.body or ""))
        self.assertEqual(len(reopened), 1)
        check(reopened.body, "reopened ticket's message")

    # -- 8. bounds ----------------------------------------------------------------------------

    def test_hostile_settings_refused(self):
        hostile = [0, -1, 10 ** 7, 10 ** 20, 2.5, "abc", "30; DROP TABLE res_partner",
                   "<b>30</b>", None, True, [], {}, float("inf"), float("nan"), "1" * 5000]
        for name, (low, high) in DOCUMENTED_BOUNDS.items():
            for value in hostile + [high + 1]:
                error = self.assertRefused(ValidationError, lambda: self.config.write(
                    {name: value}), "%s=%r" % (name, value))
                message = str(error.args[0])
                self.assertIn(str(high), message)
                self.assertLess(len(message), 300)
            for value in (low, high, str(high)):
                with self.env.cr.savepoint():
                    self.config.write({name: value})
                    self.assertEqual(self.config[name], int(value))
        stage = self.env.ref("crm_lifecycle_survey.stage_advocate")
        for value in (0, 101, 10 ** 9, "many", None):
            self.assertRefused(ValidationError, lambda: stage.write({"min_promoters": value}),
                               "min_promoters=%r" % (value,))
        stage.write({"min_promoters": 100})
        # the follow-up owner is an active internal user
        archived = self.user("lcs_archived", "sales_team.group_sale_salesman")
        archived.active = False
        for user in (self.portal, archived, self.public):
            self.assertRefused(ValidationError, lambda: self.config.write(
                {"followup_user_id": user.id}), user.login)
        self.config.write({"followup_user_id": self.user_other.id})

    def test_values_stored_before_the_bounds_break_nothing(self):
        # a database that holds huge values (written before the bounds existed) still
        # closes tickets, and a detractor's answer still gets its follow-up at once
        self.config.write({"survey_on_ticket": True, "survey_ticket_kind": "nps"})
        compat.flush(self.env)
        self.env.cr.execute("UPDATE crm_lifecycle_config SET survey_deadline_days = %s, "
                            "followup_business_days = %s", (10 ** 7, 10 ** 8))
        compat.invalidate(self.env)
        ticket = flows.create_ticket(self.ann, self.today, "Late parcel")
        flows.close_ticket(ticket, self.today)
        invitation = self.Invitation.search([("ticket_id", "=", ticket.id)])
        self.assertEqual(invitation.state, "queued")
        deadline = compat.to_date(invitation.user_input_id.deadline)
        self.assertEqual(deadline, self.today + datetime.timedelta(days=365))
        row = self.counted(self.answer(self.ann, "nps", 0, user_input=invitation.user_input_id))
        self.assertEqual(compat.to_date(row.followup_id.date_deadline),
                         add_business_days(self.today, 260))

    def test_business_days_in_constant_time(self):
        def by_hand(day, count):
            while count > 0:
                day += datetime.timedelta(days=1)
                if day.weekday() < 5:
                    count -= 1
            return day
        monday = datetime.date(2024, 7, 1)
        for start in range(7):
            day = monday + datetime.timedelta(days=start)
            for count in range(0, 40):
                self.assertEqual(add_business_days(day, count), by_hand(day, count), (day, count))
        self.assertEqual(add_business_days(monday, 5 * 10 ** 5),
                         monday + datetime.timedelta(days=7 * 10 ** 5))

    def test_api_nps_hostile_parameters(self):
        hostile_days = ["2025-01-01junk", "2025-02-30", "yesterday", 20250101, ["2025-01-01"],
                        {"day": 1}, "x" * 100000, "2025-01-01' OR '1'='1", "<b>2025-01-01</b>",
                        datetime.datetime(2025, 1, 1, 12, 0)]
        for value in hostile_days:
            for name in ("date_from", "date_to"):
                error = self.assertRefused(UserError, lambda: self.Satisfaction.api_nps(
                    **{name: value}), "%s=%r" % (name, value))
                self.assertLess(len(str(error.args[0])), 300)
        for groupby in ("partner_id", "stage_id; DROP TABLE res_partner", ["stage_id"], 5,
                        "x" * 100000):
            error = self.assertRefused(UserError, lambda: self.Satisfaction.api_nps(
                groupby=groupby), "groupby=%r" % (groupby,))
            self.assertLess(len(str(error.args[0])), 300)
        self.assertIsInstance(self.Satisfaction.api_nps(
            date_from="2025-01-01", date_to=datetime.date(2025, 12, 31)), list)
