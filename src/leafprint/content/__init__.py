"""What a leaflet is: its YAML and Markdown read, validated and resolved (brands, labels,
contacts, citations, translations, typography, formats). Imports only the core modules.
"""
