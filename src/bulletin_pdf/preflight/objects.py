"""Small helpers for PDF objects: boxes, inherited keys, names, numbers and matrices."""

from __future__ import annotations

from typing import Any, TypeGuard

from pikepdf import Array, Dictionary, Stream

BOX_TOLERANCE = 0.05  # pt: box edges written with 4–7 digits
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def dictlike(obj: object) -> TypeGuard[Any]:
    """A dictionary or a stream's dictionary: patterns, shadings, fonts' procedures and
    annotation appearances may be either (a Stream is no pikepdf Dictionary)."""
    return isinstance(obj, (Dictionary, Stream))


def box_of(value) -> tuple[float, float, float, float] | None:
    if not isinstance(value, Array) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def inherited(obj: Any, key: str):
    seen = 0
    while dictlike(obj) and seen < 64:
        if key in obj:
            return obj[key]
        obj = obj.get("/Parent")
        seen += 1
    return None


def inside(inner, outer, tol: float = BOX_TOLERANCE) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def name_of(obj) -> str:
    s = str(obj)
    return s[1:] if s.startswith("/") else s


def mul(m, n):
    """m × n for PDF matrices [a b c d e f] (m applied first)."""
    a1, b1, c1, d1, e1, f1 = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def nums(operands, count: int):
    try:
        vals = tuple(float(v) for v in operands[:count])
    except (TypeError, ValueError):
        return None
    return vals if len(vals) == count else None


def apply(m, x: float, y: float) -> tuple[float, float]:
    """The point (x, y) through the matrix m."""
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def bbox_through(
    m, x0: float, y0: float, x1: float, y1: float
) -> tuple[float, float, float, float]:
    """The bounding box of a rectangle after the matrix m."""
    pts = [apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))


def scale_of(m) -> float:
    """The matrix's mean linear scale (for line widths and font sizes)."""
    a, b, c, d = m[:4]
    return abs(a * d - b * c) ** 0.5
