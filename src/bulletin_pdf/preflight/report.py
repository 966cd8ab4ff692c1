"""What preflight finds and measures: findings (each naming its rule and place) and the
per-page, per-font and per-image records of the report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from bulletin_pdf.model.layout import MM
from bulletin_pdf.preflight.rules import RULES, check_of

ERROR, WARNING, NOTE = "error", "warning", "note"


@dataclass
class Finding:
    severity: str  # error | warning | note
    check: str  # the rule's area: pdfx, colour, transparency, fonts, images, ink, text, ...
    rule: str  # the rule broken, from rules.RULES
    message: str
    fix: str = ""
    page: int | None = None  # the first page it was found on
    pages: list[int] = field(default_factory=list)  # every page it was found on
    where: str = ""  # the object and the position (mm from the trim's lower left), first found


@dataclass
class PageReport:
    number: int
    media: tuple[float, float, float, float]  # pt, as in the file
    trim: tuple[float, float, float, float] | None
    bleed: tuple[float, float, float, float] | None
    art: tuple[float, float, float, float] | None = None
    crop: tuple[float, float, float, float] | None = None
    rotate: int = 0
    ink: tuple[float, float, float, float] | None = None  # average C, M, Y, K % inside the trim
    max_tac: float | None = None  # % inside the bleed box
    tac_over_mm2: float | None = None  # area above the limit, mm²
    smallest_text_pt: float | None = None
    colour_spaces: list[str] = field(default_factory=list)

    @staticmethod
    def _mm(box):
        if box is None:
            return None
        return (round((box[2] - box[0]) / MM, 1), round((box[3] - box[1]) / MM, 1))

    @property
    def trim_mm(self):
        return self._mm(self.trim)

    @property
    def media_mm(self):
        return self._mm(self.media)

    @property
    def bleed_mm(self) -> tuple[float, float, float, float] | None:
        """Bleed on the left, bottom, right and top, mm."""
        if self.trim is None or self.bleed is None:
            return None
        t, b = self.trim, self.bleed
        left, bottom, right, top = (
            round(abs(v) / MM, 1) for v in (t[0] - b[0], t[1] - b[1], b[2] - t[2], b[3] - t[3])
        )
        return left, bottom, right, top


@dataclass
class FontReport:
    name: str
    subtype: str
    embedded: bool
    subset: bool
    pages: list[int] = field(default_factory=list)


@dataclass
class ImageReport:
    page: int
    name: str
    width_px: int
    height_px: int
    colour_space: str
    bits: int
    filter: str
    ppi: float  # the lower of the two directions, at placed size
    placed_mm: tuple[float, float]


@dataclass
class PreflightReport:
    path: str
    standard: str  # what the file was checked against
    claimed: str | None  # what the file says it is
    pdf_version: str
    pages: list[PageReport] = field(default_factory=list)
    fonts: list[FontReport] = field(default_factory=list)
    images: list[ImageReport] = field(default_factory=list)
    output_intent: dict | None = None
    findings: list[Finding] = field(default_factory=list)
    ink_checked: bool = False

    def add(
        self,
        severity: str,
        rule: str,
        message: str,
        fix: str = "",
        page: int | None = None,
        where: str = "",
    ) -> None:
        """Record a finding; the same finding on another page joins the first one."""
        if rule not in RULES:
            raise KeyError(f"unknown preflight rule {rule!r}")
        if page is not None:
            for f in self.findings:
                same = (f.severity, f.rule, f.message, f.fix) == (severity, rule, message, fix)
                if same and f.pages:
                    if page not in f.pages:
                        f.pages.append(page)
                    return
        pages = [page] if page is not None else []
        self.findings.append(
            Finding(severity, check_of(rule), rule, message, fix, page, pages, where)
        )

    def add_for_pages(
        self, severity: str, rule: str, message: str, fix: str, pages: list, where: str = ""
    ) -> None:
        """One finding for several pages (PageReports or page numbers)."""
        numbers = sorted({p.number if isinstance(p, PageReport) else int(p) for p in pages})
        self.add(severity, rule, message, fix, numbers[0] if numbers else None, where)
        if numbers:
            self.findings[-1].pages = numbers

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == NOTE]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        d = asdict(self)
        d["ok"] = self.ok
        for page, rep in zip(d["pages"], self.pages):
            page["trim_mm"], page["media_mm"], page["bleed_mm"] = (
                rep.trim_mm,
                rep.media_mm,
                rep.bleed_mm,
            )
        return d
