import pytest

from bot.knowledge.eligibility import UNKNOWN, answers_from_slots, load_rules, result_message
from bot.knowledge.kb import load

RULES = load_rules()
FITTING = {
    "elig_age": 30,
    "elig_startkwalificatie": "nee",
    "elig_mbo_enrolled": "nee",
    "elig_regular_route": "nee",
    "elig_werkfit": "ja",
    "elig_motivated": "ja",
}


def _value_for(rule):
    when = rule.when
    if "equals" in when:
        return when["equals"]
    if "lt" in when:
        return int(when["lt"]) - 1
    return int(when["gte"])


@pytest.mark.parametrize("rule", RULES.rules, ids=[r.id for r in RULES.rules])
def test_each_rule_fires_on_its_own_answer(rule):
    answers = dict(FITTING)
    if rule.slot == "elig_sk_unusable":
        answers["elig_startkwalificatie"] = "ja"
    answers[rule.slot] = _value_for(rule)
    result = RULES.evaluate(answers)
    fired = {f.rule_id for f in result.findings}
    assert rule.id in fired
    if rule.verdict == "niet":
        assert result.outcome == "waarschijnlijk_niet"
    elif rule.verdict == "bespreek":
        assert result.outcome in ("bespreek", "waarschijnlijk_niet")
    assert rule.reason in [f.reason for f in result.findings]


def test_fitting_client_probably_qualifies():
    result = RULES.evaluate(FITTING)
    assert result.outcome == "waarschijnlijk_wel"
    assert result.findings and all(f.verdict == "wel" for f in result.findings)


def test_unknowns_lead_to_the_inclusieve_adviesfunctie():
    answers = dict(FITTING, elig_werkfit=UNKNOWN, elig_mbo_enrolled=UNKNOWN)
    result = RULES.evaluate(answers)
    assert result.outcome == "bespreek"
    assert {"werkfit-onbekend", "inschrijving-onbekend"} <= {f.rule_id for f in result.findings}


def test_one_ruling_out_answer_beats_unknowns():
    answers = dict(FITTING, elig_mbo_enrolled="ja", elig_werkfit=UNKNOWN)
    assert RULES.evaluate(answers).outcome == "waarschijnlijk_niet"


def _source_text(rule_id: str) -> str:
    import yaml

    from bot.knowledge.kb import KNOWLEDGE_DIR

    data = yaml.safe_load((KNOWLEDGE_DIR / "eligibility.yml").read_text(encoding="utf-8"))
    rule = next(r for r in data["rules"] if r["id"] == rule_id)
    out = []
    for src in rule["sources"]:
        lines = (KNOWLEDGE_DIR / "sources" / src["file"]).read_text(encoding="utf-8").splitlines()
        a, _, b = str(src["lines"]).partition("-")
        out.append(" ".join(lines[int(a) - 1 : int(b or a)]))
    return " ".join(" ".join(out).split())


def test_under_18_is_discussed_not_ruled_out_with_the_facts_from_its_lines():
    """002 r. 155-159 (limit 18), r. 2002-2006 (4% younger, one pilot 16+), r. 1489 (16-67),
    r. 2012-2018 (a grey area with the Boris-aanpak for vso and praktijkonderwijs)."""
    result = RULES.evaluate(dict(FITTING, elig_age=17))
    assert result.outcome == "bespreek"
    reason = next(f.reason for f in result.findings if f.rule_id == "leeftijd-onder-18")
    for fact in ("18 jaar", "4%", "16", "16 tot 67", "Boris-aanpak", "inclusieve adviesfunctie"):
        assert fact in reason
    cited = _source_text("leeftijd-onder-18")
    for fact in ("18 jaar", "4 procent", "16 jaar en ouder", "16 tot 67", "Boris-aanpak"):
        assert fact in cited


@pytest.mark.parametrize(
    ("age", "rule"),
    [
        (18, "leeftijd-18-plus"),
        (54, "leeftijd-18-plus"),
        (55, "leeftijd-55-plus"),
        (77, "leeftijd-55-plus"),
    ],
)
def test_an_older_client_hears_that_the_sources_name_no_maximum_age(age, rule):
    """002 r. 2027-2028: 6% was 55 or older, the oldest participant 77."""
    result = RULES.evaluate(dict(FITTING, elig_age=age))
    assert result.outcome == "waarschijnlijk_wel"
    assert [f.rule_id for f in result.findings if f.rule_id.startswith("leeftijd")] == [rule]
    if rule == "leeftijd-55-plus":
        reason = next(f.reason for f in result.findings if f.rule_id == rule)
        assert "maximumleeftijd" in reason and "6%" in reason and "77" in reason
        cited = _source_text(rule)
        assert "6%" in cited and "77 jaar" in cited


def test_usable_startkwalificatie_is_discussed_and_outdated_one_too():
    """002 r. 2400-2418 (criterion relaxed nationally), 000 r. 11-13 (also with a sk)."""
    usable = dict(FITTING, elig_startkwalificatie="ja", elig_sk_unusable="nee")
    outdated = dict(FITTING, elig_startkwalificatie="ja", elig_sk_unusable="ja")
    assert RULES.evaluate(usable).outcome == "bespreek"
    assert RULES.evaluate(outdated).outcome == "bespreek"
    cited = _source_text("startkwalificatie-bruikbaar")
    assert "landelijk aangepast" in cited and "met een startkwalificatie" in cited


def test_follow_up_question_only_when_it_applies():
    slots = [q.slot for q in RULES.applicable({"elig_startkwalificatie": "nee"})]
    assert "elig_sk_unusable" not in slots
    slots = [q.slot for q in RULES.applicable({"elig_startkwalificatie": "ja"})]
    assert "elig_sk_unusable" in slots


def test_next_question_walks_in_order_and_ends():
    answers: dict = {}
    asked = []
    while (q := RULES.next_question(answers)) is not None:
        asked.append(q.slot)
        answers[q.slot] = "nee" if q.kind == "yes_no" else 30
    assert asked[0] == "elig_age" and len(asked) == len(set(asked))
    assert RULES.next_question(answers) is None


def test_skipped_question_counts_as_unknown():
    answers = {k: v for k, v in FITTING.items() if k != "elig_motivated"}
    result = RULES.evaluate(answers)
    assert "motivatie-onbekend" in {f.rule_id for f in result.findings}


def test_slot_text_is_converted():
    answers = answers_from_slots({"elig_age": "45", "elig_werkfit": "ja"}, RULES)
    assert answers == {"elig_age": 45, "elig_werkfit": "ja"}
    assert answers_from_slots({"elig_age": "onbekend"}, RULES)["elig_age"] == UNKNOWN


def test_result_message_names_reasons_and_links_entries():
    kb = load()
    titles = {e.id: e.title for e in kb.entries.values()}
    result = RULES.evaluate(dict(FITTING, elig_regular_route="ja"))
    text, buttons = result_message(result, titles)
    assert text.startswith("Uw klant komt waarschijnlijk niet in aanmerking.")
    assert "bbl" in text
    assert buttons and "doelgroep-voorliggende-voorzieningen" in buttons[0]["payload"]


def test_every_rule_points_to_existing_entries():
    kb = load()
    assert RULES.rules
    for rule in RULES.rules:
        assert rule.entries and all(e in kb.entries for e in rule.entries), rule.id
