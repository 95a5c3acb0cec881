from . import cobranca_consent_wizard
from . import cobranca_approval_wizard
from . import account_payment_register
