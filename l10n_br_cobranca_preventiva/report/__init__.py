from . import cobranca_ranking_report
from . import cobranca_formal_notice
