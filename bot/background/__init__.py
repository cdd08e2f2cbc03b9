"""Work that runs beside the request on threads of the process's own: the writes that may wait
(:mod:`.writes`). Standard library only, so :mod:`bot.deps` can hold one on every path
(``whoowns ask`` included) without loading the store.

Importing this package imports nothing.
"""
