"""The corroboration model shipped with the package.

Written by ``python -m summarizer.tools.corroboration fit``.
Do not edit by hand: refit instead. One number per feature of ``corroboration.FEATURES``.
"""

# Leave-one-event-out cross-validation, threshold 0.95:
# example (278 pairs): also_in P 1.00 R 0.19 F1 0.31
# duc (330 pairs): also_in P 0.85 R 0.54 F1 0.66

WEIGHTS = (
    1.23486,  # cosine
    -0.52427,  # above_background
    0.198313,  # margin
    0.34251,  # reverse_margin
    1.82134,  # claim_coverage
    0.685529,  # reverse_coverage
    -0.862216,  # bigram_coverage
    -0.258082,  # name_coverage
    -0.158321,  # shared_figure
    -0.729509,  # word_overlap
    -0.243855,  # numbers_disagree
    0.129999,  # same_claim_rule
    -0.194862,  # negation_mismatch
    -0.300425,  # other_day
    -0.328258,  # length_ratio
)
BIAS = -1.32189
MEAN = (
    0.665607,  # cosine
    0.325932,  # above_background
    0.064389,  # margin
    0.0551722,  # reverse_margin
    0.198578,  # claim_coverage
    0.209184,  # reverse_coverage
    0.0909936,  # bigram_coverage
    0.459774,  # name_coverage
    0.0625,  # shared_figure
    0.320257,  # word_overlap
    0.1875,  # numbers_disagree
    0.108553,  # same_claim_rule
    0.0509868,  # negation_mismatch
    0.0559211,  # other_day
    -0.0286165,  # length_ratio
)
SCALE = (
    0.10443,  # cosine
    0.145673,  # above_background
    0.142783,  # margin
    0.148312,  # reverse_margin
    0.195564,  # claim_coverage
    0.20427,  # reverse_coverage
    0.166857,  # bigram_coverage
    0.314677,  # name_coverage
    0.242061,  # shared_figure
    0.211565,  # word_overlap
    0.390312,  # numbers_disagree
    0.311077,  # same_claim_rule
    0.219971,  # negation_mismatch
    0.229769,  # other_day
    0.450898,  # length_ratio
)
THRESHOLD = 0.95
