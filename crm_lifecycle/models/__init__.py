from . import lifecycle_stage
from . import lifecycle_config
from . import lifecycle_score_band
from . import lifecycle_profile
from . import lifecycle_transition
from . import lifecycle_customer_info
from . import lifecycle_tracked
from . import res_partner
