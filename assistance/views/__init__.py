"""Views of the assistance app, one module per page group. Thin: scope from assistance/scope.py,
reads from selectors, writes through services, edits in the shape of xixiang.core.edit."""
