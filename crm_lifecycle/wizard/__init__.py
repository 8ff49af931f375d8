from . import lifecycle_override
from . import lifecycle_segment_action
from . import lifecycle_pool_assign
from . import base_partner_merge_automatic_wizard
