"""`omrade new` and `omrade init`: new files that follow the repository's conventions.

Each new file validates as written; what the user must fill in says ``FYLL I`` so that
it is easy to find (and a reviewer sees it in the pull request).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import ROUND_DOWN, Decimal
from importlib import resources
from pathlib import Path

from omrade.diagnostics import say
from omrade.load.safefs import (
    OMR804,
    Refused,
    check_no_links,
    link_target,
    make_folders,
    replace_file,
    write_new,
)
from omrade.model import documents as m
from omrade.model.scalars import FILL
from omrade.model.schema import write_schemas
from omrade.repo.repository import Repository
from omrade.write.source import Pin, requirements_file


class ScaffoldError(Exception):
    """The file cannot be created (exit code 2)."""


def _said(en: str, sv: str, /, **fields: object) -> str:
    """A refusal of new or init in the run's language."""
    return say(en, sv).format(**fields)


def _schema_header(root: Path, target: Path, kind: str) -> str:
    """The yaml-language-server line, when the repository keeps its schemas in schemas/."""
    schemas = root / "schemas" / f"{kind}.schema.json"
    if not schemas.exists():
        return ""
    depth = len(target.relative_to(root).parts) - 1
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json\n"


def _write_new(repo: Repository, path: Path, text: str) -> Path:
    """A new file in the repository: never over a file, never through a link."""
    return write_new(repo.root, path, text)


def _check_new(repo: Repository, path: Path) -> None:
    """Refuse before anything is written when ``path`` could not be created."""
    check_no_links(repo.root, path)  # the folders on the way and the file itself
    if path.exists():
        raise ScaffoldError(
            _said(
                "{path} exists already; omrade new never overwrites a file",
                "{path} finns redan; omrade new skriver aldrig över en fil",
                path=path,
            )
        )


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _first_administration(repo: Repository) -> str:
    admins = [o.id for o in repo.organisations.values() if o.type == "administration"]
    if not admins:
        raise ScaffoldError(
            _said(
                "municipality.yaml lists no organisation of type administration",
                "municipality.yaml har ingen organisation av typen administration (förvaltning)",
            )
        )
    return admins[0]


def new_plan(repo: Repository, programme_id: str, year: int) -> Path:
    """Next year's plan: one placeholder action per main task, unfinished actions carried."""
    doc = repo.programmes.get(programme_id)
    if doc is None or doc.model is None:
        raise ScaffoldError(
            _said(
                "no valid programme '{id}' in data/programmes/",
                "inget giltigt utvecklingsprogram '{id}' i data/programmes/",
                id=programme_id,
            )
        )
    prog: m.Programme = doc.model
    if not prog.valid_from.year <= year <= prog.valid_to.year:
        raise ScaffoldError(
            _said(
                "{year} is outside programme '{id}' ({start} – {end})",
                "{year} ligger utanför utvecklingsprogrammet '{id}' ({start} – {end})",
                year=year,
                id=prog.id,
                start=prog.valid_from,
                end=prog.valid_to,
            )
        )
    target = repo.root / "data" / "programmes" / prog.id / f"plan-{year}.yaml"
    previous = repo.queries.plan(prog.id, year - 1)
    carried: list[m.Action] = []
    if previous is not None:
        for action in previous.actions:
            latest = repo.queries.latest_follow_up(action)
            if latest is None or latest.status not in ("done", "cancelled"):
                carried.append(action)
    responsible = _first_administration(repo)
    follows = (previous.guideline if previous else None) or prog.guideline
    lines = [
        _schema_header(repo.root, target, "plan").rstrip("\n"),
        f"# Handlingsplan {year} för {prog.title}. Skapad med omrade new plan.",
        f"# Sök efter '{FILL}' och fyll i; ta bort platshållare som inte behövs.",
        "kind: plan",
        f"programme: {prog.id}",
        f"year: {year}",
        f"guideline: {follows}" if follows else "",
        "status: draft",
        "actions:",
    ]
    taken = {a.id for a in carried}
    for action in carried:
        lines += [
            f"  # överförd från plan-{year - 1}: inte avslutad",
            f"  - id: {_q(action.id)}",
            f"    title: {_q(action.title)}",
            f"    main_task: {_q(action.main_task)}",
            f"    type: {action.type}",
            f"    responsible: {action.responsible}",
        ]
        if action.partners:
            lines.append(f"    partners: [{', '.join(action.partners)}]")
        if action.group:
            lines.append(f"    group: {action.group}")
        if action.start:
            lines.append(f"    start: {action.start}")
        lines.append(f"    end: {year}-12-31")
        if action.dialogue:
            lines.append(f"    dialogue: {action.dialogue}")
            if action.answers:
                lines.append(f"    answers: [{', '.join(_q(a) for a in action.answers)}]")
    for task in prog.main_tasks:
        ident = f"{task.id}-ny"
        n = 2
        while ident in taken:
            ident, n = f"{task.id}-ny{n}", n + 1
        taken.add(ident)
        lines += [
            f"  - id: {_q(ident)}",
            f"    title: {_q(f'{FILL}: insats för {task.id} {task.title}')}",
            f"    main_task: {_q(task.id)}",
            "    type: promoting",
            f"    responsible: {responsible}  # {FILL}: ansvarig förvaltning",
            f"    start: {year}-01-01",
            f"    end: {year}-12-31",
        ]
    return _write_new(repo, target, "\n".join(line for line in lines if line) + "\n")


def new_district(repo: Repository, ident: str, name: str | None, as_of: dt.date) -> list[Path]:
    """A district and its network group (every district has one)."""
    target = repo.root / "data" / "districts" / f"{ident}.yaml"
    group = repo.root / "data" / "groups" / f"{ident}-natverksgrupp.yaml"
    _check_new(repo, target)  # both checked before either is written
    _check_new(repo, group)
    shown = name or ident.replace("-", " ").title()
    district = (
        _schema_header(repo.root, target, "district")
        + f"# Stadsdel {shown}. Skapad med omrade new district; sök efter '{FILL}'.\n"
        f"kind: district\nid: {ident}\nname: {_q(shown)}\n"
        f"population:\n  value: 0  # {FILL}: folkmängd\n  year: {as_of.year}\n"
        f"  source: {_q(f'{FILL}: källa, t.ex. SCB')}\n"
    )
    roster = (
        _schema_header(repo.root, group, "group")
        + f"# Nätverksgrupp för {shown}. Skapad med omrade new district.\n"
        f"kind: group\nid: {ident}-natverksgrupp\ntype: network\ndistrict: {ident}\n"
        f"name: {_q(f'Nätverksgrupp {shown}')}\nmembers:\n"
        f"  - name: {_q(f'{FILL}: områdesutvecklare')}\n"
        f"    organisation: {_first_administration(repo)}\n"
        f"    role: area_developer\n    mandate: true\n    from: {as_of}\n"
    )
    return [_write_new(repo, target, district), _write_new(repo, group, roster)]


def new_dialogue(repo: Repository, ident: str, districts: list[str], as_of: dt.date) -> Path:
    target = repo.root / "data" / "dialogues" / f"{ident}.yaml"
    if not districts:
        raise ScaffoldError(
            _said(
                "name the dialogue's district with --district",
                "ange dialogens stadsdel med --district",
            )
        )
    unknown = [d for d in districts if d not in repo.districts]
    if unknown:
        raise ScaffoldError(
            _said("unknown district: {ids}", "okänd stadsdel: {ids}", ids=", ".join(unknown))
        )
    text = (
        _schema_header(repo.root, target, "dialogue")
        + f"# Medborgardialog. Skapad med omrade new dialogue; sök efter '{FILL}'.\n"
        f"kind: dialogue\nid: {ident}\ndistricts: [{', '.join(districts)}]\n"
        f"title: {_q(f'{FILL}: rubrik')}\n"
        f"purpose: {_q(f'{FILL}: vad dialogen ska ge underlag till')}\n"
        "level: consultation  # information, consultation, dialogue, influence, co_decision\n"
        "target_groups: [residents, children_youth, disability_council, pensioners_council]\n"
        f"steps:\n  initiative: {as_of}\n"
    )
    return _write_new(repo, target, text)


def new_guideline(
    repo: Repository, ident: str, title: str | None, replaces: str | None, as_of: dt.date
) -> Path:
    """A draft guideline (riktlinjer), optionally replacing one in the repository."""
    target = repo.root / "data" / "guidelines" / f"{ident}.yaml"
    if not repo.bodies:
        raise ScaffoldError(
            _said(
                "municipality.yaml lists no bodies; a guideline needs an owner",
                "municipality.yaml har inga organ (bodies); en riktlinje behöver en ägare",
            )
        )
    owner = "kommunfullmaktige" if "kommunfullmaktige" in repo.bodies else next(iter(repo.bodies))
    lines = [
        _schema_header(repo.root, target, "guideline").rstrip("\n"),
        f"# Riktlinjer (utkast). Skapad med omrade new guideline; sök efter '{FILL}'.",
        "kind: guideline",
        f"id: {ident}",
        f"title: {_q(title or f'{FILL}: riktlinjernas namn')}",
        "status: draft",
        f"valid_from: {as_of}  # {FILL}: från när riktlinjerna gäller",
        f"until_further_notice: true  # {FILL}: eller valid_to: ÅÅÅÅ-MM-DD",
        f"owner: {owner}  # {FILL}: vem som ansvarar för revidering",
    ]
    if replaces:
        old = repo.guidelines.get(replaces)
        if old is None or old.model is None:
            raise ScaffoldError(
                _said(
                    "no valid guideline '{id}' in data/guidelines/",
                    "ingen giltig riktlinje '{id}' i data/guidelines/",
                    id=replaces,
                )
            )
        lines += ["replaces:", f"  guideline: {replaces}"]
        if old.model.decision:
            lines.append(f"  reference: {_q(old.model.decision.reference)}")
    return _write_new(repo, target, "\n".join(line for line in lines if line) + "\n")


def _district(repo: Repository, ident: str) -> m.District:
    doc = repo.districts.get(ident)
    if doc is None or doc.model is None:
        known = ", ".join(sorted(repo.districts)) or "–"
        raise ScaffoldError(
            _said(
                "no valid district '{id}' in data/districts/ (known: {known})",
                "ingen giltig stadsdel '{id}' i data/districts/ (kända: {known})",
                id=ident,
                known=known,
            )
        )
    district: m.District = doc.model
    return district


def _dimensions(repo: Repository) -> list[str]:
    mun = repo.municipality
    if mun is None or not mun.dimensions:
        raise ScaffoldError(
            _said(
                "municipality.yaml lists no dimensions (e.g. [social, economic])",
                "municipality.yaml har inga dimensioner (t.ex. [social, economic])",
            )
        )
    return list(mun.dimensions)


def new_programme(repo: Repository, district_id: str, start: int, end: int, tasks: int = 3) -> Path:
    """A draft strategic development programme for a district: its validity, a vision
    and ``tasks`` main tasks to name, each with one goal (the follow-up's measure)."""
    district = _district(repo, district_id)
    if end < start:
        raise ScaffoldError(
            _said(
                "the programme ends ({end}) before it starts ({start})",
                "utvecklingsprogrammet slutar ({end}) innan det börjar ({start})",
                end=end,
                start=start,
            )
        )
    ident = f"{district.id}-{start}-{end}"
    target = repo.root / "data" / "programmes" / f"{ident}.yaml"
    _check_new(repo, target)
    dimensions = _dimensions(repo)
    guideline = next(iter(sorted(repo.guidelines)), None)
    lines = [
        _schema_header(repo.root, target, "programme").rstrip("\n"),
        f"# Strategiskt utvecklingsprogram för {district.name} {start}–{end}.",
        f"# Skapat med omrade new programme; sök efter '{FILL}' och fyll i.",
        "kind: programme",
        f"id: {ident}",
        f"district: {district.id}",
        f"title: {_q(f'Utvecklingsprogram {district.name} {start}–{end}')}",
        f"valid_from: {start}-01-01",
        f"valid_to: {end}-12-31",
        f"guideline: {guideline}" if guideline else "",
        "status: draft",
        f"vision: {_q(f'{FILL}: vad stadsdelen ska vara {end}')}",
        "main_tasks:",
    ]
    indicators = sorted(repo.indicators)
    for n in range(1, tasks + 1):
        lines += [
            f"  - id: HU{n}",
            f"    title: {_q(f'{FILL}: huvuduppgift {n}')}",
            f"    dimension: {dimensions[(n - 1) % len(dimensions)]}  # {', '.join(dimensions)}",
            "    goals:",
            f"      - id: HU{n}.1",
            f"        text: {_q(f'{FILL}: målet för huvuduppgift {n}')}",
        ]
        if indicators:
            lines.append(
                f"        indicator: {indicators[(n - 1) % len(indicators)]}"
                f"  # {FILL}: indikatorn som mäter målet"
            )
    return _write_new(repo, target, "\n".join(line for line in lines if line) + "\n")


def new_analysis(repo: Repository, district_id: str, year: int, as_of: dt.date) -> Path:
    """A draft district analysis (stadsdelsanalys): a value to fill in for every indicator
    of the catalogue, and an assessment for every sustainability dimension."""
    district = _district(repo, district_id)
    target = repo.root / "data" / "districts" / district.id / f"analysis-{year}.yaml"
    _check_new(repo, target)
    lines = [
        _schema_header(repo.root, target, "analysis").rstrip("\n"),
        f"# Stadsdelsanalys {year} för {district.name}. Skapad med omrade new analysis;",
        f"# sök efter '{FILL}' och fyll i (värdena: senaste år med statistik).",
        "kind: analysis",
        f"district: {district.id}",
        f"year: {year}",
        "status: draft",
        f"updated: {as_of}",
        f"summary: {_q(f'{FILL}: nulägesbilden i några meningar')}",
    ]
    if repo.indicators:
        lines.append("values:")
        for ident, ind in sorted(repo.indicators.items()):
            lines += [
                f"  # {ind.name}",
                f"  - indicator: {ident}",
                f"    year: {year - 1}",
                f"    value: 0  # {FILL}: stadsdelens värde",
                f"    source: {_q(f'{FILL}: källa, t.ex. SCB')}",
            ]
    lines.append("dimensions:")
    for dimension in _dimensions(repo):
        lines.append(f"  {dimension}:")
        lines.append(f"    assessment: {_q(f'{FILL}: bedömning av {dimension}')}")
    return _write_new(repo, target, "\n".join(line for line in lines if line) + "\n")


def new_budget(repo: Repository, year: int) -> Path:
    """A draft budget (årligt anslag) shared by every district: a base grant each and the
    rest by need, weighted by the catalogue's indicators that express need."""
    target = repo.root / "data" / "budget" / f"{year}.yaml"
    _check_new(repo, target)
    if not repo.districts:
        raise ScaffoldError(
            _said(
                "there is no district to share a budget by: omrade new district",
                "det finns ingen stadsdel att fördela en budget på: omrade new district",
            )
        )
    weighed = sorted(i for i, ind in repo.indicators.items() if ind.need != "none")
    lines = [
        _schema_header(repo.root, target, "budget").rstrip("\n"),
        f"# Budget {year} för områdesutvecklingen. Skapad med omrade new budget;",
        f"# sök efter '{FILL}' och fyll i. Beloppen i kronor, hela {1000}-tal.",
        "kind: budget",
        f"year: {year}",
        "status: draft",
        f"appropriation: 0  # {FILL}: årligt anslag i kronor",
        "unit: 1000",
        "base_grant:",
        f"  per_district: 0  # {FILL}: grundanslag per stadsdel",
        "weighting:",
        "  volume: population",
    ]
    if weighed:
        # weights that sum to exactly 1: equal, the first taking what rounding leaves
        each = (Decimal(1) / len(weighed)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        first = Decimal(1) - each * (len(weighed) - 1)
        lines.append(f"  indicators:  # {FILL}: vikterna ska summera till 1")
        for n, ident in enumerate(weighed):
            lines.append(f"    - {{indicator: {ident}, weight: {first if n == 0 else each}}}")
    return _write_new(repo, target, "\n".join(line for line in lines if line) + "\n")


def new_group(
    repo: Repository,
    district_id: str,
    group_type: str,
    main_task: str | None,
    as_of: dt.date,
) -> Path:
    """A group of a district: a coordination group carries one main task of the district's
    current programme (``main_task``: its id, e.g. HU2); other types stand on their own."""
    district = _district(repo, district_id)
    if group_type not in ("network", "coordination", "area_group", "dialogue_forum", "other"):
        raise ScaffoldError(
            _said(
                "unknown group type '{type}'; types: {types}",
                "okänd grupptyp '{type}'; typerna är {types}",
                type=group_type,
                types="network, coordination, area_group, dialogue_forum, other",
            )
        )
    lines_task: list[str] = []
    suffix = {
        "network": "natverksgrupp",
        "area_group": "omradesgrupp",
        "dialogue_forum": "dialogforum",
    }
    ident = f"{district.id}-{suffix.get(group_type, group_type)}"
    name = {
        "network": f"Nätverksgrupp {district.name}",
        "area_group": f"Områdesgrupp {district.name}",
        "dialogue_forum": f"Dialogforum {district.name}",
        "other": f"{FILL}: gruppens namn",
    }.get(group_type, "")
    if group_type == "coordination":
        if not main_task:
            raise ScaffoldError(
                _said(
                    "a coordination group carries a main task: --main-task HU1",
                    "en samordningsgrupp bär en huvuduppgift: --main-task HU1",
                )
            )
        current = [
            p
            for _d, p in repo.valid(repo.programmes)
            if p.district == district.id and p.valid_from <= as_of <= p.valid_to
        ] or [p for _d, p in repo.valid(repo.programmes) if p.district == district.id]
        programme = next((p for p in current if any(t.id == main_task for t in p.main_tasks)), None)
        if programme is None:
            raise ScaffoldError(
                _said(
                    "no programme of {name} has a main task '{task}'",
                    "inget utvecklingsprogram för {name} har huvuduppgiften '{task}'",
                    name=district.name,
                    task=main_task,
                )
            )
        task = next(t for t in programme.main_tasks if t.id == main_task)
        ident = f"{district.id}-{main_task.lower().replace('.', '-')}-samordning"
        name = f"Samordningsgrupp {district.name} {task.id} {task.title}"
        lines_task = [f"main_task: {{programme: {programme.id}, id: {_q(task.id)}}}"]
    target = repo.root / "data" / "groups" / f"{ident}.yaml"
    _check_new(repo, target)
    role = "area_developer" if group_type == "network" else "representative"
    lines = [
        _schema_header(repo.root, target, "group").rstrip("\n"),
        f"# {name}. Skapad med omrade new group; sök efter '{FILL}' och fyll i.",
        "kind: group",
        f"id: {ident}",
        f"type: {group_type}",
        f"district: {district.id}",
        f"name: {_q(name)}",
        *lines_task,
        "members:",
        f"  - name: {_q(f'{FILL}: namn')}",
        f"    organisation: {_first_administration(repo)}  # {FILL}: organisationens id",
        f"    role: {role}",
        "    mandate: true",
        f"    from: {as_of}",
    ]
    return _write_new(repo, target, "\n".join(line for line in lines if line) + "\n")


def new_indicator(
    repo: Repository, ident: str, name: str | None, unit: str, need: str, dimension: str
) -> Path:
    """An indicator added to the catalogue (data/indicators.yaml): its entry appended to
    the list as text, every other byte of the file kept."""
    path = repo.root / "data" / "indicators.yaml"
    if ident in repo.indicators:
        raise ScaffoldError(
            _said(
                "the catalogue has an indicator '{id}' already",
                "katalogen har redan en indikator '{id}'",
                id=ident,
            )
        )
    if dimension not in _dimensions(repo):
        raise ScaffoldError(
            _said(
                "unknown dimension '{d}'; the municipality's: {known}",
                "okänd dimension '{d}'; kommunens: {known}",
                d=dimension,
                known=", ".join(_dimensions(repo)),
            )
        )
    check_no_links(repo.root, path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise ScaffoldError(
            _said(
                "{path} cannot be read ({exc}); omrade init writes one",
                "{path} kan inte läsas ({exc}); omrade init skriver en",
                path=path,
                exc=exc,
            )
        ) from None
    entry = [
        f"- id: {ident}",
        f"  name: {_q(name or f'{FILL}: indikatorns namn')}",
        f"  unit: {unit}  # percent, count, sek, days, ratio, index",
        f"  need: {need}  # higher_is_need, lower_is_need, none",
        f"  dimension: {dimension}",
        f"  source: {{provider: scb}}  # {FILL}: scb, kolada, local, survey, other",
    ]
    empty = re.search(r"^indicators:[ \t]*\[\][ \t]*$", text, re.M)
    if empty:
        block = "indicators:\n" + "".join(f"  {line}\n" for line in entry)
        new = text[: empty.start()] + block + text[empty.end() :].lstrip("\n")
    else:
        items = re.findall(r"^([ \t]*)- id:", text, re.M)
        indent = items[-1] if items else "  "
        new = text.rstrip("\n") + "\n" + "".join(f"{indent}{line}\n" for line in entry)
    from omrade.load.reader import parse_text

    before, after = (
        parse_text(text, "data/indicators.yaml"),
        parse_text(new, "data/indicators.yaml"),
    )
    kept = isinstance(after.data, dict) and isinstance(before.data, dict)
    listed = after.data.get("indicators") if kept and isinstance(after.data, dict) else None
    if (
        not kept
        or not isinstance(listed, list)
        or listed[:-1] != (before.data or {}).get("indicators")
        or after.diagnostics
    ):
        raise ScaffoldError(
            _said(
                "data/indicators.yaml does not end in its list of indicators; "
                "add the entry by hand:",
                "data/indicators.yaml slutar inte med sin lista av indikatorer; "
                "lägg till posten för hand:",
            )
            + "\n"
            + "\n".join(entry)
        )
    return replace_file(path.parent, path.name, new)


# The workflows `omrade init` writes (omrade/templates/init/); this repository runs the same.
WORKFLOWS = ("omrade-pull-request.yml", "omrade-pull-request-comment.yml", "omrade-publish.yml")


# the editor settings `omrade init` writes: path in the new repository → template
EDITOR_SETTINGS = {
    ".vscode/settings.json": "vscode-settings.json",
    ".helix/languages.toml": "helix-languages.toml",
    ".nvim.lua": "nvim.lua",
}


def init_repository(target: Path, name: str | None = None, pin: Pin | None = None) -> list[Path]:
    """A new, empty plan repository with workflows, schemas and editor settings.

    ``pin`` is what CI installs (default: the omrade that runs, see ``omrade.write.source``).
    """
    if os.path.islink(target):
        said = OMR804.says("init_link", target=link_target(target))
        raise Refused(OMR804.code, str(target), *said)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(
            _said(
                "{target} is not empty; omrade init wants a new folder",
                "{target} är inte tom; omrade init vill ha en ny mapp",
                target=target,
            )
        )
    if pin is None:
        from omrade import installed_version
        from omrade.write.source import pin as find_pin

        pin = find_pin(installed_version())
    ident = "".join(c if c.isalnum() else "-" for c in target.resolve().name.lower()).strip("-")
    ident = ident or "kommun"
    shown = name or f"{FILL}: kommunens namn"
    files: dict[str, str] = {
        "data/municipality.yaml": (
            "# yaml-language-server: $schema=../schemas/municipality.schema.json\n"
            f"# Kommunens inställningar för omrade. Sök efter '{FILL}'.\n"
            f"kind: municipality\nid: {ident or 'kommun'}\nname: {_q(shown)}\n"
            f'code: "0000"  # {FILL}: SCB:s kommunkod, fyra siffror\n'
            "locale: sv\nfollow_up: tertial\n"
            "dimensions: [social, economic, ecological, democratic]\n"
            "bodies:\n  - {id: kommunfullmaktige, name: Kommunfullmäktige}\n"
            "  - {id: kommunstyrelsen, name: Kommunstyrelsen}\n"
            "organisations:\n"
            "  - {id: kommunledningsforvaltningen, name: Kommunledningsförvaltningen, "
            "type: administration}\n"
            "rules: {}\n"
        ),
        "data/indicators.yaml": (
            "# yaml-language-server: $schema=../schemas/indicators.schema.json\n"
            "kind: indicators\nindicators: []\n"
        ),
        ".gitignore": "/reports/\n/site/\n/.cache/\n",
        "omrade-requirements.txt": requirements_file(pin),
        "README.md": (
            f"# Planarkiv för områdesutveckling – {shown}\n\n"
            f"Ett planarkiv för [omrade]({pin.url}): "
            "stadsdelsanalyser, utvecklingsprogram, handlingsplaner, grupper, budget och "
            "medborgardialoger som granskade YAML-filer.\n\n"
            "```sh\nomrade validate\nomrade new district exempel --name Exempel\n"
            "omrade report --out reports\n```\n\n"
            "Pull requests valideras och sammanfattas av `.github/workflows/"
            "omrade-pull-request.yml`; `main` publiceras till GitHub Pages av "
            "`omrade-publish.yml`. Vilken omrade-version CI installerar står i "
            "`omrade-requirements.txt`.\n"
        ),
    }
    shipped = resources.files("omrade") / "templates" / "init"
    for workflow in WORKFLOWS:
        files[f".github/workflows/{workflow}"] = (shipped / workflow).read_text(encoding="utf-8")
    # editor settings: the schemas (VS Code), and omrade's language server (omrade lsp) for
    # Helix and Neovim; VS Code starts it from the extension in editors/vscode
    for rel, name in EDITOR_SETTINGS.items():
        files[rel] = (shipped / name).read_text(encoding="utf-8")
    target.mkdir(parents=True, exist_ok=True)
    written = [write_new(target, target / rel, text) for rel, text in files.items()]
    for folder in ("districts", "programmes", "groups", "budget", "dialogues", "guidelines"):
        make_folders(target, target / "data" / folder)
    written += write_schemas(target / "schemas")
    return written
