"""Alert rules (analysts): which moves to tell whom about, by webhook or e-mail. Secrets never leave."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from telcoradar.jobs import alerts
from telcoradar.sources.guard import Guard
from telcoradar.store.alerts import Rule
from telcoradar.web.deps import RequireAnalyst, StateDep, StoreDep
from telcoradar.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/alerts", tags=["alerts"], responses=ERROR_RESPONSES)
Words = list[Annotated[str, Field(max_length=100)]]


class AlertParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regions: Words | None = None
    operators: Words | None = None
    exclude_operators: Words | None = None
    min_pct: float | None = Field(default=None, ge=0, le=100, description="price_cut: at least this % cut")
    audience_words: Words | None = None
    kinds: Words | None = None
    domains: Words | None = None


class AlertRuleIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    kind: str = Field(pattern="^(" + "|".join(alerts.RULE_KINDS) + ")$")
    channel: str = Field(pattern="^(webhook|email)$")
    target: str = Field(min_length=3, max_length=2000, description="A webhook URL or an e-mail address")
    params: AlertParams = Field(default_factory=AlertParams)
    secret: str | None = Field(default=None, max_length=200, description="HMAC key for webhook signatures")
    lang: str = Field(default="zh", pattern="^(zh|en)$")


class AlertRuleOut(BaseModel):
    id: int
    name: str
    kind: str
    channel: str
    target: str
    params: AlertParams
    lang: str
    enabled: bool
    signed: bool = Field(description="Whether webhook messages are signed (the key itself is never shown)")


def rule_out(rule: Rule) -> AlertRuleOut:
    known = {k: v for k, v in rule.params.items() if k in AlertParams.model_fields}
    return AlertRuleOut(
        id=rule.id,
        name=rule.name,
        kind=rule.kind,
        channel=rule.channel,
        target=rule.target,
        params=AlertParams(**known),
        lang=rule.lang,
        enabled=rule.enabled,
        signed=bool(rule.secret),
    )


@router.get("", response_model=list[AlertRuleOut], summary="Alert rules")
def list_alerts(store: StoreDep, _caller: RequireAnalyst) -> list[AlertRuleOut]:
    return [rule_out(rule) for rule in alerts.list_rules(store)]


@router.post("", response_model=AlertRuleOut, status_code=201, summary="Add an alert rule")
def add_alert(body: AlertRuleIn, state: StateDep, _caller: RequireAnalyst) -> AlertRuleOut:
    """A webhook must pass the same private-address guard as a fetched page (400 when not)."""
    store = state.store
    rule_id = alerts.add_rule(
        store,
        body.name,
        body.kind,
        body.channel,
        body.target,
        params=body.params.model_dump(exclude_none=True),
        secret=body.secret,
        lang=body.lang,
        guard=Guard(allow_private=state.config.allow_private),
    )
    return next(rule_out(rule) for rule in alerts.list_rules(store) if rule.id == rule_id)


@router.delete("/{rule_id}", status_code=204, response_class=Response, summary="Remove an alert rule")
def remove_alert(
    rule_id: Annotated[int, Path(ge=1, le=2**62)], store: StoreDep, _caller: RequireAnalyst
) -> Response:
    if not alerts.remove_rule(store, rule_id):
        raise HTTPException(404, f"no alert rule {rule_id}")
    return Response(status_code=204)
