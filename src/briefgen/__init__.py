"""briefgen: typeset Chinese, English and bilingual PDF briefs from YAML content."""

__version__ = "0.1.0"
