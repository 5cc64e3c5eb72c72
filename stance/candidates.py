"""Candidate targets of a sentence and their binary features, for the learned scorer.

:func:`stance.roles.prepare_roles` runs the rules and, for the sentences the scorer is to
judge, :func:`_candidates`: every actor mentioned in the sentence or its context, the codes
the rules chose, an implicit ``UN`` in speeches, and the speaker or source where a joint
act lists them, each with features of its mention (kind, words and preposition around it,
cue words before it), of the sentence (its cue classes, :func:`cue_classes`) and of its
role. The scorer that keeps or drops each candidate is :mod:`stance.scorer`.
"""

from __future__ import annotations

from stance.actors import ActorMatcher, Hit
from stance.lexicon import (
    _BACKREF,
    _BETWEEN,
    _BETWEEN_NAME,
    _CUE_STEMS,
    _CUT_UNITED,
    _DOC_AFTER,
    _ENDS,
    _NOUN_CLASS,
    _PLACE_PREP,
    _PRE_WORDS,
    _STANCE_VERB,
    _UN_KEYS,
    _UN_WORDS,
    _VICTIM_NOUN,
    _VICTIM_PREP,
    _W_BACKREF,
    _W_CUES,
    _W_HE,
    _W_JOINT,
    _W_POINTER,
    _W_US,
    _WITH,
    _thanks,
)

__all__ = ["cue_classes"]


def _mention(text: str, m: Hit) -> tuple[str, ...]:
    """Features of one mention (its kind, the words around it, cue words before it)."""
    start = m.start
    out = [m.kind]
    before = text[max(0, start - 60):start].split()[-5:]
    for w in before[:-1]:
        cue = _CUE_STEMS.get(w[:5].lower()) or _CUE_STEMS.get(w[:4].lower())
        if cue:
            out.append("cue=" + cue)
    if before and before[-1] in ("the", "The"):
        before.pop()
    if not before:
        out.append("pre=^")
    else:
        last = before[-1].lower()
        out.append("w-1=" + last)
        prior = before[-2].lower() if len(before) > 1 else ""
        if prior:
            out.append("w-2=" + prior)
        if last in _PRE_WORDS:
            out.append("pre=" + last)
            cls = _NOUN_CLASS.get(prior)
            if cls:
                out.append("np=" + cls + ("_by" if last in ("by", "from") else ""))
                if last in _VICTIM_PREP and prior in _VICTIM_NOUN:
                    out.append("weak")
            if last in _PLACE_PREP:
                out.append("weak")
        elif last[-1] in ",;:(":
            out.append("pre=,")
        else:
            out.append("pre=w")
    end = m.end
    if text.startswith(("'s", "’s"), end - 2):
        out.append("poss")
    after = text[end:end + 20].split(None, 1)
    if after:
        out.append("w+1=" + after[0].lower())
        if m.codes == ("UN",) and _DOC_AFTER.match(text, end):
            out.append("weak")
    if start > len(text) // 2:
        out.append("late")
    return tuple(out)

def _cues(words: set[str]) -> list[str]:
    """The cue classes of a sentence's words ("Condemns" -> "s:condemn")."""
    return [name for name, forms in _W_CUES if not forms.isdisjoint(words)]


def cue_classes(text: str) -> list[str]:
    """The stance-cue classes whose words a sentence uses, in a fixed order.

    Classes: ``s:thank`` (thanks, congratulations, praise), ``s:condemn`` (condemn,
    deplore, reject, oppose ...), ``s:accuse`` (accuse, blame, responsible ...),
    ``s:welcome`` (welcome, support, solidarity ...) and ``s:call`` (call, urge, demand ...).

    Examples
    --------
    >>> cue_classes("We strongly condemn the attack and call for restraint.")
    ['s:condemn', 's:call']
    """
    return _cues(set(text.split()))


def _candidates(text: str, context: str, words: set[str], prev_words: set[str],
                actors: list[Hit], prev: list[Hit], speaker: str | None, source: set[str],
                rule: set[str], partners: set[str], explicit: list[Hit],
                fp: tuple[int, int] | None, matcher: ActorMatcher,
                seen: dict[tuple[int, int], tuple[str, ...]],
                kept: dict[tuple[int, int], tuple[str, ...]]) -> dict[str, set[str]]:
    """Candidate target codes of a sentence, each with its binary features (``words`` and
    ``prev_words`` are the word sets of the sentence and its context). ``seen`` holds the
    mention features of ``context`` by offsets, as ``kept`` of the call before; the mention
    features of ``actors`` are put into ``kept`` for the next sentence's context."""
    cands: dict[str, set[str]] = {}
    anchor = explicit[-1].end if explicit else fp[1] if fp else -1
    for i, m in enumerate(actors):
        base = kept[m.start, m.end] = _mention(text, m)
        feats = set(base)
        if m in explicit:
            feats.add("explicit")
        elif anchor >= 0:
            feats.add("after" if m.start >= anchor else "before")
        if _STANCE_VERB.match(text, m.end, m.end + 60):
            feats.add("verb")
        if (i and _BETWEEN_NAME.match(text[actors[i - 1].end:m.start])) or (
                i + 1 < len(actors) and _BETWEEN_NAME.match(text[m.end:actors[i + 1].start])):
            feats.add("list")
        for c in m.codes:
            if c in cands:
                cands[c] |= feats
                cands[c].add("again")
            else:
                cands[c] = set(feats)
    order = [c for c in cands if c not in source]  # first-mention order (dicts keep it)
    own = len(order)
    if own:
        nfeat = "n=1" if own == 1 else "n=2" if own == 2 else "n=3+"
        strong = [c for c in order if "weak" not in cands[c]]
        for rank, c in enumerate(order):
            cands[c].add("rank=" + str(min(rank, 2)))
            if len(strong) == 1 and strong[0] == c:
                cands[c].add("strong1")
        for feats in cands.values():
            feats.add(nfeat)
    if prev:
        frag = "c:frag" if context.rstrip()[-1:] not in _ENDS else "c:end"
        point = not _W_POINTER.isdisjoint(words)
        backref = not _W_BACKREF.isdisjoint(words) and _BACKREF.search(text)
        for m in prev:
            if all(c in cands for c in m.codes):
                for c in m.codes:
                    cands[c].add("inctx")
                continue
            feats = {frag, "c:own" if own else "c:alone"}
            if point:
                feats.add("c:point")
            if backref:
                feats.add("c:backref")
            base = seen.get((m.start, m.end)) or _mention(context, m)
            feats.update(["c:" + f for f in base])
            if m.start > len(context) - 40:
                feats.add("c:tail")
            for c in m.codes:
                if c not in cands or "ctx" in cands[c]:
                    cands.setdefault(c, {"ctx"}).update(feats)
    if speaker:
        un = _UN_KEYS.intersection(words)
        cut = _CUT_UNITED.search(text, len(text) - 12) if "United" in words else None
        unc = _UN_KEYS.intersection(prev_words)
        if un or cut or unc or "UN" in cands or "UN" in rule:
            feats = cands.get("UN")
            if feats is None:
                # "impc": only the context names the Assembly, its President or the
                # Secretary-General ("... Secretary-" | "General and other delegations")
                feats = cands["UN"] = {"imp"} if un or cut or "UN" in rule else {"impc"}
            feats.update("u:" + _UN_WORDS[w] for w in un)
            feats.update("uc:" + _UN_WORDS[w] for w in unc)
            if not _W_HE.isdisjoint(words):  # "he steered ...": the President or SG
                feats.add("u:he")
            if cut:  # "... committed to the United" | "Nations": a line cut in the name
                feats.add("u:cut")
            if _thanks(text, words):
                feats.add("u:thanks")
    for c in rule:
        cands.setdefault(c, {"other"}).add("rule")
    # Joint acts list the source among the targets ("our cooperation with X", "X and Y
    # signed"): the source or speaker learns from joint words, "with/between X" and "us".
    mine = []
    if not _W_JOINT.isdisjoint(words):
        mine.append("s&jw")
        if ("with" in text or "betwe" in text or "among" in text) and any(
                _WITH.search(text, max(0, m.start - 30), m.start) or
                _BETWEEN.search(text, max(0, m.start - 20), m.start) for m in actors):
            mine.append("s&with")
    if not _W_US.isdisjoint(words):
        mine.append("s&us")
    if speaker and fp and mine and speaker not in cands:
        cands[speaker] = {"me"}  # only first person names the speaker
    if not cands:
        return cands
    cues = _cues(words)
    is_org = matcher.gazetteer.is_org
    news = speaker is None
    for c, feats in cands.items():
        feats.update(cues)
        feats.add("c=" + c)  # the actor itself: some are mostly agents, others places
        if c in source:
            feats.add("src")
            feats.update(mine)
        if c in partners:
            feats.add("joint")
        if c == speaker:
            feats.add("spk")
            feats.update(mine)
        if c == "UN":
            feats.add("UN")
        elif is_org(c):
            feats.add("org")
        if news:
            feats.update(["N:" + f for f in feats])
        feats.add("news" if news else "speech")
    return cands

