from telcoradar.extract.operators import find_operators
from telcoradar.extract.shared_names import settle_shared


def _ids(text: str) -> list[str]:
    return [m.operator for m in settle_shared(text, find_operators(text))]


def test_the_market_in_the_sentence_picks_the_owner() -> None:
    assert _ids("沃达丰本周在西班牙六个城市开通了5G独立组网。") == ["vodafone-es"]
    assert _ids("O2 has cut roaming fees for customers in Germany.") == ["o2-de"]


def test_the_owner_named_in_full_elsewhere_in_the_document() -> None:
    text = "Vodafone Idea raised prepaid tariffs. Vodafone said more rises may follow."
    assert _ids(text) == ["vodafone-idea", "vodafone-idea"]


def test_no_clue_keeps_the_registry_reading() -> None:
    assert _ids("Vodafone launched a new SIM-only plan.") == [find_operators("Vodafone")[0].operator]
    # two markets in one sentence tell nothing
    assert _ids("Vodafone sells in Spain and Italy.") == [find_operators("Vodafone")[0].operator]
