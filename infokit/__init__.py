"""infokit: branded virtual-appointment infographics from a YAML brand file.

The library is the product; the ``infokit`` command is a thin layer over it::

    from infokit import build
    result = build.build_brand("brands/contoso-health.yaml", out_dir="out")
"""

__version__ = "0.1.0"
