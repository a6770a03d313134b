"""Views of the assistance app, one module per page group. Thin: scope from
xixiang.accounts.scope, reads from selectors, writes through services."""
