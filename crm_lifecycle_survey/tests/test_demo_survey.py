# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo builder's satisfaction history (what `make demo` adds), on this database's
confirmed orders: invitations answered through the survey's own pages, follow-ups opened
for the unhappy ones, and built once."""
from ..tools import demo_survey
from .common import SurveyCase


class TestDemoSurvey(SurveyCase):

    def test_demo_satisfaction_history(self):
        self.sale(self.customer("Demo survey customer"), 40, 500.0)
        counts = demo_survey.build(self.env, seed=7, share=1.0, log=lambda *args: None)
        self.assertGreater(counts["customers"], 0)
        self.assertGreater(counts["answered"], 0)
        answers = self.env["crm.lifecycle.satisfaction"].search_count([])
        self.assertGreaterEqual(answers, counts["answered"])
        again = demo_survey.build(self.env, seed=7, share=1.0, log=lambda *args: None)
        self.assertTrue(again.get("skipped"), "the history is built once")
        self.assertEqual(self.env["crm.lifecycle.satisfaction"].search_count([]), answers)
