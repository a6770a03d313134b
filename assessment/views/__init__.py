"""Assessment pages, one module per concern. Thin: scope from xixiang.accounts.scope,
reads from assessment.selectors, writes through assessment.services."""
