from . import cobranca_consent_wizard
