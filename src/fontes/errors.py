"""Errors fontes raises, each naming the input, the problem and what to do next.

    FontesError
    ├── InputError        a source file that cannot be read (binary, bad encoding, empty, too big)
    ├── PipelineError     a stage broke its contract
    ├── StoreError        the database cannot be opened or migrated
    └── QueryError        a search or question that cannot be run as written
"""


class FontesError(Exception):
    """Base of every error fontes raises on purpose."""


class InputError(FontesError):
    """A source file cannot be read; the message names the file and the fix."""

    def __init__(self, path: object, problem: str, fix: str | None = None) -> None:
        self.path, self.problem, self.fix = str(path), problem, fix
        super().__init__(f"{path}: {problem}" + (f"; {fix}" if fix else ""))


class PipelineError(FontesError):
    """A stage returned something other than the Document it was given."""


class StoreError(FontesError):
    """The knowledge base cannot be opened, migrated or written."""


class QueryError(FontesError):
    """A search query or question that cannot be run; the message says how to write it."""
