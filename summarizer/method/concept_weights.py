"""The concept-importance model shipped with the package (``concept_importance.ConceptModel``).

Written by ``python -m summarizer.tools.concept_fitting``; do not edit by hand: refit instead.
One number per feature of ``concept_importance.FEATURES``.
"""

# Fitted with penalty=1 on 103 clusters:
#   duc2006.jsonl sha256 73a2f0bb825bf913
#   duc2007_main.jsonl sha256 f9d81cfd086fb5d4
#   duc2007_update_abc.jsonl sha256 c07b8d5a9427559c
#
# 103 clusters, 84113 concepts, 0.117 in half the references or more
# AUC (5-fold by topic): learned 0.807; article count 0.740
# correlation with the label share: learned 0.545; article count 0.456

WEIGHTS = (
    -0.129868,  # log_articles
    0.139881,  # article_share
    0.110458,  # unigram
    0.724797,  # log_sentences
    0.0569427,  # max_position
    0.186982,  # mean_position
    -0.0812092,  # max_target
    0.373261,  # mean_target
    0.0684604,  # max_support
    0.0769762,  # number
    0.111477,  # in_title
)
BIAS = -2.34971
MEAN = (
    1.41928,  # log_articles
    0.228597,  # article_share
    0.558748,  # unigram
    1.85015,  # log_sentences
    0.619722,  # max_position
    0.368463,  # mean_position
    0.613306,  # max_target
    0.485442,  # mean_target
    0.525258,  # max_support
    0.0336095,  # number
    0.0689786,  # in_title
)
SCALE = (
    0.509055,  # log_articles
    0.146802,  # article_share
    0.496537,  # unigram
    0.610497,  # log_sentences
    0.270371,  # max_position
    0.137381,  # mean_position
    0.107497,  # max_target
    0.105008,  # mean_target
    0.0958883,  # max_support
    0.180222,  # number
    0.253418,  # in_title
)
