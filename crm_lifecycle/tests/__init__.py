from . import test_churn
from . import test_clv
from . import test_metrics
from . import test_scores
from . import test_stages
from . import test_multicompany
from . import test_security_api
