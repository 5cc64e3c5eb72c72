"""Tests for source/target resolution."""

from __future__ import annotations

import pytest

from stance import roles as roles_module
from stance.actors import ActorMatcher
from stance.roles import load_scorer, prepare_roles, prepare_sentences, resolve_roles


@pytest.fixture(scope="module")
def matcher() -> ActorMatcher:
    return ActorMatcher()


def one(matcher, text, speaker=None, context=None, learned=True):
    contexts = None if context is None else [context]
    (roles,) = resolve_roles([text], speaker=speaker, contexts=contexts, matcher=matcher,
                             learned=learned)
    return roles


def rules(matcher, text, speaker=None, context=None):
    return one(matcher, text, speaker, context, learned=False)


def test_subject_of_a_stance_verb_is_the_source(matcher):
    assert one(matcher, "Japan condemned the missile test by North Korea.") == (["JPN"], ["PRK"])
    assert one(matcher, "On Monday, the Kremlin accused Washington of meddling.") \
        == (["RUS"], ["USA"])


def test_according_to_and_said(matcher):
    assert one(matcher, "According to Seoul, Pyongyang fired two missiles.") == (["KOR"], ["PRK"])
    assert one(matcher, "The sanctions are illegal, China said on Friday of the EU measures.") \
        == (["CHN"], ["EU"])


def test_passive_by(matcher):
    text = "The invasion of Kuwait was condemned by the Security Council."
    assert rules(matcher, text) == (["UN"], ["KWT"])
    # the learned scorer follows the annotations: a victim with no aggressor named is no target
    assert one(matcher, text)[0] == ["UN"]


def test_several_subjects(matcher):
    text = "Russia and China vetoed a US resolution on Venezuela."
    assert rules(matcher, text) == (["CHN", "RUS"], ["USA", "VEN"])
    src, tgt = one(matcher, text)
    assert src == ["CHN", "RUS"] and "USA" in tgt


def test_joint_action_lists_parties_on_both_sides(matcher):
    assert one(matcher, "Seoul and Tokyo agreed to expand joint drills.") \
        == (["JPN", "KOR"], ["JPN", "KOR"])
    assert one(matcher, "China has established diplomatic ties with El Salvador.") \
        == (["CHN", "SLV"], ["CHN", "SLV"])
    assert one(matcher, "Talks between India and Pakistan resumed in Geneva.") \
        == (["IND", "PAK"], ["IND", "PAK"])


def test_speech_first_person_is_the_speaker(matcher):
    assert one(matcher, "We condemn the occupation of our islands by Iran.", "ARE") \
        == (["ARE"], ["IRN"])
    assert one(matcher, "My delegation welcomes Japan's decision.", "KEN") == (["KEN"], ["JPN"])


def test_speech_default_source_is_the_speaker(matcher):
    assert one(matcher, "The United Nations must be given sufficient means.", "SWE") \
        == (["SWE"], ["UN"])
    assert one(matcher, "Israel continues to occupy Arab territories.", "SYR") \
        == (["SYR"], ["ISR"])


def test_speech_reported_stance_of_another_actor(matcher):
    assert one(matcher, "The European Community deeply deplores this act.", "GRC") \
        == (["EU"], [])
    assert one(matcher, "The Security Council rejected the Indian claim.", "PAK") \
        == (["UN"], ["IND"])


def test_speaker_is_never_its_own_target(matcher):
    assert one(matcher, "Tuvalu calls on all States to honour their pledges.", "TUV") \
        == (["TUV"], [])


def test_speech_joint_action(matcher):
    assert one(matcher, "Japan and the Republic of Korea signed an agreement last year.", "ARE") \
        == (["JPN", "KOR"], ["JPN", "KOR"])
    assert one(matcher, "We have worked together with the United Nations on this plan.", "KEN") \
        == (["KEN", "UN"], ["KEN", "UN"])


def test_congratulations_target_the_un(matcher):
    assert one(matcher, "I congratulate you, Sir, on your election.", "BHR") == (["BHR"], ["UN"])
    assert one(matcher, "I congratulate you, Sir, on your election.") == ([], [])


def test_leftovers_become_targets(matcher):
    src, tgt = one(matcher, "Zambia, Angola and Mozambique face repeated aggression "
                            "from South Africa.", "MUS")
    assert src == ["MUS"] and set(tgt) >= {"ZAF"}


def test_context_supplies_targets_for_pointing_sentences(matcher):
    ctx = "The situation in Afghanistan and Cambodia also calls for our attention."
    text = "Benin hopes that those two countries will regain peace."
    assert rules(matcher, text, "BEN", ctx) == (["BEN"], ["AFG", "KHM"])
    assert "KHM" in one(matcher, text, "BEN", ctx)[1]  # the scorer drops "in Afghanistan"
    # a name broken over two OCR lines
    assert one(matcher, "Nations has a vital role to play.", "BRB", "We believe that the United") \
        == (["BRB"], ["UN"])


def test_people_with_titles_are_linked_for_the_document(matcher):
    doc = ["NATO Secretary General Mark Rutte arrived in Washington on Monday.",
           "Rutte said China has become a decisive enabler of Russia's war.",
           "He also criticised Iran.",
           "Foreign Minister Wang Yi of China met Sergei Lavrov.",
           "Wang said the two countries would deepen cooperation.",
           "The minister criticised Japan."]
    roles = resolve_roles(doc, matcher=matcher, learned=False)
    assert roles[1] == (["NATO"], ["CHN", "RUS"])
    assert roles[2] == (["NATO"], ["IRN"])
    roles = resolve_roles(doc, matcher=matcher)
    assert roles[1] == (["NATO"], ["CHN", "RUS"])
    assert roles[2][0] == ["NATO"] and "IRN" in roles[2][1]
    assert roles[4][0] == ["CHN"]
    assert roles[5] == (["CHN"], ["JPN"])


def test_independent_sentences_do_not_share_people(matcher):
    texts = ["NATO Secretary General Mark Rutte arrived.", "Rutte said nothing new."]
    roles = resolve_roles(texts, contexts=["", ""], matcher=matcher)
    assert roles[1] == ([], [])
    roles = resolve_roles(["Rutte said China is an enabler."], contexts=[texts[0]],
                          matcher=matcher)
    assert roles == [(["NATO"], ["CHN"])]


def test_output_shape_and_neutral_sentences(matcher):
    roles = resolve_roles(["The meeting is at noon.", "Kenya, Kenya and Uganda."],
                          speaker="", matcher=matcher)
    assert roles[0] == ([], [])
    assert all(src == sorted(set(src)) and tgt == sorted(set(tgt)) for src, tgt in roles)


def test_contexts_length_is_checked(matcher):
    with pytest.raises(ValueError):
        resolve_roles(["a", "b"], contexts=["x"], matcher=matcher)


def test_default_matcher():
    assert resolve_roles(["Japan condemned the test."]) == [(["JPN"], [])]


# ----------------------------------------------------------------- learned target scorer
def test_weights_file_loads_and_is_used(matcher):
    scorer = load_scorer()
    assert scorer is not None and len(scorer.weights) > 50
    assert roles_module._default_scorer() is not None
    # a sentence where the scorer and the rules disagree
    text = "The invasion of Kuwait was condemned by the Security Council."
    assert rules(matcher, text) == (["UN"], ["KWT"])
    assert one(matcher, text) == (["UN"], [])


def test_missing_weights_fall_back_to_rules(matcher, monkeypatch):
    monkeypatch.setattr(roles_module, "_SCORER", [None])
    text = "The invasion of Kuwait was condemned by the Security Council."
    assert one(matcher, text) == rules(matcher, text) == (["UN"], ["KWT"])


def test_occupier_not_occupied_is_the_target(matcher):
    # annotation convention: "the occupation of X by Y" targets Y only
    assert one(matcher, "We condemn the occupation of Cyprus by Turkey.", "GRC") \
        == (["GRC"], ["TUR"])
    assert one(matcher, "Viet Nam's invasion of Kampuchea must be condemned.", "MYS") \
        == (["MYS"], ["VNM"])


def test_thanks_to_the_un_officers_target_the_un(matcher):
    assert one(matcher, "We thank the Secretary-General for his report.", "KEN") \
        == (["KEN"], ["UN"])
    assert one(matcher, "I congratulate you, Sir, on your election to the presidency.", "BHR") \
        == (["BHR"], ["UN"])
    assert one(matcher, "also extend sincere congratulations to his predecessor", "BHS",
               "I") == (["BHS"], ["UN"])


def test_joint_parties_stay_on_both_sides(matcher):
    assert one(matcher, "Guyana has established diplomatic relations with San Marino.") \
        == (["GUY", "SMR"], ["GUY", "SMR"])


def test_ocr_line_breaks_inside_un_names(matcher):
    # "Secretary-" at the end of the previous fragment, "General" at the start of this one
    ctx = "We support the proposal of the Secretary-"
    assert one(matcher, "General to convene a conference.", "FRA", ctx, learned=False) \
        == (["FRA"], ["UN"])
    # a fragment cut after "the United" (the next line starts with "Nations")
    assert one(matcher, "Kenya remains firmly committed to the United", "KEN",
               "Kenya is a partner.") == (["KEN"], ["UN"])


def test_leaders_named_without_title(matcher):
    assert one(matcher, "Putin said China is a partner.") == (["RUS"], ["CHN"])
    assert one(matcher, "Erdogan criticised Netanyahu.", learned=False) == (["TUR"], ["ISR"])


def test_learned_scorer_reads_the_un_from_the_context(matcher):
    # only the previous OCR fragment names the Assembly's former President
    ctx = "We pay tribute to your predecessor, Mr. Ganev,"
    text = "for the skill with which he guided our work."
    assert rules(matcher, text, "KEN", ctx) == (["KEN"], [])
    assert one(matcher, text, "KEN", ctx) == (["KEN"], ["UN"])


def test_analyzer_learned_roles_all_or_only_stance_bearing() -> None:
    from stance.model import StanceModel
    from stance.pipeline import Analyzer

    # a small model that calls meetings neutral, so the two modes differ on this sentence
    train = [("Delegations met in Vienna on Monday.", "neutral"),
             ("The ministers met in Paris last year.", "neutral"),
             ("We condemn the attack on the embassy.", "condemnatory"),
             ("They condemned the shelling of the city.", "condemnatory")]
    model = StanceModel(min_df=1).fit([t for t, _ in train], [y for _, y in train])
    text = ("Delegations from Brazil and Argentina met in Geneva under the auspices of the "
            "United Nations.")
    # the pipeline passes the predicted stance ("neutral" here) to the learned scorer
    learned = resolve_roles([text], learned=True, stances=["neutral"])[0]
    rules = resolve_roles([text], learned=False)[0]
    assert learned != rules  # the learned scorer changes this sentence's targets
    for mode, expected in (("all", learned), ("stance", rules)):
        analyzer = Analyzer(model=model, learned_roles=mode)
        for result in (analyzer.analyze(text)[0], analyzer.classify([{"text": text}])[0]):
            assert result.stance == "neutral"
            assert (result.source, result.target) == expected
    with pytest.raises(ValueError, match="learned_roles"):
        Analyzer(learned_roles="some")


# ------------------------------------------------------- predicted stance for the scorer
def with_stance(matcher, text, stance, speaker=None, context=None):
    contexts = None if context is None else [context]
    (roles,) = resolve_roles([text], speaker=speaker, contexts=contexts, matcher=matcher,
                             stances=[stance])
    return roles


def test_stances_length_and_type_are_checked(matcher):
    texts = ["Japan condemned the test.", "China welcomed the talks."]
    with pytest.raises(ValueError, match=r"stances must have one entry per text \(got 1 for 2"):
        resolve_roles(texts, matcher=matcher, stances=["condemnatory"])
    with pytest.raises(ValueError, match="stances must have one entry per text"):
        resolve_roles(texts[:1], contexts=[""], matcher=matcher,
                      stances=["condemnatory", "neutral"])
    with pytest.raises(ValueError, match="not the string"):
        resolve_roles(texts[:1], matcher=matcher, stances="condemnatory")


def test_shipped_scorer_has_a_table_per_stance_label():
    scorer = load_scorer()
    assert set(scorer.by_stance) == {"accusatory", "condemnatory", "cooperative", "neutral"}


def test_accusation_targets_the_wrongdoer_named_by_an_adjective(matcher):
    text = "Iranian police tortured a prisoner to death in northern Iran last week."
    assert one(matcher, text) == (["IRN"], [])
    assert with_stance(matcher, text, "accusatory") == (["IRN"], ["IRN"])
    assert with_stance(matcher, text, "cooperative") == (["IRN"], [])


def test_cooperation_keeps_the_helped_country(matcher):
    # aid to a country (here through a UN force) is aimed at it too (the scorer without a
    # stance keeps it as well since the candidate's own code is a feature)
    text = "Brazil is sending engineers to the United Nations peacekeeping force in Haiti."
    assert one(matcher, text) == (["BRA"], ["HTI", "UN"])
    assert with_stance(matcher, text, "cooperative") == (["BRA"], ["HTI", "UN"])


def test_rejection_targets_the_rejected_party_not_the_topic(matcher):
    text = "The British Parliament rejected Theresa May's agreement on leaving the European Union."
    assert one(matcher, text) == (["GBR"], ["EU", "GBR"])
    assert with_stance(matcher, text, "condemnatory") == (["GBR"], ["GBR"])


def test_no_stance_or_unknown_label_scores_as_without_stances(matcher):
    texts = ["Brazil is sending engineers to the United Nations peacekeeping force in Haiti.",
             "Iranian police tortured a prisoner to death in northern Iran last week.",
             "We thank the Secretary-General for his report."]
    for speaker in (None, "KEN"):
        plain = resolve_roles(texts, speaker=speaker, matcher=matcher)
        assert resolve_roles(texts, speaker=speaker, matcher=matcher,
                             stances=[None, None, None]) == plain
        # a label the scorer was not trained on (a PLOVER model's output) is ignored
        assert resolve_roles(texts, speaker=speaker, matcher=matcher,
                             stances=["CONSULT", "ASSAULT", "COOPERATE"]) == plain
        # rules-only roles never depend on the stance
        assert resolve_roles(texts, speaker=speaker, matcher=matcher, learned=False,
                             stances=["accusatory"] * 3) \
            == resolve_roles(texts, speaker=speaker, matcher=matcher, learned=False)


def test_scorer_file_without_stance_weights_ignores_stances(matcher, tmp_path, monkeypatch):
    import json
    from importlib import resources

    data = json.loads(resources.files("stance").joinpath("data/roles.json").read_text("utf-8"))
    data.pop("stance", None)
    path = tmp_path / "roles.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(roles_module, "_SCORER", [load_scorer(path)])
    text = "Iranian police tortured a prisoner to death in northern Iran last week."
    assert with_stance(matcher, text, "accusatory") == one(matcher, text) == (["IRN"], [])


def test_pipeline_passes_the_predicted_stance() -> None:
    from stance.model import StanceModel
    from stance.pipeline import Analyzer

    train = [("Police tortured a prisoner to death.", "accusatory"),
             ("Troops tortured the detainees to death.", "accusatory"),
             ("The ministers met in Paris last year.", "neutral"),
             ("Delegations met in Vienna on Monday.", "neutral")]
    model = StanceModel(min_df=1).fit([t for t, _ in train], [y for _, y in train])
    text = "Iranian police tortured a prisoner to death in northern Iran last week."
    analyzer = Analyzer(model=model)
    for result in (analyzer.analyze(text)[0], analyzer.classify([{"text": text}])[0]):
        assert result.stance == "accusatory"
        assert (result.source, result.target) == (["IRN"], ["IRN"])


def test_prepared_roles_finish_as_resolve_roles_does(matcher):
    """Rules first, stance later: ``prepare_roles`` then ``finish`` equals ``resolve_roles``."""
    doc = ["Japan condemned the missile launch by North Korea on Sunday.",
           "The Foreign Minister said Tokyo would raise it at the Security Council.",
           "We welcome the talks between Seoul and Pyongyang.",
           "They must end the occupation of the islands."]
    stances = ["condemnatory", "neutral", "cooperative", "accusatory"]
    pending = prepare_roles(doc, speaker="FRA", matcher=matcher)
    assert [p.finish(s) for p, s in zip(pending, stances)] == \
        resolve_roles(doc, speaker="FRA", matcher=matcher, stances=stances)
    assert [(p.source, p.target) for p in pending] == \
        resolve_roles(doc, speaker="FRA", matcher=matcher, learned=False)
    rules_only = prepare_roles(doc, speaker="FRA", matcher=matcher, learned=False)
    assert all(p.candidates is None for p in rules_only)


def test_analyze_gives_news_no_context_and_speeches_theirs() -> None:
    """A news sentence gets the stance ``classify`` gives it alone (news in training never had
    a context); a speech sentence the one it gets with the sentence before it."""
    from stance.pipeline import Analyzer

    analyzer = Analyzer()
    doc = ("The Secretary-General welcomed the agreement between Seoul and Tokyo and thanked "
           "both Governments for their cooperation with the Organization. The talks will "
           "resume in Geneva on 2 April, according to a statement.")
    first, second = doc.split(". ", 1)
    news = analyzer.analyze(doc)
    alone = analyzer.classify([{"text": second}])[0]
    with_ctx = analyzer.classify([{"text": second, "context": first + "."}])[0]
    assert news[1].probabilities == pytest.approx(alone.probabilities, abs=1e-5)
    # the context would have mattered
    assert alone.probabilities != pytest.approx(with_ctx.probabilities, abs=1e-3)
    speech = analyzer.analyze(doc, speaker="KEN")
    spoken = analyzer.classify([{"text": second, "context": first + ".", "speaker": "KEN"}])[0]
    assert speech[1].probabilities == pytest.approx(spoken.probabilities, abs=1e-5)


def test_prepare_sentences_resolves_each_record_alone(matcher):
    """Independent records, mixed speakers: the same as one ``prepare_roles`` call each."""
    texts = ["We condemn the attack on the embassy.", "He said Tokyo would respond.",
             "Japan condemned the launch by North Korea.", "We thank the Secretary-General."]
    contexts = ["", "Japan's Foreign Minister spoke on Monday.", "", ""]
    speakers = ["FRA", None, None, "KEN"]
    got = prepare_sentences(texts, contexts=contexts, speakers=speakers, matcher=matcher)
    one_by_one = [prepare_roles([t], speaker=s, contexts=[c], matcher=matcher)[0]
                  for t, c, s in zip(texts, contexts, speakers)]
    assert got == one_by_one
    assert [p.source for p in got] == [["FRA"], ["JPN"], ["JPN"], ["KEN"]]


def test_candidates_carry_their_own_code(matcher):
    # the actor itself is a feature: some (Israel, the USSR) are mostly agents, others
    # (Namibia, Afghanistan) mostly places or victims
    (p,) = prepare_roles(["We condemn the attack by Israel on Lebanon."], speaker="FRA",
                         matcher=matcher)
    assert p.candidates is not None
    assert "c=ISR" in p.candidates["ISR"] and "c=LBN" in p.candidates["LBN"]
    assert "c=ISR" not in p.candidates["LBN"]
    (news,) = prepare_roles(["Japan condemned the missile test by North Korea."],
                            matcher=matcher)
    assert {"c=PRK", "N:c=PRK"} <= news.candidates["PRK"]


def test_candidates_do_not_depend_on_which_earlier_sentences_were_scored(matcher):
    # the pipeline collects candidates only for stance-bearing sentences: a sentence whose
    # context was skipped must still see its context's own mentions, not older ones found
    # at the same character offsets
    texts = ["France condemned Israel for the raid.", "Brazil welcomed Kenya at the summit.",
             "This was a disgrace, they said."]
    every = prepare_roles(texts, speaker="FRA", matcher=matcher)
    some = prepare_roles(texts, speaker="FRA", matcher=matcher, learned=[True, False, True])
    assert some[1].candidates is None and some[2].candidates is not None
    assert some[2].candidates == every[2].candidates
