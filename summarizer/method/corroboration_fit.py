"""The corroboration model shipped with the package.

Written by ``python -m summarizer.tools.corroboration fit``.
Do not edit by hand: refit instead. One number per feature of ``corroboration.FEATURES``.
"""

# Leave-one-event-out cross-validation, threshold 0.95:
# example (278 pairs): also_in P 1.00 R 0.19 F1 0.31
# duc (330 pairs): also_in P 0.85 R 0.54 F1 0.66

WEIGHTS = (
    1.23578,  # cosine
    -0.525396,  # above_background
    0.199648,  # margin
    0.34202,  # reverse_margin
    1.82575,  # claim_coverage
    0.682915,  # reverse_coverage
    -0.863279,  # bigram_coverage
    -0.262995,  # name_coverage
    -0.159127,  # shared_figure
    -0.727275,  # word_overlap
    -0.243107,  # numbers_disagree
    0.129651,  # same_claim_rule
    -0.195502,  # negation_mismatch
    -0.300931,  # other_day
    -0.329723,  # length_ratio
)
BIAS = -1.32245
MEAN = (
    0.665604,  # cosine
    0.325892,  # above_background
    0.0643721,  # margin
    0.0551725,  # reverse_margin
    0.198587,  # claim_coverage
    0.209182,  # reverse_coverage
    0.0909936,  # bigram_coverage
    0.460103,  # name_coverage
    0.0625,  # shared_figure
    0.320257,  # word_overlap
    0.1875,  # numbers_disagree
    0.108553,  # same_claim_rule
    0.0509868,  # negation_mismatch
    0.0559211,  # other_day
    -0.0285087,  # length_ratio
)
SCALE = (
    0.104429,  # cosine
    0.14566,  # above_background
    0.14277,  # margin
    0.148337,  # reverse_margin
    0.195567,  # claim_coverage
    0.20427,  # reverse_coverage
    0.166857,  # bigram_coverage
    0.314719,  # name_coverage
    0.242061,  # shared_figure
    0.211565,  # word_overlap
    0.390312,  # numbers_disagree
    0.311077,  # same_claim_rule
    0.219971,  # negation_mismatch
    0.229769,  # other_day
    0.450823,  # length_ratio
)
THRESHOLD = 0.95
