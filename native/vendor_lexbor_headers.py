"""Copy the lexbor headers that selectolax's ``lexbor.pxd`` includes (and what they include) into native/lexbor.

Usage: python native/vendor_lexbor_headers.py <unpacked selectolax sdist>   (pip download selectolax==X
--no-binary selectolax --no-deps, then untar). Run it when the selectolax pin in pyproject.toml changes, and
update ``SELECTOLAX_VERSION`` in processors/website_intelligence/_page_dom.pyx to the same release.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOTS = ("core/core.h", "core/base.h", "core/lexbor.h", "html/html.h", "html/encoding.h", "dom/dom.h",
         "dom/interfaces/element.h", "dom/interfaces/document.h", "dom/collection.h", "css/css.h", "tag/tag.h",
         "ns/ns.h", "selectors/selectors.h", "html/interfaces/template_element.h")


def main(sdist: Path) -> None:
    source = sdist / "lexbor" / "source"
    target = Path(__file__).resolve().parent / "lexbor"
    if target.exists():
        shutil.rmtree(target)
    seen: set[str] = set()
    todo = [f"lexbor/{name}" for name in ROOTS]
    while todo:
        header = todo.pop()
        if header in seen or not (source / header).exists():
            continue
        seen.add(header)
        todo += re.findall(r'#include\s+"([^"]+)"', (source / header).read_text(encoding="utf-8"))
    for header in sorted(seen):
        (target / header).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / header, target / header)
    for name in ("LICENSE", "NOTICE"):
        shutil.copyfile(sdist / "lexbor" / name, target / name)
    print(f"{len(seen)} headers copied to {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
