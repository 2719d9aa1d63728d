"""The fonts a document embeds: each Noto CJK face cut down to the characters the document uses.

WeasyPrint subsets the fonts it embeds but keeps every glyph id up to the highest one used, and
a Noto CJK face has 65,000 glyphs with the common Chinese characters spread over all of them:
a one-page notice came to over 400 KB, three quarters of it empty glyph slots. Here each face
the stylesheet names is first cut down with HarfBuzz's subsetter (a few milliseconds per face)
to exactly the characters of the document's HTML, which includes its stylesheet and so the
text of its page margins; the glyphs are renumbered from zero, and the result is handed to
WeasyPrint as a font named after its face plus " Document" ("Noto Serif CJK SC
Document"), which the stylesheet lists first: fontconfig prefers an installed family over an
@font-face of the same name. WeasyPrint then embeds that small font (still a subset, text still
extractable).

A face that fontconfig or HarfBuzz cannot provide is left out, and the stylesheet's own font
list takes over for it as before (installed fonts, then other CJK families).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

# The faces documents/_style.css uses: (family, CSS weight, fontconfig style).
FACES = [
    ("Noto Serif CJK SC", "normal", "Regular"),
    ("Noto Serif CJK SC", "bold", "Bold"),
    ("Noto Sans CJK SC", "normal", "Regular"),
    ("Noto Sans CJK SC", "bold", "Bold"),
    ("Noto Sans Mono CJK SC", "normal", "Regular"),
]
SUFFIX = " Document"  # the family names documents/_style.css lists first
# Not needed for horizontal Chinese text; vertical metrics and layout tables are most of what
# is left of a small subset.
DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "JSTF")
# Always kept, whatever the text: page numbers come from counters, not from the HTML.
ALWAYS = "0123456789—-– "


@dataclass(frozen=True)
class Face:
    family: str
    weight: str
    path: str
    index: int


def font_faces(html: str) -> tuple[str, dict[str, bytes]]:
    """@font-face rules for every installed face, each holding only the characters of `html`,
    and the fonts they name by `font:` URL (the document's URL fetcher serves them: a font
    inline as a data: URI costs WeasyPrint's CSS tokenizer more than the whole layout)."""
    text = set(html) | set(ALWAYS)
    rules, files = [], {}
    for face in installed_faces():
        data = _subset(face, text)
        if data:
            url = f"font:{face.family.lower().replace(' ', '-')}-{face.weight}"
            files[url] = data
            rules.append(
                f'@font-face {{ font-family: "{face.family}{SUFFIX}"; font-weight: {face.weight}; '
                f'src: url("{url}"); }}'
            )
    return "\n".join(rules), files


@lru_cache(maxsize=1)
def installed_faces() -> tuple[Face, ...]:
    """The faces of FACES that fontconfig has, with their file and index in a collection."""
    found = []
    for family, weight, style in FACES:
        located = _locate(family, style)
        if located is not None:
            found.append(Face(family, weight, *located))
    return tuple(found)


def _locate(family: str, style: str) -> tuple[str, int] | None:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    answer = subprocess.run(
        [fc_match, "-f", "%{family}\t%{style}\t%{file}\t%{index}", f"{family}:style={style}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    families, styles, path, index = (answer.split("\t") + ["", "", "", ""])[:4]
    if family not in families.split(",") or style not in styles.split(","):
        return None  # fontconfig offered a stand-in; let the stylesheet's list decide
    if not path or not index.isdigit():
        return None
    return path, int(index)


def _subset(face: Face, text: set[str]) -> bytes | None:
    try:
        import uharfbuzz as hb

        source = _hb_face(face.path, face.index)
        wanted = hb.SubsetInput()
        for char in text:
            wanted.unicode_set.add(ord(char))
        for tag in DROPPED_TABLES:
            wanted.drop_table_tag_set.add(int.from_bytes(tag.encode("ascii"), "big"))
        wanted.flags = hb.SubsetFlags.NO_HINTING
        return hb.subset(source, wanted).blob.data
    except Exception:  # no HarfBuzz, an unreadable file: the installed fonts still print
        log.exception("could not cut down the font %s (%s)", face.family, face.weight)
        return None


@lru_cache(maxsize=16)
def _hb_face(path: str, index: int):
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(path), index)
