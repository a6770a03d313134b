"""Household rosters (农户信息表): Excel import and export (spec/roster.md).

reader.py      container checks (zip bomb, entities, formulas) and streaming rows with calamine
validation.py  pure checks of one row (no models)
columns.py     the workbook layout: sheets, headers, Chinese values of coded columns
engine.py      dry run and all-or-nothing commit, set-based and chunked
writer.py      export, blank template and error workbooks with openpyxl
"""
