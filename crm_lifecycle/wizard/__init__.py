from . import lifecycle_override
