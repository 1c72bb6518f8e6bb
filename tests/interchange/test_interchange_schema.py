"""The schema file, and the fast check compiled from it, held to jsonschema's verdict."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from hattama.rules.event_validation import (
    EVENT_KINDS,
    MAX_LENGTHS,
    MAX_PARTICIPANTS,
    MAX_PARTIES,
    PARTICIPANT_SIDES,
    PARTY_KINDS,
)
from hattama.rules.exemptions import ExemptionArea
from hattama.services.attachments import MAX_ATTACHMENT_BYTES
from hattama.services.interchange.schema import _Compiler, first_violation, interchange_schema
from tests.interchange.test_interchange_refusals import SCHEMA_CASES, mutate

SCHEMA = interchange_schema()
DEFINITIONS = SCHEMA["$defs"]
VALIDATOR = Draft202012Validator(SCHEMA)


def test_the_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_an_exported_document_is_valid_for_both(valid_document) -> None:
    assert VALIDATOR.is_valid(valid_document)
    assert first_violation(valid_document) is None


@pytest.mark.parametrize(("change", "path"), [(case[1], case[3]) for case in SCHEMA_CASES],
                         ids=[case[0] for case in SCHEMA_CASES])
def test_each_breach_is_one_jsonschema_sees_at_the_same_place(valid_document, change, path: str) -> None:
    broken = mutate(valid_document, change)
    violation = first_violation(broken)
    assert violation is not None and violation.path == path
    assert path in {error.json_path for error in VALIDATOR.iter_errors(broken)}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10**9) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40) | st.sampled_from(["talks", "ours", "country", "KZ", "2025-03-12", "2025-03-12T10:00:00",
                                             "2025-03-12T10:00:00.000001Z", "00000000-0000-4000-8000-000000000001",
                                             "0" * 64, "kk", "draft", "Ж" * 1001]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def locations(value: Any, trail: tuple = ()) -> list[tuple]:
    """Every place in a document a value sits at."""
    places = [trail]
    if isinstance(value, dict):
        for key, item in value.items():
            places += locations(item, (*trail, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            places += locations(item, (*trail, index))
    return places


def replace_at(document: Any, trail: tuple, value: Any, remove: bool) -> Any:
    if not trail:
        return value
    changed = copy.deepcopy(document)
    container = changed
    for step in trail[:-1]:
        container = container[step]
    if remove:
        del container[trail[-1]]
    else:
        container[trail[-1]] = value
    return changed


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_random_damage_gets_the_same_verdict_as_jsonschema(valid_document, data) -> None:
    trail = data.draw(st.sampled_from(locations(valid_document)))
    remove = bool(trail) and data.draw(st.booleans())
    damaged = replace_at(valid_document, trail, data.draw(JSON_VALUES), remove)
    violation = first_violation(damaged)
    errors = list(VALIDATOR.iter_errors(damaged))
    assert (violation is None) == (not errors)
    if violation is not None:
        assert violation.path in {error.json_path for error in errors}


def test_a_keyword_the_checker_does_not_know_is_refused_not_ignored() -> None:
    with pytest.raises(ValueError, match="format"):
        _Compiler({}).compile({"type": "string", "format": "email"})


def test_true_is_not_one_in_json() -> None:
    broken = {"format": "hattama-interchange", "version": True, "exported_at": "2025-01-01T00:00:00Z",
              "events": [], "reports": []}
    assert not VALIDATOR.is_valid(broken)
    assert first_violation(broken).path == "$.version"


def text_limit(definition: str, field: str) -> int:
    return DEFINITIONS[definition]["properties"][field]["maxLength"]


def test_the_schema_and_the_editors_validation_share_their_limits() -> None:
    event = DEFINITIONS["event"]["properties"]
    for field in ("title_kk", "title_ru", "city", "venue", "notes"):
        assert text_limit("event", field) == MAX_LENGTHS[field], field
    for field in ("code", "name"):
        assert text_limit("party", field) == MAX_LENGTHS[f"party.{field}"], field
    for field in ("full_name", "job_title", "organisation"):
        assert text_limit("participant", field) == MAX_LENGTHS[f"participant.{field}"], field
    assert event["parties"]["maxItems"] == MAX_PARTIES
    assert event["participants"]["maxItems"] == MAX_PARTICIPANTS
    assert DEFINITIONS["attachment"]["properties"]["size"]["maximum"] == MAX_ATTACHMENT_BYTES


def test_the_schema_lists_the_same_codes_as_the_code() -> None:
    event = DEFINITIONS["event"]["properties"]
    assert event["kind"]["enum"] == list(EVENT_KINDS)
    # p.50: the areas exempt from p.46 are the only accepted exemption codes.
    assert event["exemption_area"]["enum"] == [None, *(area.value for area in ExemptionArea)]
    assert DEFINITIONS["party"]["properties"]["kind"]["enum"] == list(PARTY_KINDS)
    assert DEFINITIONS["participant"]["properties"]["side"]["enum"] == list(PARTICIPANT_SIDES)


def test_report_statuses_match_the_reports_workflow() -> None:
    from hattama.services.reports import STATUSES

    assert DEFINITIONS["report"]["properties"]["status"]["enum"] == list(STATUSES)
