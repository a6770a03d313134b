# Django's zh_Hans formats have no thousands separator, so `intcomma` printed 7962 on Chinese
# pages; the county's own tables group by three with a comma (7,962), as the English pages do.
# USE_THOUSAND_SEPARATOR stays off: years and codes shown as plain numbers must not get commas.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
