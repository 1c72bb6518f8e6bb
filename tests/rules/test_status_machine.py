"""Issue 20.2: the report's and the event's status machines are one shape (hattama.rules.status_machine): each
refuses what its table does not allow, in the officer's words for both statuses, and knows where a record can
come by several moves (what an import of another copy may bring)."""

from __future__ import annotations

from enum import StrEnum

import pytest

from hattama.i18n import describe
from hattama.rules import plans, report_status
from hattama.rules.errors import N_, RuleError
from hattama.rules.status_machine import StatusMachine


class Light(StrEnum):
    RED = "red"
    GREEN = "green"
    AMBER = "amber"


LIGHTS = StatusMachine({Light.RED: N_("Red"), Light.GREEN: N_("Green"), Light.AMBER: N_("Amber")},
                       {Light.RED: (Light.GREEN,), Light.GREEN: (Light.AMBER,), Light.AMBER: (Light.RED,)},
                       unknown="No light {status}.", refused="From {current} never to {new}.")


def test_a_machine_reads_its_table() -> None:
    assert LIGHTS.allowed("red") == (Light.GREEN,)
    assert LIGHTS.leading_to(Light.RED) == {Light.AMBER}
    assert LIGHTS.reachable("red") == set(Light)
    with pytest.raises(RuleError) as unknown:
        LIGHTS.status("blue")
    assert describe(unknown.value, "en") == "No light blue."
    assert describe(LIGHTS.refusal("red", "amber"), "en") == "From Red never to Amber."


def test_a_machine_needs_every_status_labelled_and_placed() -> None:
    with pytest.raises(ValueError, match="label and its moves"):
        StatusMachine({Light.RED: "Red"}, {Light.RED: ()}, unknown="", refused="")


@pytest.mark.parametrize(("machine", "current", "new", "words"), [
    (report_status.MACHINE, "acknowledged", "draft", ("Acknowledged by the MFA", "Draft")),
    (plans.MACHINE, "held", "planned", ("Held", "Planned")),
], ids=["report (p.46)", "event (p.46 plan)"])
def test_both_machines_refuse_a_move_in_the_statuses_names(machine, current: str, new: str,
                                                          words: tuple[str, str]) -> None:
    assert machine.status(new) not in machine.allowed(current)
    sentence = describe(machine.refusal(current, new), "en")
    assert all(f"“{word}”" in sentence for word in words), sentence


def test_an_event_refuses_a_move_its_table_does_not_allow_naming_both_statuses() -> None:
    """p.46 plan: a held event is the registry's record; it never goes back to planned."""
    with pytest.raises(RuleError) as refused:
        plans.check_transition("held", "planned")
    russian = describe(refused.value, "ru")
    assert "Проведено" in russian and "Запланировано" in russian and "held" not in russian
