# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""1.1.0: refresh marks become one row per mark (a new mark is never folded into one
being cleared), so the table gets its own id instead of the partner as primary key."""


def migrate(cr, version):
    cr.execute("""SELECT 1 FROM information_schema.columns
                   WHERE table_name = 'crm_lifecycle_dirty' AND column_name = 'id'""")
    if cr.fetchone():
        return
    cr.execute("ALTER TABLE crm_lifecycle_dirty DROP CONSTRAINT IF EXISTS crm_lifecycle_dirty_pkey")
    cr.execute("ALTER TABLE crm_lifecycle_dirty ADD COLUMN id bigserial PRIMARY KEY")
