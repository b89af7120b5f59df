"""The dispute model shipped with the package.

Written by ``python -m summarizer.tools.disputes fit``.
Do not edit by hand: refit instead. One number per feature of ``disputes.DISPUTE_FEATURES``.
"""

# Threshold 0.76. Cross-validated by event (44 folds):
# disputes-duc (247 pairs, 40 disputes, 137 scored): 13 flags, 12 right: P 0.92 R 0.30 F1 0.45
# Fitted on every pair of disputes-duc, applied to other events:
# disputes-duc-test (113 pairs, 6 disputes, 87 scored): 0 flags, 0 right: P 0.00 R 0.00 F1 0.00
# corroboration-duc (330 pairs, 9 disputes, 31 scored): 1 flags, 1 right: P 1.00 R 0.11 F1 0.20
#   at 0.3: 41 flags, 25 right: P 0.61 R 0.62 F1 0.62
#   at 0.5: 29 flags, 19 right: P 0.66 R 0.47 F1 0.55
#   at 0.7: 18 flags, 14 right: P 0.78 R 0.35 F1 0.48
#   at 0.9: 7 flags, 6 right: P 0.86 R 0.15 F1 0.26

WEIGHTS = (
    1.00497,  # cosine
    -0.0490677,  # least_coverage
    -0.0233309,  # most_coverage
    0.931107,  # margin
    -0.576758,  # other_day
    0.761835,  # claim_logit
    0.467894,  # figure_context
    -1.56441,  # figure_ratio
    -0.108247,  # shared_figure
    -0.657973,  # other_year
)
BIAS = -3.34775
MEAN = (
    0.700572,  # cosine
    0.176954,  # least_coverage
    0.257601,  # most_coverage
    0.0708132,  # margin
    0.00729927,  # other_day
    -1.53831,  # claim_logit
    0.316044,  # figure_context
    1.3287,  # figure_ratio
    0.0948905,  # shared_figure
    0.0729927,  # other_year
)
SCALE = (
    0.107101,  # cosine
    0.122231,  # least_coverage
    0.159418,  # most_coverage
    0.13548,  # margin
    0.0851234,  # other_day
    2.02434,  # claim_logit
    0.212045,  # figure_context
    1.46903,  # figure_ratio
    0.293064,  # shared_figure
    0.260125,  # other_year
)
THRESHOLD = 0.76
