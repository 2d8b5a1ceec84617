"""Woonplaats -> gemeente -> arbeidsmarktregio (knowledge/places.yml, bot/knowledge/places.py):
the data is complete and consistent, names resolve exactly (never a near match), and a place
is found in a sentence without false hits on ordinary words."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
import yaml

from bot.knowledge import places
from bot.knowledge.kb import load_regions
from bot.knowledge.regions import detect_region

DATA = yaml.safe_load(places.PLACES_FILE.read_text(encoding="utf-8"))
# CBS, gemeentelijke indeling op 1 januari 2025 (the reference date in the file).
GEMEENTEN_2025 = 342


def _all_names():
    for region, members in DATA["regions"].items():
        for gemeente, others in members.items():
            for name in (gemeente, *(others or ())):
                yield region, gemeente, name


def test_the_file_names_its_source_and_reference_date():
    text = places.PLACES_FILE.read_text(encoding="utf-8")
    assert str(DATA["reference_date"]) == "2025-01-01"
    assert "Gebieden in Nederland" in text and "arbeidsmarktregio" in text


def test_every_gemeente_exactly_once():
    listed = [g for members in DATA["regions"].values() for g in members]
    twice = [g for g, n in Counter(listed).items() if n > 1]
    assert twice == []
    assert len(listed) == GEMEENTEN_2025
    assert len(places.gemeenten()) == GEMEENTEN_2025


def test_the_35_regions_are_those_of_the_directory_and_none_is_empty():
    directory = set(load_regions())
    assert len(directory) == 35
    assert set(DATA["regions"]) == directory
    assert all(DATA["regions"][rid] for rid in directory)


def test_no_name_points_at_two_gemeenten():
    where = defaultdict(set)
    for _, gemeente, name in _all_names():
        where[places.key(str(name))].add(gemeente)
    assert {k: g for k, g in where.items() if len(g) > 1} == {}


def test_ambiguous_and_guarded_names_are_consistent():
    keys = {places.key(str(name)) for _, _, name in _all_names()}
    assert [a for a in DATA["ambiguous"] if places.key(a) in keys] == []
    assert [w for w in DATA["common_words"] if places.key(w) not in keys] == []


@pytest.mark.parametrize(
    "typed, gemeente, region",
    [
        ("Enschede", "Enschede", "twente"),
        ("Den Bosch", "'s-Hertogenbosch", "noordoost-brabant"),
        ("'s-Hertogenbosch", "'s-Hertogenbosch", "noordoost-brabant"),
        ("s Hertogenbosch", "'s-Hertogenbosch", "noordoost-brabant"),
        ("’s-Hertogenbosch", "'s-Hertogenbosch", "noordoost-brabant"),
        ("Den Haag", "'s-Gravenhage", "haaglanden"),
        ("'s-Gravenhage", "'s-Gravenhage", "haaglanden"),
        ("Scheveningen", "'s-Gravenhage", "haaglanden"),
        ("Den helder", "Den Helder", "noord-holland-noord"),
        ("DEN HELDER", "Den Helder", "noord-holland-noord"),
        ("Heerhugowaard", "Dijk en Waard", "noord-holland-noord"),
        ("Súdwest-Fryslân", "Súdwest-Fryslân", "friesland"),
        ("Sudwest Fryslan", "Súdwest-Fryslân", "friesland"),
        ("sneek", "Súdwest-Fryslân", "friesland"),
        ("Hoogvliet", "Rotterdam", "rijnmond"),
        ("Kerkrade", "Kerkrade", "zuid-limburg"),
        ("Weesp", "Amsterdam", "groot-amsterdam"),
        ("Capelle a/d IJssel", "Capelle aan den IJssel", "rijnmond"),
        ("St. Michielsgestel", "Sint-Michielsgestel", "noordoost-brabant"),
        ("Nuenen", "Nuenen, Gerwen en Nederwetten", "zuidoost-brabant"),
        ("Bergen NH", "Bergen (NH.)", "noord-holland-noord"),
        ("Bergen (L.)", "Bergen (L.)", "noord-limburg"),
        ("Bergen op Zoom", "Bergen op Zoom", "west-brabant"),
        ("gemeente Breda", "Breda", "west-brabant"),
        ("Best", "Best", "zuidoost-brabant"),
        ("Land van Cuijk", "Land van Cuijk", "noordoost-brabant"),
        ("Hengelo", "Hengelo", "twente"),
        ("Hengelo (Gld)", "Bronckhorst", "achterhoek"),
    ],
)
def test_names_and_variants_resolve(typed, gemeente, region):
    place = places.resolve(typed)
    assert place is not None, typed
    assert (place.gemeente, place.region) == (gemeente, region)


@pytest.mark.parametrize(
    "typed",
    ["Bergen", "Alphen", "Bredaa", "Amsterdm", "Limburg", "Noord-Brabant", "", "x" * 500],
)
def test_unknown_or_ambiguous_names_resolve_to_nothing(typed):
    assert places.resolve(typed) is None


@pytest.mark.parametrize(
    "sentence, region",
    [
        ("bij wie kan ik terecht in Breda?", "west-brabant"),
        ("en in Best?", "zuidoost-brabant"),
        ("wie is het leerwerkloket in Den Bosch", "noordoost-brabant"),
        ("ik woon in Bergen op Zoom", "west-brabant"),
        ("hoe werkt het in Land van Cuijk?", "noordoost-brabant"),
        ("een kandidaat uit Ede", "foodvalley"),
        ("Heerhugowaard", "noord-holland-noord"),
    ],
)
def test_a_place_is_found_in_a_sentence(sentence, region):
    place = places.find(sentence)
    assert place is not None and place.region == region


@pytest.mark.parametrize(
    "sentence",
    [
        "wat kan ik het best doen?",
        "het leek me een goed idee",
        "is dat echt zo?",
        "ik help mijn buren",
        "Nederland is een waterland",
        "de prijzen dalen",
        "kan dat leiden tot uitval?",
        "wie betaalt de praktijkverklaring in de provincie Utrecht?",
        "hoeveel kost een jobcoach?",
        "ik wil graag werken in de zorg",
        "moet ik daar zelf iets voor betalen of hoeven we dat niet te doen",
        "wat is de altena regeling",
        "wat kost het",
    ],
)
def test_ordinary_sentences_name_no_place(sentence):
    assert places.find_all(sentence) == []


def test_two_places_are_not_one():
    assert places.find("tussen Breda en Tilburg") is None
    assert len(places.find_all("tussen Breda en Tilburg")) == 2


def test_detect_region_takes_a_gemeente_and_a_region_name():
    regions = load_regions()
    assert detect_region("en in Breda?", regions) == "west-brabant"
    assert detect_region("bij wie kan ik terecht in Noord-Holland Noord?", regions) == (
        "noord-holland-noord"
    )
    assert detect_region("Den helder", regions) == "noord-holland-noord"
    assert detect_region("Breda of Zwolle?", regions) is None  # two regions: none chosen
    assert detect_region("wat kan ik het best doen?", regions) is None
