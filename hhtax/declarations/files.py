"""Declaration file names and writing the XML and PDF side by side, atomically.

Names are `<taxcode>_<form>_<period>` with "/" in the form code replaced by "-", e.g.
`001085012345_01-CNKD_2026-Q2.xml`; supplementary returns add `_B<n>`, and so does a correction
filed as a new original return (1244, 1245: `Declaration.correction`). Both files are rendered
in memory first and then written each through a temporary file and `os.replace`, so a failure
never leaves a partial declaration (Law 38/2019 Art 8: tax records are legal records).
"""

from __future__ import annotations

from pathlib import Path

from hhtax.declarations.model import SUPPLEMENTARY, Declaration
from hhtax.fsutil import atomic_write, ensure_directory


def declaration_basename(decl: Declaration) -> str:
    """`<taxcode>_<form>_<period>`, plus `_B<n>` for a supplementary return."""
    base = f"{decl.taxpayer.tax_code}_{decl.form.file_code}_{decl.period}"
    if decl.correction:
        return f"{base}_B{decl.correction}"
    return f"{base}_B{decl.seq}" if decl.kind == SUPPLEMENTARY else base


def write_declaration(decl: Declaration, out_dir: Path, xml: bytes, pdf: bytes) -> tuple[Path, Path]:
    """Write `<basename>.xml` and `.pdf` into `out_dir` (created if missing); returns both paths."""
    ensure_directory(out_dir)
    base = out_dir / declaration_basename(decl)
    xml_path, pdf_path = base.with_name(base.name + ".xml"), base.with_name(base.name + ".pdf")
    atomic_write(xml_path, xml)
    try:
        atomic_write(pdf_path, pdf)
    except BaseException:
        xml_path.unlink(missing_ok=True)  # never leave the XML without its PDF
        raise
    return xml_path, pdf_path
