# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import sql_sources
from . import report_mixin
from . import report_stage_month
from . import report_funnel
from . import report_transition
from . import report_cohort
from . import report_rfm
from . import report_profitability
from . import report_pareto
from . import report_acquisition
from . import report_finance
from . import ir_config_parameter
from . import report_satisfaction
from . import report_followup
from . import report_objective
from . import report_dashboard
