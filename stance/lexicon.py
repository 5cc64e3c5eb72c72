"""The word lists and regular expressions of the role rules (:mod:`stance.roles`) and of
the learned scorer's candidate features (:mod:`stance.candidates`).

``_W_*`` sets hold word forms for a cheap test against ``set(text.split())`` (see
:func:`_forms`); such a test gates the slower regular expressions. :func:`_thanks`, the
test for thanks and congratulations to the Assembly's President or the Secretary-General,
serves both the rules and the candidates.
"""

from __future__ import annotations

import re


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


def _thanks(text: str, words: set[str]) -> bool:
    """Thanks, congratulations or direct address ("you, Sir"), as said to the Assembly's
    President or the Secretary-General."""
    if not _W_CONGRATS.isdisjoint(words):
        return True
    return not _W_HIS.isdisjoint(words) and bool(_HIS_NOUN.search(text))


# The candidates' mention features: cue stems before a mention, the preposition and the
# class of the noun it follows, the words that point to the UN's officers.
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
