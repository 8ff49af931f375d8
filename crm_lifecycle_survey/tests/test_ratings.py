# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Ratings as CSAT: a customer's rating.rating (here of a closed helpdesk ticket) counts as
a CSAT answer with its origin, once, in the rated document's company, on the CSAT scale;
an unhappy rating opens a follow-up. Two jobs ingesting the same rating at once count it
once."""
import threading
import time

import psycopg2
from psycopg2.extensions import TransactionRollbackError

from odoo import SUPERUSER_ID, sql_db

from odoo.addons.crm_lifecycle.tools import flows, testing as core_testing

from .. import compat, scales
from ..tools import flows as survey_flows
from .common import SurveyCase

# the rating page's three faces on each series: satisfied, okay, unhappy
TOP, OKAY, LOW = (10, 5, 1) if compat.V11 else (5, 3, 1)


class TestRatings(SurveyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.customer("Rating Acme", user_id=cls.user_own.id)
        cls.ann = cls.contact(cls.acme, "Ann Rating")

    def closed_ticket(self, contact=None, name="Rated ticket"):
        ticket = flows.create_ticket(contact or self.ann, self.today, name)
        return flows.close_ticket(ticket, self.today)

    def counted(self, rating):
        return self.Satisfaction.search([("rating_id", "=", rating.id)])

    def test_ticket_rating_counts_as_csat_with_its_origin(self):
        self.sale(self.acme, 10, 100.0)
        self.recompute()
        ticket = self.closed_ticket()
        rating = survey_flows.rate(ticket, self.ann, TOP, feedback="Quick and kind")
        row = self.counted(rating)
        self.assertEqual(len(row), 1)
        self.assertEqual((row.source, row.kind, row.score, row.csat_satisfied),
                         ("rating", "csat", 5, 100))
        self.assertEqual((row.partner_id, row.contact_id), (self.acme, self.ann))
        self.assertEqual(row.company_id, ticket.company_id)
        self.assertEqual((row.origin_model, row.origin_res_id), ("helpdesk.ticket", ticket.id))
        self.assertEqual(row.origin_ref, ticket)
        self.assertEqual(row.ticket_id, ticket)
        self.assertEqual(row.user_id, self.user_own)
        self.assertEqual(row.comment, "Quick and kind")
        self.assertFalse(row.followup_id)
        # beside the surveys, in the customer's figures
        self.answer(self.ann, "csat", 1)
        profile = self.profile(self.acme)
        self.assertAlmostEqual(profile.csat_avg, 3.0)
        self.assertEqual(set(self.Satisfaction.search([("partner_id", "=", self.acme.id)])
                             .mapped("source")), {"survey", "rating"})

    def test_scale_and_unhappy_rating(self):
        scores = {}
        for value in (TOP, OKAY, LOW):
            ticket = self.closed_ticket(name="Rated %s" % value)
            scores[value] = self.counted(survey_flows.rate(ticket, self.ann, value))
        self.assertEqual([scores[v].score for v in (TOP, OKAY, LOW)], [5, 3, 1])
        self.assertEqual([scores[v].csat_satisfied for v in (TOP, OKAY, LOW)], [100, 0, 0])
        # the CSAT thresholds decide: an unhappy rating is called back like an unhappy answer
        unhappy = scores[LOW]
        self.assertEqual(unhappy.followup_id.state, "open")
        self.assertEqual(unhappy.followup_id.user_id, self.user_own)
        self.assertFalse(scores[OKAY].followup_id)
        # the mapping of both series (the SQL and scales.rating_csat agree)
        self.assertEqual([scales.rating_csat(v, 10) for v in (10, 7, 6, 5, 1, 0)],
                         [5, 4, 3, 3, 1, None])
        self.assertEqual([scales.rating_csat(v, 5) for v in (5, 4, 3, 2, 1)], [5, 4, 3, 2, 1])

    def test_counted_once(self):
        rating = survey_flows.rate(self.closed_ticket(), self.ann, TOP)
        self.assertEqual(len(self.counted(rating)), 1)
        self.assertFalse(self.Satisfaction._ingest_ratings())
        self.assertFalse(self.Satisfaction._ingest_ratings(rating))
        self.assertEqual(len(self.counted(rating)), 1)
        # the customer changes the rating and adds a comment: the same row follows
        rating.write({"rating": LOW, "feedback": "Actually it broke again"})
        row = self.counted(rating)
        self.assertEqual((len(row), row.score, row.comment), (1, 1, "Actually it broke again"))
        # the database refuses a second row of the same rating
        with self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute("""
                INSERT INTO crm_lifecycle_satisfaction (partner_id, company_id, kind, date, source,
                                                        rating_id)
                SELECT partner_id, company_id, kind, date, source, rating_id
                  FROM crm_lifecycle_satisfaction WHERE id = %s""", (row.id,))

    def test_requested_but_not_given_is_not_counted(self):
        ticket = self.closed_ticket()
        rating = self.env["rating.rating"].create({
            "partner_id": self.ann.id, "res_model_id": self.env["ir.model"]._get("helpdesk.ticket").id,
            "res_id": ticket.id})
        self.assertFalse(self.Satisfaction._ingest_ratings())
        self.assertFalse(self.counted(rating))

    def test_company_of_the_rated_document(self):
        other = self.env["res.company"].create({"name": "Rating Other Co"})
        self.env.user.write({"company_ids": [(4, other.id)]})
        ticket = self.closed_ticket()
        ticket.sudo().write({"company_id": other.id})
        row = self.counted(survey_flows.rate(ticket, self.ann, OKAY))
        self.assertEqual(row.company_id, other)
        # a rated document without a company: the customer's company, else the user's
        partner = self.env["res.partner"].create({"name": "Rated Partner", "is_company": True})
        rating = self.env["rating.rating"].create({
            "partner_id": self.ann.id, "res_model_id": self.env["ir.model"]._get("res.partner").id,
            "res_id": partner.id})
        rating.write({"rating": TOP, "consumed": True})
        self.assertEqual(self.counted(rating).company_id,
                         self.acme.company_id or compat.current_company(self.env))

    def test_origin_shown_in_the_list(self):
        self.counted(survey_flows.rate(self.closed_ticket(), self.ann, TOP))
        tree = self.env.ref("crm_lifecycle_survey.crm_lifecycle_satisfaction_view_tree")
        arch = core_testing.render_view(self.env, tree)
        self.assertIn('name="source"', arch)
        self.assertIn('name="origin_name"', arch)

    def test_concurrent_ingestion_counts_once(self):
        """Two jobs count the same rating at the same moment (two workers, the hook and the
        cron): one row; the other inserts nothing or, under Odoo's repeatable read, fails
        with a serialization error that its retry turns into nothing."""
        setup = sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(setup.close)
        with core_testing.environment(setup, SUPERUSER_ID) as env:
            customer = env["res.partner"].create({"name": "Race Rating Ltd", "is_company": True,
                                                  "email": "race.rating@example.com"})
            rating = env["rating.rating"].create({
                "partner_id": customer.id, "res_id": customer.id,
                "res_model_id": env["ir.model"]._get("res.partner").id})
            rating_id, partner_id = rating.id, customer.id
            setup.commit()
            # the customer's answer, written without the hook (as a module that writes the
            # rating in SQL, or a database restored before the addon was installed)
            env.cr.execute("UPDATE rating_rating SET rating = %s, consumed = true WHERE id = %s",
                           (TOP, rating_id))
            setup.commit()

        def cleanup():
            cr = sql_db.db_connect(self.env.cr.dbname).cursor()
            try:
                cr.execute("DELETE FROM crm_lifecycle_followup WHERE partner_id = %s", (partner_id,))
                cr.execute("DELETE FROM crm_lifecycle_satisfaction WHERE partner_id = %s", (partner_id,))
                cr.execute("DELETE FROM rating_rating WHERE id = %s", (rating_id,))
                cr.execute("UPDATE res_partner SET active = false WHERE id = %s", (partner_id,))
                cr.commit()  # pylint: disable=invalid-commit
            finally:
                cr.close()
        self.addCleanup(cleanup)

        cr_first = sql_db.db_connect(self.env.cr.dbname).cursor()
        cr_second = sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(cr_first.close)
        self.addCleanup(cr_second.close)
        outcome = []

        def second():
            with core_testing.environment(cr_second, SUPERUSER_ID) as env:
                ratings = env["rating.rating"].browse(rating_id)
                try:
                    outcome.append(len(env["crm.lifecycle.satisfaction"]._ingest_ratings(ratings)))
                    cr_second.commit()
                except TransactionRollbackError:
                    cr_second.rollback()
                    outcome.append("retry")  # what Odoo's cron and RPC layers do: again
                    outcome.append(len(env["crm.lifecycle.satisfaction"]._ingest_ratings(ratings)))
                    cr_second.commit()

        with core_testing.environment(cr_first, SUPERUSER_ID) as env_first:
            first = env_first["crm.lifecycle.satisfaction"]._ingest_ratings(
                env_first["rating.rating"].browse(rating_id))
            self.assertEqual(len(first), 1)
            thread = threading.Thread(target=second)
            # the second job reads the rating as not counted yet, then waits on the row
            thread.start()
            time.sleep(1.0)
            cr_first.commit()
            thread.join(30)
        self.assertIn(outcome, ([0], ["retry", 0]))
        check = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            check.execute("SELECT count(*) FROM crm_lifecycle_satisfaction WHERE rating_id = %s",
                          (rating_id,))
            self.assertEqual(check.fetchone()[0], 1)
        finally:
            check.close()
