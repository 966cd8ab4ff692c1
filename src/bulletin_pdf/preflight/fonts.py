"""Fonts: every font a page can reach (its resources, forms, patterns, Type 3 fonts' own
resources, soft masks and annotation appearances), and whether each is embedded."""

from __future__ import annotations

from pikepdf import Array, Stream

from bulletin_pdf.preflight.objects import dictlike, name_of
from bulletin_pdf.preflight.report import FontReport


def font_record(font, key) -> FontReport:
    subtype = name_of(font.get("/Subtype", "/unknown"))
    base = font.get("/BaseFont")
    target = font
    if subtype == "Type0":
        desc = font.get("/DescendantFonts")
        if isinstance(desc, Array) and len(desc):
            target = desc[0]
            subtype = f"Type0/{name_of(target.get('/Subtype', '/?'))}"
    name = (
        name_of(base)
        if base is not None
        else (name_of(font.get("/Name", key)) if subtype == "Type3" else name_of(key))
    )
    if subtype == "Type3":
        embedded = True
    else:
        fd = target.get("/FontDescriptor") if dictlike(target) else None
        embedded = dictlike(fd) and any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    subset = len(name) > 7 and name[6] == "+" and name[:6].isalpha() and name[:6].isupper()
    return FontReport(name, subtype, embedded, subset)


def walk_fonts(resources, found: dict, page: int, seen: set, depth: int = 0) -> None:
    if not dictlike(resources) or depth > 12:
        return
    if resources.is_indirect:
        if resources.objgen in seen:
            return
        seen.add(resources.objgen)
    fonts = resources.get("/Font")
    if dictlike(fonts):
        for key, font in fonts.items():
            if not dictlike(font):
                continue
            ident = font.objgen if font.is_indirect else (id(font), key)
            rec = found.get(ident)
            if rec is None:
                rec = found[ident] = font_record(font, key)
            if page not in rec.pages:
                rec.pages.append(page)
            if font.get("/Subtype") == "/Type3":
                walk_fonts(font.get("/Resources"), found, page, seen, depth + 1)
    for kind in ("/XObject", "/Pattern"):
        table = resources.get(kind)
        if dictlike(table):
            for obj in table.values():
                if isinstance(obj, Stream) and (
                    obj.get("/Subtype") == "/Form" or kind == "/Pattern"
                ):
                    if obj.objgen in seen:
                        continue
                    seen.add(obj.objgen)
                    walk_fonts(obj.get("/Resources"), found, page, seen, depth + 1)
    states = resources.get("/ExtGState")
    if dictlike(states):  # a soft mask's group draws too
        for gs in states.values():
            mask = gs.get("/SMask") if dictlike(gs) else None
            group = mask.get("/G") if dictlike(mask) else None
            if isinstance(group, Stream) and group.objgen not in seen:
                seen.add(group.objgen)
                walk_fonts(group.get("/Resources"), found, page, seen, depth + 1)


def annotation_streams(page_obj):
    annots = page_obj.get("/Annots")
    if not isinstance(annots, Array):
        return
    for annot in annots:
        ap = annot.get("/AP") if dictlike(annot) else None
        if not dictlike(ap):
            continue
        for mode in ap.values():
            if isinstance(mode, Stream):
                yield mode
            elif dictlike(mode):
                for s in mode.values():
                    if isinstance(s, Stream):
                        yield s
