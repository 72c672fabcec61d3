"""`omrade new` and `omrade init`: new files that follow the repository's conventions.

Each new file validates as written; what the user must fill in says ``FYLL I`` so that
it is easy to find (and a reviewer sees it in the pull request).
"""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources
from pathlib import Path

from omrade.load.safefs import Refused, check_no_links, link_target, make_folders, write_new
from omrade.model import documents as m
from omrade.model.schema import write_schemas
from omrade.repo.repository import Repository
from omrade.write.source import Pin, requirements_file

FILL = "FYLL I"


class ScaffoldError(Exception):
    """The file cannot be created (exit code 2)."""


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
        raise ScaffoldError(f"{path} exists already; omrade new never overwrites a file")


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _first_administration(repo: Repository) -> str:
    admins = [o.id for o in repo.organisations.values() if o.type == "administration"]
    if not admins:
        raise ScaffoldError("municipality.yaml lists no organisation of type administration")
    return admins[0]


def new_plan(repo: Repository, programme_id: str, year: int) -> Path:
    """Next year's plan: one placeholder action per main task, unfinished actions carried."""
    doc = repo.programmes.get(programme_id)
    if doc is None or doc.model is None:
        raise ScaffoldError(f"no valid programme '{programme_id}' in data/programmes/")
    prog: m.Programme = doc.model
    if not prog.valid_from.year <= year <= prog.valid_to.year:
        raise ScaffoldError(
            f"{year} is outside programme '{prog.id}' ({prog.valid_from} – {prog.valid_to})"
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
        raise ScaffoldError("name the dialogue's district with --district")
    unknown = [d for d in districts if d not in repo.districts]
    if unknown:
        raise ScaffoldError(f"unknown district: {', '.join(unknown)}")
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
        raise ScaffoldError("municipality.yaml lists no bodies; a guideline needs an owner")
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
            raise ScaffoldError(f"no valid guideline '{replaces}' in data/guidelines/")
        lines += ["replaces:", f"  guideline: {replaces}"]
        if old.model.decision:
            lines.append(f"  reference: {_q(old.model.decision.reference)}")
    return _write_new(repo, target, "\n".join(line for line in lines if line) + "\n")


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
        from omrade.rules.output import OMR804

        said = OMR804.says("init_link", target=link_target(target))
        raise Refused(OMR804.code, str(target), *said)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} is not empty; omrade init wants a new folder")
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
