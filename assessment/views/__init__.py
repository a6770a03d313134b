"""Assessment pages, one module per concern. Thin: scope from assessment/scope.py, reads from
assessment.selectors, writes through assessment.services, edits in the shape of xixiang.core.edit."""
