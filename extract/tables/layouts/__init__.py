"""Readers of table layouts that the template recogniser does not rebuild (glued cells, wrapped score
pairs, single-column tables ...).  Each gives its rows as a :class:`~extract.read.model.Table`
(``fund_table.as_grid``, ``score_rows.as_grid``), so that its figures come from grid cells through
``tables/figures.py``; their cells are read only where the recogniser's tables have not claimed them.
"""
