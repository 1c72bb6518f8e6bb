"""The Events table's search (`RowSearch`): whichever way it takes, it finds exactly the rows whose text
contains the needle, through sorting, the bin and undo."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hattama.ui.events import row_search
from hattama.ui.events.row_search import RowSearch

# Few letters, so needles often match, across words and not; Kazakh letters as the texts have them.
LETTERS = "аәқңөұі shа"
texts_strategy = st.lists(st.text(alphabet=LETTERS, max_size=30), max_size=25)
needle_strategy = st.text(alphabet=LETTERS, min_size=1, max_size=5).map(str.strip).filter(bool)


def containing(needle: str, texts: list[str], positions) -> list[int]:
    return [position for position in positions if needle in texts[position]]


@pytest.fixture(params=["index", "reading"])
def way(request, monkeypatch) -> str:
    """Each test runs once with the word index always answering and once with it never answering."""
    monkeypatch.setattr(row_search, "INDEX_SHARE", 10.0**9 if request.param == "index" else 0.0)
    return request.param


# The fixture only chooses the way; nothing in it needs resetting between examples.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=texts_strategy, needle=needle_strategy, data=st.data())
def test_finds_exactly_what_in_finds(way, texts, needle, data) -> None:
    search = RowSearch(texts)
    everything = list(range(len(texts)))
    assert search.find(needle, everything) == containing(needle, texts, everything)
    some = sorted(data.draw(st.sets(st.sampled_from(everything))) if texts else [])
    assert search.find(needle, some) == containing(needle, texts, some)


# The fixture only chooses the way; nothing in it needs resetting between examples.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=texts_strategy, added=texts_strategy, needle=needle_strategy, data=st.data())
def test_follows_sorting_removal_and_rows_coming_back(way, texts, added, needle, data) -> None:
    search = RowSearch(texts)
    combined = [*texts, *added]
    # A sort (a permutation), the bin (some rows gone) and undo (rows added) are all one rearrangement.
    kept = data.draw(st.permutations(range(len(combined))))
    kept = kept[: data.draw(st.integers(0, len(kept)))]
    search.rearrange(kept, added=added)
    shown = [combined[position] for position in kept]
    assert search.find(needle, list(range(len(shown)))) == containing(needle, shown, range(len(shown)))


def test_a_needle_across_words_matches_only_the_words_in_that_order(way) -> None:
    texts = ["қытай делегациясымен келіссөздер", "делегациясымен қытай", "қытай  делегация"]
    search = RowSearch(texts)
    assert search.find("қытай делегация", [0, 1, 2]) == [0]
    assert search.find("тай дел", [0, 1, 2]) == [0]


def test_the_cheaper_way_is_chosen_by_how_many_rows_the_index_would_list() -> None:
    texts = ["шос форумы"] + [f"кездесу {number}" for number in range(99)]
    search = RowSearch(texts)
    everything = list(range(100))
    assert search._numbers_with("шос", at_most=75) == [0]
    # 99 rows hold "кездесу": more than three quarters of the candidates, so the texts are read instead.
    assert search._numbers_with("кездесу", at_most=int(row_search.INDEX_SHARE * len(everything))) is None
