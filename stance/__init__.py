"""stance: who takes which diplomatic stance toward whom, sentence by sentence.

The pipeline has one module per stage:

* :mod:`stance.sentences` splits raw text into sentences (nltk Punkt);
* :mod:`stance.actors` finds states and organisations, :mod:`stance.roles`
  decides who is source and who is target (word lists in :mod:`stance.lexicon`, the
  learned target scorer's candidates in :mod:`stance.candidates`, the scorer in
  :mod:`stance.scorer`);
* :mod:`stance.model` classifies each sentence's stance (TF-IDF + linear);
* :mod:`stance.profiles` aggregates per-country profiles.

:func:`analyze` (or :class:`Analyzer` for many documents) runs them all.
"""

__version__ = "0.1.0"

from stance.actors import ActorMatcher  # noqa: E402
from stance.model import LABELS, StanceModel  # noqa: E402
from stance.persistence import ModelFormatError, load_model  # noqa: E402
from stance.pipeline import Analyzer, Document, analyze, profile_corpus  # noqa: E402
from stance.profiles import Profiles, profile  # noqa: E402
from stance.results import DocumentResult, Mention, SentenceResult, Span  # noqa: E402
from stance.sentences import split_sentences  # noqa: E402

__all__ = [
    "LABELS",
    "ActorMatcher",
    "Analyzer",
    "Document",
    "DocumentResult",
    "Mention",
    "ModelFormatError",
    "Profiles",
    "SentenceResult",
    "Span",
    "StanceModel",
    "analyze",
    "load_model",
    "profile",
    "profile_corpus",
    "split_sentences",
]
