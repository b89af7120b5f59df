"""The dispute model shipped with the package.

Written by ``python -m summarizer.tools.disputes fit``.
Do not edit by hand: refit instead. One number per feature of ``disputes.DISPUTE_FEATURES``.
"""

# Threshold 0.88. Cross-validated by event (44 folds):
# disputes-duc (407 pairs, 82 disputes, 288 scored): 10 flags, 9 right: P 0.90 R 0.11 F1 0.20
# Fitted on every pair of disputes-duc, applied to other events:
# disputes-duc-test (113 pairs, 6 disputes, 87 scored): 0 flags, 0 right: P 0.00 R 0.00 F1 0.00
# corroboration-duc (330 pairs, 9 disputes, 31 scored): 0 flags, 0 right: P 0.00 R 0.00 F1 0.00
# Applied to new pairs of one news cycle (most of their events are among those fitted on):
# corroboration-duc-test (323 pairs, 8 disputes, 21 scored): 1 flags, 0 right: P 0.00 R 0.00 F1 0.00
#   at 0.3: 93 flags, 52 right: P 0.56 R 0.63 F1 0.59
#   at 0.5: 49 flags, 32 right: P 0.65 R 0.39 F1 0.49
#   at 0.7: 25 flags, 17 right: P 0.68 R 0.21 F1 0.32
#   at 0.9: 8 flags, 7 right: P 0.88 R 0.09 F1 0.16

WEIGHTS = (
    1.13892,  # cosine
    0.329365,  # least_coverage
    -0.250974,  # most_coverage
    0.787176,  # margin
    -0.445923,  # other_day
    -0.405579,  # claim_logit
    0.628607,  # figure_context
    -1.89229,  # figure_ratio
    -0.123304,  # shared_figure
    -0.65048,  # other_year
)
BIAS = -2.54678
MEAN = (
    0.735952,  # cosine
    0.206,  # least_coverage
    0.299876,  # most_coverage
    0.0954489,  # margin
    0.00347222,  # other_day
    -0.88361,  # claim_logit
    0.331574,  # figure_context
    1.26217,  # figure_ratio
    0.111111,  # shared_figure
    0.0416667,  # other_year
)
SCALE = (
    0.0935419,  # cosine
    0.136669,  # least_coverage
    0.175733,  # most_coverage
    0.132164,  # margin
    0.0588232,  # other_day
    1.94073,  # claim_logit
    0.226237,  # figure_context
    1.40385,  # figure_ratio
    0.31427,  # shared_figure
    0.199826,  # other_year
)
THRESHOLD = 0.88
