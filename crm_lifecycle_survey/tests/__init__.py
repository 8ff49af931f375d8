from . import test_scales
from . import test_survey_config
from . import test_dispatch
from . import test_ingestion
from . import test_closed_loop
from . import test_security
from . import test_demo_survey
