"""Archive pages, split by concern: records, files, reports (matrix, export, booklet), administration."""
