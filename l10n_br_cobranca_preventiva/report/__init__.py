from . import cobranca_ranking_report
