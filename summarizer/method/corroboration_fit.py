"""The corroboration model shipped with the package.

Written by ``python -m summarizer.tools.corroboration fit``.
Do not edit by hand: refit instead. One number per feature of ``corroboration.FEATURES``.
"""

# Leave-one-event-out cross-validation, threshold 0.95:
# example (279 pairs): also_in P 1.00 R 0.20 F1 0.33
# duc (330 pairs): also_in P 0.85 R 0.54 F1 0.66

WEIGHTS = (
    1.36649,  # cosine
    -0.525629,  # above_background
    0.261821,  # margin
    0.332931,  # reverse_margin
    1.78545,  # claim_coverage
    0.807822,  # reverse_coverage
    -0.897887,  # bigram_coverage
    -0.241651,  # name_coverage
    -0.155167,  # shared_figure
    -0.831209,  # word_overlap
    -0.253349,  # numbers_disagree
    0.0805772,  # same_claim_rule
    -0.197038,  # negation_mismatch
    -0.29788,  # other_day
    -0.220035,  # length_ratio
)
BIAS = -1.34722
MEAN = (
    0.666628,  # cosine
    0.330132,  # above_background
    0.0663855,  # margin
    0.056852,  # reverse_margin
    0.201406,  # claim_coverage
    0.211213,  # reverse_coverage
    0.0924466,  # bigram_coverage
    0.464274,  # name_coverage
    0.0623974,  # shared_figure
    0.322553,  # word_overlap
    0.187192,  # numbers_disagree
    0.106732,  # same_claim_rule
    0.047619,  # negation_mismatch
    0.0558292,  # other_day
    -0.0262985,  # length_ratio
)
SCALE = (
    0.104533,  # cosine
    0.145714,  # above_background
    0.143398,  # margin
    0.150358,  # reverse_margin
    0.198509,  # claim_coverage
    0.207086,  # reverse_coverage
    0.170667,  # bigram_coverage
    0.315609,  # name_coverage
    0.241876,  # shared_figure
    0.213846,  # word_overlap
    0.390066,  # numbers_disagree
    0.308773,  # same_claim_rule
    0.212959,  # negation_mismatch
    0.229592,  # other_day
    0.451024,  # length_ratio
)
THRESHOLD = 0.95
