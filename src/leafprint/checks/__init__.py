"""The rules a leaflet is checked against (LPxxx) and the plain-language measures.
Imports core, content and layout (what a page shows).
"""
