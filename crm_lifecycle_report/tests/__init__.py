# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_lifecycle_views
from . import test_finance
from . import test_objectives
from . import test_outputs
from . import test_security
from . import test_aggregates
from . import test_dashboard
from . import test_empty_help
