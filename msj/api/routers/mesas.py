"""The Mesas the caller may enter, their frame and their rules."""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict, create_model

from msj.api.access import caller, mesa_actor, places_of
from msj.api.problems import Problem, form_errors
from msj.api.schemas import MesaOut
from msj.mesas import services
from msj.mesas.forms import RULE_FIELDS, MesaRulesForm
from msj.mesas.models import Mesa
from msj.mesas.policies import mesa_policy

router = Router(tags=["mesas"])

# One field per rule of the web form, so that the API can never offer more or fewer rules.
RulesOut = create_model("MesaRules", __base__=Schema, **{name: (int, ...) for name in RULE_FIELDS})  # type: ignore[call-overload]


class RulesPatchBase(Schema):
    model_config = ConfigDict(extra="forbid")


RulesPatch = create_model(
    "MesaRulesChange",
    __base__=RulesPatchBase,
    **{name: (int | None, None) for name in RULE_FIELDS},  # type: ignore[call-overload]
)


def _rules(mesa: Mesa) -> dict[str, Any]:
    return {name: getattr(mesa, name) for name in RULE_FIELDS}


@router.get("/mesas", response=list[MesaOut], summary="List my Mesas", url_name="mesas")
@paginate
def list_mesas(request: HttpRequest) -> QuerySet[Mesa]:
    """The Mesas where the caller has a place, or which they accompany as network staff, by name."""
    ids = [actor.mesa.pk for actor in places_of(caller(request)) if mesa_policy.can(actor, "view", actor.mesa)]
    return Mesa.objects.filter(pk__in=ids).order_by("name", "pk")


@router.get("/mesas/{slug}", response=MesaOut, summary="Get a Mesa", url_name="mesa")
def get_mesa(request: HttpRequest, slug: str) -> Mesa:
    """The frame of one Mesa: name, state, status, time zone and installation date."""
    actor = mesa_actor(request, slug)
    mesa_policy.require(actor, "view", actor.mesa)
    return actor.mesa


@router.get("/mesas/{slug}/rules", response=RulesOut, summary="Get a Mesa's rules", url_name="mesa_rules")
def get_rules(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The Mesa's own rules (DOMAIN.md §3): vote windows, quorums, majorities, notices, absences."""
    actor = mesa_actor(request, slug)
    mesa_policy.require(actor, "view_rules", actor.mesa)
    return _rules(actor.mesa)


@router.patch("/mesas/{slug}/rules", response=RulesOut, summary="Change a Mesa's rules", url_name="mesa_rules_change")
def change_rules(request: HttpRequest, slug: str, payload: RulesPatch) -> dict[str, Any]:  # type: ignore[valid-type]
    """Change some of the Mesa's rules (coordinator and technical secretary only).

    Send only the rules to change. They are checked exactly as on the web page; if any is
    wrong nothing is saved and the answer lists every field to correct. The change is
    recorded in the audit trail.
    """
    actor = mesa_actor(request, slug)
    mesa = actor.mesa
    mesa_policy.require(actor, "view_rules", mesa)
    mesa_policy.require(actor, "change_rules", mesa)
    changes = {name: "" if value is None else value for name, value in payload.model_dump(exclude_unset=True).items()}  # type: ignore[attr-defined]
    form = MesaRulesForm({**_rules(mesa), **changes}, instance=mesa)
    if not form.is_valid():
        raise Problem(422, errors=form_errors(form.errors))
    services.save_rules(form=form, by=actor, request=request)
    return _rules(mesa)
