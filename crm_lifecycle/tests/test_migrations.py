# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The version scripts under migrations/, run on the test database as Odoo runs them at
an upgrade (migrate(cr, installed_version))."""
import importlib.util
import os

from .common import LifecycleCase

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")


def _script(version, name):
    path = os.path.join(MIGRATIONS, version, name)
    spec = importlib.util.spec_from_file_location("crm_lifecycle_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestMigrations(LifecycleCase):

    def _index_exists(self, name):
        self.env.cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", (name,))
        return bool(self.env.cr.fetchone())

    def test_1_2_0_drops_the_plain_journal_item_indexes(self):
        # as earlier versions made them (only their names matter here)
        for name in ("crm_lifecycle_aml_invoice_id_idx", "crm_lifecycle_aml_payment_id_idx"):
            self.env.cr.execute("CREATE INDEX IF NOT EXISTS %s ON account_move_line (id)" % name)
        self.assertTrue(self._index_exists("crm_lifecycle_aml_invoice_id_idx"))
        _script("1.2.0", "post-migrate.py").migrate(self.env.cr, "1.1.0")
        self.assertFalse(self._index_exists("crm_lifecycle_aml_invoice_id_idx"))
        self.assertFalse(self._index_exists("crm_lifecycle_aml_payment_id_idx"))
        # the covering indexes that replace them stay
        self.env.cr.execute("SELECT count(*) FROM pg_indexes "
                            "WHERE indexname LIKE 'crm_lifecycle_aml_%%_cov_idx'")
        self.assertGreater(self.env.cr.fetchone()[0], 0)
