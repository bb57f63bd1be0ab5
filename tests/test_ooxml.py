"""One OOXML vocabulary: docgen/ooxml.py alone spells the namespaces, and its names and units
say what Word says."""

from __future__ import annotations

import ast
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from checkcorpus import base_cong_van
from lxml import etree

from docgen import ooxml, render_docx
from docgen.ooxml import (
    EMU_PER_INCH,
    EMU_PER_PT,
    EMU_PER_TWIP,
    NS,
    TWIPS_PER_CM,
    TWIPS_PER_INCH,
    W,
    cm_to_twips,
    declarations,
    half_points,
    mm_to_twips,
    pt_to_twips,
    qn,
    twips_to_pt,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("docgen", "tests", "scripts", "benchmarks")
HOME = ROOT / "docgen" / "ooxml.py"
NAMESPACES = {*NS.values(), ooxml.STRICT_W, ooxml.WORD_COMPAT_URI}


def _python_files() -> Iterator[Path]:
    for folder in SOURCE_DIRS:
        yield from sorted((ROOT / folder).rglob("*.py"))
    for script in sorted((ROOT / "scripts").iterdir()):
        if script.is_file() and script.suffix == "" and script.read_bytes().startswith(
                b"#!/usr/bin/env python"):
            yield script


def _literals(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, text) of every string and bytes literal; adjacent literals come joined (the parser
    does it), and so do literals joined with ``+``, so a URI split over lines is still seen."""
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = node.left, node.right
            if isinstance(left, ast.Constant) and isinstance(right, ast.Constant) \
                    and type(left.value) is type(right.value) \
                    and isinstance(left.value, str | bytes):
                joined = left.value + right.value
                yield node.lineno, joined if isinstance(joined, str) else joined.decode("latin-1")
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                yield node.lineno, node.value
            elif isinstance(node.value, bytes):
                yield node.lineno, node.value.decode("latin-1")


def _spelt_namespaces(path: Path) -> list[tuple[int, str]]:
    """(line, URI) of each namespace URI the module's literals spell."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    return [(line, uri) for line, text in _literals(tree) for uri in NAMESPACES if uri in text]


def test_only_ooxml_spells_a_namespace() -> None:
    """A namespace URI in any other module is a second definition of it, which can drift."""
    found = [f"{path.relative_to(ROOT)}:{line}: {uri}" for path in _python_files()
             if path != HOME for line, uri in _spelt_namespaces(path)]
    assert found == [], "use docgen.ooxml instead:\n" + "\n".join(found)


def test_the_source_scan_sees_a_split_uri(tmp_path: Path) -> None:
    """The scan above finds a URI however it is written, or it would prove nothing."""
    half = len(W) // 2
    source = tmp_path / "split.py"
    source.write_text(f'A = ("{W[:half]}"\n     "{W[half:]}")\nB = b"{W[:half]}" + b"{W[half:]}"\n'
                      f'C = f"{{{{{W}}}}}{{name}}"\n', "utf-8")
    assert [(line, uri) for line, uri in _spelt_namespaces(source) if uri == W] == \
        [(1, W), (3, W), (4, W)]


def test_qn_and_declarations() -> None:
    import docx  # python-docx spells the namespaces on its own: a second opinion

    word = docx.Document().element
    assert word.tag == qn("w:document") == f"{{{W}}}document"
    assert qn("w:jc") == f"{{{W}}}jc"
    from docx.oxml.ns import nsmap

    shared = set(nsmap) & set(NS)
    assert {"w", "r", "wp", "a", "pic", "w14"} <= shared
    assert {p: NS[p] for p in shared} == {p: nsmap[p] for p in shared}
    assert qn("r:id") == f"{{{ooxml.R}}}id"
    assert qn("xml:space") == "{http://www.w3.org/XML/1998/namespace}space"
    root = etree.fromstring(f'<w:p {declarations("w", "r")} r:id="x"><w:jc/></w:p>')
    assert root.tag == qn("w:p") and root.get(qn("r:id")) == "x"
    assert root[0].tag == qn("w:jc")
    for bad in ("jc", "w:", "zz:jc"):
        with pytest.raises((ValueError, KeyError)):
            qn(bad)


def test_units_are_word_s() -> None:
    """ECMA-376's units: 1440 twips and 914400 EMU to the inch, 12700 EMU to the point."""
    assert (EMU_PER_TWIP, EMU_PER_PT, EMU_PER_INCH, TWIPS_PER_INCH) == (635, 12700, 914400, 1440)
    assert ooxml.EMU_PER_CM == EMU_PER_INCH / 2.54
    assert pytest.approx(TWIPS_PER_INCH) == TWIPS_PER_CM * 2.54
    assert (cm_to_twips(2.54), mm_to_twips(25.4), mm_to_twips(20), cm_to_twips(3)) == \
        (1440, 1440, 1134, 1701)
    assert (pt_to_twips(13), twips_to_pt(260), half_points(13), half_points(13.5)) == \
        (260, 13.0, 26, 27)
    assert ooxml.TWIPS_PER_HALF_POINT * half_points(13) == pt_to_twips(13)
    assert pytest.approx(20) == ooxml.TWIPS_PER_EMU * EMU_PER_PT
    assert ooxml.UNIVERSAL_MEASURE_TWIPS["in"] == TWIPS_PER_INCH


def test_a_rendered_package_speaks_the_vocabulary() -> None:
    """Every content type and relationship type docgen writes is one ooxml names, and the
    main part is in the namespace the readers look for."""
    content_types = {getattr(ooxml, n) for n in ooxml.__all__ if n.startswith("CT_")}
    relationship_types = {getattr(ooxml, n) for n in ooxml.__all__ if n.startswith("RT_")}
    with zipfile.ZipFile(io.BytesIO(render_docx(base_cong_van()))) as zf:
        types = etree.fromstring(zf.read("[Content_Types].xml"))
        assert types.tag == f"{{{ooxml.CT}}}Types"
        written = {el.get("ContentType") for el in types}
        rels = [etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith(".rels")]
        document = etree.fromstring(zf.read("word/document.xml"))
    assert written and written <= content_types
    assert ooxml.CT_DOCUMENT_MAIN in written
    used = {el.get("Type") for root in rels for el in root.iter(qn("rel:Relationship"))}
    assert used and used <= relationship_types
    assert document.tag == qn("w:document")
