"""ftcomply: policy-as-code compliance checks for LLM fine-tuning jobs."""

__version__ = "0.1.0"


def version_text() -> str:
    """What `ftcomply --version` prints: the tool, catalog and engine versions."""
    from ftcomply.catalog import load_catalog
    from ftcomply.engine.regorus_backend import ENGINE_NAME

    catalog = load_catalog()
    return (f"ftcomply {__version__}\n"
            f"catalog {catalog.version} ({len(catalog.controls)} controls, {catalog.digest})\n"
            f"engine {ENGINE_NAME}\n")
