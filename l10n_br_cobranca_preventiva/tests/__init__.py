from . import test_install
from . import test_regua_constraints
from . import test_regua_resolution
from . import test_timeline
from . import test_security
from . import test_plan
from . import test_dispatch
from . import test_ranking
