from . import selection
from . import cobranca_channel_sms
from . import cobranca_consent
from . import cobranca_regua_step
from . import cobranca_reminder
from . import account_move
from . import res_company
from . import res_config_settings
