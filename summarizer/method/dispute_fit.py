"""The dispute model shipped with the package.

Written by ``python -m summarizer.tools.disputes fit``.
Do not edit by hand: refit instead. One number per feature of ``disputes.DISPUTE_FEATURES``.
"""

# Threshold 0.75. Cross-validated by event (44 folds):
# disputes-duc (247 pairs, 40 disputes, 141 scored): 16 flags, 15 right: P 0.94 R 0.38 F1 0.54
# Fitted on every dispute pair, applied to the other events:
# corroboration-duc (330 pairs, 9 disputes, 30 scored): 3 flags, 2 right: P 0.67 R 0.22 F1 0.33
#   at 0.3: 44 flags, 27 right: P 0.61 R 0.68 F1 0.64
#   at 0.5: 30 flags, 21 right: P 0.70 R 0.53 F1 0.60
#   at 0.7: 22 flags, 18 right: P 0.82 R 0.45 F1 0.58
#   at 0.9: 7 flags, 7 right: P 1.00 R 0.17 F1 0.30

WEIGHTS = (
    1.36797,  # cosine
    -0.313919,  # least_coverage
    -0.0854823,  # most_coverage
    1.08964,  # margin
    -0.774704,  # other_day
    0.688256,  # negation_mismatch
    0.807851,  # claim_logit
    0.749237,  # figure_context
    -1.61151,  # figure_ratio
    -0.054069,  # shared_figure
    -0.632107,  # other_year
)
BIAS = -3.70995
MEAN = (
    0.7024,  # cosine
    0.175384,  # least_coverage
    0.257532,  # most_coverage
    0.0722488,  # margin
    0.0141844,  # other_day
    0.0921986,  # negation_mismatch
    -1.55537,  # claim_logit
    0.323096,  # figure_context
    1.33398,  # figure_ratio
    0.0851064,  # shared_figure
    0.070922,  # other_year
)
SCALE = (
    0.106678,  # cosine
    0.120493,  # least_coverage
    0.158337,  # most_coverage
    0.136244,  # margin
    0.118251,  # other_day
    0.289306,  # negation_mismatch
    1.99827,  # claim_logit
    0.21105,  # figure_context
    1.45202,  # figure_ratio
    0.27904,  # shared_figure
    0.256694,  # other_year
)
THRESHOLD = 0.75
