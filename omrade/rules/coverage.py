"""Every district covered: a current programme, an analysis refreshed in time, an area
developer and a line in each year's budget (the network group: OMR501).

Botkyrka's guideline (KS/2017:96) asks for each of these in every district: "görs ett
strategiskt utvecklingsprogram för hållbar utveckling i varje stadsdel", "Inför
dialogkommissionens fokusperioder aktualiseras stadsdelsanalysen", "Områdesutvecklaren
planerar, samordnar och följer upp kommunens arbete med utvecklingen av respektive
stadsdel", "Var och en av de fem stadsdelarna får ett grundanslag". Each diagnostic names
the district; a municipality sets its severity in ``rules:``.
"""

from __future__ import annotations

from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, define
from omrade.model import documents as m
from omrade.rules import Context, check

OMR321 = define(
    "OMR321",
    "warning",
    "District without a current programme",
    (
        "A district has no adopted strategic development programme in force on --as-of "
        "(one that has expired is reported by OMR305 instead). Botkyrka's guideline: a "
        "programme is made 'i varje stadsdel'; Stockholm's: 'Lokala utvecklingsprogram ska "
        "tas fram av alla stadsdelsnämnder'."
    ),
    message="{name} has no adopted development programme in force on {as_of}",
    hint="add data/programmes/{id}-<years>.yaml, adopted and valid on {as_of}",
    variants={
        "draft": (
            "{name} has no adopted development programme in force on {as_of}; {programme} "
            "is {status}",
            "adopt {programme} (status: adopted, with its decision), or record why {name} has none",
        )
    },
    example=Example(
        "data/programmes/syd-2024-2027.yaml",
        "",
        situation="Syd's programme is removed (and with it the programme of its plan).",
    ),
    sv=dict(
        situation=(
            "Syds utvecklingsprogram är borttaget (och med det programmet för dess handlingsplan)."
        ),
        title="Stadsdel utan gällande utvecklingsprogram",
        description=(
            "En stadsdel saknar ett fastställt strategiskt utvecklingsprogram som gäller "
            "--as-of (ett program som har löpt ut anmärks av OMR305 i stället). Botkyrkas "
            "riktlinjer: ett program görs ”i varje stadsdel”; Stockholms: ”Lokala "
            "utvecklingsprogram ska tas fram av alla stadsdelsnämnder”."
        ),
        message="{name} har inget fastställt utvecklingsprogram som gäller {as_of}",
        hint="lägg till data/programmes/{id}-<år>.yaml, fastställt och giltigt {as_of}",
        variants={
            "draft": (
                "{name} har inget fastställt utvecklingsprogram som gäller {as_of}; "
                "{programme} har status {status}",
                "fastställ {programme} (status: adopted, med beslutet), eller skriv varför "
                "{name} saknar program",
            )
        },
    ),
)


@check(OMR321)
def district_without_programme(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.is_broken("programme"):
        return  # a programme that failed its schema may be the missing one
    for doc, district in repo.valid(repo.districts, m.District):
        progs = repo.queries.programmes_of(district.id)
        adopted = [p for p in progs if p.status == "adopted"]
        if any(p.valid_from <= ctx.as_of <= p.valid_to for p in adopted):
            continue
        if any(p.valid_to < ctx.as_of for p in adopted):
            continue  # OMR305: the programme has expired
        pending = [p for p in progs if p.status in ("draft", "consultation")]
        if pending:
            newest = max(pending, key=lambda p: p.valid_from)
            yield OMR321.on(
                doc,
                ("id",),
                variant="draft",
                name=district.name,
                id=district.id,
                as_of=ctx.as_of,
                programme=newest.id,
                status=newest.status,
            )
        else:
            yield OMR321.on(doc, ("id",), name=district.name, id=district.id, as_of=ctx.as_of)


OMR322 = define(
    "OMR322",
    "warning",
    "District without an analysis",
    (
        "A district has no district analysis (stadsdelsanalys). Botkyrka's guideline: "
        "'Stadsdelsanalysen beskriver och kommenterar den långsiktiga utvecklingen och "
        "tillståndet i stadsdelen'; it is the knowledge the programmes, the boards and the "
        "dialogue commission build on."
    ),
    message="{name} has no district analysis",
    hint="add data/districts/{id}/analysis-<year>.yaml ('omrade new analysis {id}')",
    example=Example(
        "data/districts/syd/analysis-2025.yaml",
        "",
        situation="Syd's only analysis is removed (the budget's missing values: OMR404).",
    ),
    sv=dict(
        situation="Syds enda stadsdelsanalys är borttagen (budgetens saknade värden: OMR404).",
        title="Stadsdel utan stadsdelsanalys",
        description=(
            "En stadsdel saknar stadsdelsanalys. Botkyrkas riktlinjer: ”Stadsdelsanalysen "
            "beskriver och kommenterar den långsiktiga utvecklingen och tillståndet i "
            "stadsdelen”; den är kunskapsunderlaget för programmen, nämnderna och "
            "dialogkommissionen."
        ),
        message="{name} har ingen stadsdelsanalys",
        hint="lägg till data/districts/{id}/analysis-<år>.yaml ('omrade new analysis {id}')",
    ),
)


@check(OMR322)
def district_without_analysis(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.is_broken("analysis"):
        return
    for doc, district in repo.valid(repo.districts, m.District):
        if not repo.queries.analyses_of(district.id):
            yield OMR322.on(doc, ("id",), name=district.name, id=district.id)


OMR323 = define(
    "OMR323",
    "warning",
    "Analysis not refreshed before the focus period",
    (
        "A focus period of the dialogue commission has begun in a district (by --as-of) and "
        "the district's analysis was not updated between the previous focus period there "
        "and this one's start. Botkyrka's guideline: 'Inför dialogkommissionens "
        "fokusperioder aktualiseras stadsdelsanalysen' and 'Inför varje fokusperiod ska "
        "områdesutvecklaren se till att dialogkommissionen får del av en aktuell "
        "stadsdelsanalys'. Where the municipality records focus periods, this rule takes "
        "the place of OMR311's fixed age for that district."
    ),
    message=(
        "{name}: the focus period from {start} began with no analysis updated before it "
        "(the latest then: {latest})"
    ),
    hint="update the stadsdelsanalys of {name} before each focus period ('updated:')",
    variants={
        "since": (
            "{name}: the focus period from {start} began with no analysis updated since the "
            "previous focus period ended on {after} (the latest then: {latest})",
            "update the stadsdelsanalys of {name} before each focus period ('updated:')",
        )
    },
    example=Example(
        "data/groups/dialogkommissionen.yaml",
        (
            "kind: group\n"
            "id: dialogkommissionen\n"
            "type: dialogue_commission\n"
            "level: municipality\n"
            "name: Dialogkommissionen\n"
            "members:\n"
            "  - {name: Eva Exempel, organisation: kof, role: chair, mandate: true}\n"
            "focus_periods:\n"
            "  - {district: norr, from: 2025-02-01, to: 2025-04-30}\n"
        ),
        situation="Norr's analysis was updated on 2025-03-01, after the period began.",
    ),
    sv=dict(
        situation=(
            "Stadsdelsanalysen för Norr uppdaterades 2025-03-01, efter att fokusperioden hade "
            "börjat."
        ),
        title="Analysen inte aktualiserad inför fokusperioden",
        description=(
            "En av dialogkommissionens fokusperioder har börjat i en stadsdel (per "
            "--as-of) och stadsdelens analys uppdaterades inte mellan förra fokusperioden "
            "där och den här periodens början. Botkyrkas riktlinjer: ”Inför "
            "dialogkommissionens fokusperioder aktualiseras stadsdelsanalysen” och ”Inför "
            "varje fokusperiod ska områdesutvecklaren se till att dialogkommissionen får del "
            "av en aktuell stadsdelsanalys”. Där kommunen anger fokusperioder ersätter "
            "regeln OMR311:s fasta ålder för den stadsdelen."
        ),
        message=(
            "{name}: fokusperioden från {start} började utan att analysen hade uppdaterats "
            "före den (den senaste då: {latest})"
        ),
        hint="uppdatera stadsdelsanalysen för {name} inför varje fokusperiod ('updated:')",
        variants={
            "since": (
                "{name}: fokusperioden från {start} började utan att analysen hade "
                "uppdaterats sedan förra fokusperioden slutade {after} (den senaste då: "
                "{latest})",
                "uppdatera stadsdelsanalysen för {name} inför varje fokusperiod ('updated:')",
            )
        },
    ),
)


@check(OMR323)
def analysis_not_refreshed(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.is_broken("analysis"):
        return
    names = {d.id: d.name for _doc, d in repo.valid(repo.districts, m.District)}
    for doc, group in repo.valid(repo.groups, m.Group):
        for i, period in enumerate(group.focus_periods):
            if period.from_ > ctx.as_of or period.district not in names:
                continue
            earlier = [
                p
                for p in repo.queries.focus_periods.get(period.district, [])
                if p.to < period.from_
            ]
            after = max((p.to for p in earlier), default=None)
            updated = [a.updated for _d, a in repo.queries.analyses_of(period.district)]
            before = [u for u in updated if u <= period.from_]
            if any(after is None or u > after for u in before):
                continue
            yield OMR323.on(
                doc,
                ("focus_periods", i, "from"),
                variant="since" if after else "",
                name=names[period.district],
                start=period.from_,
                after=after,
                latest=max(before) if before else "–",
            )


OMR412 = define(
    "OMR412",
    "warning",
    "District left out of the budget",
    (
        "A budget lists its districts ('districts:') and leaves one out: it gets neither a "
        "base grant nor a compensatory share. Botkyrka's guideline: 'Var och en av de fem "
        "stadsdelarna får ett grundanslag'."
    ),
    message="the budget {year} leaves out {name}: it gets no base grant",
    hint="add {id} to 'districts:' (or remove the list: the default is every district)",
    example=Example(
        "data/budget/2025.yaml",
        "districts: [norr]\nbase_grant: {per_district: 100000}\n",
        replaces="base_grant: {per_district: 100000}\n",
    ),
    sv=dict(
        title="Stadsdel utelämnad ur budgeten",
        description=(
            "En budget räknar upp sina stadsdelar ('districts:') och utelämnar en: den får "
            "varken grundanslag eller kompensatorisk andel. Botkyrkas riktlinjer: ”Var och "
            "en av de fem stadsdelarna får ett grundanslag”."
        ),
        message="budgeten {year} utelämnar {name}: stadsdelen får inget grundanslag",
        hint="lägg till {id} i 'districts:' (eller ta bort listan: standard är alla stadsdelar)",
    ),
)


@check(OMR412)
def district_left_out_of_budget(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, budget in repo.valid(repo.budgets, m.Budget):
        if budget.districts is None:
            continue
        listed = set(budget.districts)
        for _ddoc, district in repo.valid(repo.districts, m.District):
            if district.id not in listed:
                yield OMR412.on(
                    doc, ("districts",), year=budget.year, name=district.name, id=district.id
                )


OMR508 = define(
    "OMR508",
    "warning",
    "District without an area developer",
    (
        "No group of the district has a current member with role area_developer. "
        "Botkyrka's guideline: 'Områdesutvecklaren planerar, samordnar och följer upp "
        "kommunens arbete med utvecklingen av respektive stadsdel' and 'ansvarar för "
        "etablering av för stadsdelen lämpliga grupper/nätverk'."
    ),
    message="{name} has no area developer as of {as_of}",
    hint=(
        "add the area developer to the district's network group (role: area_developer, "
        "from: <date>)"
    ),
    example=Example(
        "data/groups/syd-natverk.yaml",
        "role: member, mandate: true, from: 2025-01-01",
        replaces="role: area_developer, mandate: true, from: 2025-01-01",
    ),
    sv=dict(
        title="Stadsdel utan områdesutvecklare",
        description=(
            "Ingen grupp i stadsdelen har en nuvarande medlem med rollen area_developer. "
            "Botkyrkas riktlinjer: ”Områdesutvecklaren planerar, samordnar och följer upp "
            "kommunens arbete med utvecklingen av respektive stadsdel” och ”ansvarar för "
            "etablering av för stadsdelen lämpliga grupper/nätverk”."
        ),
        message="{name} har ingen områdesutvecklare per {as_of}",
        hint=(
            "lägg till områdesutvecklaren i stadsdelens nätverksgrupp (role: area_developer, "
            "from: <datum>)"
        ),
    ),
)


@check(OMR508)
def district_without_area_developer(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.is_broken("group"):
        return
    covered = {
        group.district
        for _d, group in repo.valid(repo.groups, m.Group)
        if any(
            mem.role == "area_developer" for mem in repo.queries.current_members(group, ctx.as_of)
        )
    }
    for doc, district in repo.valid(repo.districts, m.District):
        if district.id not in covered:
            yield OMR508.on(doc, ("id",), name=district.name, as_of=ctx.as_of)
