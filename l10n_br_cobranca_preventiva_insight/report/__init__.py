from . import cobranca_aging_report
from . import cobranca_insight_cache
from . import cobranca_kpi_report
from . import cobranca_effect_report
from . import cobranca_forecast_report
