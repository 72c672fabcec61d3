"""24x: the published site's own settings (``site:`` in municipality.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from omrade.diagnostics import Diagnostic, Example, define
from omrade.load import runcache
from omrade.rules import Context, check

LOGO_LIMIT = 200_000  # bytes: a logo is inlined in every page
BACKGROUND = "#ffffff"


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of '#rrggbb'."""

    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def logo_file(root: Path, logo: str) -> Path | None:
    """The logo as a regular file inside the repository (no link), else None."""
    runcache.look(root, logo)  # a warm validate looks at it again (omrade.load.runcache)
    path = root / logo
    try:
        resolved = path.resolve(strict=True)
    except OSError:
        return None
    if path.is_symlink() or not resolved.is_relative_to(root.resolve()) or not path.is_file():
        return None
    return path


OMR240 = define(
    "OMR240",
    "error",
    "Accent colour hard to read",
    (
        "The site's accent colour (site.accent in municipality.yaml) colours "
        "links and must have a contrast ratio of at least 4.5:1 against the "
        "white background (WCAG 2.1, 1.4.3)."
    ),
    message=(
        "the accent colour {accent} has a contrast of {ratio:.2f}:1 against the "
        "white background; links in it are hard to read (at least 4.5:1 is "
        "needed)"
    ),
    hint="choose a darker shade of the colour (a contrast checker shows the ratio)",
    example=Example(
        "data/municipality.yaml",
        'follow_up: tertial\nsite: {accent: "#6fa8dc"}\n',
        replaces="follow_up: tertial\n",
    ),
    sv=dict(
        title="Accentfärgen är svårläst",
        description=(
            "Webbplatsens accentfärg (site.accent i municipality.yaml) färgar "
            "länkarna och måste ha en kontrast på minst 4,5:1 mot den vita "
            "bakgrunden (WCAG 2.1, 1.4.3)."
        ),
        message=(
            "accentfärgen {accent} har kontrasten {ratio:.2f}:1 mot den vita "
            "bakgrunden; länkar i den färgen är svåra att läsa (minst 4,5:1 behövs)"
        ),
        hint="välj en mörkare nyans av färgen (en kontrastkontroll visar kvoten)",
    ),
)


@check(OMR240)
def accent_contrast(ctx: Context) -> Iterator[Diagnostic]:
    doc, mun = ctx.repo.municipality_doc, ctx.repo.municipality
    if doc is None or mun is None or mun.site is None or mun.site.accent is None:
        return
    ratio = contrast(mun.site.accent, BACKGROUND)
    if ratio < 4.5:
        yield OMR240.on(doc, ("site", "accent"), accent=mun.site.accent, ratio=ratio)


OMR241 = define(
    "OMR241",
    "error",
    "Logo not found",
    (
        "The site's logo (site.logo in municipality.yaml) must be a PNG, JPEG or "
        "SVG file in the repository, no larger than 200 kB."
    ),
    message="the logo {logo} is not a file in the repository",
    hint=(
        "put the image in the repository (e.g. assets/logo.svg) and give its "
        "path from the repository's root"
    ),
    variants={
        "large": (
            ("the logo {logo} is {size} kB; at most {limit} kB, as it is part of every page"),
            "save a smaller image (an SVG, or a PNG about 200 pixels wide)",
        ),
    },
    example=Example(
        "data/municipality.yaml",
        "follow_up: tertial\nsite: {logo: assets/logo.png}\n",
        replaces="follow_up: tertial\n",
        situation="There is no assets/logo.png in the repository.",
    ),
    sv=dict(
        situation="Repot har ingen assets/logo.png.",
        title="Logotypen hittas inte",
        description=(
            "Webbplatsens logotyp (site.logo i municipality.yaml) måste vara en "
            "PNG-, JPEG- eller SVG-fil i repot, högst 200 kB."
        ),
        message="logotypen {logo} är inte en fil i repot",
        hint=(
            "lägg bilden i repot (t.ex. assets/logo.svg) och ange sökvägen till den från repots rot"
        ),
        variants={
            "large": (
                (
                    "logotypen {logo} är {size} kB; högst {limit} kB, eftersom den finns på "
                    "varje sida"
                ),
                "spara en mindre bild (en SVG, eller en PNG cirka 200 pixlar bred)",
            ),
        },
    ),
)


@check(OMR241)
def logo_missing(ctx: Context) -> Iterator[Diagnostic]:
    doc, mun = ctx.repo.municipality_doc, ctx.repo.municipality
    if doc is None or mun is None or mun.site is None or mun.site.logo is None:
        return
    path = logo_file(ctx.repo.root, mun.site.logo)
    if path is None:
        yield OMR241.on(doc, ("site", "logo"), logo=mun.site.logo)
    elif path.stat().st_size > LOGO_LIMIT:
        yield OMR241.on(
            doc,
            ("site", "logo"),
            variant="large",
            logo=mun.site.logo,
            size=path.stat().st_size // 1000,
            limit=LOGO_LIMIT // 1000,
        )
