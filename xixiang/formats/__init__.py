"""Our format overrides (FORMAT_MODULE_PATH); Django's locale formats answer the rest."""
