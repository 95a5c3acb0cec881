from . import cobranca_effect_report
