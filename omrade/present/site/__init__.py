"""The site: Markdown and an accessible HTML site from a valid plan repository.

``reports`` renders them (``build_reports``) and lists what needs attention (``status``);
``view`` builds the typed page views, ``render`` and ``sandbox`` run the templates,
``output`` writes the folder whole. This package's own import is light: the rule catalogue
reads the refusals (``refusals``) without importing Jinja.
"""
