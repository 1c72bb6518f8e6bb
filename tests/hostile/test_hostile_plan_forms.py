"""Hostile values in the p.46 plan's Russian forms (issue 19.2, migration 0018): a text over its limit in
`participation_level_ru`, `initiator_ru`, `funding_source_ru` or `programme_ru` is refused with a sentence naming
the limit — from the editor's service and from an interchange file — and the store is as it was."""

from __future__ import annotations

import copy
import sqlite3
from typing import Any

import pytest

from hattama.i18n import describe
from hattama.rules.event_validation import MAX_LENGTHS
from hattama.services.errors import ServiceError
from hattama.services.events import InvalidEvent, create_event
from hattama.services.interchange import import_interchange
from tests.events.samples import sample_event
from tests.hostile.interchange_hazards import valid_export

RUSSIAN_FORMS = ("participation_level_ru", "initiator_ru", "funding_source_ru", "programme_ru")


@pytest.fixture(scope="module")
def export_a(tmp_path_factory) -> dict[str, Any]:
    return valid_export(tmp_path_factory.mktemp("body-a"), events=2)


def dump(store) -> str:
    with sqlite3.connect(store.path) as connection:
        return "\n".join(connection.iterdump())


@pytest.mark.parametrize("field", RUSSIAN_FORMS)
def test_an_over_long_russian_form_is_refused_by_the_service_with_its_limit(store, field: str) -> None:
    limit = MAX_LENGTHS[field]
    before = dump(store)
    with pytest.raises(InvalidEvent) as caught:
        create_event(store, sample_event(status="planned", **{field: "Ж" * (limit + 1)}))
    assert [problem.field for problem in caught.value.problems] == [field]
    assert f"This text is longer than {limit} characters." in describe(caught.value, "en")
    assert dump(store) == before
    create_event(store, sample_event(status="planned", **{field: "Ж" * limit}))  # the limit itself is accepted


@pytest.mark.parametrize("field", RUSSIAN_FORMS)
def test_an_over_long_russian_form_in_a_file_is_refused_and_nothing_is_stored(store, export_a, field: str) -> None:
    document = copy.deepcopy(export_a)
    document["events"][0][field] = "Ж" * (MAX_LENGTHS[field] + 1)
    before = dump(store)
    with pytest.raises(ServiceError) as caught:
        import_interchange(store, document)
    sentence = describe(caught.value, "en")
    assert str(MAX_LENGTHS[field]) in sentence and field in sentence, sentence
    assert dump(store) == before


def test_a_russian_form_that_is_not_text_in_a_file_is_refused(store, export_a) -> None:
    document = copy.deepcopy(export_a)
    document["events"][0]["initiator_ru"] = ["Иностранная", "сторона"]
    before = dump(store)
    with pytest.raises(ServiceError):
        import_interchange(store, document)
    assert dump(store) == before
