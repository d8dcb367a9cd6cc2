#!/usr/bin/python3
"""pdfstruct.py - reads a tagged PDF's structure tree back, for the tests.

    pdfstruct.py tree FILE    one line per structure element, depth-first
                              (the reading order): indent, type, /Scope,
                              /ActualText, then the text of its own marked
                              content, decoded through the fonts' /ToUnicode
    pdfstruct.py check FILE   prints every table-structure problem: a TR
                              with a TH but no TD in it or in a later row of
                              its table; a TH without /Scope; a heading that
                              skips a level; exit 1 when there is any

Only reads the file (pikepdf); decodes the two-byte Identity-H codes hyoka
writes, with the bfchar/bfrange maps hyoka writes.
"""
import re
import sys

import pikepdf


def unicode_map(font):
    """code -> text from a font's /ToUnicode (bfchar and bfrange of 2-byte codes)."""
    m = {}
    data = font.ToUnicode.read_bytes().decode("latin1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            m[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = int(uni, 16)
            for k in range(int(lo, 16), int(hi, 16) + 1):
                m[k] = chr(base + k - int(lo, 16))
    return m


def page_texts(page):
    """MCID -> text shown inside that marked-content sequence on the page."""
    fonts = {}
    res = page.obj.get("/Resources", {})
    for name, font in res.get("/Font", {}).items():
        fonts[name] = unicode_map(font)
    texts, stack, font = {}, [], None
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "BDC":
            props = operands[1]
            mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
            stack.append(mcid)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            stack.pop()
        elif op == "Tf":
            font = fonts.get(str(operands[0]), {})
        elif op == "Tj" and stack and stack[-1] is not None:
            raw = bytes(operands[0])
            s = "".join(font.get((raw[i] << 8) | raw[i + 1], "?") for i in range(0, len(raw) - 1, 2))
            texts[stack[-1]] = texts.get(stack[-1], "") + s
    return texts


class Tree:
    def __init__(self, path):
        self.pdf = pikepdf.open(path)
        self.pages = {p.obj.objgen: p for p in self.pdf.pages}
        self.cache = {}

    def text(self, page_obj, mcid):
        key = page_obj.objgen
        if key not in self.cache:
            self.cache[key] = page_texts(self.pages[key])
        return self.cache[key].get(mcid, "")

    def kids(self, e):
        k = e.get("/K")
        if k is None:
            return []
        return list(k) if isinstance(k, pikepdf.Array) else [k]

    def own_text(self, e):
        out = ""
        for k in self.kids(e):
            if isinstance(k, int):
                out += self.text(e.Pg, k)
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                out += self.text(k.Pg, int(k.MCID))
        return out

    def elems(self, e=None, depth=0):
        """(depth, element) in reading order."""
        if e is None:
            for k in self.kids(self.pdf.Root.StructTreeRoot):
                yield from self.elems(k, 0)
            return
        yield depth, e
        for k in self.kids(e):
            if isinstance(k, pikepdf.Dictionary) and "/S" in k:
                yield from self.elems(k, depth + 1)


def role(e):
    return str(e.S)[1:]


def tree(path):
    t = Tree(path)
    for depth, e in t.elems():
        line = "  " * depth + role(e)
        a = e.get("/A")
        if a is not None and "/Scope" in a:
            line += " Scope=" + str(a.Scope)[1:]
        if "/ActualText" in e:
            line += " ActualText=" + str(e.ActualText)
        if "/Alt" in e:
            line += " Alt=" + str(e.Alt)
        text = t.own_text(e)
        if text:
            line += "\t" + text
        print(line)


def check(path):
    t = Tree(path)
    problems, level = [], 0
    for depth, e in t.elems():
        r = role(e)
        if re.fullmatch(r"H[1-6]", r):
            n = int(r[1])
            if n > level + 1:
                problems.append("heading %s follows H%d" % (r, level))
            level = n
        if r == "TH" and ("/A" not in e or "/Scope" not in e.A):
            problems.append("TH without /Scope: %s" % t.own_text(e))
        if r != "Table":
            continue
        rows = [k for k in t.kids(e) if role(k) == "TR"]
        for i, tr in enumerate(rows):
            cells = [role(c) for c in t.kids(tr)]
            if "TH" in cells and "TD" not in cells and not any(
                    "TD" in [role(c) for c in t.kids(later)] for later in rows[i + 1:]):
                problems.append("header row without data: %s" %
                                " | ".join(t.own_text(c) for c in t.kids(tr)))
    for p in problems:
        print("%s: %s" % (path, p))
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("tree", "check"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if sys.argv[1] == "tree":
        tree(sys.argv[2])
    else:
        sys.exit(check(sys.argv[2]))
