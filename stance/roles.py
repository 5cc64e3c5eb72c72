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

The learned target scorer that chooses among the candidate targets lives in
:mod:`stance.scorer`; :func:`prepare_roles` collects the candidates and
:meth:`PendingRoles.finish` asks the scorer, with the sentence's predicted stance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from stance.actors import ActorMatcher, Hit, default_matcher
from stance.scorer import _FORCE, _Scorer, load_scorer, stance_features  # noqa: F401

__all__ = ["PendingRoles", "cue_classes", "load_scorer", "prepare_roles", "prepare_sentences",
           "resolve_roles", "stance_features"]

_SCORER: list[_Scorer | None] = []


def _forms(words: str) -> frozenset[str]:
    """Word forms for a cheap test against ``set(text.split())``: each word, capitalised or
    not, bare or followed by punctuation."""
    out = set()
    for w in words.split():
        for form in (w, w[0].upper() + w[1:]):
            out |= {form + p for p in ("", ",", ".", ";", ":", "?", "!", ")", "’s", "'s")}
    return frozenset(out)


# Set tests on the sentence's words gate the slower regular expressions below.
_W_REPORT = _forms("said says say told tells stated states declared announced added noted "
                   "stressed warned insisted claimed argued explained wrote reported confirmed "
                   "indicated emphasized emphasised underlined asserted acknowledged charged "
                   "alleged")
_W_JOINT = _forms(
    "agree agrees agreed agreeing agreement agreements signed signing sign signs met meet meets "
    "meeting talks treaty treaties accord accords ties relations cooperate cooperates "
    "cooperated cooperating cooperation cooperative co-operate co-operates co-operated "
    "co-operating co-operation co-operative jointly joint together partnership partnerships "
    "bilateral trilateral mutual hosted host hosts hosting summit visit visits visited visiting "
    "exchanged established restored normalize normalized normalise normalised normalization "
    "normalisation reconcile reconciled reconciliation dialogue negotiate negotiated "
    "negotiating negotiation negotiations alliance allied friendship joined join joins")
_W_CONGRATS = _forms(
    "congratulate congratulates congratulated congratulating congratulation congratulations "
    "felicitate felicitations thank thanks thanked thanking gratitude appreciation tribute "
    "grateful commend commends commended commendable praise praised praises you your Sir "
    "Madam election session presidency peacekeeping peace-keeping Mr Mrs Ms Madame")
_W_HIS = _forms("his her")
_W_POINTER = _forms("it its they their them this that those these there he his him she her")
_W_BACKREF = _forms("countries States states nations Governments governments sides parties "
                    "peoples Powers organizations organisations them country Government "
                    "organization Organization State body It They Its Their")

_REPORT = (r"said|says|say|told|tells|stated|states|declared|announced|added|noted|stressed|"
           r"warned|insisted|claimed|argued|explained|wrote|reported|confirmed|indicated|"
           r"emphasized|emphasised|underlined|asserted|acknowledged|charged|alleged")
_STANCE_VERB = re.compile(
    r"(?:['’]s\s+\w+)?\s*(?:,[^,]{0,80},\s*)?(?:(?:\w+ly|has|have|had|also|again|already|recently|"
    r"strongly|firmly|publicly|repeatedly|officially|once again|then|now|will|would|did|does|"
    r"do|is|are|was|were|not|never|today|yesterday|unanimously|consistently|always|fully|"
    r"warmly|vigorously|categorically|resolutely|vehemently|bitterly|sharply|severely|"
    r"duly|clearly)\s+){0,3}"
    r"(?:condemn|denounc|deplor|criticiz|criticis|reject|accus|blam|welcom|prais|endors|hail|"
    r"applaud|commend|thank|congratulat|agree|sign|said|says|stat|declar|announc|express|"
    r"voic|warn|urg|call|demand|protest|oppos|refus|vow|pledg|promis|decid|adopt|approv|"
    r"veto|threaten|alleg|claim|insist|reaffirm|reiterat|recogni|affirm|appeal|request|"
    r"propos|join|host|visit|invit|sanction|suspend|impos|lift|expel|accus|charg|support|"
    r"back|recall|cut|sever|slam|blast|dismiss|deni|deny|object|regret|stress|emphasi|"
    r"underlin|insist|note|told|tell|wrote|ask|express|adopted|establish|restor|resum)\w*\b")
_ACCORDING = re.compile(r"\b(?:[Aa]ccording to|[Cc]iting|[Qq]uoting)\s+(?:the\s+)?\Z")
_PASSIVE_BY = re.compile(
    r"\s+(?:is|are|was|were|has been|have been)\s+(?:\w+\s+){0,2}(?:by|from)\b")
_SAID_AFTER = re.compile(rf"^[^.;:]{{0,60}}?\b(?:{_REPORT})\b")
_QUOTE_SAID = re.compile(rf"[\"”’'],?\s+(?:{_REPORT})\s+(?:the\s+)?\S*\s*\Z")
_SAID_BEFORE = re.compile(rf",\s+(?:{_REPORT})\s+(?:the\s+)?\Z")
_BY = re.compile(r"\b(?:by|from)\s+(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,3}\Z")
_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|been|being|be|has been|have been|had been)\s+(?:\w+ly\s+)?"
    r"(?:\w+ed|\w+en|made|put|brought|sought|taken|given|held|set|led|met|won|told|sent|"
    r"paid|built|shown|seen|signed|proposed|adopted|imposed)\b")
_OPENER = re.compile(
    r"^\s*(?:[\"“'‘(\[]\s*)*(?:\d+\s*[.)]\s*)?(?:(?:However|Moreover|Furthermore|Meanwhile|Indeed|"
    r"Also|Thus|Therefore|Yet|Still|Nevertheless|Today|Now|Then|But|And|So|Similarly|Likewise|"
    r"Finally|Earlier|Later|Last year|This year|Recently|In addition|In turn|At the same time|"
    r"For its part|For their part|On [A-Z]\w+(?: \d+)?|In [A-Z]\w+(?: \d+)?|In \d{4})\s*,?\s+)*"
    r"(?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Bb]oth|[Aa]ll|[Tt]his|[Tt]hat|[Ee]ach|[Ff]ormer|[Nn]ew|[Tt]op|"
    r"[Ss]enior|[Pp]ro-|[Aa]nti-|[Ll]ate|[Ss]tate-run|[Ss]tate|[Nn]ewly|[Ee]lected|[Rr]uling|"
    r"[Tt]wo|[Tt]hree|[Oo]ther|[Pp]resent|[Cc]urrent|[Ii]ncoming|[Oo]utgoing|[Aa]cting)\s+)*\Z")
_PREP_BEFORE = re.compile(
    r"\b(?:in|at|to|from|against|on|with|into|for|of|over|near|across|towards?|about|between|"
    r"among|by|through|within|inside|outside|under|than|In|At|From|To|For|On|With|Against)\s+"
    r"(?:the\s+|(?:northern|southern|eastern|western|central|north|south|east|west)\s+)?\Z")
_DATELINE = re.compile(r"^(?:Reuters\s+)?[A-Z][A-Z .,'’-]{2,40}"
                       r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*"
                       r"(?:\([^)]{0,30}\))?\s*(?:--|—|–|:|-)\s+")
_BETWEEN_NAME = re.compile(
    r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+&\s+|\s*-\s*)(?:the\s+)?\Z")
_TITLED = re.compile(r"^\s*(?:[Tt]he\s+)?(?:[A-Z][\w'’.-]*\s+){1,6}of\s+(?:the\s+)?\Z")
_NOT_SUBJECT = re.compile(r"^\s*(?:of|in|on|at|to|for|from|with|by|against|about|over|into)\b")
_PRONOUN = re.compile(
    r"^\s*(?:(?:However|Meanwhile|Moreover|But|And|Later|Earlier|Also),?\s+)?"
    r"(?:He|She|They|It|His|Her|Their|Its|The (?:minister|president|prime minister|premier|"
    r"spokesman|spokeswoman|spokesperson|ministry|government|official|officials|leader|"
    r"chancellor|king|envoy|ambassador|secretary|foreign minister|delegation|statement|"
    r"country|embassy|army|military|authorities|Minister|President|Prime Minister|"
    r"Ministry|Government|Foreign Minister|Chancellor|Secretary-General|Secretary General)"
    r"(?:'s)?)\b")
_JOINT = re.compile(
    r"\b(?:[Aa]gree[ds]?|[Aa]greement|signed|signing|sign|met|meets?|meeting|[Tt]alks|treaty|accord|"
    r"ties|relations|cooperat\w*|co-operat\w*|jointly|joint|together|partnership|bilateral|"
    r"trilateral|mutual|hosted|hosts?|summit|visit\w*|exchanged|established|restored|"
    r"normali[sz]\w*|reconcil\w*|dialogue|negotiat\w*|alliance|allied|friendship)\b")
_MEET = re.compile(r"\b(?:met|meets|meet|meeting|hosted|hosts|host|hosting|joined|joins|"
                   r"visited|visits|visit|called|phoned|spoke with|talked with|held talks with)\b")
_PLACE_PREP = frozenset(["in", "In", "against", "from", "into"])
_VICTIM_PREP = frozenset(["of", "in", "against", "on", "from"])
_VICTIM_NOUN = frozenset(
    "occupation invasion aggression annexation attack attacks intervention bombing bombardment "
    "presence troops forces withdrawal independence question situation problem people peoples "
    "territory territories sovereignty integrity partition".split())
_AGGRESSION = frozenset(
    "aggression attack attacks threat threats interference pressure hostility bombardment "
    "invasion occupation intervention incursion incursions raid raids subversion "
    "blackmail".split())
_DOC_AFTER = re.compile(r"\s+(?:resolutions?|Charter)\b")
_ENDS = ".?!:;\"”’)"
_POINTER = re.compile(r"\b(?:it|its|It|Its|they|their|them|They|Their|this|This|that|That|those|"
                      r"these|there|he|his|him|He|His|she|her|She|Her)\b")
_BETWEEN = re.compile(r"\b(?:between|among|amongst)\s+(?:the\s+)?\Z")
_WITH = re.compile(r"\b(?:with|alongside)\s+(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,2}\Z")
_BACKREF = re.compile(
    r"\b(?:those|these|the|both)\s+(?:two\s+|three\s+|brotherly\s+|sister\s+|neighbouring\s+|"
    r"neighboring\s+)?(?:countries|States|states|nations|Governments|governments|sides|"
    r"parties|peoples|Powers|organizations|organisations)\b|\b(?:both|either) of them\b|"
    r"\b(?:that|this) (?:country|Government|organization|Organization|State|body)\b|"
    r"^\s*(?:It|They|Its|Their)\b")
_HIS_NOUN = re.compile(
    r"(?:his|her|His|Her)\s+(?:efforts|leadership|guidance|report|election|wisdom|skill|"
    r"dedication|tireless|able|initiative|work|commitment|predecessor|stewardship)\b")
_PERSON = re.compile(r"\s+((?:[A-Z][a-zà-ÿ'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-zà-ÿ'’-]+|bin|al-|"
                     r"de|van|von|der|da|[A-Z]\.))*)")
_TITLE_OF = re.compile(
    r"(?:President|Minister|Secretary|Chancellor|King|Ambassador|Spokesman|Spokeswoman|Emir|"
    r"General|Envoy)\s+((?:[A-Z][\w'’-]+\s+){1,3})of\s+(?:the\s+)?\Z")
_NON_NAME = {"The", "This", "That", "On", "In", "At", "For", "And", "But", "Mr", "Mrs", "Ms",
             "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


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
        cands = _candidates(text, context, words, prev_words, actors, prev, speaker, source,
                            target, partners, explicit, fp, matcher, state)
    return PendingRoles(sorted(source), sorted(target), cands or None)


def _thanks(text: str, words: set[str]) -> bool:
    """Thanks, congratulations or direct address ("you, Sir"), as said to the Assembly's
    President or the Secretary-General."""
    if not _W_CONGRATS.isdisjoint(words):
        return True
    return not _W_HIS.isdisjoint(words) and bool(_HIS_NOUN.search(text))


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


_CUE_STEMS = {stem: name for name, stems in (
    ("thank", "thank congr grate grati tribu appre comme prais salut felic"),
    ("condemn", "conde deplo denou rejec prote criti oppos regre"),
    ("accuse", "accus blame charg alleg respo guilt"),
    ("welcome", "welco suppo hail appla endor solid frien"),
    ("call", "call urge urges urged urgin appea deman reque invit ask asks asked askin"),
) for stem in stems.split()}
_PRE_WORDS = frozenset(
    "in of to by with against from on for between among and at into towards toward over "
    "through about than like under within including both or , upon".split())
_NOUN_CLASS = {w: cls for cls, ws in (
    ("aggr", "occupation invasion aggression annexation attack attacks intervention bombing "
             "bombardment incursion incursions raid raids war"),
    ("issue", "question situation problem crisis conflict issue case"),
    ("sov", "independence sovereignty integrity territory territories partition unity "
            "borders"),
    ("people", "people peoples citizens population nationals"),
    ("troops", "presence troops forces withdrawal army military"),
    ("gov", "government regime authorities leaders leadership president"),
    ("rel", "relations cooperation co-operation talks agreement dialogue ties partnership "
            "friendship negotiations"),
    ("support", "support solidarity assistance aid help contribution"),
    ("act", "resolution resolutions decision proposal initiative efforts role report plan "
            "work"),
    ("policy", "policy policies actions activities behaviour behavior practices"),
    ("hostile", "threat threats pressure interference hostility blockade embargo sanctions "
                "violations"),
) for w in ws.split()}
_UN_WORDS = {f: w.lower().replace("-", "") for w in (
    "predecessor President Secretary-General Secretary session Organization Organisation you "
    "your Sir Madam election presidency peacekeeping peace-keeping peacekeepers "
    "peace-keepers resolution resolutions Charter Assembly Council Nations agencies "
    "Mr").split() for f in _forms(w)}
_UN_KEYS = frozenset(_UN_WORDS)
_CUT_UNITED = re.compile(r"\bUnited\s*\Z")


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


_W_US = _forms("us Us our")
_W_HE = _forms("he him his she her")


# The sentence's cue classes, as features of every candidate (a cheap proxy of its stance).
_W_CUES = tuple((f"s:{name}", _forms(words)) for name, words in (
    ("thank", "thank thanks thanked thanking congratulate congratulates congratulated "
              "congratulating congratulations congratulation grateful gratitude tribute "
              "appreciate appreciates appreciated appreciation commend commends commended "
              "commendable praise praises praised salute salutes saluted felicitate "
              "felicitations"),
    ("condemn", "condemn condemns condemned condemning condemnation deplore deplores deplored "
                "denounce denounces denounced denouncing reject rejects rejected rejection "
                "protest protests protested criticize criticizes criticized criticise "
                "criticises criticised criticism oppose opposes opposed opposition regret "
                "regrets regretted regrettable"),
    ("accuse", "accuse accuses accused accusing accusation accusations blame blames blamed "
               "charge charges charged allege alleges alleged allegations responsible "
               "responsibility guilty"),
    ("welcome", "welcome welcomes welcomed welcoming support supports supported supporting "
                "hail hails hailed applaud applauds applauded endorse endorses endorsed "
                "solidarity friendly friendship friends"),
    ("call", "call calls called calling urge urges urged urging appeal appeals appealed demand "
             "demands demanded request requests requested invite invites invited ask asks "
             "asked asking"),
))


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
                state: _DocState) -> dict[str, set[str]]:
    """Candidate target codes of a sentence, each with its binary features (``words`` and
    ``prev_words`` are the word sets of the sentence and its context). The mention
    features of ``actors`` are kept in ``state`` for the next sentence's context."""
    cands: dict[str, set[str]] = {}
    seen, state.feats = state.feats, {}
    anchor = explicit[-1].end if explicit else fp[1] if fp else -1
    for i, m in enumerate(actors):
        base = state.feats[m.start, m.end] = _mention(text, m)
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
