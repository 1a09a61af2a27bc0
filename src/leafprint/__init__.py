"""leafprint: structured, multilingual patient-information content to print-ready PDF leaflets."""

from __future__ import annotations

__version__ = "0.1.0"
