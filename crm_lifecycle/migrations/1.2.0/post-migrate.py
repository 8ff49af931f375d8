# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""1.2.0: the plain journal-item indexes of earlier versions go; the covering indexes
that replace them (engine/queries.py INDEXES) are created at every module init."""


def migrate(cr, version):
    cr.execute("DROP INDEX IF EXISTS crm_lifecycle_aml_invoice_id_idx")
    cr.execute("DROP INDEX IF EXISTS crm_lifecycle_aml_payment_id_idx")
