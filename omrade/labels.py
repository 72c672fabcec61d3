"""UI labels in Swedish (default) and English: the one message catalogue of the reports."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # site
    "site_title": ("Områdesutveckling", "Area development"),
    "skip": ("Hoppa till innehållet", "Skip to content"),
    "nav": ("Huvudmeny", "Main menu"),
    "overview": ("Översikt", "Overview"),
    "districts": ("Stadsdelar", "Districts"),
    "district": ("Stadsdel", "District"),
    "follow_up": ("Uppföljning", "Follow-up"),
    "allocation": ("Fördelning", "Allocation"),
    "accessibility": ("Tillgänglighetsredogörelse", "Accessibility statement"),
    "about": ("Om rapporten", "About this report"),
    "generated": ("Skapad", "Generated"),
    "as_of": ("Läget per", "As of"),
    "public_version": ("Offentlig version", "Public version"),
    "internal_version": (
        "Intern version: innehåller kontaktuppgifter",
        "Internal version: contains contact details",
    ),
    # overview
    "population": ("Befolkning", "Population"),
    "need_index": ("Behovsindex", "Need index"),
    "allocated": ("Tilldelat", "Allocated"),
    "plan_progress": ("Handlingsplanens läge", "Plan progress"),
    "attention": ("Behöver uppmärksamhet", "Needs attention"),
    "nothing_attention": ("Inget behöver uppmärksamhet just nu.", "Nothing needs attention now."),
    # the public site's list: the actions that do not go to plan, said for residents
    "resident_attention": ("Insatser som inte går enligt plan", "Actions not going to plan"),
    "resident_nothing": (
        "Alla insatser som har följts upp går enligt plan.",
        "Every action followed up is going to plan.",
    ),
    "resident_delayed": (
        "{action} är försenad (enligt uppföljningen {period}).",
        "{action} is delayed (according to the {period} follow-up).",
    ),
    "resident_off_track": (
        "{action} når inte sitt mål som planerat (enligt uppföljningen {period}).",
        "{action} is not reaching its goal as planned (according to the {period} follow-up).",
    ),
    "rule_explained": ("Regeln {code} förklarad", "Rule {code} explained"),
    "resident_count_one": ("1 insats går inte enligt plan", "1 action is not going to plan"),
    "resident_count_many": (
        "{n} insatser går inte enligt plan",
        "{n} actions are not going to plan",
    ),
    "actions": ("Insatser", "Actions"),
    "action": ("Insats", "Action"),
    "no_plan": ("Ingen handlingsplan", "No action plan"),
    # what a repository does not have yet (every stage of a new repository renders)
    "no_districts": (
        "Inga stadsdelar ännu. De läggs till med omrade new district.",
        "No districts yet. They are added with omrade new district.",
    ),
    "no_budget": (
        "Ingen fördelning ännu: det finns ingen budget.",
        "No allocation yet: there is no budget.",
    ),
    "no_allocation": ("Ingen fördelning ännu.", "No allocation yet."),
    "no_analysis": ("Ingen stadsdelsanalys ännu.", "No district analysis yet."),
    "no_values": ("Inga indikatorvärden ännu.", "No indicator values yet."),
    "no_programme": ("Inget utvecklingsprogram ännu.", "No development programme yet."),
    "no_plan_yet": (
        "Ingen handlingsplan till programmet ännu.",
        "No action plan for the programme yet.",
    ),
    "no_groups": ("Inga grupper ännu.", "No groups yet."),
    "no_dialogues": ("Inga medborgardialoger ännu.", "No citizen dialogues yet."),
    "district_table": ("Stadsdelarna i korthet", "The districts at a glance"),
    "where": ("Var", "Where"),
    "what": ("Vad", "What"),
    # district
    "analysis": ("Stadsdelsanalys", "District analysis"),
    "indicators": ("Indikatorer", "Indicators"),
    "indicator": ("Indikator", "Indicator"),
    "year": ("År", "Year"),
    "value": ("Värde", "Value"),
    "municipality": ("Kommunen", "Municipality"),
    "illustrative": ("illustrativt värde", "illustrative value"),
    "illustrative_note": (
        "Värden markerade * är illustrativa.",
        "Values marked * are illustrative.",
    ),
    "strengths": ("Styrkor", "Strengths"),
    "challenges": ("Utmaningar", "Challenges"),
    "needs": ("Behov", "Needs"),
    "resources": ("Resurser", "Resources"),
    "recommendations": ("Medskick", "Recommendations"),
    "to": ("Till", "To"),
    "dimension": ("Dimension", "Dimension"),
    "programme": ("Utvecklingsprogram", "Development programme"),
    "valid": ("Giltigt", "Valid"),
    "vision": ("Vision", "Vision"),
    "main_task": ("Huvuduppgift", "Main task"),
    "goals": ("Mål", "Goals"),
    "goal": ("Mål", "Goal"),
    "baseline": ("Utgångsläge", "Baseline"),
    "latest": ("Senast", "Latest"),
    "target": ("Målvärde", "Target"),
    "plan": ("Handlingsplan", "Action plan"),
    "responsible": ("Ansvarig", "Responsible"),
    "partners": ("Samverkanspartner", "Partners"),
    "type": ("Typ", "Type"),
    "funding": ("Finansiering", "Funding"),
    "status": ("Status", "Status"),
    "rating": ("Måluppfyllelse", "Rating"),
    "trend": ("Trend", "Trend"),
    "comment": ("Senaste kommentar", "Latest comment"),
    "balance": (
        "Balans mellan främjande, förebyggande och åtgärdande insatser",
        "Balance of promoting, preventive and intervention work",
    ),
    "groups": ("Grupper", "Groups"),
    "members": ("Medlemmar", "Members"),
    "name": ("Namn", "Name"),
    "organisation": ("Organisation", "Organisation"),
    "role": ("Roll", "Role"),
    "mandate": ("Mandat", "Mandate"),
    "contact": ("Kontakt", "Contact"),
    "hidden_member": (
        "1 medlem visas inte i den offentliga versionen.",
        "1 member is not shown in the public version.",
    ),
    "hidden_members": (
        "{n} medlemmar visas inte i den offentliga versionen.",
        "{n} members are not shown in the public version.",
    ),
    "dialogues": ("Medborgardialoger", "Citizen dialogues"),
    "level": ("Nivå", "Level"),
    "target_groups": ("Målgrupper", "Target groups"),
    "steps": ("Steg", "Steps"),
    "results": ("Resultat", "Results"),
    "feedback": ("Återkoppling till invånarna", "Feedback to residents"),
    "none": ("Inga", "None"),
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
    "chart_of": ("{name} per år", "{name} by year"),
    "data_table": ("Siffrorna i diagrammet", "The figures in the chart"),
    # follow-up
    "period": ("Period", "Period"),
    "by_district": ("Per stadsdel", "By district"),
    "by_responsible": ("Per ansvarig förvaltning", "By responsible administration"),
    "missing": ("Uppföljning saknas", "Follow-up missing"),
    "missing_list": ("Sena eller saknade uppföljningar", "Late or missing follow-ups"),
    "no_missing": ("Inga saknade uppföljningar.", "No missing follow-ups."),
    "periods": ("Perioder", "Periods"),
    # allocation
    "method": ("Så fördelas anslaget", "How the grant is divided"),
    "appropriation": ("Anslag", "Appropriation"),
    "base": ("Grundanslag", "Base grant"),
    "compensatory": ("Kompensatorisk del", "Compensatory part"),
    "total": ("Totalt", "Total"),
    "share": ("Andel", "Share"),
    "volume": ("Volym", "Volume"),
    "ratio": ("behovskvot", "need ratio"),
    "sum": ("Summa", "Sum"),
    "bar_chart": ("Stapeldiagram: tilldelat per stadsdel", "Bar chart: allocated per district"),
    "inputs": ("Underlag", "Inputs"),
    "working": ("Så räknas andelarna fram", "How the shares are worked out"),
    # about
    "commit": ("Version (commit)", "Commit"),
    "uncommitted": ("+ ändringar som inte är incheckade", "+ uncommitted changes"),
    "tool": ("Verktyg", "Tool"),
    "document": ("Dokument", "Document"),
    "last_changed": ("Senast ändrad", "Last changed"),
    "not_in_git": ("inte i git", "not in git"),
    "provenance": ("Ursprung", "Provenance"),
    # page head and footer (issue 15)
    "description": (
        "{page} – områdesutveckling i {municipality}: analyser, utvecklingsprogram, "
        "handlingsplaner, uppföljning och fördelning av anslaget.",
        "{page} – area development in {municipality}: analyses, development programmes, "
        "action plans, follow-up and the allocation of the grant.",
    ),
    "footer_nav": ("Om webbplatsen", "About the site"),
    # the overview at a glance (issue 15)
    "at_a_glance": ("Läget i stadsdelarna", "How the districts are doing"),
    "glance_of": ("Läget i {name}", "{name} at a glance"),
    "need_short": ("Behov", "Need"),
    "municipality_one": ("kommunen = 1", "municipality = 1"),
    "attention_one": ("1 sak behöver uppmärksamhet", "1 item needs attention"),
    "attention_many": ("{n} saker behöver uppmärksamhet", "{n} items need attention"),
    "glance_numbers": (
        "Siffrorna finns i tabellen Stadsdelar nedan.",
        "The figures are in the table Districts below.",
    ),
    # charts (issue 15)
    "chart_target": ("Mål {year}", "Target {year}"),
    # the yearly cycle
    "calendar": ("Kommande datum i årshjulet", "Coming dates in the yearly cycle"),
    "date": ("Datum", "Date"),
    "cal_plan": (
        "Handlingsplanerna för {year} ska vara antagna",
        "Action plans for {year} to be adopted",
    ),
    "cal_budget": ("Budgeten för {year} ska vara antagen", "Budget for {year} to be adopted"),
    "cal_follow_up": ("Uppföljningen av {period} ska lämnas", "Follow-up of {period} due"),
    "cal_steering": ("Rapport till styrgruppen", "Report to the steering group"),
    "cal_steering_period": (
        "Rapport till styrgruppen om {period}",
        "Report to the steering group on {period}",
    ),
    "due_soon": ("Snart dags", "Due soon"),
    "municipality_wide": ("Hela kommunen", "Municipality-wide"),
    # governing documents
    "guidelines": ("Styrdokument", "Governing documents"),
    "valid_to": ("Gäller till", "Valid to"),
    "until_further_notice": ("tills vidare", "until further notice"),
    "expired": ("Har upphört att gälla", "Has expired"),
    "revision_by": ("Revideras av", "Revised by"),
    "decided_by": ("Beslutad av", "Decided by"),
    "replaces": ("Ersätter", "Replaces"),
    "followed_up_by": ("Följs upp av", "Followed up by"),
    "decision_label": ("Beslut", "Decision"),
    "no_decision": ("Inget beslut ännu", "No decision yet"),
    # whom a dialogue or an action reached, and the gap between women and men
    "reached": ("Nådde", "Reached"),
    "reached_plan": ("Insatserna nådde", "The actions reached"),
    "girls": ("flickor", "girls"),
    "boys": ("pojkar", "boys"),
    "women": ("kvinnor", "women"),
    "men": ("män", "men"),
    "gap": ("skillnad", "gap"),
    "percentage_points": ("procentenheter", "percentage points"),
    # equity
    "prioritised": ("Prioriterad", "Prioritised"),
    # board goals
    "by_board": (
        "Per nämnd: vad områdesutvecklingen bidrar med till nämndens mål",
        "By board: what area development contributes to the board's goals",
    ),
    "board_goal": ("Nämndens mål eller åtagande", "The board's goal or commitment"),
    "serves": ("Bidrar till", "Serves"),
    "no_board_goals": (
        "Inga insatser är kopplade till nämndernas mål detta år.",
        "No action is linked to a board's goals this year.",
    ),
    # feedback to residents
    "you_said": ("Ni sa – vi gjorde", "You said – we did"),
    "you_said_page": ("Ni sa – vi gjorde", "You said – we did"),
    "themes": ("Vad invånarna sa och vad som hände", "What residents said and what happened"),
    "theme": ("Tema", "Theme"),
    "said": ("Ni sa", "You said"),
    "answer": ("Vi svarade", "We answered"),
    "response": ("Utfall", "Outcome"),
    "did": ("Vi gjorde", "We did"),
    "no_actions": ("Ingen insats är kopplad än.", "No action is linked yet."),
    "answers": ("Svarar på", "Answers"),
    "evaluation": ("Utvärdering av dialogen", "Evaluation of the dialogue"),
    "planned": ("planerad", "planned"),
    "read_more": ("Läs mer", "Read more"),
    # what is invented
    "notes": ("Om uppgifterna", "About the data"),
    "illustrative_doc": ("Illustrativt", "Illustrative"),
}

ENUMS: dict[str, dict[str, tuple[str, str]]] = {
    "status": {
        "not_started": ("Ej påbörjad", "Not started"),
        "ongoing": ("Pågår", "Ongoing"),
        "done": ("Genomförd", "Done"),
        "delayed": ("Försenad", "Delayed"),
        "cancelled": ("Avbruten", "Cancelled"),
        "missing": ("Uppföljning saknas", "Follow-up missing"),
    },
    "rating": {
        "green": ("Grön: på väg att nås", "Green: on track"),
        "yellow": ("Gul: delvis", "Yellow: partly"),
        "red": ("Röd: nås inte", "Red: off track"),
        "not_assessed": ("Ej bedömd", "Not assessed"),
    },
    "trend": {
        "improving": ("Förbättras", "Improving"),
        "unchanged": ("Oförändrad", "Unchanged"),
        "worsening": ("Försämras", "Worsening"),
        "not_assessable": ("Går ej att bedöma", "Not assessable"),
    },
    "type": {
        "promoting": ("Främjande", "Promoting"),
        "preventive": ("Förebyggande", "Preventive"),
        "intervention": ("Åtgärdande", "Intervention"),
    },
    "volume": {
        "population": ("Befolkning", "Population"),
        "equal": ("Lika för alla stadsdelar", "Equal for every district"),
    },
    "source": {
        "area_grant": ("Områdesanslag", "Area grant"),
        "regular_budget": ("Ordinarie budget", "Regular budget"),
        "social_investment_fund": ("Sociala investeringsfonden", "Social investment fund"),
        "external": ("Externa medel", "External funds"),
        "other": ("Annat", "Other"),
    },
    "role": {
        "chair": ("Ordförande", "Chair"),
        "area_developer": ("Områdesutvecklare", "Area developer"),
        "representative": ("Representant", "Representative"),
        "secretary": ("Sekreterare", "Secretary"),
        "member": ("Medlem", "Member"),
    },
    "group_type": {
        "network": ("Nätverksgrupp", "Network group"),
        "coordination": ("Samordningsgrupp", "Coordination group"),
        "area_group": ("Områdesgrupp", "Area group"),
        "dialogue_forum": ("Dialogforum", "Dialogue forum"),
        "other": ("Annan grupp", "Other group"),
    },
    "level": {
        "information": ("Information", "Information"),
        "consultation": ("Konsultation", "Consultation"),
        "dialogue": ("Dialog", "Dialogue"),
        "influence": ("Inflytande", "Influence"),
        "co_decision": ("Medbestämmande", "Co-decision"),
    },
    "target_group": {
        "residents": ("Invånare", "Residents"),
        "children_youth": ("Barn och unga", "Children and young people"),
        "disability_council": ("Funktionshinderrådet", "Disability council"),
        "pensioners_council": ("Pensionärsrådet", "Pensioners' council"),
        "associations": ("Föreningar", "Associations"),
        "businesses": ("Näringsliv", "Businesses"),
        "property_owners": ("Fastighetsägare", "Property owners"),
        "staff": ("Medarbetare", "Staff"),
        "elected": ("Förtroendevalda", "Elected members"),
        "other": ("Andra", "Others"),
    },
    "step": {
        "initiative": ("Initiativ", "Initiative"),
        "commission": ("Uppdrag", "Commission"),
        "planning": ("Planering", "Planning"),
        "launch": ("Start", "Launch"),
        "conduct": ("Genomförande", "Conduct"),
        "compilation": ("Sammanställning", "Compilation"),
        "feedback_to_elected": ("Återkoppling till förtroendevalda", "Feedback to elected"),
        "processing": ("Beredning", "Processing"),
        "decision": ("Beslut", "Decision"),
    },
    "unit": {
        "percent": ("Procent (%)", "Per cent (%)"),
        "count": ("Antal", "Number"),
        "sek": ("Kronor (kr)", "Kronor (SEK)"),
        "days": ("Dagar", "Days"),
        "ratio": ("Kvot", "Ratio"),
        "index": ("Index", "Index"),
    },
    "response": {
        "done": ("Genomfört", "Done"),
        "planned": ("Planerat", "Planned"),
        "partly": ("Delvis", "Partly"),
        "declined": ("Inte aktuellt", "Declined"),
        "referred": ("Lämnat vidare", "Referred"),
    },
    "doc_status": {
        "draft": ("Utkast", "Draft"),
        "consultation": ("På remiss", "In consultation"),
        "adopted": ("Antagen", "Adopted"),
        "replaced": ("Ersatt", "Replaced"),
        "withdrawn": ("Upphävd", "Withdrawn"),
    },
    "kind": {
        "municipality": ("Kommunen", "Municipality"),
        "indicators": ("Indikatorer", "Indicators"),
        "district": ("Stadsdel", "District"),
        "analysis": ("Stadsdelsanalys", "District analysis"),
        "programme": ("Utvecklingsprogram", "Development programme"),
        "plan": ("Handlingsplan", "Action plan"),
        "group": ("Grupp", "Group"),
        "budget": ("Budget", "Budget"),
        "dialogue": ("Dialog", "Dialogue"),
        "guideline": ("Riktlinje", "Guideline"),
    },
    "dimension": {
        "social": ("Social", "Social"),
        "economic": ("Ekonomisk", "Economic"),
        "ecological": ("Ekologisk", "Ecological"),
        "democratic": ("Demokratisk", "Democratic"),
        "climate": ("Klimat", "Climate"),
        # Botkyrka's own six long-term goals ("Ett hållbart Botkyrka", the presentation
        # "Organisation med medborgaren i centrum"), the alternative to the four above
        "arbete": ("Botkyrkaborna har arbete", "The people of Botkyrka have work"),
        "hemma": ("Botkyrkaborna känner sig hemma", "The people of Botkyrka feel at home"),
        "skolor": ("Botkyrka har de bästa skolorna", "Botkyrka has the best schools"),
        "klimat": (
            "Botkyrka bidrar inte till klimatförändringarna",
            "Botkyrka does not contribute to climate change",
        ),
        "halsa": (
            "Botkyrkaborna är friska och mår bra",
            "The people of Botkyrka are healthy and well",
        ),
        "fortroende": (
            "Botkyrkaborna har förtroende för varandra och för demokratin",
            "The people of Botkyrka trust each other and democracy",
        ),
    },
}

# A symbol beside every status and rating: the meaning never rests on colour alone.
SYMBOLS = {
    "green": "●",
    "yellow": "◐",
    "red": "○",
    "not_assessed": "–",
    "done": "✓",
    "ongoing": "→",
    "not_started": "·",
    "delayed": "!",
    "cancelled": "✕",
    "missing": "?",
}


class Messages:
    """Labels for one language, with the enums' display names."""

    def __init__(self, lang: str):
        self.lang = lang
        self._i = 0 if lang == "sv" else 1

    def __call__(self, key: str, **kwargs: object) -> str:
        text = MESSAGES[key][self._i]
        return text.format(**kwargs) if kwargs else text

    def enum(self, family: str, value: str) -> str:
        pair = ENUMS.get(family, {}).get(value)
        return pair[self._i] if pair else value.replace("_", " ")
