"""One shape for the status machines of records (issue 20.2): the statuses (a StrEnum), the name the officer reads
for each, and the moves between them in one table. A post-event report's (hattama.rules.report_status) and an
event's plan status (hattama.rules.plans) are the two machines; each module keeps the rules that are its own
around the moves (which dates a report's move stamps, which event statuses need a reason).

The services check every move here; the UI asks `allowed` which actions to enable; an import asks `reachable`
where another copy of a record may have come by the machine's moves since."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from hattama.rules.errors import Message, RuleError

S = TypeVar("S", bound=StrEnum)


class StatusMachine(Generic[S]):
    """`transitions[s]`: the statuses a record in `s` may move to. `unknown` (a msgid with {status}) refuses a
    value that is no status; `refused` (with {current} and {new}, both worded by the edge) refuses a move."""

    def __init__(self, labels: Mapping[S, str], transitions: Mapping[S, tuple[S, ...]], *, unknown: str,
                 refused: str) -> None:
        self.status_type: type[S] = type(next(iter(labels)))
        if set(labels) != set(self.status_type) or set(transitions) != set(self.status_type):
            raise ValueError(f"every {self.status_type.__name__} needs its label and its moves")
        self.labels = dict(labels)
        self.transitions = dict(transitions)
        self.unknown = unknown
        self.refused = refused

    def status(self, value: str) -> S:
        """The status `value` names, or RuleError when it names none."""
        try:
            return self.status_type(value)
        except ValueError:
            raise RuleError(self.unknown, status=value) from None

    def allowed(self, current: str) -> tuple[S, ...]:
        """The statuses a record in `current` may move to, in the table's order."""
        return self.transitions[self.status(current)]

    def reachable(self, current: str) -> frozenset[S]:
        """`current` and every status a record in it can come to by one move or more."""
        found = {self.status(current)}
        frontier = list(found)
        while frontier:
            for target in self.transitions[frontier.pop()]:
                if target not in found:
                    found.add(target)
                    frontier.append(target)
        return frozenset(found)

    def leading_to(self, target: S) -> frozenset[S]:
        """The statuses from which a record may move to `target`."""
        return frozenset(status for status, targets in self.transitions.items() if target in targets)

    def label(self, status: str) -> Message:
        """The status's name, nested for the edge to word in its language."""
        return Message(self.labels[self.status(status)])

    def refusal(self, current: str, new: str) -> RuleError:
        return RuleError(self.refused, current=self.label(current), new=self.label(new))
