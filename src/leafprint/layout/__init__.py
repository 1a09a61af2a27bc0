"""A job laid out and rendered into a PDF: HTML, fonts, preflight, balancing, post-processing,
and the one adapter to WeasyPrint's internals. Imports core and content.
"""
