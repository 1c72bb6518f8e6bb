"""The areas of international activity p.50 exempts from p.46, with a label and a full "does not apply" sentence
for each (one sentence per area, so translators never assemble sentences from parts)."""

from __future__ import annotations

from enum import StrEnum

from hattama.rules.errors import N_, RuleError


class ExemptionArea(StrEnum):
    CRIMINAL_PROCEEDINGS = "criminal_proceedings"
    COUNTER_INTELLIGENCE_INTELLIGENCE = "counter_intelligence_intelligence"
    OPERATIONAL_SEARCH = "operational_search"
    LAW_ENFORCEMENT_TRAINING = "law_enforcement_training"
    LAW_ENFORCEMENT_OPERATIONS = "law_enforcement_operations"
    PROTECTED_PERSONS_SECURITY = "protected_persons_security"
    INVESTMENT = "investment"
    TRADE_ECONOMIC_IN_ORGANISATIONS = "trade_economic_in_organisations"

    @property
    def label(self) -> str:
        return EXEMPTION_AREA_LABELS[self]

    @property
    def not_applicable_msgid(self) -> str:
        """Placeholders: {item} (the obligation's item), {exemption_item} (p.50)."""
        return _NOT_APPLICABLE_MSGIDS[self]


EXEMPTION_AREA_LABELS: dict[ExemptionArea, str] = {
    ExemptionArea.CRIMINAL_PROCEEDINGS: N_("Criminal proceedings"),
    ExemptionArea.COUNTER_INTELLIGENCE_INTELLIGENCE: N_("Counter-intelligence and intelligence"),
    ExemptionArea.OPERATIONAL_SEARCH: N_("Operational-search and investigative work"),
    ExemptionArea.LAW_ENFORCEMENT_TRAINING: N_("Training and staffing of law-enforcement bodies"),
    ExemptionArea.LAW_ENFORCEMENT_OPERATIONS: N_("Organisation of law-enforcement operational work"),
    ExemptionArea.PROTECTED_PERSONS_SECURITY: N_("Security of protected persons and sites"),
    ExemptionArea.INVESTMENT: N_("Investment policy and cooperation"),
    ExemptionArea.TRADE_ECONOMIC_IN_ORGANISATIONS: N_(
        "Trade-economic cooperation within international and regional organisations (including the EAEU and the WTO)"),
}

_NOT_APPLICABLE_MSGIDS: dict[ExemptionArea, str] = {
    ExemptionArea.CRIMINAL_PROCEEDINGS: N_(
        "{item} does not apply to international activity in criminal proceedings ({exemption_item})."),
    ExemptionArea.COUNTER_INTELLIGENCE_INTELLIGENCE: N_(
        "{item} does not apply to international activity in counter-intelligence and intelligence ({exemption_item})."),
    ExemptionArea.OPERATIONAL_SEARCH: N_(
        "{item} does not apply to operational-search and investigative work ({exemption_item})."),
    ExemptionArea.LAW_ENFORCEMENT_TRAINING: N_(
        "{item} does not apply to the training and staffing of law-enforcement bodies ({exemption_item})."),
    ExemptionArea.LAW_ENFORCEMENT_OPERATIONS: N_(
        "{item} does not apply to organising the operational work of law-enforcement bodies ({exemption_item})."),
    ExemptionArea.PROTECTED_PERSONS_SECURITY: N_(
        "{item} does not apply to events securing protected persons and sites ({exemption_item})."),
    ExemptionArea.INVESTMENT: N_(
        "{item} does not apply to investment policy and cooperation ({exemption_item})."),
    ExemptionArea.TRADE_ECONOMIC_IN_ORGANISATIONS: N_(
        "{item} does not apply to trade-economic cooperation within international and regional organisations, "
        "including the EAEU and the WTO ({exemption_item})."),
}


def exemption_area(code: str) -> ExemptionArea:
    """The area for a stored code; RuleError naming the code if it is not one of the exempted areas."""
    try:
        return ExemptionArea(code)
    except ValueError:
        raise RuleError(N_("“{code}” is not one of the exempted areas of international activity."), code=code) from None
