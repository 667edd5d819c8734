"""The questions of the network's two annual instruments, as data (DOMAIN.md §4.11, Anexo 1).

The coordinators' questionnaire reconstructs the 2015 survey of Anexo 1 ("19 preguntas") from
what its tables and text show: causes (Cuadro 14), crimes in the locality and on the agenda
(Cuadro 15), size and committees, formalisation (Cuadro 16), acquaintance (Cuadro 17), factors
(Cuadro 18), experience (Cuadro 19), motivations (Cuadro 20), risks (Cuadro 21) and the
coordinator's profile. The document does not print the questionnaire itself, so the wording is
ours and three of its nineteen questions cannot be reconstructed. The coded choices are the
categories of the Cuadros; where the document says answers were open and grouped afterwards
(the causes) or where its totals count answers outside the printed rows (the risks), an
"other" choice with free text keeps what fits no category.

The self-assessment is the formalisation checklist (Cuadro 16) and a rating of each
replicability factor of Cuadro 1; the formalisation items share their codes with the
questionnaire's, so both instruments tabulate Cuadro 16 the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from msj.surveys.models import SurveyRound

OTHER = "other"
YES, NO = "yes", "no"
YES_NO: tuple[tuple[str, Promise], ...] = ((YES, _("Yes")), (NO, _("No")))


class QuestionKind:
    CHOICE = "choice"  # one coded answer
    MENTIONS = "mentions"  # up to `mentions` distinct coded answers, in order (first, second, …)
    NUMBER = "number"  # a whole number


@dataclass(frozen=True)
class Question:
    code: str
    number: str  # as numbered on the form ("7a")
    text: Promise
    kind: str
    choices: tuple[tuple[str, Promise], ...] = ()
    mentions: int = 1
    other: bool = False  # an "other" choice with free text
    required: bool = True
    help: Promise | str = ""
    max_value: int = 100_000

    def choice_label(self, code: str) -> Promise | str:
        if code == OTHER:
            return _("Other")
        return dict(self.choices).get(code, code)


@dataclass(frozen=True)
class Section:
    title: Promise
    questions: tuple[Question, ...] = field(default_factory=tuple)


# Cuadro 16: the formalisation checklist, in the order of the document.
FORMALISATION: tuple[tuple[str, Promise], ...] = (
    ("f_bylaws", _("The Mesa has bylaws")),
    ("f_ethics", _("The Mesa has a code of ethics")),
    ("f_committee_rules", _("The committees operate with rules set beforehand")),
    ("f_standard_methodology", _("The indicators are built with a standardised methodology")),
    ("f_budget", _("The Mesa has an annual budget for running costs")),
    ("f_office", _("The Mesa has its own offices")),
    ("f_staff", _("The Mesa has administrative support staff")),
)

# Cuadro 1: factors associated with the replicability of the model, external or internal, and
# the incidence the study found (high or low).
EXTERNAL, INTERNAL = "external", "internal"
HIGH, LOW = "high", "low"
REPLICABILITY_FACTORS: tuple[tuple[str, str, str, Promise], ...] = (
    ("r_political_will", EXTERNAL, HIGH, _("Political decision")),
    ("r_alliances", EXTERNAL, HIGH, _("Vertical and horizontal alliances")),
    ("r_social_capital", EXTERNAL, HIGH, _("Local networks and social capital")),
    ("r_security_crisis", EXTERNAL, LOW, _("Security crisis")),
    ("r_material_resources", EXTERNAL, LOW, _("Availability of material resources")),
    ("r_business_presence", EXTERNAL, LOW, _("Presence of business people")),
    ("r_long_term", INTERNAL, HIGH, _("Long-term strategic interaction")),
    ("r_clear_rules", INTERNAL, HIGH, _("Clear and shared basic rules")),
    ("r_evidence", INTERNAL, HIGH, _("Generation of information and evidence")),
    ("r_network_support", INTERNAL, HIGH, _("Institutional support of the national network")),
    ("r_official_rank", INTERNAL, HIGH, _("Rank of the officials taking part")),
    ("r_coordinator_leadership", INTERNAL, HIGH, _("Leadership of the coordinators")),
    ("r_pluralism", INTERNAL, LOW, _("Pluralism and diversity of representation")),
    ("r_committees", INTERNAL, LOW, _("Working committees")),
    ("r_expertise", INTERNAL, LOW, _("Knowledge of security and justice issues")),
)
FACTOR_RATINGS: tuple[tuple[str, Promise], ...] = (
    (HIGH, _("Weighs a lot in our Mesa")),
    (LOW, _("Weighs little in our Mesa")),
)
FACTOR_KIND_LABELS = {EXTERNAL: _("External"), INTERNAL: _("Internal")}
INCIDENCE_LABELS = {HIGH: _("High"), LOW: _("Low")}

CAUSES = (
    ("social", _("Social causes")),
    ("corruption", _("Corruption of authorities and institutions")),
    ("impunity", _("Impunity and lack of rule of law")),
    ("coordination", _("Poor coordination between institutions")),
    ("participation", _("Lack of citizen participation")),
    ("situational", _("Situational factors")),
)
CRIMES = (
    ("kidnapping", _("Kidnapping")),
    ("homicide", _("Homicide")),
    ("trafficking", _("Human trafficking")),
    ("extortion", _("Extortion")),
    ("robbery", _("Burglary and street robbery")),
    ("vehicle_theft", _("Vehicle theft")),
    ("drug_dealing", _("Drug dealing (retail)")),
    ("gangs", _("Gangs")),
    ("protection_racket", _("Protection racket (cobro de piso)")),
)
ACQUAINTANCE = (
    ("most_well", _("I knew most of them very well")),
    ("some_well", _("I knew some of them very well")),
    ("some", _("I only knew some of them")),
    ("none", _("I did not know them")),
)
FACTORS = (
    ("commitment", _("Motivation and commitment of the participants")),
    ("trust", _("Trust between citizens and authorities")),
    ("resources", _("Availability of material resources")),
    ("information", _("Generation of reliable information")),
    ("confidentiality", _("Confidentiality between citizens and authorities")),
    ("severity", _("Severity of the security and justice situation")),
    ("influence", _("Social influence of the citizens")),
)
MOTIVATIONS = (
    ("affected", _("Harm to my own, my family's or my friends' safety")),
    ("support", _("Support of colleagues, friends and acquaintances")),
    ("experience", _("Experience in security and justice")),
    ("severity", _("Severity of the insecurity in the locality")),
    ("inaction", _("Inaction of the authorities")),
    ("apathy", _("Apathy of the citizens")),
)
RISKS = (
    ("politicisation", _("Politicisation of the security and justice agenda")),
    ("disclosure", _("Disclosure of sensitive information")),
    ("distrust", _("Lack of trust between citizens and authorities")),
    ("coordination", _("Lack of coordination between authorities")),
    ("conflict", _("Conflicts and tensions between citizens")),
    ("funding", _("Lack of funds for the projects")),
)
SEX = (("woman", _("Woman")), ("man", _("Man")))


def _yes_no(code: str, number: str, text: Promise) -> Question:
    return Question(code, number, text, QuestionKind.CHOICE, YES_NO)


COORDINATORS: tuple[Section, ...] = (
    Section(
        _("Security and justice in the locality"),
        (
            Question(
                "causes",
                "1",
                _("What are the main causes of the security and justice problems in your locality?"),
                QuestionKind.MENTIONS,
                CAUSES,
                mentions=3,
                other=True,
                help=_("Up to three; choose the closest group, or Other and write it in your words."),
            ),
            Question(
                "crimes_local",
                "2",
                _("Which three crimes are most frequent and harmful in your locality?"),
                QuestionKind.MENTIONS,
                CRIMES,
                mentions=3,
                other=True,
            ),
            Question(
                "crimes_agenda",
                "3",
                _("Which crimes are priorities on the Mesa's agenda?"),
                QuestionKind.MENTIONS,
                CRIMES,
                mentions=3,
                other=True,
            ),
        ),
    ),
    Section(
        _("The Mesa"),
        (
            Question("citizens", "4", _("How many citizens take part in the Mesa?"), QuestionKind.NUMBER),
            Question("committees", "5", _("How many committees are operating?"), QuestionKind.NUMBER),
            Question("committee_citizens", "6", _("How many citizens work in the committees?"), QuestionKind.NUMBER),
            *(_yes_no(code, f"7{'abcdefg'[i]}", text) for i, (code, text) in enumerate(FORMALISATION)),
            Question(
                "know_citizens",
                "8a",
                _("When the Mesa started, how well did you know its citizen members?"),
                QuestionKind.CHOICE,
                ACQUAINTANCE,
            ),
            Question(
                "know_local",
                "8b",
                _("When the Mesa started, how well did you know its state and municipal officials?"),
                QuestionKind.CHOICE,
                ACQUAINTANCE,
            ),
            Question(
                "know_federal",
                "8c",
                _("When the Mesa started, how well did you know its federal officials?"),
                QuestionKind.CHOICE,
                ACQUAINTANCE,
                required=False,
                help=_("Leave it blank if no federal officials take part."),
            ),
            Question(
                "factors",
                "9",
                _("Which factors have contributed most to the Mesa's development, in order of importance?"),
                QuestionKind.MENTIONS,
                FACTORS,
                mentions=3,
            ),
        ),
    ),
    Section(
        _("The coordinator"),
        (
            _yes_no("exp_security", "10", _("Did you have experience in security and justice issues before?")),
            _yes_no("exp_organisations", "11", _("Did you have experience in social organisations before?")),
            Question(
                "motivations",
                "12",
                _("What moved you to take part in the Mesa, in order of importance?"),
                QuestionKind.MENTIONS,
                MOTIVATIONS,
                mentions=2,
            ),
            Question(
                "risks",
                "13",
                _("What are the two most important risks the Mesa could face?"),
                QuestionKind.MENTIONS,
                RISKS,
                mentions=2,
                other=True,
            ),
            Question("sex", "14", _("Sex"), QuestionKind.CHOICE, SEX),
            Question("age", "15", _("Age"), QuestionKind.NUMBER, max_value=120),
            _yes_no("resident", "16", _("Do you live in the locality where the Mesa works?")),
        ),
    ),
)

SELF_ASSESSMENT: tuple[Section, ...] = (
    Section(
        _("Formalisation"),
        tuple(_yes_no(code, str(i + 1), text) for i, (code, text) in enumerate(FORMALISATION)),
    ),
    Section(
        _("Replicability factors"),
        tuple(
            Question(code, str(i + 8), text, QuestionKind.CHOICE, FACTOR_RATINGS)
            for i, (code, _kind, _incidence, text) in enumerate(REPLICABILITY_FACTORS)
        ),
    ),
)


def sections(kind: str) -> tuple[Section, ...]:

    return SELF_ASSESSMENT if kind == SurveyRound.Kind.SELF_ASSESSMENT else COORDINATORS


def questions(kind: str) -> dict[str, Question]:
    return {q.code: q for section in sections(kind) for q in section.questions}


Answers = dict[str, list[Any]]  # question code → its values, first mention first


def clean_answers(kind: str, raw: Answers, *, complete: bool) -> Answers:
    """Check answers against the catalogue; with `complete`, every required question answered.

    Raises one ValidationError mapping each offending question's code to what is wrong with it.
    """
    catalogue = questions(kind)
    errors: dict[str, list[Any]] = {}
    cleaned: Answers = {}
    for code in raw:
        if code not in catalogue:
            errors.setdefault("__all__", []).append(_("There is no question %(code)s.") % {"code": code})
    for code, question in catalogue.items():
        values = [v for v in raw.get(code, []) if v not in (None, "")]
        if not values:
            if complete and question.required:
                errors[code] = [_("Answer this question before submitting.")]
            continue
        if question.kind == QuestionKind.NUMBER:
            if len(values) != 1 or not isinstance(values[0], int) or not 0 <= values[0] <= question.max_value:
                errors[code] = [_("Write a whole number between 0 and %(max)s.") % {"max": question.max_value}]
                continue
        else:
            allowed = {c for c, _label in question.choices} | ({OTHER} if question.other else set())
            if any(v not in allowed for v in values):
                errors[code] = [_("Choose one of the listed answers.")]
                continue
            if len(values) > question.mentions:
                errors[code] = [_("Give at most %(n)s answers.") % {"n": question.mentions}]
                continue
            if len(set(values)) != len(values):
                errors[code] = [_("Each answer may be given only once.")]
                continue
        cleaned[code] = values
    if errors:
        raise ValidationError(errors)
    return cleaned
