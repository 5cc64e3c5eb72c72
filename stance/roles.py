"""Decide which actors hold a stance (source) and which receive it (target).

Rules, applied to each sentence with the mentions found by :class:`~stance.actors.ActorMatcher`:

* an explicit source wins: "according to X", "..., X said", a passive "condemned by X",
  or an actor (or "X and Y") that opens the sentence as its subject;
* a sentence opened by a pronoun or a bare title ("He said", "The minister said") takes
  the most recent named source of the document;
* in a speech, first person is the speaker, and when no other explicit source appears the
  source is the speaker;
* joint action ("X and Y agreed/signed/met", "talks between X and Y") puts every party in
  both source and target;
* every other actor mentioned becomes a target (the speaker's own name is not a target);
  a sentence that names nobody but points back ("those two countries", "both sides") takes
  the actors of the previous sentence; congratulating "you, Sir" targets the UN.

People introduced with a title ("NATO Secretary General Mark Rutte", "Foreign Minister
Wang Yi of China") are linked to that actor for the rest of the document, so that a later
"Rutte said" resolves to ``NATO``.

The word lists and regular expressions live in :mod:`stance.lexicon`. The learned target
scorer that chooses among the candidate targets lives in :mod:`stance.scorer`, the
candidates and their features in :mod:`stance.candidates`: :func:`prepare_roles` collects
the candidates and :meth:`PendingRoles.finish` asks the scorer, with the sentence's
predicted stance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from stance.actors import ActorMatcher, Hit, default_matcher
from stance.candidates import _candidates, cue_classes
from stance.lexicon import (
    _ACCORDING,
    _AGGRESSION,
    _BACKREF,
    _BETWEEN,
    _BETWEEN_NAME,
    _BY,
    _DATELINE,
    _DOC_AFTER,
    _ENDS,
    _JOINT,
    _MEET,
    _NON_NAME,
    _NOT_SUBJECT,
    _OPENER,
    _PASSIVE,
    _PASSIVE_BY,
    _PERSON,
    _PLACE_PREP,
    _PREP_BEFORE,
    _PRONOUN,
    _QUOTE_SAID,
    _SAID_AFTER,
    _SAID_BEFORE,
    _STANCE_VERB,
    _TITLE_OF,
    _TITLED,
    _VICTIM_NOUN,
    _VICTIM_PREP,
    _W_BACKREF,
    _W_JOINT,
    _W_POINTER,
    _W_REPORT,
    _WITH,
    _thanks,
)
from stance.scorer import _FORCE, _Scorer, load_scorer, stance_features  # noqa: F401

__all__ = ["PendingRoles", "cue_classes", "load_scorer", "prepare_roles", "prepare_sentences",
           "resolve_roles", "stance_features"]

_SCORER: list[_Scorer | None] = []


def _matcher(matcher: ActorMatcher | None) -> ActorMatcher:
    return matcher if matcher is not None else default_matcher()


class _DocState:
    """What a document has established so far: linked people, the last named source and
    the previous sentence's mentions."""

    __slots__ = ("people", "last", "prev", "feats", "words")

    def __init__(self) -> None:
        self.people: dict[str, tuple[str, ...]] = {}
        self.last: tuple[str, ...] = ()
        self.prev: list[Hit] = []
        self.feats: dict[tuple[int, int], tuple[str, ...]] = {}
        self.words: set[str] = set()

    def link_people(self, text: str, hits: list[Hit]) -> None:
        """Remember "<actor title> First Last" and "Title First Last of <actor>"."""
        for m in hits:
            if m.kind == "title":
                p = _PERSON.match(text, m.end)
                if p:
                    self._add(p.group(1), m.codes)
            elif text.endswith((" of ", " of the "), 0, m.start):
                t = _TITLE_OF.search(text, max(0, m.start - 80), m.start)
                if t:
                    self._add(t.group(1).strip(), m.codes)

    def _add(self, name: str, codes: tuple[str, ...]) -> None:
        words = [w for w in name.split() if w not in _NON_NAME]
        if not words or len(words) > 4:
            return
        self.people[" ".join(words)] = codes
        if len(words) > 1:  # "Rutte" for "Mark Rutte"; "Wang" for "Wang Yi"
            self.people.setdefault(words[-1] if len(words[-1]) > 2 else words[0], codes)

    def find_people(self, text: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` plus mentions of linked people in ``text`` (whole words, no overlap)."""
        extra = []
        for name, codes in self.people.items():
            pos = text.find(name)
            while pos >= 0:
                end = pos + len(name)
                if (not pos or not text[pos - 1].isalnum()) and \
                        (end == len(text) or not text[end].isalnum()) and \
                        not any(h.start < end and pos < h.end for h in hits):
                    extra.append(Hit(codes, pos, end, name, "title"))
                pos = text.find(name, end)
        return sorted(hits + extra, key=lambda h: h.start) if extra else hits


def _subject(text: str, actors: list[Hit]) -> list[Hit]:
    """The actor mentions that open the sentence as its subject ("X and Y ...")."""
    first = actors[0]
    head = text[:first.start]
    if not (_OPENER.match(head) or _TITLED.match(head)) or _NOT_SUBJECT.match(text, first.end):
        return []
    subj = [first]
    for nxt in actors[1:]:
        if not _BETWEEN_NAME.match(text[subj[-1].end:nxt.start]):
            break
        subj.append(nxt)
    return subj


def _explicit_source(text: str, words: set[str], actors: list[Hit], speaker: str | None,
                     fallback: bool = True) -> list[Hit]:
    """Sources named by "according to X", "X said", "by X" or an opening subject."""
    if "ccording to" in text or "iting" in text or "uoting" in text:
        for m in actors:
            if _ACCORDING.search(text, max(0, m.start - 20), m.start):
                return [m]
    reported = not _W_REPORT.isdisjoint(words)
    if reported:
        for m in actors:  # '"...", said X' or '..., said X' late in the sentence
            if _SAID_BEFORE.search(text, max(0, m.start - 30), m.start) and (
                    m.start > len(text) // 2 or _QUOTE_SAID.search(text, 0, m.start)):
                return [m]
    subj = _subject(text, actors)
    if subj and speaker and not _STANCE_VERB.match(text, subj[-1].end):
        subj = []
    if subj and not _PASSIVE.match(text, subj[-1].end) and \
            not _PASSIVE_BY.match(text, subj[-1].end, subj[-1].end + 40):
        return subj
    if " by " in text or " from " in text:
        for m in actors:
            if _BY.search(text, max(0, m.start - 40), m.start) and \
                    _PASSIVE.search(text, max(0, m.start - 80), m.start):
                return [m]
    if reported:
        for m in actors:
            if _SAID_AFTER.match(text, m.end) and m.start < len(text) // 2 + 40:
                return [m]
    if not speaker and fallback:  # news: the first actor not governed by a preposition
        governed = -1
        for m in actors:
            if m.start >= 40:
                break
            if _PREP_BEFORE.search(text, max(0, m.start - 30), m.start) or (
                    governed >= 0 and _BETWEEN_NAME.match(text[governed:m.start])):
                governed = m.end  # "between India and Pakistan": both governed
                continue
            rest = [a._replace(start=a.start - m.start, end=a.end - m.start)
                    for a in actors if a.start >= m.start]
            subj = _subject(text[m.start:], rest)
            return [a._replace(start=a.start + m.start, end=a.end + m.start)
                    for a in subj] or [m]
    return []


def _codes(hits: Iterable[Hit]) -> set[str]:
    return {c for m in hits for c in m.codes}


def _roles(text: str, context: str, prev: list[Hit], speaker: str | None,
           matcher: ActorMatcher, state: _DocState, scored: bool = False) -> PendingRoles:
    """Roles of one sentence by the rules; ``prev`` are the mentions of ``context``. With
    ``scored``, also the candidate targets and their features for the learned scorer."""
    actors = matcher.scan(text)
    if state.people:
        actors = state.find_people(text, actors)
    if actors:
        state.link_people(text, actors)
    if context and (context[-1:].isalnum() or context.endswith("-")):
        actors = _across(context, text, matcher) + actors  # a name broken over two lines
    state.prev = actors
    words = set(text.split())
    prev_words, state.words = state.words, words
    pronoun = not speaker and bool(_PRONOUN.match(text))
    if not speaker and actors and actors[0].start < 50:
        dateline = _DATELINE.match(text)
        if dateline:
            actors = [a for a in actors if a.start >= dateline.end()]
    if actors:
        fp = matcher.first_person(text) if speaker else None
        explicit = _explicit_source(text, words, actors, speaker, not pronoun)
        if explicit and fp and fp[0] < explicit[0].start:
            explicit = []  # "We welcome Japan's decision": the speaker speaks
    else:
        fp, explicit = None, []
    source = {c for m in explicit for c in m.codes}
    if explicit:
        state.last = tuple(sorted(source))
    elif pronoun:
        source = set(state.last)
    if speaker and not source:
        source = {speaker}
    target: set[str] = set()
    partners: set[str] = set()
    pointed = False
    if actors:
        target = {c for m in actors for c in m.codes} - source
        if len(target) > 1:  # victims and places give way to the actor the stance is aimed at
            strong = {c for a in actors if not _weak(text, a) for c in a.codes} - source
            if strong:
                target = strong
        target.discard(speaker)
        partners = _joint_partners(text, words, actors, explicit, fp, speaker)
        if partners:
            parties = source | partners
            if len(parties) > 1:
                source, target, partners = parties, parties | target, parties
            else:
                partners = set()
    if not partners and not target and prev:
        pointed = not _W_BACKREF.isdisjoint(words) and bool(_BACKREF.search(text))
        if pointed or context.rstrip()[-1:] not in _ENDS or not _W_POINTER.isdisjoint(words):
            target = {c for a in prev if pointed or not _weak(context, a) for c in a.codes}
            target -= source
            target.discard(speaker)
    if not partners and speaker and (not target or target == {"UN"}) and _thanks(text, words):
        target.add("UN")  # thanks and congratulations to the President or Secretary-General
    cands = None
    if scored:
        seen, state.feats = state.feats, {}
        cands = _candidates(text, context, words, prev_words, actors, prev, speaker, source,
                            target, partners, explicit, fp, matcher, seen, state.feats)
    else:  # the next sentence's context is this one, whose mentions were not analysed
        state.feats = {}
    return PendingRoles(sorted(source), sorted(target), cands or None)


def _weak(text: str, m: Hit) -> bool:
    """A mention that names a place, a victim or a document rather than an addressee:
    "in X", "against X", "the occupation of X" (but not "aggression by X"), "UN resolutions"."""
    if m.codes == ("UN",) and _DOC_AFTER.match(text, m.end):
        return True
    words = text[max(0, m.start - 45):m.start].split()[-4:]
    if words and words[-1] in ("the", "The"):
        words.pop()
    if not words:
        return False
    last = words[-1]
    if last in ("by", "from") and len(words) > 1 and (
            words[-2] in _AGGRESSION or (len(words) > 2 and words[-3] in _AGGRESSION)):
        return False
    if last in _PLACE_PREP:
        return True
    return last in _VICTIM_PREP and len(words) > 1 and words[-2] in _VICTIM_NOUN


def _across(context: str, text: str, matcher: ActorMatcher) -> list[Hit]:
    """Mentions that start at the end of ``context`` and finish in ``text``."""
    tail = context[-40:]
    cut = len(tail)
    gap = 0 if tail.endswith("-") else 1  # "Secretary-" + "General": no space between
    return [Hit(m.codes, 0, max(0, m.end - cut - gap), text[:max(0, m.end - cut - gap)], m.kind)
            for m in matcher.scan(tail + " " * gap + text[:60]) if m.start < cut < m.end]


def _joint_partners(text: str, words: set[str], actors: list[Hit], explicit: list[Hit],
                    fp: tuple[int, int] | None, speaker: str | None) -> set[str]:
    """Parties acting together: "X and Y agreed", "we signed with X", "talks between X and Y"."""
    out: set[str] = set()
    anchor = explicit[-1].end if explicit else fp[1] if fp else -1
    if len(explicit) < 2 and not (anchor >= 0 and actors[-1].start > anchor) and \
            (speaker or len(actors) < 2):
        return out
    if _W_JOINT.isdisjoint(words):
        return out
    if len(explicit) > 1:
        out |= _codes(explicit)
    if explicit:
        after = [m for m in actors if m.start >= anchor]
        if after and after[0].start - anchor < 70 and _MEET.search(text, anchor, after[0].start):
            out |= _codes(explicit) | set(after[0].codes)
    if anchor >= 0:
        for m in actors:
            if m.start > anchor and _WITH.search(text, max(0, m.start - 30), m.start) \
                    and _JOINT.search(text, anchor, m.start):
                out |= set(m.codes)
    elif not speaker:
        for m in actors:
            if _BETWEEN.search(text, max(0, m.start - 20), m.start):
                out |= set(m.codes)
                for nxt in actors:
                    if nxt.start > m.end and _BETWEEN_NAME.match(text[m.end:nxt.start]):
                        out |= set(nxt.codes)
    return out


def _default_scorer() -> _Scorer | None:
    if not _SCORER:
        _SCORER.append(load_scorer())
    return _SCORER[0]


def resolve_roles(texts: Sequence[str], *, speaker: str | None = None,
                  contexts: Sequence[str] | None = None,
                  matcher: ActorMatcher | None = None,
                  learned: bool | Sequence[bool] = True,
                  stances: Sequence[str | None] | None = None
                  ) -> list[tuple[list[str], list[str]]]:
    """Source and target actor codes for each sentence.

    Parameters
    ----------
    texts : sequence of str
        One document's sentences in order, or independent sentences when ``contexts`` is
        given.
    speaker : str, optional
        ISO3 code of the speaking state (speeches); empty or ``None`` for news.
    contexts : sequence of str, optional
        The sentence before each text. When given, sentences are resolved independently,
        each with its context as the only history.
    matcher : ActorMatcher, optional
        Defaults to a shared :class:`~stance.actors.ActorMatcher`.
    learned : bool or sequence of bool, default True
        Choose targets with the learned scorer of ``stance/data/roles.json`` (a logistic
        keep/drop decision per candidate actor); ``False``, or a missing file, uses the
        rules alone. A sequence decides per sentence (the pipeline uses the scorer only
        on stance-bearing sentences, where targets are reported). Sources always come
        from the rules.
    stances : sequence of str or None, optional
        The predicted stance label of each text (as the stance model outputs it, e.g.
        ``"condemnatory"``), one per text. The learned scorer then uses its weights
        trained with the predicted stance among the candidate features (condemnations
        name victims and places, not always the condemned party). ``None`` (for all or for
        one sentence), or a label the scorer was not trained with, gives the scorer
        without stance features: exactly the results of a call without ``stances``.
        Rule-based targets and sources never depend on the stance.

    Returns
    -------
    list of (list of str, list of str)
        Sorted, unique source and target codes per sentence. Stance is not considered:
        a neutral sentence gets roles too, and the caller decides what to show.

    Raises
    ------
    ValueError
        When ``contexts``, a sequence ``learned`` or ``stances`` do not have one entry per
        text, or ``stances`` is a single string.

    Examples
    --------
    >>> resolve_roles(["Japan condemned the missile test by North Korea."])
    [(['JPN'], ['PRK'])]
    >>> resolve_roles(["We condemn the attack on Kabul."], speaker="FRA",
    ...               stances=["condemnatory"])[0][0]
    ['FRA']
    """
    if isinstance(learned, bool):
        mask: Sequence[bool] | None = None
        scorer = _default_scorer() if learned else None
    else:
        mask, scorer = learned, _default_scorer()
    return _resolve(texts, speaker, contexts, _matcher(matcher), scorer, mask, stances)


class PendingRoles(NamedTuple):
    """One sentence's roles before the learned target choice (see :func:`prepare_roles`).

    Attributes
    ----------
    source : list of str
        Sorted source codes (by the rules; final).
    target : list of str
        Sorted target codes by the rules alone.
    candidates : dict or None
        Candidate target codes with their features for the learned scorer, or ``None``
        when none were collected.
    """

    source: list[str]
    target: list[str]
    candidates: dict[str, set[str]] | None = None

    def finish(self, stance: str | None = None,
               scorer: _Scorer | None | bool = True) -> tuple[list[str], list[str]]:
        """The final ``(source, target)``: the learned scorer's choice among the candidates
        (with the predicted ``stance``), or the rules' targets without candidates or with
        ``scorer=False``. ``scorer=True`` means the packaged scorer."""
        if scorer is True:
            scorer = _default_scorer()
        if not scorer or not self.candidates:
            return self.source, self.target
        return self.source, sorted(scorer.select(self.candidates, stance))


def prepare_roles(texts: Sequence[str], *, speaker: str | None = None,
                  contexts: Sequence[str] | None = None,
                  matcher: ActorMatcher | None = None,
                  learned: bool | Sequence[bool] = True) -> list[PendingRoles]:
    """Sources, rule targets and candidate targets, before the stance is known.

    The first half of :func:`resolve_roles`, for a pipeline that feeds the rules' roles to
    the stance model and then lets the learned scorer choose targets with the predicted
    stance: ``[p.finish(stance) for p, stance in zip(prepare_roles(texts), stances)]``
    equals ``resolve_roles(texts, stances=stances)``. Parameters as in
    :func:`resolve_roles`; ``learned`` says for which sentences candidates are collected.

    Returns
    -------
    list of PendingRoles

    Examples
    --------
    >>> p, = prepare_roles(["We welcome the talks between Seoul and Pyongyang."], speaker="FRA")
    >>> p.source, p.target, p.finish("cooperative")
    (['FRA'], ['KOR', 'PRK'], (['FRA'], ['KOR', 'PRK']))
    """
    if isinstance(learned, bool):
        return _prepare(texts, speaker, contexts, _matcher(matcher), None, learned)
    return _prepare(texts, speaker, contexts, _matcher(matcher), learned, True)


def prepare_sentences(texts: Sequence[str], *, contexts: Sequence[str],
                      speakers: Sequence[str | None],
                      matcher: ActorMatcher | None = None,
                      learned: bool = True) -> list[PendingRoles]:
    """:func:`prepare_roles` for independent sentences, each with its own context and speaker
    (records of ``stance classify``, rows of a training file).

    Examples
    --------
    >>> [p.source for p in prepare_sentences(["We condemn it.", "Japan condemned it."],
    ...                                      contexts=["", ""], speakers=["FRA", None])]
    [['FRA'], ['JPN']]
    """
    _check_lengths(texts, contexts=contexts, speakers=speakers)
    groups: dict[str, list[int]] = {}
    for i, speaker in enumerate(speakers):
        groups.setdefault(speaker or "", []).append(i)
    out: list[PendingRoles] = [PendingRoles([], [])] * len(texts)
    matcher = _matcher(matcher)
    for speaker, idx in groups.items():  # one call per speaker: each sentence stands alone
        pending = _prepare([texts[i] for i in idx], speaker, [contexts[i] for i in idx],
                           matcher, None, learned)
        for i, p in zip(idx, pending):
            out[i] = p
    return out


def _check_lengths(texts: Sequence[str], **named: Sequence | None) -> None:
    for name, seq in named.items():
        if seq is None:
            continue
        if isinstance(seq, str):
            raise ValueError(f"{name} must be a sequence with one entry per text, "
                             f"not the string {seq!r}")
        if len(seq) != len(texts):
            raise ValueError(f"{name} must have one entry per text "
                             f"(got {len(seq)} for {len(texts)} texts)")


def _prepare(texts: Sequence[str], speaker: str | None, contexts: Sequence[str] | None,
             matcher: ActorMatcher, mask: Sequence[bool] | None, scored: bool
             ) -> list[PendingRoles]:
    _check_lengths(texts, contexts=contexts, learned=mask)
    speaker = speaker or None
    out = []
    state = _DocState()
    for i, text in enumerate(texts):
        if contexts is not None:
            state = _DocState()
            context = contexts[i] or ""
            if context:
                _roles(context, "", [], speaker, matcher, state)
        else:
            context = texts[i - 1] if i else ""
        use = scored and (mask is None or bool(mask[i]))
        out.append(_roles(text, context, state.prev, speaker, matcher, state, use))
    return out


def _resolve(texts: Sequence[str], speaker: str | None, contexts: Sequence[str] | None,
             matcher: ActorMatcher, scorer: _Scorer | None,
             mask: Sequence[bool] | None = None,
             stances: Sequence[str | None] | None = None
             ) -> list[tuple[list[str], list[str]]]:
    """:func:`resolve_roles` with an explicit scorer (the training script passes its own)."""
    _check_lengths(texts, stances=stances)
    pending = _prepare(texts, speaker, contexts, matcher, mask, scorer is not None)
    if stances is None:
        return [p.finish(None, scorer or False) for p in pending]
    return [p.finish(st, scorer or False) for p, st in zip(pending, stances)]
