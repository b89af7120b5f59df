"""The concept-importance model shipped with the package (``concept_importance.ConceptModel``).

Written by ``python -m summarizer.tools.concept_fitting``; do not edit by hand: refit instead.
One number per feature of ``concept_importance.FEATURES``.
"""

# Fitted with penalty=1 on 103 clusters:
#   duc2006.jsonl sha256 73a2f0bb825bf913
#   duc2007_main.jsonl sha256 f9d81cfd086fb5d4
#   duc2007_update_abc.jsonl sha256 c07b8d5a9427559c
#
# 103 clusters, 61084 concepts, 0.133 in half the references or more
# AUC (5-fold by topic): learned 0.804; article count 0.735
# correlation with the label share: learned 0.556; article count 0.460

WEIGHTS = (
    -0.183428,  # log_articles
    0.15199,  # article_share
    0.0726847,  # unigram
    0.802152,  # log_sentences
    0.0500804,  # max_position
    0.190543,  # mean_position
    -0.0550952,  # max_target
    0.365049,  # mean_target
    0.0381931,  # max_support
    0.0808697,  # number
    0.125635,  # in_title
)
BIAS = -2.21918
MEAN = (
    1.45485,  # log_articles
    0.240515,  # article_share
    0.7694,  # unigram
    1.90477,  # log_sentences
    0.632192,  # max_position
    0.370262,  # mean_position
    0.613327,  # max_target
    0.481041,  # mean_target
    0.525168,  # max_support
    0.0416967,  # number
    0.0840646,  # in_title
)
SCALE = (
    0.532537,  # log_articles
    0.156314,  # article_share
    0.421217,  # unigram
    0.646456,  # log_sentences
    0.271454,  # max_position
    0.137197,  # mean_position
    0.109055,  # max_target
    0.106257,  # mean_target
    0.0970112,  # max_support
    0.199895,  # number
    0.277485,  # in_title
)
