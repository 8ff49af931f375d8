# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.crm_lifecycle.compat import adopt_sql_constraints

from . import models
from . import report
from . import wizard

adopt_sql_constraints(__name__.split(".")[-1])  # before Odoo builds the models
