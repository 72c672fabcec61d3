"""The rule catalogue: every diagnostic code omrade can emit, with its default severity.

Codes are stable: never renumber or reuse one. The README's rule table is generated
from this module (``omrade rules --format md``) and a test keeps them in sync.
"""

from omrade.diagnostics import define

# 0xx — reading YAML
define(
    "OMR001",
    "error",
    "YAML syntax error",
    "The file is not well-formed YAML, or is nested deeper than a plan file needs.",
)
define(
    "OMR002",
    "error",
    "Duplicate key",
    "A key appears twice in the same mapping; YAML parsers silently keep one of them.",
)
define(
    "OMR003",
    "error",
    "Anchor or alias",
    "Anchors (&name) and aliases (*name) are refused: they hide content from reviewers "
    "and enable 'billion laughs' inputs.",
)
define(
    "OMR004",
    "error",
    "Several documents in one file",
    "A file holds exactly one YAML document; '---' separators are not allowed after the first.",
)
define(
    "OMR005",
    "error",
    "Not UTF-8 text",
    "Files are UTF-8 text. UTF-16, Latin-1 and binary (NUL bytes) are refused.",
)
define(
    "OMR006",
    "error",
    "Tab in indentation",
    "YAML indents with spaces; a tab in the indentation is refused.",
)
define(
    "OMR007",
    "error",
    "File too large",
    "Files over the size limit (default 5 MB, --max-file-size) are not read.",
)
define(
    "OMR008",
    "error",
    "File cannot be read",
    "The path is unreadable, not a regular file, or a broken or looping link.",
)
define(
    "OMR009",
    "error",
    "Explicit tag",
    "YAML tags such as !!int or !!python/object are refused; the schema decides types.",
)
define(
    "OMR010",
    "error",
    "Not a mapping",
    "A plan file is a mapping of keys starting with 'kind:'; an empty file or a top-level "
    "list is refused.",
)
define(
    "OMR011",
    "error",
    "Unknown or missing kind",
    "Every file names its kind: municipality, indicators, district, analysis, programme, "
    "plan, group, budget, dialogue or guideline.",
)
define(
    "OMR012",
    "warning",
    "File in the wrong place",
    "A file's path disagrees with its kind or ids, e.g. a plan for 2025 not named "
    "plan-2025.yaml under its programme's folder.",
)
define(
    "OMR013",
    "error",
    "Missing municipality or indicator file",
    "A plan repository has data/municipality.yaml and data/indicators.yaml, each once.",
)
define(
    "OMR014",
    "error",
    "Link not followed",
    "A symbolic link in data/ or templates/ (or data/ or templates/ itself) is not "
    "followed, wherever it points: a link can reach any file on the machine that runs "
    "omrade. Its target is never read; replace the link with the file itself.",
)
define(
    "OMR015",
    "warning",
    "File not read",
    "A file under data/ that omrade does not read: another extension (.csv, .xlsx, .json, "
    ".txt …) or .yaml in another case (.YAML, .Yml). Hidden files, backups (name~) and "
    "README files are left alone.",
)
define(
    "OMR016",
    "error",
    "Too many values",
    "A file with more than 100 000 values (keys, list items and texts) is refused as it "
    "is read: no plan file needs that many, and holding them would take memory far "
    "beyond the file's size.",
)
define(
    "OMR017",
    "error",
    "File name not UTF-8",
    "A file or folder under data/ whose name is not UTF-8 (e.g. Latin-1 from an old "
    "system) is not read; its name is shown with the odd bytes escaped (bad\\xff.yaml).",
)

# 1xx — schema
define(
    "OMR101", "error", "Unknown key", "A key that the kind does not have; usually a misspelling."
)
define("OMR102", "error", "Missing key", "A required key is absent.")
define(
    "OMR103",
    "error",
    "Wrong type",
    "A value has the wrong type: text where a number, date, list or true/false is expected, "
    "or the other way round.",
)
define(
    "OMR104",
    "error",
    "Value not allowed",
    "A value outside the listed choices (status, type, unit, role …).",
)
define(
    "OMR105",
    "error",
    "Malformed id",
    "File ids are slugs (^[a-z0-9][a-z0-9-]*$); local ids of main tasks, goals and actions "
    "match ^[A-Za-z0-9][A-Za-z0-9._-]*$.",
)
define(
    "OMR106",
    "error",
    "Invalid value",
    "A value breaks a constraint: a negative amount, a year out of range, an empty list "
    "where one entry is needed, both or neither of two alternatives, a number beyond 15 "
    "figures before the decimal point or 12 after it (1e99999999, 1e-99999), which is "
    "refused before any arithmetic.",
)

# 2xx — references and content
define(
    "OMR201",
    "error",
    "Unknown district",
    "A file names a district that has no data/districts/<id>.yaml.",
)
define(
    "OMR202",
    "error",
    "Unknown programme",
    "A file names a programme that has no data/programmes/<id>.yaml.",
)
define(
    "OMR203", "error", "Unknown main task", "A main task id that the named programme does not have."
)
define(
    "OMR204",
    "error",
    "Unknown organisation",
    "An organisation id not listed under 'organisations' in municipality.yaml.",
)
define(
    "OMR205",
    "error",
    "Unknown body",
    "A decision, commission or an action's board goal ('serves') names a body not listed "
    "under 'bodies' in municipality.yaml; a guideline's owner, follow-up and scope name a "
    "body or an organisation.",
)
define(
    "OMR206", "error", "Unknown indicator", "An indicator id that is not in data/indicators.yaml."
)
define(
    "OMR207", "error", "Unknown group", "An action names a group that has no data/groups/<id>.yaml."
)
define(
    "OMR208",
    "error",
    "Unknown dialogue",
    "An analysis or action names a dialogue that has no data/dialogues/<id>.yaml.",
)
define(
    "OMR209", "error", "Duplicate id", "Two documents, or two entries in one document, share an id."
)
define(
    "OMR210",
    "error",
    "Unknown dimension",
    "A dimension that is not in the municipality's 'dimensions' list.",
)
define(
    "OMR211",
    "error",
    "Unknown guideline",
    "A programme, plan or guideline names a guideline that has no data/guidelines/<id>.yaml.",
)
define(
    "OMR212",
    "error",
    "Unknown dialogue theme",
    "An action answers a theme that its dialogue does not record (or names themes without "
    "naming its dialogue).",
)
define(
    "OMR220",
    "warning",
    "Main task without action",
    "A main task of the programme has no action in the year's plan.",
)
define(
    "OMR221",
    "warning",
    "Interventions dominate",
    "More than half of a plan's actions are interventions; promoting and preventive work "
    "should dominate (Eskilstuna's plan for safety and inclusion).",
)
define(
    "OMR230",
    "warning",
    "Dimension not assessed",
    "An analysis lacks an assessment for one of the municipality's sustainability dimensions.",
)
define(
    "OMR231",
    "warning",
    "Duplicate indicator value",
    "An analysis gives two values for the same indicator and year.",
)

define(
    "OMR240",
    "error",
    "Accent colour hard to read",
    "The site's accent colour (site.accent in municipality.yaml) colours links and must "
    "have a contrast ratio of at least 4.5:1 against the white background (WCAG 2.1, 1.4.3).",
)
define(
    "OMR241",
    "error",
    "Logo not found",
    "The site's logo (site.logo in municipality.yaml) must be a PNG, JPEG or SVG file in "
    "the repository, no larger than 200 kB.",
)
define(
    "OMR232",
    "warning",
    "Placeholder not filled in",
    "A draft still says FYLL I, the mark omrade new and omrade init leave where a person "
    "must fill in a value (in the value, or in a comment after it).",
)

# 3xx — dates and lifecycle
define(
    "OMR301",
    "error",
    "Dates in the wrong order",
    "valid_from after valid_to, start after end, a member's 'from' after 'until'.",
)
define(
    "OMR302",
    "error",
    "Plan outside its programme",
    "A plan's year is not inside its programme's validity.",
)
define(
    "OMR303",
    "error",
    "Adopted without decision",
    "An adopted document must record its decision (body, date, reference).",
)
define(
    "OMR304",
    "error",
    "Overlapping programmes",
    "Two adopted programmes of one district are valid at the same time.",
)
define(
    "OMR305",
    "warning",
    "Programme expired",
    "An adopted programme whose validity ended before --as-of; replace it or mark it replaced.",
)
define(
    "OMR306",
    "warning",
    "Programme expiring soon",
    "An adopted programme that expires within 180 days of --as-of and has no successor.",
)
define(
    "OMR307",
    "error",
    "Follow-up period outside the plan",
    "A follow-up period that is not in the plan's year or not of the municipality's "
    "follow-up cycle (tertial, quarter, half_year, year).",
)
define(
    "OMR308",
    "warning",
    "Follow-up missing",
    "A follow-up period has ended (by --as-of) and an action that ran in it has no follow-up.",
)
define(
    "OMR309",
    "warning",
    "Action outside the plan's year",
    "An action's start or end lies outside the year of its plan.",
)
define(
    "OMR310",
    "warning",
    "Decision in the future",
    "A decision dated after --as-of: the document cannot be adopted yet.",
)
define(
    "OMR311",
    "warning",
    "Analysis out of date",
    "The district's latest analysis was updated more than two years before --as-of.",
)
define("OMR312", "warning", "Duplicate follow-up", "An action reports the same period twice.")
define(
    "OMR313",
    "error",
    "Placeholder in an adopted document",
    "An adopted document (status adopted or replaced, or with a decision) still says FYLL I: "
    "what was decided must be written out.",
)
define(
    "OMR314",
    "warning",
    "Guideline expired",
    "An adopted guideline whose validity ended before --as-of; the programmes and plans that "
    "follow it run under an expired governing document. Revise it, or record its successor.",
)
define(
    "OMR315",
    "warning",
    "Guideline expiring soon",
    "An adopted guideline that expires within 180 days of --as-of and that no guideline replaces.",
)
define(
    "OMR316",
    "warning",
    "Action plan missing after its date",
    "The calendar's date for adopting the coming year's action plan has passed (by --as-of) "
    "and a current programme has no adopted plan for that year.",
)
define(
    "OMR317",
    "warning",
    "Budget missing after its date",
    "The calendar's date for adopting the coming year's budget has passed (by --as-of) and "
    "that year has no adopted budget.",
)
define(
    "OMR318",
    "warning",
    "Follow-up due soon",
    "A period's follow-up is due within the calendar's due_soon_days (default 30) of --as-of "
    "and an action that runs in it has none yet; 'omrade status' lists these as due soon.",
)
define(
    "OMR319",
    "warning",
    "Stale action",
    "An unfinished action has had no new follow-up for the calendar's stale_periods "
    "(default 2) periods: each one repeats the one before, or is missing.",
)

# 4xx — budget (checked by the allocation; see `omrade allocate`)
define(
    "OMR401", "error", "Weights invalid", "Indicator weights must be positive and sum to exactly 1."
)
define(
    "OMR402",
    "error",
    "Amount not a multiple of the unit",
    "The appropriation, a per-district base grant and the remainder must be whole "
    "multiples of the budget's unit.",
)
define(
    "OMR403",
    "error",
    "Base above the appropriation",
    "The base grants together exceed the appropriation.",
)
define(
    "OMR404",
    "error",
    "Indicator value missing",
    "A weighted indicator has no value for a district in the data year; the error names "
    "district, indicator and year. No silent zeros.",
)
define(
    "OMR405",
    "error",
    "Value unusable for a ratio",
    "A zero or negative value (or 100 % for a percent indicator where lower is need) "
    "where the need ratio divides by it.",
)
define(
    "OMR406",
    "error",
    "Plan spends more than the allocation",
    "A district's plans spend more area_grant in a year than its allocated total.",
)
define(
    "OMR407",
    "error",
    "Transition year missing",
    "The budget smooths against a previous year that has no budget file.",
)
define(
    "OMR408",
    "error",
    "Indicator without need direction",
    "A weighted indicator whose 'need' is 'none' cannot weigh need.",
)
define(
    "OMR409",
    "warning",
    "Area grant without budget",
    "A plan spends area_grant in a year that has no budget file.",
)
define(
    "OMR410",
    "error",
    "No population to weigh by",
    "A budget weights by population (volume: population, the default), and one of its "
    "districts has population 0: it would silently get no compensatory share.",
)
define(
    "OMR411",
    "warning",
    "Prioritised weighting without prioritised districts",
    "The budget gives prioritised districts a factor or a base of their own, but none of its "
    "districts is prioritised: the setting has no effect.",
)

# 5xx — groups
define(
    "OMR501",
    "warning",
    "District without network group",
    "Every district has a nätverksgrupp (type: network).",
)
define(
    "OMR502",
    "warning",
    "Main task without coordination group",
    "Every main task of a current programme has a samordningsgrupp (type: coordination).",
)
define(
    "OMR503",
    "warning",
    "Representative without mandate",
    "A representative must be appointed with the mandate to act for the organisation "
    "(mandate: true).",
)
define(
    "OMR504",
    "error",
    "Coordination group without main task",
    "A coordination group names the main task it carries (main_task: {programme, id}).",
)
define("OMR505", "warning", "Group without members", "A group has no current member as of --as-of.")
define(
    "OMR506",
    "warning",
    "Lead administration missing from the coordination group",
    "A coordination group is formed from the main task: it includes every administration "
    "that leads an action under its main task (external actors may join too). The "
    "diagnostic names the administration and its actions.",
)
define(
    "OMR507",
    "warning",
    "Action carried by another main task's group",
    "An action names a coordination group that carries a different main task.",
)

# 6xx — dialogues
define(
    "OMR601",
    "error",
    "Dialogue steps out of order",
    "The nine steps' dates must not go backwards (Sandviken's strategy for citizen dialogue).",
)
define(
    "OMR602",
    "warning",
    "Information is not a dialogue",
    "A dialogue at level 'information' only informs; 'information alone is not a dialogue'.",
)
define(
    "OMR603",
    "warning",
    "Target group not considered",
    "The disability council, the pensioners' council and children and young people must "
    "always be considered among the target groups.",
)
define(
    "OMR604",
    "warning",
    "No feedback to residents",
    "A dialogue that reached a decision records no feedback to the residents.",
)
define(
    "OMR605",
    "warning",
    "Commission dates disagree",
    "The commission's date and the 'commission' step's date differ.",
)
define(
    "OMR606",
    "warning",
    "Feedback to residents past due",
    "The planned date for telling residents what came of the dialogue has passed (by "
    "--as-of) and no feedback date is recorded.",
)
define(
    "OMR607",
    "warning",
    "Theme without answer",
    "The dialogue has reached its decision, but a theme residents raised has no answer.",
)
define(
    "OMR608",
    "warning",
    "Dialogue not evaluated",
    "Residents have been told what came of the dialogue, but the dialogue itself has not "
    "been evaluated against its commission (Sandviken's step 9).",
)

# 7xx — personal data
define(
    "OMR701",
    "error",
    "Personal identity number",
    "A Swedish personal identity number (personnummer or samordningsnummer with a valid "
    "check digit) must never enter the repository — not in values, not in comments.",
)
define(
    "OMR702",
    "error",
    "Email address outside a roster",
    "Email addresses belong only in a group member's 'email' field.",
)
define(
    "OMR703",
    "error",
    "Phone number outside a roster",
    "Phone numbers belong only in a group member's 'phone' field.",
)
define(
    "OMR704",
    "error",
    "Hidden member named",
    "The name of a group member with 'public: false' is written in a field that is "
    "published (a comment, a note, a title, another roster), or another member of the "
    "same name is public.",
)

# 8xx — templates and output (refusals of `omrade report`, `new`, `init` and `schema`; exit 2)
define(
    "OMR801",
    "error",
    "Unsafe template",
    "A template reached for Python internals (attributes starting with '_', "
    "'__globals__', '__class__', …), called something that is not a macro or a plain "
    "method of text, numbers or lists, or changed a value in place. Templates run in a "
    "sandbox; the report is not rendered.",
)
define(
    "OMR802",
    "error",
    "Template error",
    "A template has a syntax error, uses a variable or template that does not exist, "
    "or is not UTF-8 text; the message names the template file and line.",
)
define(
    "OMR803",
    "error",
    "Output folder refused",
    "`omrade report --out` names the repository, data/, templates/ or .git, a folder "
    "that contains one of them or lies inside data/, templates/ or .git (after "
    "resolving links), a link, or a non-empty folder omrade did not write.",
)
define(
    "OMR804",
    "error",
    "Write through a link refused",
    "`omrade new`, `init`, `schema` and `report` never write through a symbolic link: "
    "a file or folder they would write is a link (even a broken one).",
)
