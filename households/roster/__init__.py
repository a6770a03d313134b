"""Household rosters (农户信息表): Excel import and export (spec/roster.md).

container.py   zip container checks before any parser (zip bomb, entities, formulas)
windows.py     sheets cut into row windows that calamine parses one at a time, in a thread
reader.py      streaming rows (header row, column mapping, blocks of rows) from the windows
validation.py  pure checks of one row (no models)
block_checks.py the same checks for 1,000 rows at a time, column by column
columns.py     the workbook layout: sheets, headers, Chinese values of coded columns
engine.py      dry run and all-or-nothing commit, set-based and chunked
model_columns.py the model columns the engine reads and compares, and new_instance (its SQL: xixiang/db)
writer.py      export, blank template and error workbooks with openpyxl
"""
