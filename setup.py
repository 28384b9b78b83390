"""Build the optional native parts of website intelligence: the page reader (``_page_dom.pyx``) and the
word tables of link classification and language detection (``_words.pyx``) and the text scans of technology
and phone detection (``_scans.pyx``), all in processors/website_intelligence.

Everything else about the package is in pyproject.toml. The page reader reads lexbor's structs directly, so
it is compiled against the lexbor headers of the pinned selectolax release (native/lexbor). All are
optional: without a C compiler the install still succeeds and extraction uses the pure-Python code
(slower, same output).
"""

from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:  # no Cython in the build environment: pure-Python reader only
    extensions = []
else:
    extensions = cythonize(
        [Extension("processors.website_intelligence._page_dom", ["processors/website_intelligence/_page_dom.pyx"],
                   include_dirs=["native/lexbor"], extra_compile_args=["-O2"], optional=True),
         Extension("processors.website_intelligence._words", ["processors/website_intelligence/_words.pyx"],
                   extra_compile_args=["-O2"], optional=True),
         Extension("processors.website_intelligence._scans", ["processors/website_intelligence/_scans.pyx"],
                   define_macros=[("_GNU_SOURCE", "1")], extra_compile_args=["-O2"], optional=True)],  # memmem
        compiler_directives={"language_level": 3},
        quiet=True,
    )

setup(ext_modules=extensions)
