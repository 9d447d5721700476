"""Reading and checking the authors' YAML: the load and validate stages."""
from .load import load_library

__all__ = ["load_library"]
