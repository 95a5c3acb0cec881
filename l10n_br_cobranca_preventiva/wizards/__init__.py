from . import cobranca_consent_wizard
from . import cobranca_approval_wizard
