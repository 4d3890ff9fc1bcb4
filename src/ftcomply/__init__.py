"""ftcomply: policy-as-code compliance checks for LLM fine-tuning jobs."""

__version__ = "0.1.0"
