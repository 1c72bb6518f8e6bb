"""Which rows of the Events table contain what the officer types: fast enough for every keystroke at 100,000 rows.

Plain Python, no Qt. A row matches when its casefolded search text contains the needle, exactly as `in` says.
Two ways to find them, and each search takes the cheaper:

- reading the texts of the candidate rows, which is cheapest when there are few candidates (typing on narrows
  the rows already shown) or when almost every row matches (a match near the start ends the reading early);
- a word index: a needle without spaces lies inside one word of a text, so the rows that match are those
  holding a word that contains it. Only the distinct words (a few thousand, however many rows) are read, then
  the rows listed under the words that match.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from itertools import repeat

# Taking a row from the index costs a little more than reading a demo row's text (~370 characters), measured on
# 100,000 rows: the index answers when it would take fewer rows than this share of the candidates.
INDEX_SHARE = 0.75

# Marks, in the position list, a row number no longer in the table (moved to the bin).
_GONE = -1


class RowSearch:
    """The rows' search texts in display order, with an index of their words.

    Every row added gets a number for good; the index lists numbers, so re-ordering the rows (a sort) or taking
    some out (the bin) only re-orders the small list of numbers, never the index.
    """

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._originals: list[str] = []
        self._postings: dict[str, list[int]] = {}
        self.numbers: list[int] = [self._add(text) for text in texts]
        self._place_rows()

    def rearrange(self, positions: Sequence[int], added: Iterable[str] = ()) -> None:
        """Adds rows with these texts after the current ones, then keeps, in this order, the rows at
        `positions` (of the current rows followed by the added ones)."""
        numbers = [*self.numbers, *map(self._add, added)]
        self.numbers = [numbers[position] for position in positions]
        self._place_rows()

    def _place_rows(self) -> None:
        """The texts in display order, and where each row number is shown."""
        # Fresh copies, each allocated right after the previous one, so a reading pass goes through memory in
        # order: three times faster at 100,000 rows than reading strings scattered by a sort. The copies end
        # with a line break, which a needle (stripped, typed on one line) never ends with, so none matches more.
        originals = self._originals
        self.texts: list[str] = [originals[number] + "\n" for number in self.numbers]
        # Made here, with the texts (on the worker for a load), rather than on the first keystroke after.
        self._position_of = dict(zip(self.numbers, range(len(self.numbers)), strict=True))

    def _add(self, text: str) -> int:
        number = len(self._originals)
        self._originals.append(text)
        postings = self._postings
        for word in set(text.split()):
            listed = postings.get(word)
            if listed is None:
                postings[word] = [number]
            else:
                listed.append(number)
        return number

    def find(self, needle: str, candidates: Sequence[int]) -> list[int]:
        """The candidate positions (ascending, as given) whose text contains `needle` (casefolded, stripped,
        not blank)."""
        longest_word = max(needle.split(), key=len)
        numbers = self._numbers_with(longest_word, at_most=int(INDEX_SHARE * len(candidates)))
        texts = self.texts
        if numbers is None:
            return [position for position in candidates if needle in texts[position]]
        positions = self._positions(numbers)
        if len(candidates) < len(texts):
            allowed = set(candidates)
            positions = [position for position in positions if position in allowed]
        if longest_word != needle:
            # A needle across words: its longest word narrowed the rows; the texts have the last word.
            positions = [position for position in positions if needle in texts[position]]
        return positions

    def _numbers_with(self, part: str, at_most: int) -> Iterable[int] | None:
        """The numbers of the rows holding a word that contains `part`, or None if the index would list more
        than `at_most` of them (reading the texts is then cheaper)."""
        lists = [listed for word, listed in self._postings.items() if part in word]
        if sum(map(len, lists)) > at_most:
            return None
        if len(lists) == 1:
            return lists[0]
        return set().union(*lists)

    def _positions(self, numbers: Iterable[int]) -> list[int]:
        positions = sorted(map(self._position_of.get, numbers, repeat(_GONE)))
        return positions[bisect.bisect_right(positions, _GONE):]
