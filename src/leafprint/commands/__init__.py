"""The commands the CLI runs: the build pipeline, the live preview and its server,
leafprint new, and option checks. Imports every stage; only the CLI imports it.
"""
