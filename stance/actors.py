"""Find states and organisations in text: a gazetteer and one compiled matcher.

The gazetteer ships as ``stance/data/actors.json``::

    {"format": 1,
     "actors": [{"code": "KOR", "type": "state", "name": "Republic of Korea",
                 "names": ["South Korea", "Korea", "ROK"], "demonyms": ["South Korean"],
                 "capitals": ["Seoul"], "metonyms": ["Blue House"], "titles": []}, ...],
     "groups": [{"names": ["IP4"], "members": ["AUS", "JPN", "KOR", "NZL"]}, ...],
     "people": [{"code": "NATO", "names": ["Mark Rutte"]}, ...],
     "ignore": ["Latin America", "Niger Delta", "the Jordan", ...]}

``type`` is one of ``state``, ``observer``, ``historic``, ``territory``, ``org`` or ``other``.
Every alias list is optional. The list an alias comes from gives the ``kind`` of a
:class:`~stance.results.Mention` (``name``, ``demonym``, ``capital``, ``metonym``, ``title``;
groups give ``group``, people ``title``). ``ignore`` lists phrases that contain an alias but
do not stand for an actor; they are matched like aliases and then dropped, so "Niger Delta"
hides "Niger" by the longest-match rule.

Matching is case-sensitive ("Turkey", not "turkey"); the matcher also accepts ALL-CAPS
forms, a capitalised first letter for aliases written in lower case, accent-free spellings,
either apostrophe, and any run of white space (line breaks) between words.

Ambiguous names, decided once here: bare "Congo" is the Republic of the Congo (``COG``, the
state the UN calls "Congo" and the more frequent meaning in speeches since 1970); "Korea" is
``KOR``; "Macedonia" is ``MKD``; "Washington" is ``USA``; "Georgia" is ``GEO`` unless written
"Atlanta, Georgia" or "Georgia, USA"; "the Jordan", "Jordan River/Valley", "Niger Delta",
"Lake Chad", "Gulf of Guinea", "Latin America", "Indian Ocean" and similar are ignored.
Capitals followed by a document or meeting word ("Paris Agreement", "Lusaka Summit") are
not counted as actors.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from stance.results import Mention

__all__ = ["ActorMatcher", "Gazetteer", "Hit", "default_matcher", "load_gazetteer"]


class Hit(NamedTuple):
    """A light, tuple-based :class:`~stance.results.Mention` used on hot paths."""

    codes: tuple[str, ...]
    start: int
    end: int
    text: str
    kind: str


KINDS = {"names": "name", "demonyms": "demonym", "capitals": "capital",
         "metonyms": "metonym", "titles": "title"}
TYPES = {"state", "observer", "historic", "territory", "org", "other"}
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
_DASHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "‐": "-", "‑": "-", "–": "-"})

# A title right after a name or demonym ("French President", "Russia's foreign ministry").
_TITLE_WORDS = """Foreign Minister|Foreign Ministry|Foreign Secretary|Foreign Office|
Minister for Foreign Affairs|Minister of Foreign Affairs|Ministry of Foreign Affairs|
Vice President|Vice-President|President|Prime Minister|Deputy Prime Minister|Premier|
Defence Minister|Defense Minister|Defence Ministry|Defense Ministry|Interior Minister|
Secretary of State|Secretary-General|Secretary General|Chancellor|King|Emperor|Emir|Amir|
Government|Governments|Cabinet|Parliament|Congress|Senate|delegation|Delegation|
authorities|forces|Forces|Armed Forces|armed forces|troops|army|Army|military|navy|Navy|
Air Force|air force|regime|leader|leaders|leadership|officials|Ministry|Minister|
ambassador|Ambassador|envoy|Envoy|diplomats|embassy|Embassy|spokesman|spokeswoman|
spokesperson|counterpart|Mission|mission|Permanent Representative|representative|
Representative|Commission|Chairman|Chairperson|Council|Summit|summit|side|officers|police|
government|cabinet|parliament|ministry|minister|president|prime minister|foreign minister"""
_TITLE_RE = "|".join(sorted((w.strip() for w in _TITLE_WORDS.split("|")), key=len, reverse=True))
# "the Government of ...": the mention that follows takes kind ``title``.
_PREFIX = re.compile(
    r"(?:Government|President|Prime Minister|Foreign Minister|King|Emir|Amir|Emperor|Sultan|"
    r"Minister (?:for|of) Foreign Affairs|Head of State|Permanent Representative|Ambassador|"
    r"delegation|Delegation|authorities|Authorities|Secretary-General|Secretary General|"
    r"Chairman|Chairperson|leader|leaders|Leader|representative|Representative|"
    r"representatives)\s+of\s+(?:the\s+)?\Z"
)
# A capital used as the name of a meeting or text is a venue, not an actor.
_VENUE = re.compile(
    r"(?:['’]s)?(?:[\s-]+(?:[Pp]eace|[Cc]easefire|[Cc]ease-fire|[Ff]inal|[Ss]ummit|[Pp]lan of))?"
    r"[\s-]+(?:Agreements?|Accords?|Conference|Declaration|Protocol|Summit|Convention|"
    r"Charter|Plan|Programme|Program|Process|process|Statute|Consensus|Principles|Group|Club|"
    r"Treaty|Pact|Document|Round|Commitments?|Framework|Action|Communiqu[eé]|Final|Talks|talks|"
    r"Initiative|Memorandum|Manifesto|Appeal|Guidelines|Platform|Rules|Call|Proclamation|"
    r"Agenda|Consultations|Dialogue|Forum|Meeting|meeting|Peace|Strategy|Compact|Office|"
    r"Document|Appeal|Outcome|Resolution|Mandate|Regulation|Regulations|Amendment|Rounds)\b"
)
_FIRST_PERSON_FORMS = [
    f"{p} {n}" for p in ("my", "My", "our", "Our") for n in
    ("country", "Government", "government", "delegation", "nation", "people", "State")
] + ["MY COUNTRY", "OUR COUNTRY", "we", "We", "WE", "us", "Us", "our", "Our", "OUR", "ours",
     "ourselves", "Ourselves", "I", "me", "my", "My", "MY"]
_WORDISH = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'’-")


def _key(alias: str) -> str:
    """Normalise an alias for lookup: one apostrophe, one hyphen, single spaces."""
    return " ".join(alias.translate(_DASHES).split())


def _fold(text: str) -> str:
    """Strip accents ("Côte d'Ivoire" -> "Cote d'Ivoire")."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if not unicodedata.combining(c))


def _line_of(raw: str, needle: str) -> int:
    """Line number (1-based) of the first occurrence of ``needle`` in ``raw`` (0 if absent)."""
    pos = raw.find(needle)
    return raw.count("\n", 0, pos) + 1 if pos >= 0 else 0


class Gazetteer:
    """Actor codes and the aliases that stand for them.

    Parameters
    ----------
    data : mapping
        A dict in the package format (see the module docstring).
    origin : str
        Where ``data`` came from, for error messages.
    raw : str, optional
        The file text ``data`` was parsed from, used to report line numbers.

    Raises
    ------
    ValueError
        On a malformed entry, an unknown member code or an alias given to two codes.
    """

    def __init__(self, data: Mapping[str, Any], origin: str = "<mapping>", raw: str = ""):
        self.actors: dict[str, dict[str, Any]] = {}
        self.table: dict[str, tuple[str, tuple[str, ...], str]] = {}
        self._origin = origin
        self._add_data(data, origin, raw, base=None)

    # ---------------------------------------------------------------- building
    def _fail(self, origin: str, line: int, msg: str) -> None:
        where = f"{origin}, line {line}" if line else origin
        raise ValueError(f"{where}: {msg}")

    def _add_alias(self, alias: Any, codes: tuple[str, ...], kind: str, origin: str,
                   line: int, seen: dict[str, tuple[str, ...]]) -> None:
        if not isinstance(alias, str) or not alias.strip():
            self._fail(origin, line, f"alias must be a non-empty string, got {alias!r}")
        key = _key(alias)
        if key in seen and seen[key] != codes:
            self._fail(origin, line, f"duplicate alias {alias!r} (already given to "
                       f"{'/'.join(seen[key]) or 'ignore'}, now {'/'.join(codes) or 'ignore'})")
        if key in seen:
            return
        seen[key] = codes
        self.table[key] = (alias, codes, kind)

    def _add_data(self, data: Mapping[str, Any], origin: str, raw: str,
                  base: Gazetteer | None) -> None:
        if not isinstance(data, Mapping):
            self._fail(origin, 0, "expected a JSON object")
        if not {"actors", "groups", "ignore", "people", "aliases"} & set(data):
            data = {"aliases": data}  # a flat {"alias": "CODE"} mapping
        fmt = data.get("format", 1)
        if fmt != 1:
            self._fail(origin, _line_of(raw, '"format"'), f"unsupported format {fmt!r}")
        seen: dict[str, tuple[str, ...]] = {}
        known = set(base.actors) if base else set()
        for i, ent in enumerate(data.get("actors", [])):
            code = ent.get("code") if isinstance(ent, Mapping) else None
            line = _line_of(raw, f'"{code}"') if code else 0
            if not isinstance(code, str) or not _CODE.match(code):
                self._fail(origin, line, f"actors[{i}]: bad or missing code {code!r}")
            new = code not in known and code not in self.actors
            if new and not ent.get("name"):
                self._fail(origin, line, f"unknown code {code!r} (a new actor needs a 'name')")
            typ = ent.get("type", "other" if new else None)
            if typ is not None and typ not in TYPES:
                self._fail(origin, line, f"actor {code}: unknown type {typ!r}")
            meta = self.actors.setdefault(code, {"code": code, "type": typ or "other",
                                                 "name": ent.get("name") or code})
            if typ:
                meta["type"] = typ
            if ent.get("name"):
                meta["name"] = ent["name"]
                self._add_alias(ent["name"], (code,), "name", origin, line, seen)
            for field, kind in KINDS.items():
                values = ent.get(field, [])
                if not isinstance(values, list):
                    self._fail(origin, line, f"actor {code}: {field!r} must be a list")
                for alias in values:
                    self._add_alias(alias, (code,), kind, origin, line, seen)
        known |= set(self.actors)
        for i, grp in enumerate(data.get("groups", [])):
            names = grp.get("names") if isinstance(grp, Mapping) else None
            members = grp.get("members") if isinstance(grp, Mapping) else None
            line = _line_of(raw, json.dumps(names[0], ensure_ascii=False)) if names else 0
            if not isinstance(names, list) or not isinstance(members, list) or not members:
                self._fail(origin, line, f"groups[{i}]: needs 'names' and 'members' lists")
            bad = [m for m in members if m not in known]
            if bad:
                self._fail(origin, line, f"groups[{i}]: unknown code(s) {', '.join(map(str, bad))}")
            for alias in names:
                self._add_alias(alias, tuple(sorted(set(members))), "group", origin, line, seen)
        for i, per in enumerate(data.get("people", [])):
            code = per.get("code") if isinstance(per, Mapping) else None
            line = _line_of(raw, f'"{code}"') if code else 0
            if code not in known:
                self._fail(origin, line, f"people[{i}]: unknown code {code!r}")
            for alias in per.get("names", []):
                self._add_alias(alias, (code,), "title", origin, line, seen)
        for alias in data.get("ignore", []):
            self._add_alias(alias, (), "ignore", origin, _line_of(raw, f'"{alias}"'), seen)
        for alias, codes in data.get("aliases", {}).items():
            line = _line_of(raw, json.dumps(alias, ensure_ascii=False))
            codes = (codes,) if isinstance(codes, str) else codes
            if not isinstance(codes, (list, tuple)) or any(c not in known for c in codes):
                self._fail(origin, line, f"alias {alias!r}: unknown code(s) {codes!r}")
            kind = "name" if len(codes) == 1 else "group"
            self._add_alias(alias, tuple(sorted(set(codes))), kind, origin, line, seen)

    # ------------------------------------------------------------------ public
    @property
    def codes(self) -> frozenset[str]:
        """All actor codes."""
        return frozenset(self.actors)

    def name(self, code: str) -> str:
        """Official name of ``code``."""
        return self.actors[code]["name"]

    def is_org(self, code: str) -> bool:
        """Whether ``code`` is an international organisation (``False`` for unknown codes)."""
        meta = self.actors.get(code)
        return meta is not None and meta["type"] == "org"

    def __len__(self) -> int:
        return len(self.table)

    def __contains__(self, alias: str) -> bool:
        return _key(alias) in self.table

    def lookup(self, alias: str) -> tuple[str, ...] | None:
        """Codes an exact alias stands for (``()`` for ignored phrases, ``None`` if unknown)."""
        hit = self.table.get(_key(alias))
        return hit[1] if hit else None

    def extend(self, source: str | Path | Mapping[str, Any]) -> Gazetteer:
        """Return a new gazetteer with entries added or overridden from ``source``.

        Parameters
        ----------
        source : str, Path or mapping
            A ``.json`` file in the package format (or a flat ``{"alias": "CODE"}`` object),
            a ``.csv`` file with header ``alias,code[,kind]`` (several codes separated by
            ``;``, kind ``ignore`` with an empty code hides a phrase), a PETRARCH/TABARI
            ``.actors`` file (see :func:`parse_actors_file`), or a mapping like the JSON.
            User aliases replace package aliases with the same spelling.

        Returns
        -------
        Gazetteer
            The extended copy; ``self`` is unchanged, and nothing is added on error.

        Raises
        ------
        ValueError
            Naming the file and line of a malformed line, an unknown code or an alias
            given twice in ``source``.
        """
        if isinstance(source, Mapping):
            data, origin, raw = source, "<mapping>", ""
        else:
            path = Path(source)
            origin, raw = str(path), path.read_text(encoding="utf-8")
            suffix = path.suffix.lower()
            if suffix == ".csv":
                data = _parse_csv(raw, origin, self)
            elif suffix in (".actors", ".txt"):
                data = parse_actors_file(raw, origin, self)
            else:
                try:
                    data = json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{origin}, line {exc.lineno}: malformed JSON: "
                                     f"{exc.msg}") from None
        new = Gazetteer.__new__(Gazetteer)
        new.actors = {c: dict(m) for c, m in self.actors.items()}
        new.table = {}
        new._origin = origin
        new._add_data(data, origin, raw, base=self)
        user = new.table
        new.table = dict(self.table)
        new.table.update(user)
        return new


def _parse_csv(raw: str, origin: str, base: Gazetteer) -> dict[str, Any]:
    """Read ``alias,code[,kind]`` rows into the package format (validated by the caller)."""
    rows = list(csv.reader(io.StringIO(raw)))
    if not rows or [h.strip().lower() for h in rows[0][:2]] != ["alias", "code"]:
        raise ValueError(f"{origin}, line 1: expected a header 'alias,code[,kind]'")
    data: dict[str, Any] = {"actors": [], "groups": [], "ignore": []}
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) not in (2, 3) or not row[0].strip():
            raise ValueError(f"{origin}, line {n}: malformed line {','.join(row)!r} "
                             "(expected alias,code[,kind])")
        alias, codes = row[0].strip(), [c.strip() for c in row[1].split(";") if c.strip()]
        kind = row[2].strip() if len(row) == 3 and row[2].strip() else "name"
        key = _key(alias)
        if key in seen:
            raise ValueError(f"{origin}, line {n}: duplicate alias {alias!r} "
                             f"(first given on line {seen[key]})")
        seen[key] = n
        if kind == "ignore":
            data["ignore"].append(alias)
            continue
        bad = [c for c in codes if c not in base.actors]
        if not codes or bad:
            raise ValueError(f"{origin}, line {n}: unknown code {';'.join(bad) or '(empty)'!r}")
        field = {v: k for k, v in KINDS.items()}.get(kind)
        if len(codes) > 1 or kind == "group":
            data["groups"].append({"names": [alias], "members": codes})
        elif field is None:
            raise ValueError(f"{origin}, line {n}: unknown kind {kind!r}")
        else:
            data["actors"].append({"code": codes[0], field: [alias]})
    return data


def parse_actors_file(raw: str, origin: str, base: Gazetteer) -> dict[str, Any]:
    """Read the documented subset of the PETRARCH/TABARI ``.actors`` format.

    Supported: ``PHRASE_WORDS_ [CODE]`` lines (underscores are spaces, a trailing ``_``
    is dropped), ``+SYNONYM`` lines that add a phrase to the entry above, several or
    date-restricted codes (``[GBRGOV 970502-070627] [GBRELI]``: the last one wins),
    comments after ``#`` or ``;``, and blank lines. A CAMEO code maps to the gazetteer code
    it starts with (``GBRGOV`` -> ``GBR``, ``IGOUNO`` -> ``UN`` via the IGO table below).
    Upper-case phrases are title-cased ("TONY_BLAIR" -> "Tony Blair"; the matcher also
    accepts the ALL-CAPS form).

    Parameters
    ----------
    raw : str
        File contents.
    origin : str
        File name for error messages.
    base : Gazetteer
        The gazetteer whose codes are valid.

    Returns
    -------
    dict
        ``{"aliases": {phrase: code}}``.

    Raises
    ------
    ValueError
        On a malformed line, an unknown code or a phrase given twice.
    """
    igo = {"IGOUNO": "UN", "IGOEU": "EU", "IGOEEC": "EU", "IGONAT": "NATO", "IGOAFR": "AU",
           "IGOOAU": "AU", "IGOASN": "ASEAN", "IGOOAS": "OAS", "IGOARL": "LAS", "IGOGCC": "GCC",
           "IGOOIC": "OIC", "IGOOSC": "OSCE", "IGOIAE": "IAEA", "IGOWTO": "WTO", "IGOIMF": "IMF",
           "IGOWBK": "WB", "IGOICC": "ICC", "IGOICJ": "ICJ", "IGOOPC": "OPEC",
           "IGONON": "NONALIGNED", "IGOWAF": "ECOWAS", "IGOSAD": "SADC", "IGOCAR": "CARICOM",
           "UNO": "UN"}
    aliases: dict[str, str] = {}
    lines: dict[str, int] = {}
    current: str | None = None
    entry = re.compile(r"^([^\s\[\]]+)\s*((?:\[[^\]]*\]\s*)*)$")
    for n, line in enumerate(raw.splitlines(), start=1):
        text = re.split(r"\s[#;]|^[#;]", line, maxsplit=1)[0].strip()
        if not text:
            continue
        synonym = text.startswith("+")
        m = entry.match(text.lstrip("+").strip())
        if not m or (synonym and current is None) or (not synonym and not m.group(2)):
            raise ValueError(f"{origin}, line {n}: malformed line {line.strip()!r}")
        phrase = " ".join(w for w in m.group(1).split("_") if w)
        if phrase.isupper():
            phrase = " ".join(w.capitalize() for w in phrase.split())
        if m.group(2):
            cameo = re.findall(r"\[\s*([A-Za-z0-9]+)", m.group(2))
            if not cameo:
                raise ValueError(f"{origin}, line {n}: malformed code in {line.strip()!r}")
            raw_code = cameo[-1].upper()
            code = igo.get(raw_code[:6], igo.get(raw_code[:3], raw_code[:3]))
            if raw_code in base.actors:
                code = raw_code
            if code not in base.actors:
                raise ValueError(f"{origin}, line {n}: unknown code {raw_code!r}")
            if not synonym:
                current = code
        key = _key(phrase)
        if key in lines:
            raise ValueError(f"{origin}, line {n}: duplicate alias {phrase!r} "
                             f"(first given on line {lines[key]})")
        lines[key] = n
        aliases[phrase] = code if m.group(2) else current
    return {"aliases": aliases}


def load_gazetteer(path: str | Path | None = None,
                   extra: str | Path | Mapping[str, Any] | None = None) -> Gazetteer:
    """Load the package gazetteer (or the JSON file ``path``), optionally extended.

    Parameters
    ----------
    path : str or Path, optional
        A gazetteer JSON file in the package format; default ``stance/data/actors.json``.
    extra : str, Path or mapping, optional
        User additions or overrides, passed to :meth:`Gazetteer.extend`.

    Returns
    -------
    Gazetteer
    """
    if path is None:
        raw = resources.files("stance").joinpath("data/actors.json").read_text(encoding="utf-8")
        origin = "stance/data/actors.json"
    else:
        origin, raw = str(path), Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{origin}, line {exc.lineno}: malformed JSON: {exc.msg}") from None
    gaz = Gazetteer(data, origin, raw)
    return gaz.extend(extra) if extra is not None else gaz


def _variants(alias: str, kind: str) -> list[str]:
    """Spellings the matcher accepts for one alias, the alias itself first."""
    out = [alias]
    if alias[0].islower():
        out.append(alias[0].upper() + alias[1:])
    words = alias.split()
    if len(words) > 1 and kind in ("name", "group", "title"):
        small = {"of", "the", "and", "for", "in", "on", "de", "du", "la", "d'Ivoire"}
        titled = " ".join(w if w in small or not w[0].isalpha() else w[0].upper() + w[1:]
                          for w in words)
        out.append(titled[0].upper() + titled[1:])
    if any(c.islower() for c in alias) and len(alias) >= 4:
        out.append(alias.upper())
    out += [_fold(v) for v in out]
    return list(dict.fromkeys(out))


_TOKEN_RE = {" ": r"\s+", "'": "['’‘`]", "-": "[-‐‑–]"}


def _trie_regex(keys: Iterable[str]) -> str:
    """One regular expression for many literal keys, shaped as a trie (longest first)."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = True

    def render(node: dict[str, Any]) -> str:
        alts = [(_TOKEN_RE.get(ch) or re.escape(ch)) + render(node[ch])
                for ch in sorted(c for c in node if c)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return render(trie)


def _split_prefix(alias: str) -> tuple[tuple[str, ...], str]:
    """Split leading lower-case words off an alias: "the Twelve" -> (("the",), "Twelve")."""
    words = alias.split(" ")
    for i, word in enumerate(words):
        if not word[:1].islower():
            return tuple(words[:i]), " ".join(words[i:])
    return (), alias


def _prefix_start(text: str, start: int, words: tuple[str, ...]) -> int:
    """Start of ``words`` written right before ``text[start:]`` (any case of the first
    letter, any white space), or -1."""
    j = start
    for word in reversed(words):
        k = j
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if k == j or not text.endswith((word, word.capitalize(), word.upper()), 0, k):
            return -1
        j = k - len(word)
        if j > 0 and text[j - 1].isalnum():
            return -1
    return j


class ActorMatcher:
    """Find actor mentions with one compiled regular expression.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Defaults to :func:`load_gazetteer`.

    Notes
    -----
    All aliases (and their accepted variants) form one trie-shaped alternation, so a text is
    scanned once, left to right; at each position the longest alias that ends on a word
    boundary wins, and matches never overlap. A possessive ``'s`` and a following title
    ("French President", "Russia's Foreign Ministry") extend the mention, whose ``kind``
    becomes ``title``; a listed person right after a title of the same actor ("French
    President Emmanuel Macron") adds no second mention. First-person expressions use a second
    expression and only count when a speaker is given.

    Examples
    --------
    >>> m = ActorMatcher()
    >>> [(x.codes, x.kind) for x in m.find("Seoul and Tokyo agreed to expand drills.")]
    [(('KOR',), 'capital'), (('JPN',), 'capital')]
    """

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        # head -> options (prefix words, codes, kind); options with prefixes are tried first
        options: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {}
        seen: set[tuple[tuple[str, ...], str]] = set()
        table = self.gazetteer.table.values()
        for variants_only in (False, True):
            for alias, codes, kind in table:
                spellings = _variants(alias, kind)
                for var in spellings[1:] if variants_only else spellings[:1]:
                    prefix, head = _split_prefix(_key(var))
                    sig = (tuple(w.lower() for w in prefix), head)
                    if sig in seen or (variants_only and not prefix and head in options
                                       and any(not o[0] for o in options[head])):
                        continue
                    seen.add(sig)
                    options.setdefault(head, []).append((prefix, codes, kind))
        for opts in options.values():
            opts.sort(key=lambda o: -len(o[0]))
        # heads that need no look-behind go to a plain dict (the fast path)
        self._plain = {h: o[0][1:] for h, o in options.items() if len(o) == 1 and not o[0][0]}
        self._options = {h: o for h, o in options.items() if h not in self._plain}
        tail = rf"(?![\w])(?:['’]s(?!\w))?(\s+(?:{_TITLE_RE})(?![\w-]))?"
        upper = [h for h in options if not h[0].islower()]
        lower = [h for h in options if h[0].islower()]
        self._regex = re.compile(rf"({_trie_regex(upper)}){tail}")
        self._lower = re.compile(rf"({_trie_regex(lower)}){tail}") if lower else None
        self._triggers = tuple(sorted({h[:4] for h in lower}))
        self._first_person = re.compile(rf"(?:{_trie_regex(_FIRST_PERSON_FORMS)})(?!\w)")

    def _resolve(self, text: str, m: re.Match[str], out: list[Hit]) -> None:
        """Turn one regex match into a mention appended to ``out`` (or nothing)."""
        start, a_end = m.span(1)
        end = m.end()
        surface = text[start:a_end]
        hit = self._plain.get(surface)
        if hit is None:
            key = _key(surface)
            hit = self._plain.get(key)
        if hit is not None:
            codes, kind = hit
        else:
            chosen = None
            for prefix, codes_, kind_ in self._options.get(key, ()):
                p_start = _prefix_start(text, start, prefix) if prefix else start
                if p_start >= 0:
                    start, chosen = p_start, (codes_, kind_)
                    break
            if chosen is None:
                return
            codes, kind = chosen
        if not codes or (kind == "capital" and _VENUE.match(text, a_end)):
            return
        if m.start(2) >= 0:
            kind = "title"
        if text.find("of", max(0, start - 9), start) >= 0:
            pre = _PREFIX.search(text, max(0, start - 45), start)
            if pre:
                while out and out[-1].start >= pre.start():
                    out.pop()
                start, kind = pre.start(), "title"
        if kind == "title" and out and out[-1].codes == codes and out[-1].kind == "title" \
                and text[out[-1].end:start].isspace():
            return  # "French President Emmanuel Macron": the name adds nothing to the title
        out.append(Hit(codes, start, end, text[start:end], kind))

    def scan(self, text: str) -> list[Hit]:
        """Actor mentions as light :class:`Hit` tuples (no first person): the fast path.

        Parameters
        ----------
        text : str

        Returns
        -------
        list of Hit
            Same fields and order as :meth:`find` without a speaker.

        Notes
        -----
        Results of recent texts are memoised (the pipeline scans each sentence twice:
        to mask actors for the model, then to resolve roles); a fresh list is returned.
        """
        memo = self.__dict__.setdefault("_memo", {})
        hits = memo.get(text)
        if hits is None:
            if len(memo) >= 16384:
                memo.clear()
            hits = memo[text] = tuple(self._scan(text))
        return list(hits)

    def _scan(self, text: str) -> list[Hit]:
        out: list[Hit] = []
        search = self._regex.search
        m = search(text)
        while m is not None:
            start = m.start()
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                m = search(text, start + 1)  # not a word start: look again just after it
                continue
            self._resolve(text, m, out)
            m = search(text, m.end())
        if self._lower is not None:
            low: list[Hit] = []
            match = self._lower.match
            for trig in self._triggers:
                if trig in text:
                    pos = text.find(trig)
                    while pos >= 0:
                        m = None if pos and text[pos - 1].isalnum() else match(text, pos)
                        if m is not None:
                            self._resolve(text, m, low)
                        pos = text.find(trig, pos + 1)
            if low:
                out = _merge(out, low)
        return out

    def first_person(self, text: str) -> tuple[int, int] | None:
        """Span of the first first-person expression in ``text`` ("we", "my delegation"), if any."""
        for f in self._first_person.finditer(text):
            start = f.start()
            if not start or text[start - 1] not in _WORDISH:
                return start, f.end()
        return None

    def find(self, text: str, speaker: str | None = None) -> list[Mention]:
        """Return the actor mentions in ``text``, left to right.

        Parameters
        ----------
        text : str
            A sentence or a longer text.
        speaker : str, optional
            ISO3 code of the speaking state; first-person expressions ("we", "my
            delegation", "our Government") then become mentions of it.

        Returns
        -------
        list of Mention
        """
        out: list[Hit] = self.scan(text)
        if speaker:
            fp = []
            for f in self._first_person.finditer(text):
                start = f.start()
                if not start or text[start - 1] not in _WORDISH:
                    fp.append(Hit((speaker,), start, f.end(), f.group(), "first_person"))
            if fp:
                out = _merge(out, fp) if out else fp
        return [Mention(*h) for h in out]

    def find_many(self, texts: Iterable[str], speaker: str | None = None) -> list[list[Mention]]:
        """Apply :meth:`find` to each text.

        Parameters
        ----------
        texts : iterable of str
            Sentences or documents.
        speaker : str, optional
            As in :meth:`find`, for all texts.

        Returns
        -------
        list of list of Mention
        """
        return [self.find(t, speaker) for t in texts]


def _merge(first: list[Hit], second: list[Hit]) -> list[Hit]:
    """Merge two sorted mention lists; where mentions overlap the longer one wins."""
    kept: list[Hit] = []
    for m in sorted(first + second, key=lambda x: (x.start, x.start - x.end)):
        if kept and m.start < kept[-1].end:
            if m.end - m.start > kept[-1].end - kept[-1].start:
                kept[-1] = m
            continue
        kept.append(m)
    return kept


@lru_cache(maxsize=1)
def default_matcher() -> ActorMatcher:
    """Return the process-wide matcher over the packaged gazetteer (compiled once)."""
    return ActorMatcher()
