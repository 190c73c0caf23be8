"""Readers of table layouts that the grid does not rebuild yet (glued cells, wrapped score pairs,
single-column tables ...).  Their cells are read only where the grid has not claimed them.
"""
