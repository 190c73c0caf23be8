"""Tables as grids of cells, one model for every format.

``model`` holds the :class:`Table` of :class:`Cell` s; ``stream`` cuts flattened text into
cells with their offsets; ``columns`` matches header cells to column roles
(``patterns/templates.yaml``); ``align`` proves which cell belongs to which column when a
flattening dropped empty cells; ``fund``, ``indicators`` and ``years`` rebuild the national
form templates from a cell stream; ``figures`` turns a rebuilt table into mentions and score
items -- the one path from grid to figures.
"""
from ..read.model import Cell, Table
from .figures import TableFigures, table_figures
from .rebuild import find_tables, grid_figures

__all__ = ["Cell", "Table", "TableFigures", "find_tables", "grid_figures", "table_figures"]
