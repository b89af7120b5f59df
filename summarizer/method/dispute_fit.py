"""The dispute model shipped with the package.

Written by ``python -m summarizer.tools.disputes fit``.
Do not edit by hand: refit instead. One number per feature of ``disputes.DISPUTE_FEATURES``.
"""

# Threshold 0.88. Cross-validated by event (44 folds):
# disputes-duc (407 pairs, 82 disputes, 292 scored): 10 flags, 9 right: P 0.90 R 0.11 F1 0.20
# Fitted on every pair of disputes-duc, applied to other events:
# disputes-duc-test (113 pairs, 6 disputes, 87 scored): 0 flags, 0 right: P 0.00 R 0.00 F1 0.00
# corroboration-duc (330 pairs, 9 disputes, 31 scored): 0 flags, 0 right: P 0.00 R 0.00 F1 0.00
# Applied to new pairs of one news cycle (most of their events are among those fitted on):
# corroboration-duc-test (323 pairs, 8 disputes, 21 scored): 1 flags, 0 right: P 0.00 R 0.00 F1 0.00
#   at 0.3: 95 flags, 52 right: P 0.55 R 0.63 F1 0.59
#   at 0.5: 53 flags, 33 right: P 0.62 R 0.40 F1 0.49
#   at 0.7: 25 flags, 17 right: P 0.68 R 0.21 F1 0.32
#   at 0.9: 7 flags, 6 right: P 0.86 R 0.07 F1 0.13

WEIGHTS = (
    1.07464,  # cosine
    0.302101,  # least_coverage
    -0.268205,  # most_coverage
    0.741253,  # margin
    -0.433906,  # other_day
    -0.319862,  # claim_logit
    0.619863,  # figure_context
    -1.90705,  # figure_ratio
    -0.11854,  # shared_figure
    -0.649607,  # other_year
)
BIAS = -2.52249
MEAN = (
    0.735922,  # cosine
    0.205116,  # least_coverage
    0.298493,  # most_coverage
    0.0948449,  # margin
    0.00342466,  # other_day
    -0.961768,  # claim_logit
    0.330057,  # figure_context
    1.25231,  # figure_ratio
    0.109589,  # shared_figure
    0.0410959,  # other_year
)
SCALE = (
    0.0930665,  # cosine
    0.136153,  # least_coverage
    0.175079,  # most_coverage
    0.131598,  # margin
    0.0584203,  # other_day
    1.85338,  # claim_logit
    0.225149,  # figure_context
    1.39793,  # figure_ratio
    0.312377,  # shared_figure
    0.198512,  # other_year
)
THRESHOLD = 0.88
