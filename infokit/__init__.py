"""infokit: branded virtual-appointment infographics from a YAML brand file.

The library is the product; the ``infokit`` command is a thin layer over it::

    from infokit.build import build, check
    result = build("brands/contoso-health.yaml", out_dir="out")
    print(result.outputs["pdf"])

Errors are ``infokit.errors.InfokitError`` subclasses with ``problems`` and an
``exit_code``; the package ships type hints (``py.typed``).
"""

__version__ = "0.1.0"
