"""Errors that qikit shows to people, in plain words."""


class DataError(ValueError):
    """Raised when input data cannot be used.

    The message always names the column or field, what was expected and what was found,
    in words a ward manager understands.
    """
