"""The book machinery, apart from the economics: what builds, prints, packs and checks the book.

``browser`` (headless Chromium: launch settings and the chart wait, shared by the tests,
the PDF printer and the browser benchmark).
"""
