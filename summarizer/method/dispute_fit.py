"""The dispute model shipped with the package.

Written by ``python -m summarizer.tools.disputes fit``.
Do not edit by hand: refit instead. One number per feature of ``disputes.DISPUTE_FEATURES``.
"""

# Threshold 0.75. Cross-validated by event (44 folds):
# disputes-duc (247 pairs, 40 disputes, 140 scored): 14 flags, 13 right: P 0.93 R 0.33 F1 0.48
# Fitted on every pair of disputes-duc, applied to other events:
# disputes-duc-test (113 pairs, 6 disputes, 88 scored): 0 flags, 0 right: P 0.00 R 0.00 F1 0.00
# corroboration-duc (330 pairs, 9 disputes, 34 scored): 3 flags, 2 right: P 0.67 R 0.22 F1 0.33
#   at 0.3: 43 flags, 27 right: P 0.63 R 0.68 F1 0.65
#   at 0.5: 32 flags, 23 right: P 0.72 R 0.57 F1 0.64
#   at 0.7: 21 flags, 17 right: P 0.81 R 0.42 F1 0.56
#   at 0.9: 8 flags, 7 right: P 0.88 R 0.17 F1 0.29

WEIGHTS = (
    1.15324,  # cosine
    -0.300121,  # least_coverage
    -0.0650178,  # most_coverage
    1.07239,  # margin
    -0.583564,  # other_day
    0.576961,  # negation_mismatch
    0.688197,  # claim_logit
    0.679298,  # figure_context
    -1.60074,  # figure_ratio
    -0.0775291,  # shared_figure
    -0.666401,  # other_year
)
BIAS = -3.32978
MEAN = (
    0.701149,  # cosine
    0.175504,  # least_coverage
    0.257714,  # most_coverage
    0.0723742,  # margin
    0.00714286,  # other_day
    0.0928571,  # negation_mismatch
    -1.56071,  # claim_logit
    0.31983,  # figure_context
    1.31547,  # figure_ratio
    0.0928571,  # shared_figure
    0.0714286,  # other_year
)
SCALE = (
    0.106737,  # cosine
    0.12092,  # least_coverage
    0.158899,  # most_coverage
    0.134963,  # margin
    0.084213,  # other_day
    0.290232,  # negation_mismatch
    2.00572,  # claim_logit
    0.211428,  # figure_context
    1.45693,  # figure_ratio
    0.290232,  # shared_figure
    0.257539,  # other_year
)
THRESHOLD = 0.75
