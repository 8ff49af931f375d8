from . import lifecycle_override
from . import segment_action
