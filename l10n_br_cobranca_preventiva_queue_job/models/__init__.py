from . import cobranca_dispatcher
from . import cobranca_planner
