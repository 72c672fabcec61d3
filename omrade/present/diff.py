"""Renderers of a diff: Markdown for the pull-request comment, text and JSON."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from omrade.diff import DiffResult, DocChange, Item, show
from omrade.i18n import N_, Np_, Translator
from omrade.present import markdown as md
from omrade.present import plain

# --- renderers ------------------------------------------------------------------------------

# What a change is, one item (the JSON keeps the English key), and how many of them
ITEM_LABELS = {
    "action added": N_("action added"),
    "action removed": N_("action removed"),
    "action changed": N_("action changed"),
    "programme changed": N_("programme changed"),
    "main task added": N_("main task added"),
    "main task removed": N_("main task removed"),
    "main task changed": N_("main task changed"),
    "goal added": N_("goal added"),
    "goal removed": N_("goal removed"),
    "goal changed": N_("goal changed"),
    "member joined": N_("member joined"),
    "member left": N_("member left"),
    "member changed": N_("member changed"),
    "group changed": N_("group changed"),
    "step reached": N_("step reached"),
    "step changed": N_("step changed"),
    "dialogue changed": N_("dialogue changed"),
    "value changed": N_("value changed"),
    "analysis changed": N_("analysis changed"),
    "budget changed": N_("budget changed"),
    "weight added": N_("indicator weighted"),
    "weight removed": N_("indicator no longer weighted"),
    "weight changed": N_("weight changed"),
    "unreadable": N_("unreadable"),
}
COUNTS = {
    "action added": Np_("{n} action added", "{n} actions added"),
    "action removed": Np_("{n} action removed", "{n} actions removed"),
    "action changed": Np_("{n} action changed", "{n} actions changed"),
    "programme changed": Np_("{n} programme changed", "{n} programmes changed"),
    "main task added": Np_("{n} main task added", "{n} main tasks added"),
    "main task removed": Np_("{n} main task removed", "{n} main tasks removed"),
    "main task changed": Np_("{n} main task changed", "{n} main tasks changed"),
    "goal added": Np_("{n} goal added", "{n} goals added"),
    "goal removed": Np_("{n} goal removed", "{n} goals removed"),
    "goal changed": Np_("{n} goal changed", "{n} goals changed"),
    "member joined": Np_("{n} member joined", "{n} members joined"),
    "member left": Np_("{n} member left", "{n} members left"),
    "member changed": Np_("{n} member changed", "{n} members changed"),
    "group changed": Np_("{n} group changed", "{n} groups changed"),
    "step reached": Np_("{n} step reached", "{n} steps reached"),
    "step changed": Np_("{n} step changed", "{n} steps changed"),
    "dialogue changed": Np_("{n} dialogue changed", "{n} dialogues changed"),
    "value changed": Np_("{n} value changed", "{n} values changed"),
    "analysis changed": Np_("{n} analysis changed", "{n} analyses changed"),
    "budget changed": Np_("{n} budget changed", "{n} budgets changed"),
    "weight added": Np_("{n} indicator weighted", "{n} indicators weighted"),
    "weight removed": Np_("{n} indicator no longer weighted", "{n} indicators no longer weighted"),
    "weight changed": Np_("{n} weight changed", "{n} weights changed"),
    "unreadable": Np_("{n} file unreadable", "{n} files unreadable"),
}
# the kinds whose changes are listed field by field ("budget changed")
KIND_LABELS = {
    "municipality": N_("the municipality's settings"),
    "indicators": N_("the indicators"),
    "district": N_("the district"),
    "budget": N_("the budget"),
    "plan": N_("the action plan"),
    "analysis": N_("the district analysis"),
    "programme": N_("the development programme"),
    "group": N_("the group"),
    "dialogue": N_("the citizen dialogue"),
    "guideline": N_("the guideline"),
}
FIELD_LABELS = {
    "title": N_("title"),
    "main_task": N_("main task"),
    "type": N_("type"),
    "responsible": N_("responsible"),
    "partners": N_("partners"),
    "group": N_("group"),
    "start": N_("start"),
    "end": N_("end"),
    "dialogue": N_("dialogue"),
    "answers": N_("answers the dialogue's themes"),
    "serves": N_("serves the boards' goals"),
    "funding": N_("funding"),
    "role": N_("role"),
    "mandate": N_("mandate"),
    "until": N_("until"),
    "name": N_("name"),
    "district": N_("district"),
    "dimension": N_("dimension"),
    "text": N_("text"),
    "indicator": N_("indicator"),
    "baseline": N_("baseline"),
    "target": N_("target"),
    "valid_from": N_("valid from"),
    "valid_to": N_("valid to"),
    "status": N_("status"),
    "replaces": N_("replaces"),
    "vision": N_("vision"),
    "date": N_("date"),
    "level": N_("level"),
    "target_groups": N_("target groups"),
    "districts": N_("districts"),
    "value": N_("value"),
    "municipality": N_("municipality"),
    "updated": N_("updated"),
    "summary": N_("summary"),
    "appropriation": N_("appropriation"),
    "unit": N_("rounded to"),
    "base grant per district": N_("base grant per district"),
    "base grant share": N_("base grant's share of the appropriation"),
    "base grant per prioritised district": N_("base grant per prioritised district"),
    "volume": N_("volume"),
    "statistics year": N_("statistics year"),
    "transition from": N_("transition from the allocation of"),
    "transition share": N_("the new allocation's share in the transition"),
    "prioritised factor": N_("factor for prioritised districts"),
    "note": N_("note"),
    "weight": N_("weight"),
    "decision": N_("decision"),
}
# what a change to a published or run file affects (omrade.diff.published)
EFFECTS = {
    "base template": N_("the published site's base template: every page"),
    "stylesheet": N_("the published site's stylesheet: how every page looks"),
    "template": N_("a template of the published site or the reports: the pages it renders"),
    "logo": N_("the logo on every page of the published site"),
    "site settings": N_(
        "the site settings in municipality.yaml (logo, accent colour, accessibility contact, "
        "address): every page"
    ),
    "rule settings": N_(
        "the rules' severities in municipality.yaml: which findings are errors that block a "
        "merge and the allocation"
    ),
    "municipality": N_(
        "the municipality's settings: names of bodies and organisations on every page, and "
        "every check"
    ),
    "workflow": N_("a workflow: what CI runs, and with which permissions"),
    "requirements": N_("the omrade version that CI and the published site run"),
    "code": N_("code that CI runs"),
}
TRUST_MODEL = "https://github.com/omrade/omrade/blob/main/docs/trust-model.md"
VOLUME = {"population": N_("by population"), "equal": N_("equal for every district")}
DOC_STATUS = {
    "draft": N_("draft"),
    "consultation": N_("out for consultation"),
    "adopted": N_("adopted"),
    "replaced": N_("replaced"),
    "withdrawn": N_("withdrawn"),
}
CHANGE_STATUS = {"added": N_("added"), "removed": N_("removed"), "modified": N_("modified")}
SEX = {"female": N_("women"), "male": N_("men")}
ENUM_SHAPES = {
    "type": "type",
    "dimension": "dimension",
    "level": "level",
    "role": "role",
    "group_type": "group_type",
    "step": "step",
}


class Speaker:
    """Turns a result's keys, ids and enum values into the reader's language."""

    def __init__(self, result: DiffResult, lang: str):
        self.t = Translator(lang)
        self.names = result.names
        # the base's names, for the values before a change: an organisation renamed in the
        # same change keeps its old name beside its old value
        self.old_names = result.names_before or result.names
        self.lang = lang

    def number(self, value: str) -> str:
        """A decimal number as the reader writes it: 1 234,5 (sv), 1 234.5 (en)."""
        whole, _, fraction = value.partition(".")
        sign = "-" if whole.startswith("-") else ""
        digits = whole.lstrip("-")
        grouped = f"{int(digits):,}".replace(",", " ") if digits.isdigit() else digits
        fraction = fraction.rstrip("0")
        mark = "," if self.lang == "sv" else "."
        return sign + grouped + (mark + fraction if fraction else "")

    def kronor(self, value: str) -> str:
        return f"{self.number(value)} kr" if self.lang == "sv" else f"SEK {self.number(value)}"

    def share(self, value: str) -> str:
        from decimal import Decimal, InvalidOperation

        try:
            percent = format(Decimal(value) * 100, "f")
        except InvalidOperation:
            return value
        return self.number(percent) + (" %" if self.lang == "sv" else "%")

    def org(self, ident: str) -> str:
        return self.names.organisation(ident, self.lang)

    def district(self, ident: str) -> str:
        return self.names.district(ident, self.lang)

    def source(self, ident: str) -> str:
        return self.t.enum("source", ident)

    def category(self, category: str) -> str:
        if category in ITEM_LABELS:
            return self.t._(ITEM_LABELS[category])
        kind = category.removesuffix(" changed")
        return self.t._("change in {kind}", kind=self.kind(kind))

    def kind(self, kind: str) -> str:
        return self.t._(KIND_LABELS[kind]) if kind in KIND_LABELS else kind

    def count(self, category: str, n: int) -> str:
        if category in COUNTS:
            return self.t.plural(COUNTS[category], n)
        kind = self.kind(category.removesuffix(" changed"))
        return self.t.ngettext("{n} change in {kind}", "{n} changes in {kind}", n, kind=kind)

    def field(self, name: str) -> str:
        if name.startswith("follow-up "):
            return self.t._("follow-up {period}", period=name.removeprefix("follow-up "))
        return self.t._(FIELD_LABELS[name]) if name in FIELD_LABELS else name

    def value(self, shape: str, value: str, *, old: bool = False) -> str:
        """``value`` of a field shaped ``shape`` in words; ``old``: a value before the
        change, named as the base named it."""
        t = self.t
        names = self.old_names if old else self.names
        if not shape or value == "–":
            return value
        if shape == "org":
            return names.organisation(value, self.lang)
        if shape == "orgs":
            return ", ".join(names.organisation(v, self.lang) for v in value.split(", "))
        if shape == "district":
            return names.district(value, self.lang)
        if shape == "districts":
            return ", ".join(names.district(v, self.lang) for v in value.split(", "))
        if shape == "indicator":
            return names.indicator(value, self.lang)
        if shape == "kronor":
            return self.kronor(value)
        if shape == "share":
            return self.share(value)
        if shape == "number":
            return self.number(value)
        if shape == "volume":
            return t._(VOLUME[value]) if value in VOLUME else value
        if shape == "decision":
            body, _, rest = value.partition(" ")
            return f"{names.organisation(body, self.lang)} {rest}"
        if shape in ENUM_SHAPES:
            return t.enum(ENUM_SHAPES[shape], value)
        if shape == "target_groups":
            return ", ".join(t.enum("target_group", v) for v in value.split(", "))
        if shape == "doc_status":
            return t._(DOC_STATUS[value]) if value in DOC_STATUS else value
        if shape == "message":
            return t._(value)
        if shape == "board goals":  # "body: text (ref), …": the bodies by name
            return re.sub(
                r"(^|, )([a-z0-9-]+): ",
                lambda found: (
                    f"{found[1]}{names.organisation(found[2], self.lang)}: "
                    if found[2] in names.organisations
                    else found[0]
                ),
                value,
            )
        if shape == "funding":
            split = (part.partition(" ") for part in value.split("; "))
            return "; ".join(f"{self.source(src)} {amount}" for src, _, amount in split)
        if shape == "follow-up":
            three = value.split(", ")
            if len(three) == 3:
                status, rating, trend = three
                return ", ".join(
                    [t.enum("status", status), t.enum("rating", rating), t.enum("trend", trend)]
                )
        return value

    def subject(self, item: Item) -> str:
        t, shape, subject = self.t, item.shape, item.subject
        if self.lang == "en" and item.subject_en:
            return item.subject_en
        if shape == "member" and subject.endswith(")") and " (" in subject:
            name, _, org = subject[:-1].rpartition(" (")
            return f"{name} ({self.org(org)})"
        if shape == "hidden member":
            org = subject.removeprefix("a member from ")
            return t._("a member from {organisation}", organisation=self.org(org))
        if shape == "step":
            return t.enum("step", subject)
        if shape == "message":
            return t._(subject)
        if shape == "indicator value":
            ident, _, rest = subject.partition(" ")
            for sex, label in SEX.items():
                rest = rest.replace(f"({sex})", f"({t._(label)})")
            return f"{self.names.indicator(ident, self.lang)} {rest}"
        if shape == "budget":
            return t._("Budget {year}", year=subject)
        if shape == "indicator":
            return self.names.indicator(subject, self.lang)
        if shape == "district year":
            ident, _, year = subject.rpartition(" ")
            return f"{self.district(ident)} {year}"
        return subject

    def title(self, doc: DocChange) -> str:
        return doc.titles.get(self.lang) or doc.title

    def status(self, doc: DocChange) -> str:
        return self.t._(CHANGE_STATUS[doc.status]) if doc.status in CHANGE_STATUS else doc.status

    def needs_decision(self, doc: DocChange) -> str:
        if not doc.decision:
            return doc.needs_decision
        return self.t._(
            "adopted by {body} on {date} ({reference}) but changed without a new decision: "
            "record the new decision, or set status: draft until it is made",
            body=self.org(doc.decision["body"]),
            date=doc.decision["date"],
            reference=doc.decision["reference"],
        )

    def status_word(self, status: str) -> str:
        return self.t._(CHANGE_STATUS[status]) if status in CHANGE_STATUS else status

    def effect(self, what: str) -> str:
        return self.t._(EFFECTS[what]) if what in EFFECTS else what

    def amount(self, value: int | None) -> str:
        return "–" if value is None else show(value)

    def change(self, before: int | None, after: int | None) -> str:
        delta = (after or 0) - (before or 0)
        return f"{'+' if delta > 0 else ''}{show(delta)}"

    def head(self, result: DiffResult) -> str:
        return self.t._("working tree") if result.head == "working tree" else result.head

    def severity(self, severity: str) -> str:
        return {"error": self.t._("error"), "warning": self.t._("warning")}.get(severity, severity)


def _gap_line(gap: dict[str, Any], s: Speaker) -> str:
    """One year that could not be compared, and why."""
    t = s.t
    year = str(gap["year"]) if gap["year"] is not None else t._("every year")
    what = t._("the allocation") if gap["what"] == "allocation" else t._("the plans' money")
    side = t._("the base") if gap["side"] == "base" else t._("the new revision")
    return t._(
        "{year}: {what} cannot be computed at {side} ({revision}): {reason}; "
        "no amounts are shown for {year}",
        year=year,
        what=what,
        side=side,
        revision=t._("working tree") if gap["revision"] == "working tree" else gap["revision"],
        reason=gap["reason"],
    )


def headline(result: DiffResult, lang: str = "sv") -> str:
    s = Speaker(result, lang)
    t = s.t
    parts = (
        [t.ngettext("{n} document changed", "{n} documents changed", len(result.documents))]
        if result.documents
        else [t._("No plan files changed.").removesuffix(".")]
    )
    for category, n in sorted(result.counts().items()):
        parts.append(s.count(category, n))
    if result.money:
        districts = len({r["district"] for r in result.money})
        parts.append(
            t.ngettext("money moved in {n} district", "money moved in {n} districts", districts)
        )
    for what in ("money", "allocation"):
        years = sorted(
            {str(u["year"] or t._("every year")) for u in result.unavailable if u["what"] == what}
        )
        if years and what == "money":
            parts.append(t._("money not compared for {years}", years=", ".join(years)))
        elif years:
            parts.append(t._("allocation not compared for {years}", years=", ".join(years)))
    if result.published:
        parts.append(
            t.ngettext(
                "{n} change to what is published or run",
                "{n} changes to what is published or run",
                len(result.published),
            )
        )
    if result.introduced:
        parts.append(t.ngettext("{n} new problem", "{n} new problems", len(result.introduced)))
    if result.fixed:
        parts.append(t.ngettext("{n} fixed", "{n} fixed", len(result.fixed)))
    return " · ".join(parts)


CELL_LIMIT = 500  # characters of one value in the comment; the JSON output has them all


def _cell(value: object) -> str:
    return md.text(value, limit=CELL_LIMIT)


def as_markdown(result: DiffResult, budget: int = md.COMMENT_BUDGET, lang: str = "sv") -> str:
    """The pull-request comment: every value through the Markdown writer, and the whole
    under GitHub's limit, with a line saying what was left out when it would not fit."""
    s = Speaker(result, lang)
    t = s.t
    to = md.code(result.head) if result.head != "working tree" else md.text(s.head(result))
    top = [
        "### omrade: "
        + md.text(t._("what changes in the plans"))
        + f" ({md.code(result.base)} → {to})",
        "",
    ]
    if not result.documents and not result.published:
        return "\n".join([*top, md.text(t._("No plan files changed.")), ""])
    top += [f"**{md.text(headline(result, lang))}**", ""]
    sections: list[md.Section] = []
    callouts = md.Section(head=[], tail=[])  # each its own quote: a blank line after each
    needs = t._("Needs a decision:")
    for guarded in result.documents:
        if guarded.needs_decision:
            callouts.add(
                "decision",
                f"> **{md.text(needs)}** {md.code(guarded.file)}: "
                f"{_cell(s.needs_decision(guarded))}.",
                "",
            )
    errors = [x for x in result.introduced if x.severity == "error"]
    if errors:
        new_errors = t.ngettext("{n} new error", "{n} new errors", len(errors))
        callouts.add(
            "callout",
            f"> **{md.text(new_errors)}** — " + md.text(t._("see the diagnostics below.")),
            "",
        )
    sections.append(callouts)
    sections.append(_published_section(result, s))
    table_head = md.table(
        [t._("change"), t._("what"), t._("field"), t._("before"), t._("after")], "lllll", []
    )
    for doc in result.documents:
        head = [f"#### {_cell(s.title(doc))} ({md.text(s.status(doc))})", md.code(doc.file), ""]
        if not doc.items:
            section = md.Section(head=[])
            section.add("document", *head[:2])
            sections.append(section)
            continue
        section = md.Section(head=head + table_head)
        for item in doc.items:
            subject = [_cell(s.category(item.category)), _cell(s.subject(item))]
            rows = [
                md.row(
                    [
                        *subject,
                        _cell(s.field(fc.field)),
                        _cell(s.value(fc.shape, fc.before, old=True)),
                        _cell(s.value(fc.shape, fc.after)),
                    ]
                )
                for fc in item.changes
            ] or [md.row([*subject, "", "", ""])]
            for line in rows:
                section.add(("document", "row") if not section.entries else "row", line)
        sections.append(section)
    for what, heading in (
        ("money", t._("Money not compared")),
        ("allocation", t._("Allocation not compared")),
    ):
        gaps = md.Section(head=[f"#### {md.text(heading)}", ""])
        for u in result.unavailable:
            if u["what"] == what:
                gaps.add("note", f"- {_cell(_gap_line(u, s))}")
        sections.append(gaps)
    if result.money:
        moved = t._("Money moved")
        money = md.Section(
            head=[
                f"#### {md.text(moved)}",
                "",
                *md.table(
                    [
                        t._("district"),
                        t._("year"),
                        t._("source"),
                        t._("before"),
                        t._("after"),
                        t._("change"),
                    ],
                    "lllrrr",
                    [],
                ),
            ]
        )
        for r in result.money:
            delta = r["after"] - r["before"]
            money.add(
                "money row",
                md.row(
                    [
                        _cell(s.district(r["district"])),
                        str(r["year"]),
                        _cell(s.source(r["source"])),
                        show(r["before"]),
                        show(r["after"]),
                        f"{'+' if delta > 0 else ''}{show(delta)}",
                    ]
                ),
            )
        sections.append(money)
    if result.allocation:
        alloc_heading = t._("Allocation")
        alloc = md.Section(
            head=[
                f"#### {md.text(alloc_heading)}",
                "",
                *md.table(
                    [t._("year"), t._("district"), t._("before"), t._("after"), t._("change")],
                    "llrrr",
                    [],
                ),
            ]
        )
        for r in result.allocation:
            alloc.add(
                "allocation row",
                md.row(
                    [
                        str(r["year"]),
                        _cell(s.district(r["district"])),
                        s.amount(r["before"]),
                        s.amount(r["after"]),
                        s.change(r["before"], r["after"]),
                    ]
                ),
            )
        sections.append(alloc)
    if result.introduced or result.fixed or result.reworded:
        introduced, fixed = t._("introduced"), t._("fixed")
        counts = [
            t.ngettext("{n} introduced", "{n} introduced", len(result.introduced)),
            t.ngettext("{n} fixed", "{n} fixed", len(result.fixed)),
        ]
        if result.reworded:
            counts.append(
                t.ngettext("{n} with new details", "{n} with new details", len(result.reworded))
            )
        summary = t._("Diagnostics: {counts}", counts=", ".join(counts))
        diags = md.Section(
            head=[f"<details><summary>{md.text(summary)}</summary>", ""],
            tail=["", "</details>", ""],
        )
        for d in result.introduced:
            diags.add(
                "diagnostic",
                f"- {md.text(introduced)} {md.text(s.severity(d.severity))} {d.code} "
                f"{md.code(f'{d.file}:{d.line}')} {_cell(d.message)}",
            )
        for d in result.fixed:
            diags.add(
                "diagnostic",
                f"- {md.text(fixed)} {d.code} {md.code(d.file)} {_cell(d.message)}",
            )
        details, was = t._("details changed"), t._("was")
        for b, a in result.reworded:
            diags.add(
                "diagnostic",
                f"- {md.text(details)} {md.text(s.severity(a.severity))} {a.code} "
                f"{md.code(f'{a.file}:{a.line}')} {_cell(a.message)} "
                f"({md.text(was)}: {_cell(b.message)})",
            )
        sections.append(diags)
    return md.bounded(top, sections, budget, lambda counts: _left_out(counts, t))


def _published_section(result: DiffResult, s: Speaker) -> md.Section:
    """The files that change what is published or what runs, each with what it affects."""
    t = s.t
    heading = t._("What is published or run")
    section = md.Section(
        head=[
            f"#### {md.text(heading)}",
            "",
            md.text(
                t._(
                    "These change what the next push to main publishes, or what CI runs: "
                    "read them before merging (the trust model says what to look for):"
                )
            )
            + f" <{TRUST_MODEL}>",
            "",
        ]
    )
    for row in result.published:
        section.add(
            "published",
            f"- {md.code(row['path'])} ({md.text(s.status_word(row['status']))}): "
            + md.text(s.effect(row["what"])),
        )
    return section


_KIND_NAMES = {
    "published": N_("changes to what is published or run"),
    "document": N_("documents"),
    "row": N_("table rows"),
    "decision": N_("decisions needed"),
    "callout": N_("notes"),
    "note": N_("notes"),
    "money row": N_("money rows"),
    "allocation row": N_("allocation rows"),
    "diagnostic": N_("diagnostics"),
}


def _left_out(counts: dict[str, tuple[int, int]], t: Translator) -> str:
    shortened = t._("Shortened:")
    parts = [
        t._(
            "{skipped} of {total} {kind}",
            skipped=show(skipped),
            total=show(total),
            kind=t._(_KIND_NAMES[kind]) if kind in _KIND_NAMES else kind,
        )
        for kind, (skipped, total) in counts.items()
        if skipped
    ]
    return (
        f"> **{md.text(shortened)}** "
        + md.text(
            t._(
                "GitHub allows {limit} characters in a comment, so {parts} are not shown here.",
                limit=show(md.COMMENT_LIMIT),
                parts=", ".join(parts),
            )
        )
        + " `omrade diff --format json` "
        + md.text(t._("lists everything."))
    )


def as_text(result: DiffResult, lang: str = "sv") -> str:
    """For a terminal or a CI log: every value through ``plain.line`` (one line, control
    characters shown, no workflow command can be formed)."""
    s = Speaker(result, lang)
    t, p = s.t, plain.line
    lines = [f"omrade diff {p(result.base)} → {p(s.head(result))}"]
    if not result.documents and not result.published:
        return lines[0] + "\n" + t._("No plan files changed.") + "\n"
    lines.append(p(headline(result, lang)))
    if result.published:
        lines.append("")
        lines.append(p(t._("What is published or run")) + f" ({TRUST_MODEL}):")
        for row in result.published:
            lines.append(
                f"  ! {p(row['path'])} [{p(s.status_word(row['status']))}]: "
                f"{p(s.effect(row['what']))}"
            )
    money, allocation = t._("money"), t._("allocation")
    introduced, fixed = t._("introduced"), t._("fixed")
    for doc in result.documents:
        lines.append("")
        lines.append(f"{p(doc.file)}  [{p(s.status(doc))}]  {p(s.title(doc))}")
        if doc.needs_decision:
            lines.append(f"  ! {p(s.needs_decision(doc))}")
        for item in doc.items:
            lines.append(f"  {p(s.category(item.category))}: {p(s.subject(item))}")
            lines += [
                f"      {p(s.field(fc.field))}: {p(s.value(fc.shape, fc.before, old=True))} → "
                f"{p(s.value(fc.shape, fc.after))}"
                for fc in item.changes
            ]
    for r in result.money:
        lines.append(
            f"{money} {p(s.district(r['district']))} {r['year']} "
            f"{p(s.source(r['source']))}: {show(r['before'])} → {show(r['after'])}"
        )
    for r in result.allocation:
        lines.append(
            f"{allocation} {r['year']} {p(s.district(r['district']))}: "
            f"{s.amount(r['before'])} → {s.amount(r['after'])} "
            f"({s.change(r['before'], r['after'])})"
        )
    for u in result.unavailable:
        heading = (
            t._("Money not compared") if u["what"] == "money" else t._("Allocation not compared")
        )
        lines.append(f"{heading}: {p(_gap_line(u, s))}")
    for d in result.introduced:
        lines.append(f"{introduced} {d.code} {p(d.file)}:{d.line} {p(d.message)}")
    for d in result.fixed:
        lines.append(f"{fixed} {d.code} {p(d.file)} {p(d.message)}")
    details, was = t._("details changed"), t._("was")
    for b, a in result.reworded:
        lines.append(
            f"{details} {a.code} {p(a.file)}:{a.line} {p(a.message)} ({was}: {p(b.message)})"
        )
    return "\n".join(lines) + "\n"


def as_json(result: DiffResult) -> str:
    doc = {
        "format_version": 1,
        "base": result.base,
        "head": result.head,
        "documents": [_public_dict(d) for d in result.documents],
        "published": result.published,
        "money": result.money,
        "allocation": result.allocation,
        "unavailable": result.unavailable,
        "introduced": [d.to_dict() for d in result.introduced],
        "fixed": [d.to_dict() for d in result.fixed],
        # one finding at both revisions whose words changed: not new, not fixed
        "reworded": [{"before": b.to_dict(), "after": a.to_dict()} for b, a in result.reworded],
    }
    return plain.dumps(doc)


def _public_dict(doc: DocChange) -> dict[str, Any]:
    """A document's change as the JSON has it (ids, as format_version 1 documents)."""
    out = asdict(doc)
    del out["titles"], out["decision"]
    for item in out["items"]:
        del item["shape"], item["subject_en"]
        for change in item["changes"]:
            del change["shape"]
    return out
