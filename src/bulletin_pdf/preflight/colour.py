"""Colour spaces as preflight sees them: what family a space belongs to, which the standard
forbids, and how many inks a colour puts down (for small type and thin rules)."""

from __future__ import annotations

from dataclasses import dataclass

from pikepdf import Array, Dictionary, Name

from bulletin_pdf.preflight.objects import dictlike, name_of

_DEVICE = {
    "/DeviceGray": "DeviceGray",
    "/DeviceRGB": "DeviceRGB",
    "/DeviceCMYK": "DeviceCMYK",
    "/G": "DeviceGray",
    "/RGB": "DeviceRGB",
    "/CMYK": "DeviceCMYK",
    "/Pattern": "Pattern",
}
_RGB_LIKE = ("DeviceRGB", "CalRGB", "CalGray", "Lab")


@dataclass(frozen=True)
class Colour:
    label: str  # what the report shows
    families: frozenset  # the spaces that define the colour itself
    alternates: frozenset = frozenset()  # alternate spaces of spot colours
    spots: tuple = ()  # colorant names of Separation / DeviceN spaces


GRAY = Colour("DeviceGray", frozenset({"DeviceGray"}))


def device(family: str) -> Colour:
    return Colour(family, frozenset({family}))


def colour_space(cs, resources, depth: int = 0) -> Colour:
    """The colour space `cs` (a name, maybe of a resource, or an array) as a Colour."""
    if depth > 8:
        return Colour("unresolvable", frozenset({"unresolvable"}))
    if isinstance(cs, Name):
        key = str(cs)
        if key in _DEVICE:
            return device(_DEVICE[key])
        named = None
        if dictlike(resources):
            table = resources.get("/ColorSpace")
            if dictlike(table):
                named = table.get(key)
        if named is None:
            return Colour(f"undefined {key}", frozenset({"undefined"}))
        return colour_space(named, resources, depth + 1)
    if isinstance(cs, Array) and len(cs) >= 1:
        family = name_of(cs[0])
        if family == "ICCBased" and len(cs) > 1:
            try:
                n = int(cs[1].get("/N", 0))
            except (TypeError, ValueError, AttributeError):
                n = 0
            return Colour(f"ICCBased (N={n})", frozenset({f"ICCBased{n}"}))
        if family in ("Indexed", "I") and len(cs) > 1:
            base = colour_space(cs[1], resources, depth + 1)
            return Colour(f"Indexed ({base.label})", base.families, base.alternates, base.spots)
        if family == "Separation" and len(cs) > 2:
            alt = colour_space(cs[2], resources, depth + 1)
            return Colour(
                f"Separation {name_of(cs[1])} ({alt.label})",
                frozenset({"Separation"}),
                alt.families | alt.alternates,
                (name_of(cs[1]),),
            )
        if family == "DeviceN" and len(cs) > 2:
            names = tuple(name_of(n) for n in cs[1]) if isinstance(cs[1], Array) else ()
            alt = colour_space(cs[2], resources, depth + 1)
            return Colour(
                f"DeviceN [{', '.join(names) or '?'}] ({alt.label})",
                frozenset({"DeviceN"}),
                alt.families | alt.alternates,
                names,
            )
        if family == "Pattern":
            if len(cs) > 1:
                base = colour_space(cs[1], resources, depth + 1)
                return Colour(
                    f"Pattern ({base.label})", base.families | {"Pattern"}, base.alternates
                )
            return device("Pattern")
        return device(family)
    if isinstance(cs, Dictionary):
        return Colour("unknown", frozenset({"unknown"}))
    return Colour("unknown", frozenset({"unknown"}))


def forbidden(colour: Colour, family: str) -> list[str]:
    """The parts of a colour space the standard does not allow."""
    bad = []
    for f in colour.families:
        if (
            f in ("undefined", "unresolvable", "unknown")
            or (family == "X-1a" and (f in _RGB_LIKE or f.startswith("ICCBased")))
            or (family in ("X-3", "X-4") and f == "DeviceRGB")
        ):
            bad.append(f)
    return bad


def rgb_alternate(colour: Colour) -> bool:
    return any(a in _RGB_LIKE or a.startswith("ICCBased3") for a in colour.alternates)


# -- how many inks a colour lays down: small type and thin rules in several inks blur with
#    any misregistration; rich black and registration colour worst of all.
ONE_INK, SEVERAL_INKS, RICH_BLACK, REGISTRATION, NO_INK = (
    "one ink",
    "several inks",
    "rich black",
    "registration colour",
    "no ink",
)


def ink_class(colour: Colour, value: tuple) -> str:
    """ONE_INK, SEVERAL_INKS, RICH_BLACK, REGISTRATION or NO_INK for a colour and its value."""
    if colour.spots:
        if any(s == "All" for s in colour.spots):
            return REGISTRATION
        inked = [v for v in value if v > 0.001] if value else [1.0]
        return NO_INK if not inked else (ONE_INK if len(inked) == 1 else SEVERAL_INKS)
    if colour.label == "DeviceCMYK" and len(value) == 4:
        c, m, y, k = value
        inked = [v for v in (c, m, y, k) if v > 0.001]
        if len(inked) == 4 and min(inked) > 0.999:
            return REGISTRATION
        if k >= 0.85 and len(inked) > 1:
            return RICH_BLACK
        if not inked:
            return NO_INK
        return ONE_INK if len(inked) == 1 else SEVERAL_INKS
    if colour.label == "DeviceGray" and len(value) == 1:
        return NO_INK if value[0] >= 0.999 else ONE_INK
    return ONE_INK if colour.label in ("DeviceGray",) else SEVERAL_INKS


def is_white(colour: Colour, value: tuple) -> bool:
    """Paper white: no ink at all (with overprint mode 1 it paints nothing)."""
    if colour.label == "DeviceCMYK":
        return len(value) == 4 and not any(value)
    if colour.label == "DeviceGray":
        return len(value) == 1 and value[0] >= 0.999
    return False


def is_black(colour: Colour, value: tuple) -> bool:
    """100 % K and nothing else."""
    if colour.label == "DeviceCMYK" and len(value) == 4:
        c, m, y, k = value
        return c == 0 and m == 0 and y == 0 and k >= 0.999
    if colour.label == "DeviceGray" and len(value) == 1:
        return value[0] <= 0.001
    return False
