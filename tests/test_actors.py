"""Tests for the gazetteer and the actor matcher."""

from __future__ import annotations

import json

import pytest

from stance.actors import ActorMatcher, Gazetteer, load_gazetteer
from stance.results import Mention


@pytest.fixture(scope="module")
def matcher() -> ActorMatcher:
    return ActorMatcher()


def codes(matcher: ActorMatcher, text: str, speaker: str | None = None) -> list[tuple[str, ...]]:
    return [m.codes for m in matcher.find(text, speaker)]


def flat(matcher: ActorMatcher, text: str, speaker: str | None = None) -> list[str]:
    return [c for m in matcher.find(text, speaker) for c in m.codes]


# ------------------------------------------------------------------ gazetteer
def test_gazetteer_covers_every_member_state_and_organisation():
    gaz = load_gazetteer()
    states = [c for c, a in gaz.actors.items() if a["type"] == "state"]
    assert len(states) == 193
    for code in ["VAT", "PSE", "TWN", "XKX", "YUG", "CSK", "DDR", "YMD", "UN", "EU", "NATO",
                 "AU", "ASEAN", "OAS", "LAS", "GCC", "OIC", "G7", "G20", "BRICS", "SCO", "OSCE",
                 "IAEA", "WTO", "IMF", "WB", "ICC", "ICJ", "OPEC", "NONALIGNED", "ECOWAS",
                 "SADC", "CARICOM"]:
        assert code in gaz.codes, code
    assert gaz.lookup("Zaire") == ("COD",)
    assert gaz.lookup("Rhodesia") == ("ZWE",)
    assert gaz.lookup("Burma") == ("MMR",)
    assert gaz.lookup("IP4") == ("AUS", "JPN", "KOR", "NZL")
    assert gaz.lookup("Niger Delta") == ()
    assert gaz.lookup("Atlantis") is None


def test_package_json_has_documented_shape():
    gaz = load_gazetteer()
    assert gaz.name("KOR") == "Republic of Korea"
    assert "Seoul" in gaz and "the Kremlin" not in gaz and "Kremlin" in gaz


# -------------------------------------------------------------------- matcher
def test_mentions_are_mention_records_with_offsets(matcher):
    text = "Seoul and Tokyo agreed to expand drills."
    found = matcher.find(text)
    assert found == [Mention(("KOR",), 0, 5, "Seoul", "capital"),
                     Mention(("JPN",), 10, 15, "Tokyo", "capital")]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_kinds(matcher):
    kinds = {m.text: m.kind for m in matcher.find(
        "The Kremlin, South Korean diplomats, the Nordic countries and France reacted.")}
    assert kinds == {"Kremlin": "metonym", "South Korean diplomats": "title",
                     "Nordic countries": "group", "France": "name"}
    assert [m.kind for m in matcher.find("Soviet troops left.")] == ["title"]
    assert [m.kind for m in matcher.find("a Soviet ship")] == ["demonym"]


def test_titles_extend_the_mention(matcher):
    (m,) = matcher.find("French President Emmanuel Macron arrived.")
    assert (m.codes, m.text, m.kind) == (("FRA",), "French President", "title")
    (m,) = matcher.find("Russia's Foreign Ministry said so.")
    assert (m.codes, m.text, m.kind) == (("RUS",), "Russia's Foreign Ministry", "title")
    (m,) = matcher.find("the Government of Somalia requested help")
    assert (m.codes, m.text, m.kind) == (("SOM",), "Government of Somalia", "title")
    (m,) = matcher.find("We thank the Secretary-General for his report.")
    assert (m.codes, m.kind) == (("UN",), "title")


def test_title_of_organisation_is_not_the_un(matcher):
    assert codes(matcher, "The Secretary-General of the OAU visited Luanda.") == [("AU",), ("AGO",)]
    assert codes(matcher, "NATO Secretary General Mark Rutte spoke.") == [("NATO",)]


def test_longest_match_wins(matcher):
    text = "Papua New Guinea, Guinea-Bissau, Equatorial Guinea and Guinea signed."
    assert flat(matcher, text) == ["PNG", "GNB", "GNQ", "GIN"]
    assert flat(matcher, "the Democratic People's Republic of Korea and the Republic of Korea") \
        == ["PRK", "KOR"]
    assert flat(matcher, "South Sudan and the Sudan") == ["SSD", "SDN"]
    assert flat(matcher, "the People's Republic of China and the Republic of China") \
        == ["CHN", "TWN"]


def test_non_overlapping_left_to_right(matcher):
    found = matcher.find("United States-Soviet Union talks")
    assert [m.codes for m in found] == [("USA",), ("RUS",)]
    assert found[0].end <= found[1].start


def test_case_awareness(matcher):
    assert flat(matcher, "Turkey rejected the proposal.") == ["TUR"]
    assert flat(matcher, "We ate turkey and chad is a name.") == []
    assert flat(matcher, "STATEMENT BY THE REPRESENTATIVE OF TURKEY AND CHAD") == ["TUR", "TCD"]
    assert flat(matcher, "the guinea pig") == []


def test_whole_words_only(matcher):
    assert flat(matcher, "Omani and Somalian officials") == ["OMN"]
    assert flat(matcher, "A BUS from Nigerian ports") == ["NGA"]
    assert flat(matcher, "Niger and Nigeria") == ["NER", "NGA"]


def test_possessive(matcher):
    (m,) = matcher.find("Chad’s army and")
    assert m.codes == ("TCD",)
    assert flat(matcher, "India's position") == ["IND"]


def test_spelling_variants(matcher):
    assert flat(matcher, "Côte d’Ivoire, Cote d'Ivoire and Sao Tome and Principe") \
        == ["CIV", "CIV", "STP"]
    assert flat(matcher, "the Democratic Republic\nof the Congo") == ["COD"]


def test_georgia(matcher):
    assert flat(matcher, "Russia's war against Georgia in 2008") == ["RUS", "GEO"]
    assert flat(matcher, "a rally in Atlanta, Georgia on Sunday") == []
    assert flat(matcher, "born in Georgia, USA, in 1950") == []


def test_jordan(matcher):
    assert flat(matcher, "Jordan welcomed the refugees.") == ["JOR"]
    assert flat(matcher, "settlements on the West Bank of the Jordan") == []
    assert flat(matcher, "water from the Jordan River") == []
    assert flat(matcher, "the Jordanian Government") == ["JOR"]


def test_niger_and_chad(matcher):
    assert flat(matcher, "militants in the Niger Delta attacked") == []
    assert flat(matcher, "the Lake Chad Basin countries and Chad") == ["TCD"]


def test_congo(matcher):
    assert flat(matcher, "the Democratic Republic of the Congo") == ["COD"]
    assert flat(matcher, "Zaire and Kinshasa") == ["COD", "COD"]
    assert flat(matcher, "the Republic of the Congo and Brazzaville") == ["COG", "COG"]
    assert flat(matcher, "the Congo") == ["COG"]  # the documented default


def test_korea_and_washington(matcher):
    assert flat(matcher, "Korea and North Korea") == ["KOR", "PRK"]
    assert flat(matcher, "Washington imposed sanctions") == ["USA"]
    assert flat(matcher, "George Washington") == []


def test_dominica_ireland_macedonia(matcher):
    assert flat(matcher, "Dominica and the Dominican Republic") == ["DMA", "DOM"]
    assert flat(matcher, "Northern Ireland and Ireland") == ["GBR", "IRL"]
    assert flat(matcher, "the former Yugoslav Republic of Macedonia") == ["MKD"]


def test_historic_names(matcher):
    text = "the USSR, the German Democratic Republic, Czechoslovakia, Rhodesia, Upper Volta"
    assert flat(matcher, text) == ["RUS", "DDR", "CSK", "ZWE", "BFA"]
    assert flat(matcher, "the European Communities and the Twelve") == ["EU", "EU"]


def test_groups_expand(matcher):
    (m,) = matcher.find("The Baltic States protested.")
    assert m.codes == ("EST", "LTU", "LVA") and m.kind == "group"
    assert flat(matcher, "the non-aligned countries") == ["NONALIGNED"]
    assert flat(matcher, "Latin American countries and the Indian Ocean") == []


def test_capital_as_venue_is_not_an_actor(matcher):
    assert flat(matcher, "the Paris Agreement on climate change") == []
    assert flat(matcher, "Paris has rejected the plan") == ["FRA"]


def test_first_person_needs_a_speaker(matcher):
    text = "My delegation believes that we must act, and our Government agrees."
    assert matcher.find(text) == []
    found = matcher.find(text, speaker="KEN")
    assert [(m.text, m.codes, m.kind) for m in found] == [
        ("My delegation", ("KEN",), "first_person"), ("we", ("KEN",), "first_person"),
        ("our Government", ("KEN",), "first_person")]


def test_first_person_does_not_take_us(matcher):
    assert [m.kind for m in matcher.find("The US and us", speaker="CUB")] \
        == ["name", "first_person"]


def test_find_many(matcher):
    assert [len(x) for x in matcher.find_many(["Japan.", "nothing here", "we", ""], "FRA")] \
        == [1, 0, 1, 0]


# ------------------------------------------------------------ user overrides
def test_extend_from_mapping_overrides_and_adds():
    gaz = load_gazetteer()
    new = gaz.extend({"Congo": "COD", "the Quad countries": ["AUS", "IND", "JPN", "USA"]})
    m = ActorMatcher(new)
    assert flat(m, "the Congo") == ["COD"]
    assert [x.codes for x in m.find("The Quad countries met.")] == [("AUS", "IND", "JPN", "USA")]
    assert gaz.lookup("Congo") == ("COG",)  # the original is unchanged


def test_extend_json_adds_a_new_actor(tmp_path):
    path = tmp_path / "extra.json"
    path.write_text(json.dumps({"actors": [
        {"code": "HAMAS", "type": "other", "name": "Hamas", "names": ["Harakat al-Muqawama"]},
        {"code": "JPN", "metonyms": ["Kasumigaseki"]}]}), encoding="utf-8")
    m = ActorMatcher(load_gazetteer(extra=path))
    assert flat(m, "Hamas and Kasumigaseki") == ["HAMAS", "JPN"]


def test_extend_csv(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("alias,code,kind\nKasumigaseki,JPN,metonym\nAtlantis,,ignore\n"
                    "Benelux Union,BEL;LUX;NLD,group\n", encoding="utf-8")
    m = ActorMatcher(load_gazetteer().extend(path))
    found = m.find("Kasumigaseki and the Benelux Union")
    assert [(x.codes, x.kind) for x in found] == [(("JPN",), "metonym"),
                                                  (("BEL", "LUX", "NLD"), "group")]


@pytest.mark.parametrize("body, message", [
    ("alias,code\nKasumigaseki,JPN\nFoo\n", "extra.csv, line 3: malformed line"),
    ("alias,code\nKasumigaseki,XYZ\n", "extra.csv, line 2: unknown code 'XYZ'"),
    ("alias,code\nKasumigaseki,JPN\nKasumigaseki,CHN\n",
     "extra.csv, line 3: duplicate alias 'Kasumigaseki' (first given on line 2)"),
    ("code,alias\n", "extra.csv, line 1: expected a header"),
])
def test_csv_errors_name_file_and_line(tmp_path, body, message):
    path = tmp_path / "extra.csv"
    path.write_text(body, encoding="utf-8")
    gaz = load_gazetteer()
    with pytest.raises(ValueError) as err:
        gaz.extend(path)
    assert message in str(err.value)
    assert gaz.lookup("Kasumigaseki") is None  # nothing partial


def test_json_errors_name_file_and_line(tmp_path):
    gaz = load_gazetteer()
    bad = tmp_path / "bad.json"
    bad.write_text('{"actors": [\n  {"code": "JPN",\n   "names": ["Nippon"]},\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.json, line \d+: malformed JSON"):
        gaz.extend(bad)
    unknown = tmp_path / "unknown.json"
    unknown.write_text('{"actors": [\n  {"code": "JPN", "names": ["Nippon"]},\n'
                       '  {"code": "XYZ", "names": ["Xyzland"]}\n]}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"unknown\.json, line 3: unknown code 'XYZ'"):
        gaz.extend(unknown)
    dup = tmp_path / "dup.json"
    dup.write_text('{"actors": [\n  {"code": "JPN", "names": ["Nippon"]},\n'
                   '  {"code": "CHN", "names": ["Nippon"]}\n]}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"dup\.json, line 3: duplicate alias 'Nippon'"):
        gaz.extend(dup)
    assert gaz.lookup("Nippon") is None


def test_group_with_unknown_member_is_rejected():
    with pytest.raises(ValueError, match="unknown code"):
        load_gazetteer().extend({"groups": [{"names": ["The Axis"], "members": ["DEU", "QQQ"]}]})


def test_petrarch_actors_file(tmp_path):
    path = tmp_path / "extra.actors"
    path.write_text("# a PETRARCH-style dictionary\n"
                    "TONY_BLAIR_ [GBRGOV 970502-070627] [GBRELI]\n"
                    "+BLAIR_\n"
                    "NARENDRA_MODI_ [INDGOV]  ; prime minister\n"
                    "BAN_KI-MOON_ [IGOUNO]\n", encoding="utf-8")
    m = ActorMatcher(load_gazetteer(extra=path))
    assert flat(m, "Tony Blair met Narendra Modi; Blair and Ban Ki-moon spoke.") \
        == ["GBR", "IND", "GBR", "UN"]
    assert flat(m, "TONY BLAIR") == ["GBR"]
    bad = tmp_path / "bad.actors"
    bad.write_text("TONY_BLAIR_ [GBRGOV]\nFOO_BAR_ [ZZZGOV]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.actors, line 2: unknown code 'ZZZGOV'"):
        load_gazetteer().extend(bad)
    bad.write_text("+ORPHAN_\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.actors, line 1: malformed line"):
        load_gazetteer().extend(bad)


def test_base_gazetteer_rejects_conflicting_aliases():
    data = {"actors": [{"code": "AAA", "name": "Aland", "names": ["Foo"]},
                       {"code": "BBB", "name": "Bland", "names": ["Foo"]}]}
    with pytest.raises(ValueError, match="duplicate alias 'Foo'"):
        Gazetteer(data, "test.json")


def test_well_known_leaders_without_title(matcher):
    assert codes(matcher, "Putin and Xi Jinping met Erdogan.") == [("RUS",), ("CHN",), ("TUR",)]
    assert codes(matcher, "Guterres welcomed the truce.") == [("UN",)]
    # a name after its own title adds no second mention
    (m,) = matcher.find("Secretary-General Kofi Annan spoke.")
    assert (m.codes, m.text) == (("UN",), "Secretary-General")
    # people whose role changed over their career are left to the document's titles
    assert codes(matcher, "Rutte spoke.") == []


def test_two_koreas_and_organisation_variants(matcher):
    assert codes(matcher, "North and South Korea must talk.") == [("KOR", "PRK")]
    assert codes(matcher, "the nonaligned nations and the Rome Statute") == [
        ("NONALIGNED",), ("ICC",)]
    assert codes(matcher, "the New Partnership for Africa’s Development") == [("AU",)]


def test_compound_adjectives_plurals_and_blocs(matcher):
    def codes(text):
        return [m.codes for m in matcher.find(text)]

    assert codes("Franco-German friendship and co-operation are at the core of Europe.") \
        == [("DEU", "FRA")]
    assert codes("the Anglo-American plan") == [("GBR",), ("USA",)]
    assert codes("Anglo-Saxon countries") == []  # a culture, not the United Kingdom
    assert codes("Sino-Soviet relations") == [("CHN",), ("RUS",)]
    assert codes("the Israelis and Palestinians must make a strategic choice") \
        == [("ISR",), ("PSE",)]
    assert codes("India and MERCOSUR have agreed to give tariff concessions") \
        == [("IND",), ("ARG", "BRA", "PRY", "URY")]
    assert codes("Super-Power competition and rivalry") == [("RUS", "USA")]
