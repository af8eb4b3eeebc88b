"""qikit: a coaching workbook and teaching kit for quality improvement in mental health services."""

from importlib.metadata import PackageNotFoundError, version

from qikit.errors import DataError

try:
    __version__ = version("qikit")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["DataError", "__version__"]
