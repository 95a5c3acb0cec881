from . import cobranca_regua
from . import cobranca_regua_step
from . import res_company
from . import res_partner
from . import account_move
from . import res_config_settings
