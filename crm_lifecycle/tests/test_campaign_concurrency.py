# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two actions on one segment at once, on two real database connections: the second is
refused at once instead of creating a second mailing list or tag, or acting twice."""
from odoo import SUPERUSER_ID, sql_db
from odoo.exceptions import UserError

from ..tools import testing
from .common import LifecycleCase


class TestCampaignConcurrency(LifecycleCase):

    def connection(self):
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(cr.close)
        return cr

    def test_second_action_on_a_segment_is_refused(self):
        # a segment the module ships: committed, so both connections see it
        segment_id = self.env.ref("crm_lifecycle.segment_champions").id
        cr_first, cr_second = self.connection(), self.connection()
        with testing.environment(cr_first, SUPERUSER_ID) as env_first, \
                testing.environment(cr_second, SUPERUSER_ID) as env_second:
            env_first["crm.lifecycle.campaign"]._lock_segment(env_first["crm.lifecycle.segment"].browse(segment_id))
            segment = env_second["crm.lifecycle.segment"].browse(segment_id)
            with self.assertRaisesRegex(UserError, "Another action on the segment"):
                segment._launch_campaign("tag")
            cr_second.rollback()
            self.assertFalse(env_second["crm.lifecycle.campaign"].search([("segment_id", "=", segment_id)]))
            # once the first action ends, the next one runs
            cr_first.rollback()
            campaign, _contacted = segment._launch_campaign("tag")
            self.assertEqual(campaign.segment_id.id, segment_id)
            cr_second.rollback()
