"""What the editor says about keys and values: each field's description, the model a key
belongs to, and the labels of enum values (the site's words, ``present.site.messages``)."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from omrade.labels import ENUMS
from omrade.model import documents as m

# A field's meaning, by key (the same key means the same in every kind), in (sv, en);
# (kind, key) where a kind uses the key otherwise. Words from the glossary.
DESCRIPTIONS: dict[str | tuple[str, str], tuple[str, str]] = {
    "kind": (
        "Filens slag: municipality, indicators, district, analysis, programme, plan, group, "
        "budget, dialogue eller guideline.",
        "The file's kind: municipality, indicators, district, analysis, programme, plan, "
        "group, budget, dialogue or guideline.",
    ),
    "id": (
        "Id:t som andra filer hänvisar till (små bokstäver a–z, siffror och bindestreck; "
        "lokala id:n som HU1 och A3 får ha versaler och punkt).",
        "The id other files refer to (lowercase a–z, digits and hyphens; local ids such as "
        "HU1 and A3 may have capitals and dots).",
    ),
    "name": ("Namnet som visas för läsaren.", "The name shown to readers."),
    "title": ("Rubriken som visas för läsaren.", "The title shown to readers."),
    "illustrative": (
        "Att uppgifterna är påhittade (för exempel och övning), och vad som är påhittat.",
        "That the data is invented (for examples and practice), and what is.",
    ),
    "status": (
        "Dokumentets status: utkast, på remiss, antagen, ersatt eller upphävd.",
        "The document's status: draft, consultation, adopted, replaced or withdrawn.",
    ),
    ("follow_up", "status"): (
        "Insatsens läge vid uppföljningen: ej påbörjad, pågår, genomförd, försenad, avbruten.",
        "The action's state at the follow-up: not started, ongoing, done, delayed, cancelled.",
    ),
    "decision": (
        "Beslutet som antog dokumentet: nämnd (body), datum, diarienummer (reference).",
        "The decision that adopted the document: body, date, reference (diary number).",
    ),
    "body": ("Nämnden, ett id från bodies i municipality.yaml.", "The body: an id from bodies."),
    "date": ("Datum (ÅÅÅÅ-MM-DD).", "A date (YYYY-MM-DD)."),
    "reference": ("Diarienummer, t.ex. KS/2025:61.", "The diary number, e.g. KS/2025:61."),
    "paragraph": ("Paragrafen i protokollet, t.ex. § 157.", "The minutes' paragraph."),
    "district": (
        "Stadsdelen, ett id från data/districts/<id>.yaml.",
        "The district: an id from data/districts/<id>.yaml.",
    ),
    "districts": ("Stadsdelarna (id:n).", "The districts (ids)."),
    ("budget", "districts"): (
        "Stadsdelarna som får del av anslaget; utan listan alla.",
        "The districts that share the grant; without the list, all.",
    ),
    "programme": (
        "Utvecklingsprogrammet, ett id från data/programmes/<id>.yaml.",
        "The programme: an id from data/programmes/<id>.yaml.",
    ),
    "year": ("Året.", "The year."),
    "guideline": ("Riktlinjerna dokumentet följer (id).", "The guideline it follows (id)."),
    "actions": ("Årets insatser.", "The year's actions."),
    "main_task": (
        "Huvuduppgiften i programmet som insatsen hör till (t.ex. HU1).",
        "The programme's main task the action belongs to (e.g. HU1).",
    ),
    ("group", "main_task"): (
        "Huvuduppgiften samordningsgruppen ansvarar för: programme och id.",
        "The main task a coordination group is for: programme and id.",
    ),
    "type": (
        "Insatsens slag: främjande, förebyggande eller åtgärdande.",
        "The action's type: promoting, preventive or intervention.",
    ),
    ("group", "type"): (
        "Gruppens slag: nätverksgrupp, samordningsgrupp, områdesgrupp, dialogforum, annan.",
        "The group's type: network, coordination, area group, dialogue forum, other.",
    ),
    ("municipality", "type"): (
        "Organisationens slag: förvaltning, nämnd, bolag, myndighet, civilsamhälle, näringsliv.",
        "The organisation's type: administration, board, company, authority, civil society, …",
    ),
    "responsible": (
        "Ansvarig organisation, ett id från organisations i municipality.yaml.",
        "The lead organisation: an id from organisations in municipality.yaml.",
    ),
    "partners": (
        "Samverkansparter, id:n från organisations i municipality.yaml.",
        "Partners: ids from organisations in municipality.yaml.",
    ),
    "group": ("Gruppen som driver insatsen (id).", "The group that runs the action (id)."),
    "start": ("Startdatum.", "Start date."),
    "end": ("Slutdatum.", "End date."),
    "funding": (
        "Finansiering: källa (source) och belopp i kronor (amount).",
        "Funding: source and amount in kronor.",
    ),
    "source": (
        "Varifrån pengarna kommer: områdesanslag, ordinarie budget, sociala "
        "investeringsfonden, externa medel, annat.",
        "Where the money comes from: area grant, regular budget, social investment fund, "
        "external, other.",
    ),
    ("indicators", "source"): ("Varifrån värdena kommer.", "Where the values come from."),
    ("analysis", "source"): ("Källan till värdet.", "The value's source."),
    ("district", "source"): ("Källan till befolkningstalet.", "The population's source."),
    "amount": ("Belopp i hela kronor.", "Amount in whole kronor."),
    "dialogue": (
        "Medborgardialogen insatsen bygger på (id).",
        "The citizen dialogue the action draws on (id).",
    ),
    "answers": (
        "Teman i dialogen som insatsen svarar på (Ni sa – vi gjorde).",
        "The dialogue's themes the action answers (you said — we did).",
    ),
    "serves": ("Nämndmål som insatsen bidrar till.", "Board goals the action serves."),
    "follow_up": (
        "Uppföljning per period (t.ex. 2025-T1): status, måluppfyllelse, trend, kommentar.",
        "Follow-up per period (e.g. 2025-T1): status, rating, trend, comment.",
    ),
    "period": ("Perioden: 2025-T1 … T3, 2025-Q1 … Q4, 2025-H1, H2 eller 2025.", "The period."),
    "rating": (
        "Måluppfyllelse: grön, gul, röd eller ej bedömd.",
        "Goal attainment: green, yellow, red or not assessed.",
    ),
    "trend": (
        "Utvecklingen: förbättras, oförändrad, försämras, går ej att bedöma.",
        "The trend: improving, unchanged, worsening, not assessable.",
    ),
    "comment": ("Kommentar till uppföljningen.", "A comment on the follow-up."),
    "description": ("Beskrivning.", "A description."),
    "main_tasks": ("Programmets huvuduppgifter.", "The programme's main tasks."),
    "goals": ("Målen under huvuduppgiften.", "The main task's goals."),
    "indicator": (
        "Indikatorn, ett id från data/indicators.yaml.",
        "The indicator: an id from data/indicators.yaml.",
    ),
    "baseline": ("Utgångsläge: år och värde.", "Baseline: year and value."),
    "target": ("Målvärde: år och värde.", "Target: year and value."),
    "dimension": (
        "Hållbarhetsdimensionen, från dimensions i municipality.yaml.",
        "The sustainability dimension, from dimensions in municipality.yaml.",
    ),
    "valid_from": ("Gäller från.", "Valid from."),
    "valid_to": ("Gäller till.", "Valid to."),
    "replaces": ("Dokumentet som detta ersätter.", "The document this replaces."),
    "vision": ("Programmets vision.", "The programme's vision."),
    "members": ("Gruppens medlemmar.", "The group's members."),
    "organisation": (
        "Organisationen, ett id från organisations i municipality.yaml.",
        "The organisation: an id from organisations in municipality.yaml.",
    ),
    "role": (
        "Rollen: ordförande, områdesutvecklare, representant, sekreterare, medlem.",
        "The role: chair, area developer, representative, secretary, member.",
    ),
    "mandate": (
        "Utsedd med mandat att agera för organisationen.",
        "Appointed with the mandate to act for the organisation.",
    ),
    "from": ("Medlem från.", "Member from."),
    "until": ("Medlem till.", "Member until."),
    "email": (
        "E-post (personuppgift: visas aldrig i publika rapporter).",
        "Email (personal data: never in public output).",
    ),
    "phone": (
        "Telefon (personuppgift: visas aldrig i publika rapporter).",
        "Phone (personal data: never in public output).",
    ),
    "public": (
        "false: namnet döljs även i publika rapporter.",
        "false: the name is hidden in public output too.",
    ),
    "purpose": ("Syftet.", "The purpose."),
    "population": ("Befolkning: värde, år och källa.", "Population: value, year and source."),
    "prioritised": ("Prioriterad stadsdel.", "A prioritised district."),
    "values": (
        "Tidsserien: en rad per indikator och år.",
        "The time series: one row per indicator and year.",
    ),
    "summary": ("Nulägesbild.", "The current picture."),
    "updated": ("Senast uppdaterad.", "Last updated."),
    "dimensions": ("Hållbarhetsdimensionerna.", "The sustainability dimensions."),
    "needs": ("Behovsanalys.", "Needs analysis."),
    "resources": ("Resursanalys.", "Resource analysis."),
    "recommendations": (
        "Analysens medskick till nämnder och förvaltningar.",
        "The analysis's recommendations to boards and administrations.",
    ),
    "to": (
        "Mottagaren: en organisation eller en nämnd (id).",
        "The recipient: an organisation or a body (id).",
    ),
    "text": ("Texten.", "The text."),
    "dialogues": ("Medborgardialoger analysen bygger på.", "Dialogues the analysis draws on."),
    "appropriation": ("Årligt anslag i kronor.", "The yearly grant in kronor."),
    "unit": (
        "Varje stadsdels belopp är en hel multipel av detta.",
        "Every district amount is a whole multiple of this.",
    ),
    ("indicators", "unit"): ("Enheten.", "The unit."),
    "base_grant": (
        "Grundanslag: per_district (kronor) eller share (andel).",
        "Base grant: per_district (kronor) or share.",
    ),
    "weighting": ("Kompensatorisk viktning.", "Compensatory weighting."),
    "level": (
        "Delaktighetsnivå: information, konsultation, dialog, inflytande, medbestämmande.",
        "Participation level: information, consultation, dialogue, influence, co-decision.",
    ),
    "commission": ("Uppdraget: nämnd, datum, diarienummer.", "The commission."),
    "target_groups": ("Målgrupper.", "Target groups."),
    "steps": ("De nio stegen, med datum.", "The nine steps, with dates."),
    "feedback_to_residents": ("Återkoppling till invånarna.", "Feedback to residents."),
    "results": ("Resultat.", "Results."),
    "themes": ("Teman: vad invånarna sa och vad kommunen svarade.", "Themes."),
    "said": ("Vad invånarna sa.", "What residents said."),
    "answer": ("Vad kommunen svarade.", "What the municipality answered."),
    "response": ("Vad som blev av det.", "What came of it."),
    "organisations": ("Organisationerna.", "The organisations."),
    "bodies": ("Nämnderna.", "The bodies."),
    "locale": ("Språket: sv eller en.", "The language: sv or en."),
    "rules": (
        "Allvarlighet per regel: error, warning eller off.",
        "Severity per rule: error, warning or off.",
    ),
    "need": (
        "Vad som är behov: höga värden, låga värden eller inget.",
        "What is need: high values, low values or none.",
    ),
    "owner": ("Ägare: en nämnd eller organisation.", "Owner: a body or organisation."),
    "applies_to": ("Vilka riktlinjerna gäller.", "Whom the guideline applies to."),
    "until_further_notice": ("Gäller tills vidare.", "Valid until further notice."),
}

# labels of enum values that the site does not show (sv, en)
LABELS: dict[str, tuple[str, str]] = {
    "administration": ("Förvaltning", "Administration"),
    "board": ("Nämnd", "Board"),
    "company": ("Bolag", "Company"),
    "authority": ("Myndighet", "Authority"),
    "civil_society": ("Civilsamhälle", "Civil society"),
    "business": ("Näringsliv", "Business"),
    "tertial": ("Tertial", "Tertial"),
    "quarter": ("Kvartal", "Quarter"),
    "half_year": ("Halvår", "Half-year"),
    "year": ("År", "Year"),
    "higher_is_need": ("Höga värden är behov", "Higher is need"),
    "lower_is_need": ("Låga värden är behov", "Lower is need"),
    "none": ("Inget behov", "No need"),
    "scb": ("SCB", "Statistics Sweden"),
    "kolada": ("Kolada", "Kolada"),
    "local": ("Egen statistik", "Local"),
    "survey": ("Enkät", "Survey"),
    "error": ("Fel", "Error"),
    "warning": ("Varning", "Warning"),
    "off": ("Av", "Off"),
    "other": ("Annat", "Other"),
}


def description(kind: str, key: str, lang: str) -> str:
    """What a key means (in ``lang``), or ''."""
    pair = DESCRIPTIONS.get((kind, key)) or DESCRIPTIONS.get(key)
    return pair[0 if lang == "sv" else 1] if pair else ""


def label(values: tuple[str, ...], value: str, lang: str) -> str:
    """The label of ``value`` of the enum whose values are ``values``."""
    i = 0 if lang == "sv" else 1
    wanted = set(values)
    for family in ENUMS.values():
        if wanted <= set(family) and value in family:
            return family[value][i]
    pair = LABELS.get(value)
    return pair[i] if pair else value.replace("_", " ")


@dataclass(frozen=True)
class Shape:
    """What a value at a path must be: a model (keys), an enum, or a scalar."""

    model: type[BaseModel] | None = None
    choices: tuple[str, ...] = ()
    many: bool = False  # a list of them


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside Annotated / Optional; and whether it is a list (or dict) of it."""
    many = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else args[0]
        elif origin in (list, tuple, set, frozenset):
            annotation = typing.get_args(annotation)[0]
            many = True
        elif origin is dict:
            annotation = typing.get_args(annotation)[1]
            many = True
        else:
            return annotation, many


def fields(model: type[BaseModel]) -> dict[str, Any]:
    """The keys a model takes (aliases as written in the files) → annotation."""
    return {(info.alias or name): info.annotation for name, info in model.model_fields.items()}


def required(model: type[BaseModel]) -> list[str]:
    return [(info.alias or name) for name, info in model.model_fields.items() if info.is_required()]


def shape(kind: str, path: tuple[str | int, ...]) -> Shape | None:
    """The shape of the value at ``path`` (list items as '*' or an index) in a ``kind`` file."""
    model: Any = m.KINDS.get(kind)
    if model is None:
        return None
    current: Any = model
    pending_many = False
    for part in path:
        if isinstance(part, int) or part == "*":
            if not pending_many:
                return None
            pending_many = False
            continue
        if pending_many:  # a dict's key (analysis dimensions): the value's type
            pending_many = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        annotation = fields(current).get(part)
        if annotation is None:
            return None
        current, pending_many = _unwrap(annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return Shape(model=current, many=pending_many)
    if typing.get_origin(current) is Literal:
        return Shape(choices=tuple(str(a) for a in typing.get_args(current)), many=pending_many)
    return Shape(many=pending_many)
