"""What each key of a plan file means, in English and Swedish: the ``description`` of every
property in the JSON Schemas (``omrade schema --lang sv|en``), which editors show when a
key is hovered or completed.

Written from the data reference (docs/data-reference.md) and the models, with the
glossary's words. A key is looked up as ``Model.key`` (the model that has it: a kind's
model such as ``Plan``, or a shared piece such as ``Decision``), then as ``*.key`` (a key
that means the same wherever it is). A ``key_en`` without an entry of its own is the
English twin of ``key``, described from it. A test fails while a property of any schema
has no description, or an entry here names a key no model has.
"""

from __future__ import annotations

# (English, Swedish)
Words = tuple[str, str]

TWIN: Words = (
    "The English version of '{key}' (optional; where it is missing, the English site shows "
    "the Swedish text).",
    "'{key}' på engelska (valfritt; saknas den visar den engelska webbplatsen den svenska texten).",
)

DESCRIPTIONS: dict[str, Words] = {
    # --- wherever they are ----------------------------------------------------------------
    "*.kind": (
        "What kind of plan file this is; it decides which keys the file has.",
        "Vilket slags planfil detta är; det avgör vilka nycklar filen har.",
    ),
    "*.illustrative": (
        "What in this file is invented rather than taken from a source, in a short note "
        "(a bare true is refused: say what). The reports quote it on every page that shows "
        "the document.",
        "Vad i filen som är påhittat och inte hämtat ur en källa, i en kort anteckning "
        "(bara true godtas inte: säg vad). Rapporterna citerar den på varje sida som visar "
        "dokumentet.",
    ),
    "*.status": (
        "Where the document is in its lifecycle: draft, consultation, adopted, replaced or "
        "withdrawn. An adopted or replaced document needs a decision (OMR303).",
        "Var dokumentet är i sin livscykel: draft (utkast), consultation (remiss), adopted "
        "(antaget), replaced (ersatt) eller withdrawn (tillbakadraget). Ett antaget eller "
        "ersatt dokument behöver ett beslut (OMR303).",
    ),
    "*.decision": (
        "The decision that adopted the document: the body, the date, the reference "
        "(diary number) and optionally the paragraph. Required when the status is adopted or "
        "replaced.",
        "Beslutet som antog dokumentet: organet, datumet, diarienumret och eventuellt "
        "paragrafen. Krävs när status är adopted eller replaced.",
    ),
    "*.id": (
        "The identifier other files refer to: lower-case letters, digits and hyphens; it "
        "must match the file's name.",
        "Identiteten som andra filer hänvisar till: små bokstäver, siffror och bindestreck; "
        "den ska stämma med filens namn.",
    ),
    "*.name": ("The name, in Swedish.", "Namnet, på svenska."),
    "*.title": ("The title, in Swedish.", "Rubriken, på svenska."),
    "*.description": (
        "A description in running text (optional).",
        "En beskrivning i löpande text (valfri).",
    ),
    "*.note": ("A note (optional).", "En anteckning (valfri)."),
    "*.district": (
        "The district's id (a file in data/districts/).",
        "Stadsdelens id (en fil i data/districts/).",
    ),
    "*.guideline": (
        "The guideline this document follows (optional; an id in data/guidelines/, OMR211).",
        "Riktlinjen som dokumentet följer (valfritt; ett id i data/guidelines/, OMR211).",
    ),
    "*.year": ("A year, e.g. 2025.", "Ett år, t.ex. 2025."),
    "*.date": ("A date, YYYY-MM-DD.", "Ett datum, ÅÅÅÅ-MM-DD."),
    "*.text": ("The text, in Swedish.", "Texten, på svenska."),
    "*.summary": (
        "A summary in running text.",
        "En sammanfattning i löpande text.",
    ),
    "*.indicator": (
        "An indicator's id from data/indicators.yaml.",
        "En indikators id från data/indicators.yaml.",
    ),
    "*.body": (
        "A body's id from the municipality's bodies (OMR205).",
        "Ett organs id bland kommunens organ, bodies (OMR205).",
    ),
    "*.main_task": (
        "A main task of the programme, by its id.",
        "En huvuduppgift i utvecklingsprogrammet, med sitt id.",
    ),
    "*.programme": (
        "The strategic development programme's id (a file in data/programmes/).",
        "Det strategiska utvecklingsprogrammets id (en fil i data/programmes/).",
    ),
    "*.dialogue": (
        "A citizen dialogue's id (a file in data/dialogues/).",
        "En medborgardialogs id (en fil i data/dialogues/).",
    ),
    # --- shared pieces --------------------------------------------------------------------
    "Decision.body": (
        "The body that decided: an id from the municipality's bodies, e.g. kommunfullmaktige.",
        "Organet som beslutade: ett id bland kommunens organ, t.ex. kommunfullmaktige.",
    ),
    "Decision.date": ("The day of the decision.", "Beslutsdagen."),
    "Decision.reference": (
        "The diary number (diarienummer), e.g. KS/2017:96.",
        "Diarienumret (Dnr), t.ex. KS/2017:96.",
    ),
    "Decision.paragraph": (
        "The paragraph in the minutes, e.g. '§ 157' (optional).",
        "Paragrafen i protokollet, t.ex. '§ 157' (valfri).",
    ),
    # --- municipality ---------------------------------------------------------------------
    "Municipality.id": (
        "The municipality's id, e.g. botkyrka.",
        "Kommunens id, t.ex. botkyrka.",
    ),
    "Municipality.name": ("The municipality's name.", "Kommunens namn."),
    "Municipality.code": (
        'SCB\'s four-digit municipality code, in quotes, e.g. "0127".',
        'SCB:s fyrsiffriga kommunkod, inom citattecken, t.ex. "0127".',
    ),
    "Municipality.locale": (
        "The language of the terminal, the reports and the pull-request comments: sv "
        "(default) or en.",
        "Språket i terminalen, rapporterna och kommentarerna i pull requests: sv "
        "(standard) eller en.",
    ),
    "Municipality.follow_up": (
        "The follow-up cycle: tertial (default: T1 to 30 April, T2 to 31 August, T3 the "
        "year-end), quarter, half_year or year.",
        "Uppföljningens cykel: tertial (standard: T1 till 30 april, T2 till 31 augusti, T3 "
        "helåret), quarter (kvartal), half_year (halvår) eller year (år).",
    ),
    "Municipality.dimensions": (
        "The sustainability dimensions every district analysis assesses, e.g. [social, "
        "economic, ecological, democratic].",
        "Hållbarhetsdimensionerna som varje stadsdelsanalys bedömer, t.ex. [social, "
        "economic, ecological, democratic].",
    ),
    "Municipality.bodies": (
        "The boards and councils that decide (kommunfullmäktige, kommunstyrelsen, the "
        "boards), each with an id and a name.",
        "Organen som beslutar (kommunfullmäktige, kommunstyrelsen, nämnderna), vart och ett "
        "med id och namn.",
    ),
    "Municipality.organisations": (
        "The administrations, companies, authorities and associations that take part, each "
        "with an id, a name and a type.",
        "Förvaltningar, bolag, myndigheter och föreningar som deltar, var och en med id, "
        "namn och typ.",
    ),
    "Municipality.rules": (
        "Severity overrides: a rule's code → error, warning or off.",
        "Ändrad allvarlighet: en regels kod → error (fel), warning (varning) eller off (av).",
    ),
    "Municipality.calendar": (
        "The yearly calendar (årshjul): when budgets and action plans are due, when "
        "follow-ups are due and when the steering group meets (optional; tertial practice "
        "by default).",
        "Årshjulet: när budget och handlingsplaner ska vara beslutade, när uppföljningen ska "
        "vara klar och när styrgruppen möts (valfritt; tertialpraxis som standard).",
    ),
    "Municipality.note": (
        "A note about the municipality's data (optional).",
        "En anteckning om kommunens uppgifter (valfri).",
    ),
    "Municipality.site": (
        "The published site: logo, accent colour, accessibility contact and address (optional).",
        "Den publicerade webbplatsen: logotyp, accentfärg, tillgänglighetskontakt och adress "
        "(valfritt).",
    ),
    "Body.id": (
        "The body's id, e.g. kommunfullmaktige.",
        "Organets id, t.ex. kommunfullmaktige.",
    ),
    "Body.name": (
        "The body's name, e.g. Kommunfullmäktige.",
        "Organets namn, t.ex. Kommunfullmäktige.",
    ),
    "Organisation.id": ("The organisation's id, e.g. utbf.", "Organisationens id, t.ex. utbf."),
    "Organisation.name": (
        "The organisation's name, e.g. Utbildningsförvaltningen.",
        "Organisationens namn, t.ex. Utbildningsförvaltningen.",
    ),
    "Organisation.type": (
        "administration, board, company, authority, civil_society, business or other.",
        "administration (förvaltning), board (nämnd), company (bolag), authority "
        "(myndighet), civil_society (civilsamhälle), business (näringsliv) eller other "
        "(annat).",
    ),
    "Calendar.budget": (
        "When the year's budget (the yearly grant's allocation) is to be adopted: a day "
        "MM-DD and whether it is in the year before or the same year.",
        "När årets budget (fördelningen av det årliga anslaget) ska vara beslutad: en dag "
        "MM-DD och om den ligger året före eller samma år.",
    ),
    "Calendar.plan": (
        "When the year's action plans are to be adopted: a day MM-DD and whether it is in "
        "the year before or the same year.",
        "När årets handlingsplaner ska vara beslutade: en dag MM-DD och om den ligger året "
        "före eller samma år.",
    ),
    "Calendar.follow_up_due_days": (
        "Days after a period's end before its follow-up is due (default 0).",
        "Dagar efter en periods slut innan dess uppföljning ska vara klar (standard 0).",
    ),
    "Calendar.due_soon_days": (
        "How many days ahead the status shows what falls due soon (default 30).",
        "Hur många dagar framåt statusen visar vad som snart ska vara klart (standard 30).",
    ),
    "Calendar.stale_periods": (
        "After how many periods without a follow-up an action counts as stale (default 2).",
        "Efter hur många perioder utan uppföljning en insats räknas som inaktuell (standard 2).",
    ),
    "Calendar.steering_group": (
        "The days the steering group meets, each MM-DD.",
        "Dagarna då styrgruppen möts, var och en MM-DD.",
    ),
    "Deadline.by": ("The day, MM-DD, e.g. 12-31.", "Dagen, MM-DD, t.ex. 12-31."),
    "Deadline.year": (
        "before: in the year before the one planned (default); same: in that year.",
        "before: året före det planerade (standard); same: samma år.",
    ),
    "SiteSettings.logo": (
        "An image file in the repository (PNG, JPEG or SVG), relative to its root.",
        "En bildfil i repositoryt (PNG, JPEG eller SVG), relativt dess rot.",
    ),
    "SiteSettings.accent": (
        "The colour of links and the header rule, #rrggbb, at least 4.5:1 against white.",
        "Färgen på länkar och sidhuvudets linje, #rrggbb, minst 4,5:1 mot vitt.",
    ),
    "SiteSettings.contact": (
        "Where readers report accessibility problems: a functional email address, a phone "
        "number or a postal address (shown in the accessibility statement).",
        "Dit läsare anmäler brister i tillgängligheten: en funktionsadress för e-post, ett "
        "telefonnummer eller en postadress (visas i tillgänglighetsredogörelsen).",
    ),
    "SiteSettings.base_url": (
        "Where the site is published, https://…/ ending in a slash (canonical links).",
        "Där webbplatsen publiceras, https://…/ med snedstreck sist (kanoniska länkar).",
    ),
    # --- indicators -----------------------------------------------------------------------
    "Indicators.indicators": (
        "The indicators the analyses, goals and budgets use.",
        "Indikatorerna som analyser, mål och budgetar använder.",
    ),
    "Indicator.id": (
        "The indicator's id, e.g. employment-rate.",
        "Indikatorns id, t.ex. employment-rate.",
    ),
    "Indicator.name": (
        "The indicator's name, e.g. Förvärvsfrekvens 20–64 år.",
        "Indikatorns namn, t.ex. Förvärvsfrekvens 20–64 år.",
    ),
    "Indicator.unit": (
        "percent, count, sek, days, ratio or index.",
        "percent (procent), count (antal), sek (kronor), days (dagar), ratio (kvot) eller index.",
    ),
    "Indicator.need": (
        "Which way is need: higher_is_need, lower_is_need or none (not used by the "
        "compensatory weighting).",
        "Åt vilket håll behovet går: higher_is_need (högre är behov), lower_is_need (lägre "
        "är behov) eller none (används inte i den kompensatoriska viktningen).",
    ),
    "Indicator.dimension": (
        "One of the municipality's dimensions.",
        "En av kommunens dimensioner.",
    ),
    "Indicator.source": (
        "Where the numbers come from: the provider, a reference, an address and, for "
        "omrade import scb, where they are in SCB's tables.",
        "Var siffrorna kommer ifrån: leverantören, en hänvisning, en adress och, för omrade "
        "import scb, var de finns i SCB:s tabeller.",
    ),
    "Indicator.description": (
        "What the indicator measures (optional).",
        "Vad indikatorn mäter (valfritt).",
    ),
    "Source.provider": (
        "scb, kolada, local, survey or other.",
        "scb, kolada, local (lokal), survey (enkät) eller other (annan).",
    ),
    "Source.ref": (
        "The provider's reference, e.g. Kolada's KPI id or SCB's table (optional).",
        "Leverantörens hänvisning, t.ex. Koladas KPI-id eller SCB:s tabell (valfri).",
    ),
    "Source.url": (
        "An address where the numbers are published (optional).",
        "En adress där siffrorna publiceras (valfri).",
    ),
    "Source.note": ("A note about the source (optional).", "En anteckning om källan (valfri)."),
    "Source.scb": (
        "Where omrade import scb finds the numbers in SCB's statistical database.",
        "Var omrade import scb hittar siffrorna i SCB:s statistikdatabas.",
    ),
    "ScbSource.table": (
        "The table in SCB's database, e.g. AM/AM0210/AM0210D/ArRegDesoStatusN.",
        "Tabellen i SCB:s databas, t.ex. AM/AM0210/AM0210D/ArRegDesoStatusN.",
    ),
    "ScbSource.region": (
        "The table's region variable (default Region).",
        "Tabellens regionvariabel (standard Region).",
    ),
    "ScbSource.time": (
        "The table's time variable (default Tid).",
        "Tabellens tidsvariabel (standard Tid).",
    ),
    "ScbSource.numerator": (
        "The count: the table's contents code and the selection of its other variables.",
        "Antalet: tabellens innehållskod och urvalet av dess övriga variabler.",
    ),
    "ScbSource.denominator": (
        "For a rate: what the numerator is divided by (optional).",
        "För en andel: det som täljaren delas med (valfritt).",
    ),
    "ScbSource.sex": (
        "Import values by sex too: the table's sex variable and its codes (optional).",
        "Hämta också värden per kön: tabellens könsvariabel och dess koder (valfritt).",
    ),
    "ScbSource.decimals": (
        "Decimals kept, 0–6 (default: by the unit).",
        "Antal decimaler, 0–6 (standard: efter enheten).",
    ),
    "ScbPart.contents": (
        "The table's ContentsCode, e.g. 000006MM.",
        "Tabellens ContentsCode, t.ex. 000006MM.",
    ),
    "ScbPart.table": (
        "Another table than the indicator's, when needed (optional).",
        "En annan tabell än indikatorns, vid behov (valfritt).",
    ),
    "ScbPart.select": (
        'Values of the table\'s other variables, e.g. {Alder: "20-64"}.',
        'Värden för tabellens övriga variabler, t.ex. {Alder: "20-64"}.',
    ),
    "ScbSex.variable": ("The sex variable (default Kon).", "Könsvariabeln (standard Kon)."),
    "ScbSex.total": (
        "The code for both sexes (default 1+2).",
        "Koden för båda könen (standard 1+2).",
    ),
    "ScbSex.female": ("The code for women (default 2).", "Koden för kvinnor (standard 2)."),
    "ScbSex.male": ("The code for men (default 1).", "Koden för män (standard 1)."),
    # --- district -------------------------------------------------------------------------
    "District.id": ("The district's id, e.g. alby.", "Stadsdelens id, t.ex. alby."),
    "District.name": ("The district's name.", "Stadsdelens namn."),
    "District.population": (
        "The population: the allocation's volume (required), with its year and source.",
        "Befolkningen: fördelningens volym (krävs), med år och källa.",
    ),
    "District.areas": (
        "SCB's area codes the district is made of (optional).",
        "SCB:s områdeskoder som stadsdelen består av (valfritt).",
    ),
    "District.prioritised": (
        "Whether the district is prioritised (default false); a budget can give "
        "prioritised districts a base or a factor of their own.",
        "Om stadsdelen är prioriterad (standard false); en budget kan ge prioriterade "
        "stadsdelar ett eget grundanslag eller en egen faktor.",
    ),
    "District.description": (
        "A description of the district (optional).",
        "En beskrivning av stadsdelen (valfri).",
    ),
    "Population.value": (
        "The number of residents, a whole number ≥ 0 (> 0 where a budget weights by population).",
        "Antal invånare, ett heltal ≥ 0 (> 0 där en budget viktar efter befolkning).",
    ),
    "Population.year": ("The year the number is from.", "Året som siffran gäller."),
    "Population.source": ("Where the number comes from.", "Var siffran kommer ifrån."),
    "Areas.regso": ("RegSO codes.", "RegSO-koder."),
    "Areas.deso": ("DeSO codes.", "DeSO-koder."),
    # --- analysis -------------------------------------------------------------------------
    "Analysis.district": (
        "The district analysed; the file is data/districts/<district>/analysis-<year>.yaml.",
        "Stadsdelen som analyseras; filen är data/districts/<district>/analysis-<year>.yaml.",
    ),
    "Analysis.year": ("The year of the district analysis.", "Stadsdelsanalysens år."),
    "Analysis.updated": (
        "When the analysis was last updated; one older than two years is flagged (OMR311).",
        "När analysen senast uppdaterades; en som är äldre än två år flaggas (OMR311).",
    ),
    "Analysis.values": (
        "Indicator values as a time series: one row per indicator, year and (optionally) sex.",
        "Indikatorvärden som tidsserie: en rad per indikator, år och (valfritt) kön.",
    ),
    "Analysis.summary": (
        "The current picture (nulägesbild).",
        "Nulägesbilden.",
    ),
    "Analysis.dimensions": (
        "One assessment per municipality dimension (OMR230): strengths and challenges.",
        "En bedömning per kommunens dimension (OMR230): styrkor och utmaningar.",
    ),
    "Analysis.needs": (
        "The needs analysis, as a list of texts.",
        "Behovsanalysen, som en lista med texter.",
    ),
    "Analysis.resources": (
        "The resource analysis, as a list of texts.",
        "Resursanalysen, som en lista med texter.",
    ),
    "Analysis.recommendations": (
        "The analysis' recommendations (medskick) to organisations and bodies.",
        "Analysens medskick till organisationer och organ.",
    ),
    "Analysis.dialogues": (
        "The citizen dialogues the analysis draws on, by id.",
        "Medborgardialogerna som analysen bygger på, med id.",
    ),
    "IndicatorValue.indicator": (
        "The indicator's id from data/indicators.yaml.",
        "Indikatorns id från data/indicators.yaml.",
    ),
    "IndicatorValue.year": ("The year the value is for.", "Året som värdet gäller."),
    "IndicatorValue.sex": (
        "female or male for a value by sex; absent: the total (never used by the allocation).",
        "female (kvinnor) eller male (män) för ett värde per kön; utelämnat: totalen "
        "(används aldrig i fördelningen).",
    ),
    "IndicatorValue.value": ("The district's value.", "Stadsdelens värde."),
    "IndicatorValue.municipality": (
        "The municipality-wide value, for comparison (optional).",
        "Värdet för hela kommunen, som jämförelse (valfritt).",
    ),
    "IndicatorValue.source": ("Where the value was fetched.", "Var värdet hämtades."),
    "IndicatorValue.retrieved": ("When the value was fetched.", "När värdet hämtades."),
    "IndicatorValue.municipality_source": (
        "Where the municipality's value was fetched.",
        "Var kommunens värde hämtades.",
    ),
    "IndicatorValue.municipality_retrieved": (
        "When the municipality's value was fetched.",
        "När kommunens värde hämtades.",
    ),
    "IndicatorValue.illustrative": (
        "true for a figure that is not from a source (illustrative).",
        "true för en siffra som inte kommer från en källa (illustrativ).",
    ),
    "DimensionAssessment.assessment": (
        "The assessment of the dimension in the district.",
        "Bedömningen av dimensionen i stadsdelen.",
    ),
    "DimensionAssessment.strengths": (
        "Strengths, as a list of texts.",
        "Styrkor, som en lista med texter.",
    ),
    "DimensionAssessment.challenges": (
        "Challenges, as a list of texts.",
        "Utmaningar, som en lista med texter.",
    ),
    "Recommendation.to": (
        "The organisation or body the recommendation (medskick) is to, by id.",
        "Organisationen eller organet som medskicket går till, med id.",
    ),
    "Recommendation.text": ("The recommendation (medskick).", "Medskicket."),
    # --- programme ------------------------------------------------------------------------
    "Programme.id": (
        "The programme's id, e.g. alby-2024-2028.",
        "Utvecklingsprogrammets id, t.ex. alby-2024-2028.",
    ),
    "Programme.district": (
        "The district the programme is for.",
        "Stadsdelen som programmet gäller.",
    ),
    "Programme.title": ("The programme's title.", "Utvecklingsprogrammets rubrik."),
    "Programme.valid_from": (
        "The first day the programme is valid.",
        "Första dagen programmet gäller.",
    ),
    "Programme.valid_to": (
        "The last day the programme is valid.",
        "Sista dagen programmet gäller.",
    ),
    "Programme.replaces": (
        "The programme this one replaces, by id (optional).",
        "Programmet som detta ersätter, med id (valfritt).",
    ),
    "Programme.vision": ("The programme's vision (optional).", "Programmets vision (valfri)."),
    "Programme.main_tasks": (
        "The main tasks (huvuduppgifter), at least one, each with its goals.",
        "Huvuduppgifterna, minst en, var och en med sina mål.",
    ),
    "MainTask.id": ("The main task's id, e.g. HU1.", "Huvuduppgiftens id, t.ex. HU1."),
    "MainTask.title": ("The main task's title.", "Huvuduppgiftens rubrik."),
    "MainTask.dimension": (
        "The municipality dimension the main task belongs to.",
        "Kommunens dimension som huvuduppgiften hör till.",
    ),
    "MainTask.description": (
        "A description of the main task (optional).",
        "En beskrivning av huvuduppgiften (valfri).",
    ),
    "MainTask.goals": ("The main task's goals.", "Huvuduppgiftens mål."),
    "Goal.id": ("The goal's id, e.g. HU1.1.", "Målets id, t.ex. HU1.1."),
    "Goal.text": ("The goal.", "Målet."),
    "Goal.indicator": (
        "The indicator that measures the goal (optional).",
        "Indikatorn som mäter målet (valfritt).",
    ),
    "Goal.baseline": (
        "The starting point: year and value (optional).",
        "Utgångsläget: år och värde (valfritt).",
    ),
    "Goal.target": (
        "The target: year and value (optional).",
        "Målvärdet: år och värde (valfritt).",
    ),
    "Measure.year": ("The year.", "Året."),
    "Measure.value": ("The value.", "Värdet."),
    # --- plan -----------------------------------------------------------------------------
    "Plan.programme": (
        "The programme the action plan carries out; the file is "
        "data/programmes/<programme>/plan-<year>.yaml.",
        "Utvecklingsprogrammet som handlingsplanen genomför; filen är "
        "data/programmes/<programme>/plan-<year>.yaml.",
    ),
    "Plan.year": ("The year of the action plan.", "Handlingsplanens år."),
    "Plan.actions": ("The plan's actions (insatser).", "Handlingsplanens insatser."),
    "Action.id": ("The action's id, e.g. A1.", "Insatsens id, t.ex. A1."),
    "Action.title": ("The action's title.", "Insatsens rubrik."),
    "Action.description": (
        "A description of the action (optional).",
        "En beskrivning av insatsen (valfri).",
    ),
    "Action.main_task": (
        "The main task of the programme the action serves, by id.",
        "Huvuduppgiften i programmet som insatsen hör till, med id.",
    ),
    "Action.type": (
        "promoting (främjande), preventive (förebyggande) or intervention (åtgärdande).",
        "promoting (främjande), preventive (förebyggande) eller intervention (åtgärdande).",
    ),
    "Action.responsible": (
        "The responsible (lead) organisation, by id.",
        "Den ansvariga organisationen, med id.",
    ),
    "Action.partners": ("The partner organisations, by id.", "Samverkansparterna, med id."),
    "Action.group": (
        "The group that carries the action, usually the coordination group (optional).",
        "Gruppen som bär insatsen, oftast samordningsgruppen (valfritt).",
    ),
    "Action.start": ("The action's first day (optional).", "Insatsens första dag (valfritt)."),
    "Action.end": (
        "The action's last day (optional); one outside the plan's year is flagged (OMR309).",
        "Insatsens sista dag (valfritt); en utanför handlingsplanens år flaggas (OMR309).",
    ),
    "Action.funding": (
        "The action's funding: source and amount in whole kronor.",
        "Insatsens finansiering: källa och belopp i hela kronor.",
    ),
    "Action.dialogue": (
        "The citizen dialogue the action comes from (optional).",
        "Medborgardialogen som insatsen kommer ifrån (valfritt).",
    ),
    "Action.answers": (
        "The dialogue's themes this action answers, by id (OMR212); shown on the "
        'dialogue\'s "Ni sa – vi gjorde" page.',
        "Dialogens teman som insatsen svarar på, med id (OMR212); visas på dialogens sida "
        '"Ni sa – vi gjorde".',
    ),
    "Action.serves": (
        "The boards' goals or budget commitments the action serves (optional).",
        "Nämndernas mål eller budgetåtaganden som insatsen bidrar till (valfritt).",
    ),
    "Action.follow_up": (
        "The action's follow-up, one entry per period of the municipality's cycle.",
        "Insatsens uppföljning, en post per period i kommunens cykel.",
    ),
    "Funding.source": (
        "area_grant, regular_budget, social_investment_fund, external or other.",
        "area_grant (områdesanslag), regular_budget (ordinarie budget), "
        "social_investment_fund (social investeringsfond), external (extern) eller other "
        "(annan).",
    ),
    "Funding.amount": ("The amount in whole kronor.", "Beloppet i hela kronor."),
    "Funding.note": (
        "A note about the funding (optional).",
        "En anteckning om finansieringen (valfri).",
    ),
    "FollowUp.period": (
        "The period: 2025-T1…T3, 2025-Q1…Q4, 2025-H1, H2 or 2025, by the municipality's cycle.",
        "Perioden: 2025-T1…T3, 2025-Q1…Q4, 2025-H1, H2 eller 2025, efter kommunens cykel.",
    ),
    "FollowUp.status": (
        "not_started, ongoing, done, delayed or cancelled.",
        "not_started (ej påbörjad), ongoing (pågår), done (genomförd), delayed (försenad) "
        "eller cancelled (avbruten).",
    ),
    "FollowUp.rating": (
        "Goal attainment: green, yellow, red or not_assessed (default).",
        "Måluppfyllelse: green (grön), yellow (gul), red (röd) eller not_assessed (ej "
        "bedömd, standard).",
    ),
    "FollowUp.trend": (
        "improving, unchanged, worsening or not_assessable (default).",
        "improving (förbättras), unchanged (oförändrad), worsening (försämras) eller "
        "not_assessable (kan inte bedömas, standard).",
    ),
    "FollowUp.comment": (
        "A comment on the period (optional).",
        "En kommentar till perioden (valfri).",
    ),
    "BoardGoal.body": ("The board, by id (OMR205).", "Nämnden, med id (OMR205)."),
    "BoardGoal.ref": (
        'Where the goal is, e.g. "Mål och budget 2025, mål 3" (optional).',
        'Var målet finns, t.ex. "Mål och budget 2025, mål 3" (valfritt).',
    ),
    "BoardGoal.text": ("The goal or commitment.", "Målet eller åtagandet."),
    # --- group ----------------------------------------------------------------------------
    "Group.id": ("The group's id.", "Gruppens id."),
    "Group.type": (
        "network, coordination, area_group, dialogue_forum or other.",
        "network (nätverksgrupp), coordination (samordningsgrupp), area_group "
        "(områdesgrupp), dialogue_forum (dialogforum) eller other (annan).",
    ),
    "Group.district": (
        "The district the group works in (required unless 'level: municipality').",
        "Stadsdelen som gruppen arbetar i (krävs utom för 'level: municipality').",
    ),
    "Group.name": ("The group's name.", "Gruppens namn."),
    "Group.purpose": ("What the group is for (optional).", "Vad gruppen är till för (valfritt)."),
    "Group.main_task": (
        "The main task the group is formed for: programme and main task id (required for a "
        "coordination group, OMR504).",
        "Huvuduppgiften som gruppen bildats för: program och huvuduppgiftens id (krävs för "
        "en samordningsgrupp, OMR504).",
    ),
    "Group.members": (
        "The group's members (personal data: names, emails and phones are handled as such).",
        "Gruppens medlemmar (personuppgifter: namn, e-post och telefon hanteras som sådana).",
    ),
    "MainTaskRef.programme": ("The programme, by id.", "Utvecklingsprogrammet, med id."),
    "MainTaskRef.id": ("The main task's id in the programme.", "Huvuduppgiftens id i programmet."),
    "Member.name": (
        "The member's name (personal data; hidden in public output when public is false).",
        "Medlemmens namn (personuppgift; döljs i publika utdata när public är false).",
    ),
    "Member.organisation": (
        "The organisation the member represents, by id.",
        "Organisationen som medlemmen representerar, med id.",
    ),
    "Member.role": (
        "chair, area_developer, representative, secretary or member.",
        "chair (ordförande), area_developer (områdesutvecklare), representative "
        "(representant), secretary (sekreterare) eller member (ledamot).",
    ),
    "Member.mandate": (
        "true: the administration appointed the representative with the mandate to act (OMR503).",
        "true: förvaltningen har utsett representanten med mandat att agera (OMR503).",
    ),
    "Member.from": (
        "The first day of membership (optional).",
        "Medlemskapets första dag (valfritt).",
    ),
    "Member.until": (
        "The last day of membership (optional).",
        "Medlemskapets sista dag (valfritt).",
    ),
    "Member.email": (
        "Email address (optional; personal data, never in public output).",
        "E-postadress (valfri; personuppgift, aldrig i publika utdata).",
    ),
    "Member.phone": (
        "Phone number (optional; personal data, never in public output).",
        "Telefonnummer (valfritt; personuppgift, aldrig i publika utdata).",
    ),
    "Member.public": (
        "false hides the name from public output too (default true).",
        "false döljer också namnet i publika utdata (standard true).",
    ),
    # --- budget ---------------------------------------------------------------------------
    "Budget.year": (
        "The budget year; the file is data/budget/<year>.yaml.",
        "Budgetåret; filen är data/budget/<year>.yaml.",
    ),
    "Budget.appropriation": (
        "The yearly grant to allocate, in whole kronor.",
        "Det årliga anslaget som fördelas, i hela kronor.",
    ),
    "Budget.unit": (
        "Every district amount is a whole multiple of this (default 1).",
        "Varje stadsdels belopp är en hel multipel av detta (standard 1).",
    ),
    "Budget.districts": (
        "The districts that share the grant (optional; default every district).",
        "Stadsdelarna som delar anslaget (valfritt; standard alla stadsdelar).",
    ),
    "Budget.base_grant": (
        "The base grant (grundanslag): per_district kronor, or a share 0–1 of the appropriation.",
        "Grundanslaget: per_district kronor, eller en andel 0–1 av anslaget (share).",
    ),
    "Budget.weighting": (
        "The compensatory weighting of the remainder: volume, indicators and their "
        "weights, data year and transition.",
        "Den kompensatoriska viktningen av resten: volym, indikatorer och deras vikter, "
        "dataår och övergång.",
    ),
    "Budget.note": ("A note about the budget (optional).", "En anteckning om budgeten (valfri)."),
    "BaseGrant.per_district": (
        "The base grant of each district, in kronor.",
        "Varje stadsdels grundanslag, i kronor.",
    ),
    "BaseGrant.share": (
        "The share of the appropriation that is base grant, 0–1, split equally.",
        "Andelen av anslaget som är grundanslag, 0–1, delad lika.",
    ),
    "BaseGrant.prioritised": (
        "The base grant of each prioritised district instead of per_district (optional).",
        "Varje prioriterad stadsdels grundanslag i stället för per_district (valfritt).",
    ),
    "Weighting.volume": (
        "population (default) or equal.",
        "population (befolkning, standard) eller equal (lika).",
    ),
    "Weighting.indicators": (
        "The weighted indicators; none: the shares follow volume alone.",
        "De viktade indikatorerna; inga: andelarna följer enbart volymen.",
    ),
    "Weighting.data_year": (
        "The year of the indicator values used (optional; default the latest before the "
        "budget year).",
        "Året för indikatorvärdena som används (valfritt; standard det senaste före budgetåret).",
    ),
    "Weighting.transition": (
        "Smoothing against the previous year's shares (optional).",
        "Utjämning mot föregående års andelar (valfritt).",
    ),
    "Weighting.prioritised": (
        "A factor that multiplies prioritised districts' volume × need (optional).",
        "En faktor som multiplicerar prioriterade stadsdelars volym × behov (valfritt).",
    ),
    "WeightedIndicator.indicator": ("The indicator, by id.", "Indikatorn, med id."),
    "WeightedIndicator.weight": (
        "Its weight; the weights are positive and sum to exactly 1.",
        "Dess vikt; vikterna är positiva och summerar till exakt 1.",
    ),
    "Transition.previous": ("The previous budget year.", "Föregående budgetår."),
    "Transition.alpha": (
        "The weight of this year's shares, 0–1 (the rest is last year's).",
        "Vikten för årets andelar, 0–1 (resten är föregående års).",
    ),
    # --- dialogue -------------------------------------------------------------------------
    "Dialogue.id": ("The dialogue's id.", "Dialogens id."),
    "Dialogue.districts": (
        "The districts the dialogue is in, at least one.",
        "Stadsdelarna som dialogen gäller, minst en.",
    ),
    "Dialogue.title": ("The dialogue's title.", "Dialogens rubrik."),
    "Dialogue.purpose": ("What the dialogue is for.", "Vad dialogen är till för."),
    "Dialogue.level": (
        "The level of participation: information, consultation, dialogue, influence or "
        "co_decision.",
        "Delaktighetens nivå: information, consultation (konsultation), dialogue (dialog), "
        "influence (inflytande) eller co_decision (medbeslutande).",
    ),
    "Dialogue.commission": (
        "The commission (step 2): body, date and reference.",
        "Uppdraget (steg 2): organ, datum och diarienummer.",
    ),
    "Dialogue.target_groups": (
        "The groups the dialogue reaches: residents, children_youth, disability_council, "
        "pensioners_council, associations, businesses, property_owners, staff, elected or "
        "other.",
        "Målgrupperna: residents (invånare), children_youth (barn och unga), "
        "disability_council (funktionsrättsråd), pensioners_council (pensionärsråd), "
        "associations (föreningar), businesses (näringsliv), property_owners "
        "(fastighetsägare), staff (personal), elected (förtroendevalda) eller other (andra).",
    ),
    "Dialogue.steps": (
        "Sandviken's nine steps, dates in order, later ones optional.",
        "Sandvikens nio steg, datum i ordning, de senare valfria.",
    ),
    "Dialogue.feedback_to_residents": (
        "Feedback to residents (återkoppling): how and when they were told (date) or will "
        "be (planned).",
        "Återkopplingen till invånarna: hur och när de fick besked (date) eller ska få det "
        "(planned).",
    ),
    "Dialogue.results": (
        "What came of the dialogue (optional).",
        "Vad dialogen ledde till (valfritt).",
    ),
    "Dialogue.themes": (
        'What residents said and what came of it, theme by theme ("Ni sa – vi gjorde").',
        'Vad invånarna sa och vad det ledde till, tema för tema ("Ni sa – vi gjorde").',
    ),
    "Dialogue.evaluation": (
        "The evaluation of the dialogue against its commission (step 9).",
        "Utvärderingen av dialogen mot uppdraget (steg 9).",
    ),
    "Commission.body": ("The body that commissioned the dialogue.", "Organet som gav uppdraget."),
    "Commission.date": ("The day of the commission.", "Dagen för uppdraget."),
    "Commission.reference": ("The diary number (optional).", "Diarienumret (valfritt)."),
    "Steps.initiative": ("Step 1: the initiative.", "Steg 1: initiativ."),
    "Steps.commission": ("Step 2: the commission.", "Steg 2: uppdrag."),
    "Steps.planning": ("Step 3: planning.", "Steg 3: planering."),
    "Steps.launch": ("Step 4: launch.", "Steg 4: start."),
    "Steps.conduct": (
        "Step 5: conducting the dialogue, from and to.",
        "Steg 5: genomförande, från och till.",
    ),
    "Steps.compilation": ("Step 6: compilation.", "Steg 6: sammanställning."),
    "Steps.feedback_to_elected": (
        "Step 7: feedback to the elected.",
        "Steg 7: återkoppling till förtroendevalda.",
    ),
    "Steps.processing": ("Step 8: processing.", "Steg 8: beredning."),
    "Steps.decision": ("Step 9: decision.", "Steg 9: beslut."),
    "DateRange.from": ("The first day.", "Första dagen."),
    "DateRange.to": ("The last day.", "Sista dagen."),
    "Feedback.date": ("When residents were told.", "När invånarna fick besked."),
    "Feedback.planned": ("When residents will be told.", "När invånarna ska få besked."),
    "Feedback.channel": ("How residents are told.", "Hur invånarna får besked."),
    "Theme.id": (
        "The theme's id; actions answer it with answers:.",
        "Temats id; insatser svarar på det med answers:.",
    ),
    "Theme.said": ("What residents said, in their words.", "Vad invånarna sa, med deras ord."),
    "Theme.answer": (
        "What the municipality answered and did (optional).",
        "Vad kommunen svarade och gjorde (valfritt).",
    ),
    "Theme.response": (
        "done, planned, partly, declined or referred (passed on, e.g. outside the "
        "dialogue's purpose).",
        "done (genomfört), planned (planerat), partly (delvis), declined (avböjt) eller "
        "referred (vidarebefordrat, t.ex. utanför dialogens syfte).",
    ),
    "Evaluation.date": (
        "The day of the evaluation (optional).",
        "Dagen för utvärderingen (valfritt).",
    ),
    "Evaluation.text": ("The evaluation.", "Utvärderingen."),
    # --- guideline ------------------------------------------------------------------------
    "Guideline.id": (
        "The guideline's id; the file is data/guidelines/<id>.yaml.",
        "Riktlinjens id; filen är data/guidelines/<id>.yaml.",
    ),
    "Guideline.title": (
        "The guideline's title, as the document states it.",
        "Riktlinjens rubrik, som dokumentet anger den.",
    ),
    "Guideline.valid_from": (
        "The first day it is valid (optional: when the document names none, its decision date).",
        "Första dagen den gäller (valfritt: när dokumentet inte anger någon, beslutsdagen).",
    ),
    "Guideline.valid_to": (
        'The last day it is valid ("Dokumentet gäller till den …"); exactly one of this '
        "and until_further_notice.",
        'Sista dagen den gäller ("Dokumentet gäller till den …"); exakt en av denna och '
        "until_further_notice.",
    ),
    "Guideline.until_further_notice": (
        "true: valid until further notice (gäller tills vidare); exactly one of this and valid_to.",
        "true: gäller tills vidare; exakt en av denna och valid_to.",
    ),
    "Guideline.owner": (
        'The body or organisation responsible for revising it ("För revidering ansvarar").',
        'Organet eller organisationen som ansvarar för revidering ("För revidering ansvarar").',
    ),
    "Guideline.follow_up_by": (
        'Responsible for following it up (optional; "För uppföljning ansvarar").',
        'Ansvarig för uppföljningen (valfritt; "För uppföljning ansvarar").',
    ),
    "Guideline.applies_to": (
        'The bodies and organisations it applies to (optional; "Dokumentet gäller för").',
        'Organen och organisationerna som den gäller för (valfritt; "Dokumentet gäller för").',
    ),
    "Guideline.replaces": (
        'What it replaces (optional; "Dokumentet ersätter"): a guideline in the '
        "repository by id, or another by title and reference.",
        'Vad den ersätter (valfritt; "Dokumentet ersätter"): en riktlinje i repositoryt '
        "med id, eller en annan med rubrik och diarienummer.",
    ),
    "Guideline.related": (
        "Related documents, as text (optional).",
        "Relaterade dokument, som text (valfritt).",
    ),
    "Guideline.summary": ("A summary (optional).", "En sammanfattning (valfri)."),
    "ReplacedDocument.guideline": (
        "The replaced guideline's id in this repository.",
        "Den ersatta riktlinjens id i detta repository.",
    ),
    "ReplacedDocument.title": ("The replaced document's title.", "Det ersatta dokumentets rubrik."),
    "ReplacedDocument.reference": (
        "The replaced document's diary number.",
        "Det ersatta dokumentets diarienummer.",
    ),
    # --- the practice in depth (issue 27) ---------------------------------------------------
    "Calendar.analysis_refresh_years": (
        "How many years a district's latest analysis holds where the dialogue commission has "
        "no focus periods in the district (default 2; no source gives a number; OMR311).",
        "Hur många år en stadsdels senaste analys håller där dialogkommissionen inte har "
        "fokusperioder i stadsdelen (standard 2; ingen källa anger en siffra; OMR311).",
    ),
    "Indicator.by_sex": (
        "true: the indicator is followed by sex; every total an analysis gives for it needs "
        "a value for women and one for men (OMR233), and the district page shows the gap.",
        "true: indikatorn följs per kön; varje totalvärde i en analys behöver ett värde för "
        "kvinnor och ett för män (OMR233), och stadsdelssidan visar skillnaden.",
    ),
    "IndicatorValue.municipality_illustrative": (
        "true: the municipality-wide comparison value is invented too (OMR234).",
        "true: jämförelsevärdet för hela kommunen är också påhittat (OMR234).",
    ),
    "Programme.dialogues": (
        "The dialogues in which the main tasks were defined ('I dialog med medborgarna "
        "definieras huvuduppgifter'); each held before the programme was adopted (OMR611).",
        "Dialogerna där huvuduppgifterna definierades (”I dialog med medborgarna definieras "
        "huvuduppgifter”); var och en hållen innan programmet fastställdes (OMR611).",
    ),
    "Action.under_way": (
        "true: the action was already under way when the dialogue collected the themes it "
        "answers (OMR609).",
        "true: insatsen pågick redan när dialogen samlade in de teman den svarar på (OMR609).",
    ),
    "*.reaches": (
        "Whom it reached: girls, boys, women and men (numbers of participants) and the "
        "target groups reached.",
        "Vilka den nådde: flickor, pojkar, kvinnor och män (antal deltagare) och de "
        "målgrupper som nåddes.",
    ),
    "Reach.girls": ("How many girls took part.", "Hur många flickor som deltog."),
    "Reach.boys": ("How many boys took part.", "Hur många pojkar som deltog."),
    "Reach.women": ("How many women took part.", "Hur många kvinnor som deltog."),
    "Reach.men": ("How many men took part.", "Hur många män som deltog."),
    "Reach.groups": (
        "The target groups reached; a dialogue's target group not among them is flagged (OMR613).",
        "Målgrupperna som nåddes; en dialogs målgrupp som saknas här anmärks (OMR613).",
    ),
    "Group.level": (
        "district (the default) or municipality: a group of the whole municipality (SGP, "
        "KLG, the area developers, the dialogue commission) names no district.",
        "district (standard) eller municipality: en grupp för hela kommunen (SGP, KLG, "
        "områdesutvecklarna, dialogkommissionen) anger ingen stadsdel.",
    ),
    "Group.focus_periods": (
        "The dialogue commission's focus periods; the district's analysis is refreshed "
        "before each (OMR323).",
        "Dialogkommissionens fokusperioder; stadsdelens analys aktualiseras inför varje (OMR323).",
    ),
    "FocusPeriod.from": ("The first day of the focus period.", "Fokusperiodens första dag."),
    "FocusPeriod.to": ("The last day of the focus period.", "Fokusperiodens sista dag."),
    "FocusPeriod.theme": ("What the focus period is about.", "Vad fokusperioden handlar om."),
    "Member.position": (
        "Where the member sits in their own organisation: head_of_administration, "
        "management_team or other (area groups: OMR509, OMR511).",
        "Var ledamoten sitter i sin egen organisation: head_of_administration "
        "(förvaltningschef), management_team (ledningsgruppen) eller other (områdesgrupper: "
        "OMR509, OMR511).",
    ),
    "Guideline.revised_by": (
        "Responsible for revising the guideline ('För revidering av dokumentet ansvarar').",
        "Ansvarig för revidering av riktlinjen (”För revidering av dokumentet ansvarar”).",
    ),
    "Guideline.authority": (
        "Who decides on each kind the guideline governs: programme, plan, analysis, budget "
        "(OMR320).",
        "Vem som beslutar om varje sorts dokument riktlinjen styr: program, handlingsplan, "
        "analys, budget (OMR320).",
    ),
    "Authorities.programme": ("Who decides on programmes.", "Vem som beslutar om program."),
    "Authorities.plan": ("Who decides on action plans.", "Vem som beslutar om handlingsplaner."),
    "Authorities.analysis": (
        "Who decides on district analyses.",
        "Vem som beslutar om stadsdelsanalyser.",
    ),
    "Authorities.budget": ("Who decides on the budget.", "Vem som beslutar om budgeten."),
    "Authority.adopted_by": (
        "The bodies that may adopt this kind ('Programmen fastställs av kommunfullmäktige').",
        "Organen som får fastställa den här sortens dokument (”Programmen fastställs av "
        "kommunfullmäktige”).",
    ),
    "Authority.revised_by": (
        "The bodies that may revise it (adopt one that replaces another); default: adopted_by.",
        "Organen som får revidera det (fastställa ett som ersätter ett annat); standard: "
        "adopted_by.",
    ),
    "Authority.follow_up_by": (
        "The body or organisation that follows it up (shown beside each decision).",
        "Organet eller organisationen som följer upp det (visas vid varje beslut).",
    ),
}


def describe(model: str, key: str, lang: str) -> str | None:
    """The description of ``key`` in ``model`` in ``lang`` ('sv' or 'en'); None when
    there is none."""
    index = 1 if lang == "sv" else 0
    words = DESCRIPTIONS.get(f"{model}.{key}") or DESCRIPTIONS.get(f"*.{key}")
    if words is not None:
        return words[index]
    if key.endswith("_en"):
        return TWIN[index].format(key=key.removesuffix("_en"))
    return None
