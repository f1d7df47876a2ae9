"""glossary_app: an offline reference for the shorthand of Chinese local-government reports."""

__version__ = "0.1.0"
